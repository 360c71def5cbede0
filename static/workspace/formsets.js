// "Add a row" for the inline formsets of the workspace's edit pages: copies the formset's
// <template> row, numbers it, and counts it in the management form.
(function () {
  "use strict";

  function addRow(fieldset) {
    var prefix = fieldset.dataset.formset;
    var total = fieldset.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var template = fieldset.querySelector("template[data-formset-template]");
    var body = fieldset.querySelector("[data-formset-body]");
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("tbody");
    holder.innerHTML = html.trim();
    var row = holder.firstElementChild;
    body.appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) {
      first.focus();
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-add]");
    if (!button) {
      return;
    }
    event.preventDefault();
    addRow(button.closest("[data-formset]"));
  });
})();
