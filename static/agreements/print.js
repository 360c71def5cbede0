// The printable agreement's "Print or save as PDF" button (no inline scripts: the CSP).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
