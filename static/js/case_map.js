// Maps for the case pages: all cases (points from JSON) or one case's location.
// Progressive enhancement: without this file, or without tiles, the pages still work.
(function () {
  "use strict";
  if (!window.L) { return; }
  var configNode = document.getElementById("map-config");
  if (!configNode) { return; }
  var config = JSON.parse(configNode.textContent);

  function makeMap(node, zoom) {
    node.querySelectorAll(".map__fallback").forEach(function (p) { p.hidden = true; });
    var map = L.map(node, { scrollWheelZoom: false }).setView(config.center, zoom || config.zoom);
    L.tileLayer(config.tiles, {
      subdomains: config.subdomains, attribution: config.attribution, maxZoom: 19
    }).addTo(map);
    return map;
  }

  var single = document.getElementById("case-location");
  if (single) {
    var lat = parseFloat(single.dataset.lat), lng = parseFloat(single.dataset.lng);
    var small = makeMap(single, 17);
    small.setView([lat, lng], 17);
    L.circleMarker([lat, lng], { radius: 9, color: "#a4262c", weight: 3 }).addTo(small);
  }

  var all = document.getElementById("case-map");
  if (all) {
    var map = makeMap(all);
    fetch(all.dataset.points, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            return L.circleMarker(latlng, { radius: 7, weight: 2, className: "pin pin--" + feature.properties.status });
          },
          onEachFeature: function (feature, marker) {
            var p = feature.properties;
            var box = document.createElement("div");
            var link = document.createElement("a");
            link.href = p.url;
            link.textContent = p.reference + " · " + p.title;
            var status = document.createElement("p");
            status.textContent = p.status_label;
            box.appendChild(link);
            box.appendChild(status);
            // Leaflet's default popup (300 px + margins) is wider than a phone's map: cap it, or
            // its right edge and close button are cut off.
            marker.bindPopup(box, { maxWidth: Math.max(160, Math.min(300, all.clientWidth - 80)) });
          }
        }).addTo(map);
        if (data.features.length) { map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [20, 20] }); }
      });
  }
})();
