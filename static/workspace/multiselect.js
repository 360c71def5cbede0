// Every multi-select of the workspace becomes a searchable list with removable choices
// (Tom Select): type to find a person or an area, Enter or a click to add it. Rows added
// later (a formset's "Add a row", an htmx swap) are set up as they appear.
(function () {
  "use strict";

  var SELECTOR = "select[multiple]:not(.tomselected):not(.ts-wrapper)";

  function enhance(select) {
    if (select.tomselect || select.closest("template")) {
      return;
    }
    var tom = new TomSelect(select, {
      plugins: ["remove_button"],
      hidePlaceholder: true,
      maxOptions: null,
      closeAfterSelect: false,
      onItemAdd: function () {
        this.setTextboxValue("");
        this.refreshOptions(false);
      },
    });
    // The label now names the search field; the hidden select keeps its name for assistive
    // technology too.
    var label = document.querySelector("label[for='" + tom.control_input.id + "']");
    if (label && label.id) {
      select.setAttribute("aria-labelledby", label.id);
    }
  }

  function enhanceWithin(root) {
    if (root.matches && root.matches(SELECTOR)) {
      enhance(root);
    }
    if (root.querySelectorAll) {
      root.querySelectorAll(SELECTOR).forEach(enhance);
    }
  }

  function start() {
    enhanceWithin(document);
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        mutation.addedNodes.forEach(function (node) {
          if (node.nodeType === Node.ELEMENT_NODE) {
            enhanceWithin(node);
          }
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
