// The hotspots' map in the admin: each hotspot's grid outlined, with its figures and a link to
// launch a campaign there. Data from the page (json_script); the table shows the same without JS.
(function () {
  "use strict";
  if (!window.L) { return; }
  var node = document.getElementById("hotspot-map");
  var configNode = document.getElementById("map-config");
  var dataNode = document.getElementById("hotspot-features");
  if (!node || !configNode || !dataNode) { return; }
  var config = JSON.parse(configNode.textContent);
  var data = JSON.parse(dataNode.textContent);
  node.querySelectorAll(".map__fallback").forEach(function (p) { p.hidden = true; });
  var map = L.map(node, { scrollWheelZoom: false }).setView(config.center, config.zoom);
  L.tileLayer(config.tiles, {
    subdomains: config.subdomains, attribution: config.attribution, maxZoom: 19
  }).addTo(map);

  function line(label, value) {
    var p = document.createElement("p");
    p.textContent = label + ": " + value;
    return p;
  }

  var layer = L.geoJSON(data, {
    style: function () { return { className: "hotspot-area", color: "#a4262c", weight: 2, fillOpacity: 0.35 }; },
    onEachFeature: function (feature, shape) {
      var p = feature.properties;
      var box = document.createElement("div");
      var title = document.createElement("strong");
      title.textContent = p.label;
      box.appendChild(title);
      box.appendChild(line(node.dataset.recentLabel, p.recent));
      box.appendChild(line(node.dataset.usualLabel, p.usual));
      if (p.url) {
        var link = document.createElement("a");
        link.href = p.url;
        link.textContent = node.dataset.launchLabel;
        box.appendChild(link);
      }
      shape.bindPopup(box, { maxWidth: Math.max(160, Math.min(300, node.clientWidth - 80)) });
    }
  }).addTo(map);
  if (data.features.length) { map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [20, 20] }); }
})();
