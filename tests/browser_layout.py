"""Does a page fit the window? The checks the browser tests run at each screen width."""

from playwright.sync_api import Page

WIDTHS = (375, 1024, 1280, 1920)

FITS = """() => ({
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
})"""

OUTSIDE = """(elements) => elements
  .map((element) => {
    element.scrollIntoView({block: "center", inline: "nearest"});
    const box = element.getBoundingClientRect();
    const hidden = box.width === 0 || box.height === 0
      || getComputedStyle(element).visibility === "hidden";
    const outside = box.left < 0 || box.right > window.innerWidth;
    return hidden || outside ? (element.innerText || element.textContent).trim() : null;
  })
  .filter((text) => text !== null)"""


def layout_problems(page: Page) -> list[str]:
    """What does not fit: a page wider than the window, navigation links or "Mark done"
    buttons hidden or outside it (the menu opened first where the navigation collapses)."""
    problems = []
    sizes = page.evaluate(FITS)
    if sizes["scrollWidth"] > sizes["innerWidth"]:
        problems.append(f"page {sizes['scrollWidth']} px wide in {sizes['innerWidth']} px")
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        page.locator("#main-nav.show").wait_for()
    links = page.locator("#main-nav .nav-link")
    problems += [f"navigation: {text}" for text in links.evaluate_all(OUTSIDE)]
    buttons = page.locator("main button", has_text="Mark done")
    problems += [f"button: {text}" for text in buttons.evaluate_all(OUTSIDE)]
    return problems
