// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // On wide screens the menu is always shown; on phones it folds into the "Menu" button.
  var menu = document.querySelector(".site-menu");
  if (menu && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 48em)");
    var sync = function () { if (wide.matches) { menu.open = true; } };
    sync();
    wide.addEventListener("change", sync);
  }

  // "Print this page" buttons (the browser's own print works without them).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
