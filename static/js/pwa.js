// Registers the service worker (portal/pwa.py): it shows the offline page when a page cannot be
// loaded. An enhancement only: without it every page works as before.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-service-worker");
  if (!url || !("serviceWorker" in navigator)) { return; }
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(url, { scope: "/" }).catch(function () {
      // Not allowed here (e.g. a private window, or plain http on another host): no offline page.
    });
  });
})();
