// "Add another problem" on the problem list form, without a round trip: a copy of the blank
// problem from its <template>, numbered, and the formset's count raised. Without this script
// the button sends the form and the server adds the blank problem.
(function () {
  "use strict";
  var form = document.querySelector("[data-problem-list-form]");
  if (!form) return;
  var button = form.querySelector("[data-add-problem]");
  var list = form.querySelector("[data-problem-items]");
  var template = document.getElementById("problem-item-template");
  var total = form.querySelector('input[name$="-TOTAL_FORMS"]');
  var maximum = form.querySelector('input[name$="-MAX_NUM_FORMS"]');
  if (!button || !list || !template || !total) return;
  button.type = "button"; // Enter in a field records the list, not a new problem
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10) || 0;
    if (maximum && index >= parseInt(maximum.value, 10)) return;
    var html = template.innerHTML
      .replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var item = holder.firstElementChild;
    list.appendChild(item);
    total.value = String(index + 1);
    var first = item.querySelector("input, textarea, select");
    if (first) first.focus();
  });
})();
