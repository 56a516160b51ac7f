// The "Larger text" switch in the header, remembered per browser. Loaded in <head> without
// defer, so the class is on <html> before anything is painted (no flash of small text).
(function () {
  "use strict";
  var KEY = "portal-text-size";
  var LARGE = "text-large";
  var root = document.documentElement;
  var store = null;
  try {
    store = window.localStorage;
    store.getItem(KEY);
  } catch (error) {
    store = null;  // storage blocked: nowhere to remember it, so the switch stays hidden
  }
  if (!store) { return; }
  root.classList.add("has-text-size");
  if (store.getItem(KEY) === "large") { root.classList.add(LARGE); }

  function toggles() { return document.querySelectorAll("[data-text-size-toggle]"); }

  function sync() {
    var on = root.classList.contains(LARGE) ? "true" : "false";
    toggles().forEach(function (button) { button.setAttribute("aria-pressed", on); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    sync();
    toggles().forEach(function (button) {
      button.addEventListener("click", function () {
        var large = !root.classList.contains(LARGE);
        root.classList.toggle(LARGE, large);
        try {
          if (large) { store.setItem(KEY, "large"); } else { store.removeItem(KEY); }
        } catch (error) { /* full or blocked: the choice lasts for this page only */ }
        sync();
      });
    });
  });
})();
