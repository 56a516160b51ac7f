// Admin action forms: choosing a response template fills the public message, which staff may
// then edit. Without this file, staff type the message themselves.
(function () {
  "use strict";
  document.querySelectorAll("select[data-fill]").forEach(function (select) {
    var target = select.form.querySelector("[name=" + select.dataset.fill + "]");
    if (!target) { return; }
    select.addEventListener("change", function () {
      if (select.value) { target.value = select.value; target.focus(); }
    });
  });
})();
