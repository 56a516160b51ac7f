// Leaflet's own words (zoom buttons, marker, popup close button, attribution) in the reader's
// language: the page's map config (portal/maps.py) carries them, and they become Leaflet's
// defaults here, after leaflet.js and before any script that draws a map.
(function () {
  "use strict";
  var node = document.getElementById("map-config");
  if (!window.L || !node) { return; }
  var texts = JSON.parse(node.textContent).texts;
  if (!texts) { return; }
  L.Control.Zoom.mergeOptions({ zoomInTitle: texts.zoomIn, zoomOutTitle: texts.zoomOut });
  L.Marker.mergeOptions({ alt: texts.marker });
  var leaflet = document.createElement("a");
  leaflet.href = "https://leafletjs.com";
  leaflet.title = texts.leafletTitle;
  leaflet.textContent = "Leaflet";
  L.Control.Attribution.mergeOptions({ prefix: leaflet.outerHTML });
  // The popup's close button is made with a fixed English label each time a popup opens.
  L.Map.addInitHook(function () {
    this.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", texts.closePopup);
        close.setAttribute("title", texts.closePopup);
      }
    });
  });
})();
