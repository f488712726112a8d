// The resource map: markers for organisations, with their opportunities in the popup.
// Tiles come from settings.MAP_TILE_URL; without it the markers are drawn on a plain background.
(function () {
  "use strict";

  function popup(marker) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = marker.url;
    link.textContent = marker.name;
    box.appendChild(link);
    var kind = document.createElement("div");
    kind.className = "small text-body-secondary";
    kind.textContent = marker.kind;
    box.appendChild(kind);
    if (marker.opportunities.length) {
      var list = document.createElement("ul");
      list.className = "mb-0 ps-3";
      marker.opportunities.forEach(function (opportunity) {
        var item = document.createElement("li");
        var a = document.createElement("a");
        a.href = opportunity.url;
        a.textContent = opportunity.title;
        item.appendChild(a);
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    return box;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("map");
    var source = document.getElementById("map-data");
    if (!element || !source || typeof L === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var map = L.map(element);
    if (data.tiles) {
      L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution }).addTo(map);
    }
    var bounds = [];
    data.markers.forEach(function (marker) {
      // The same colours as the legend below the map (templates/indicators/_map_legend.html).
      var colour = marker.opportunities.length ? "#198754" : "#0d6efd";
      L.circleMarker([marker.lat, marker.lon], { radius: 8, color: colour, fillOpacity: 0.7 })
        .bindPopup(popup(marker))
        .addTo(map);
      bounds.push([marker.lat, marker.lon]);
    });
    if (bounds.length) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15 }); }
    else { map.setView([42.5, 12.5], 6); }
    element.dataset.ready = String(bounds.length);
  });
})();
