// Clusters of the map's points for a zoom level: pure functions, no DOM (map.js calls them again when
// the user zooms; tests call them on a blank page). Cells are square in degrees: 24 across the map's
// longer side at zoom 1, halved each time the zoom doubles, so a cluster splits as the user zooms in.
(function (root) {
  "use strict";
  var SEVERITY = { none: 0, green: 1, yellow: 2, red: 3 };
  var CELLS = 24;
  var UNCLUSTERED = 150; // up to this many points every project is drawn on its own

  // The zoom rounded down to a power of two: panning and small zoom steps keep the clusters.
  function level(zoom) {
    return Math.pow(2, Math.max(0, Math.floor(Math.log(Math.max(zoom || 1, 1)) / Math.LN2 + 1e-9)));
  }

  function cellSize(extent, zoom) {
    return Math.max(extent[2] - extent[0], extent[3] - extent[1]) / CELLS / level(zoom);
  }

  function single(p) { return { value: [p.lon, p.lat, 1], p: p, colour: p.colour }; }

  // Each cluster sits at its points' mean, takes the worst light of its projects and counts them.
  function cluster(points, size) {
    var cells = {}, order = [];
    points.forEach(function (p) {
      var key = Math.floor(p.lon / size) + ":" + Math.floor(p.lat / size);
      var c = cells[key];
      if (!c) { c = cells[key] = { lon: 0, lat: 0, n: 0, colour: "none", first: p }; order.push(key); }
      c.lon += p.lon; c.lat += p.lat; c.n += 1;
      if ((SEVERITY[p.colour] || 0) > SEVERITY[c.colour]) { c.colour = p.colour; }
    });
    return order.map(function (k) {
      var c = cells[k];
      return c.n === 1 ? single(c.first) : { value: [c.lon / c.n, c.lat / c.n, c.n], p: null, colour: c.colour };
    });
  }

  function forZoom(points, extent, zoom) {
    if (points.length <= UNCLUSTERED) { return points.map(single); }
    return cluster(points, cellSize(extent, zoom));
  }

  root.SanpiCluster = { level: level, cellSize: cellSize, cluster: cluster, forZoom: forZoom };
})(window);
