// 项目一张图. Data from json_script (#map-data); boundaries from the app's static GeoJSON (same
// origin, built at install time: nothing is fetched from outside). Clicking a region with a map of
// its own drills into it; any other region opens the project list behind its figure.
(function () {
  "use strict";
  var source = document.getElementById("map-data");
  var el = document.getElementById("region-map");
  if (!source || !el || !window.echarts || !window.SanpiCluster) { return; }
  var data = JSON.parse(source.textContent);
  if (!data.geo) { return; }
  var rows = {};
  data.rows.forEach(function (r) { rows[r.code] = r; });
  var LIGHT = { red: "#dc3545", yellow: "#ffc107", green: "#198754", none: "#6c757d" };
  var font = { fontFamily: "'WenQuanYi Micro Hei', 'Microsoft YaHei', 'PingFang SC', sans-serif" };
  var layer = data.layer;
  var label = data.layers[layer];

  function go(row) {
    if (!row) { return; }
    if (row.has_map) {
      var params = new URLSearchParams(window.location.search);
      params.set("at", row.code);
      window.location.href = "?" + params.toString();
    } else {
      var link = layer === "lights" ? row.links.red : (row.links[layer] || row.links.projects);
      window.location.href = link;
    }
  }

  function extentOf(geo) {
    var e = [180, 90, -180, -90];
    function walk(c) {
      if (typeof c[0] === "number") {
        e[0] = Math.min(e[0], c[0]); e[1] = Math.min(e[1], c[1]);
        e[2] = Math.max(e[2], c[0]); e[3] = Math.max(e[3], c[1]);
      } else { c.forEach(walk); }
    }
    geo.features.forEach(function (f) { walk(f.geometry.coordinates); });
    return e;
  }

  fetch(data.geo, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (geo) {
    echarts.registerMap("m" + data.region, geo);
    var values = geo.features.map(function (f) {
      var row = rows[f.id];
      var v = row ? row.values[layer] : null;
      return { name: f.id, value: v === null || v === undefined ? NaN : v };
    });
    var finite = values.map(function (d) { return d.value; }).filter(function (v) { return !isNaN(v); });
    var lo = Math.min.apply(null, finite.concat([0])), hi = Math.max.apply(null, finite.concat([1]));
    var diverging = layer === "completion";
    if (diverging) { var m = Math.max(Math.abs(lo), Math.abs(hi), 1); lo = -m; hi = m; }
    var extent = extentOf(geo);
    var zoomLevel = SanpiCluster.level(1);
    var points = SanpiCluster.forZoom(data.points, extent, zoomLevel);
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      textStyle: font, animation: false,
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          if (p.seriesType === "scatter") {
            var d = p.data;
            return d.p ? d.p.name + "<br>" + d.p.stage + " · 总投资 " + d.p.yi.toFixed(2) + " 亿元" : d.value[2] + " 个项目";
          }
          var row = rows[p.name];
          if (!row) { return ""; }
          var v = row.values[layer];
          return row.name + "<br>" + label + "：" + (v === null ? "—" : v);
        }
      },
      visualMap: {
        min: lo, max: hi, calculable: false, seriesIndex: 0, left: 8, bottom: 8, itemHeight: 90,
        text: [diverging ? "超序时" : "高", diverging ? "低于序时" : "低"],
        inRange: { color: diverging ? ["#d73027", "#fee08b", "#1a9850"] : ["#e3f2fd", "#1565c0"] }
      },
      geo: { map: "m" + data.region, nameProperty: "code", roam: true, top: 12, bottom: 12, left: 40, right: 12, label: { show: false },
             itemStyle: { borderColor: "#ffffff", borderWidth: 1 }, emphasis: { label: { show: false } } },
      series: [
        { id: "regions", type: "map", geoIndex: 0, data: values, name: label },
        { id: "points", type: "scatter", coordinateSystem: "geo", data: points, z: 5,
          symbolSize: function (v) { return v[2] > 1 ? Math.min(9 + Math.sqrt(v[2]) * 1.5, 24) : 7; },
          itemStyle: { color: function (p) { return LIGHT[p.data.colour] || LIGHT.none; },
                       borderColor: "#ffffff", borderWidth: 1, opacity: 0.85 },
          label: { show: true, formatter: function (p) { return p.value[2] > 1 ? String(p.value[2]) : ""; },
                   color: "#212529", fontSize: 10 } }
      ]
    });
    chart.on("click", function (p) {
      if (p.seriesType === "scatter") {
        if (p.data.p) { window.location.href = p.data.p.url; }
        return;
      }
      go(rows[p.name]);
    });
    function mark() {
      el.setAttribute("data-zoom-level", String(zoomLevel));
      el.setAttribute("data-clusters", String(points.length));
    }
    // Dense points cluster per zoom level: zooming in splits the clusters, zooming out merges them.
    chart.on("georoam", function () {
      var geoOption = chart.getOption().geo[0];
      var next = SanpiCluster.level(geoOption.zoom);
      if (next === zoomLevel) { return; }
      zoomLevel = next;
      points = SanpiCluster.forZoom(data.points, extent, zoomLevel);
      chart.setOption({ series: [{ id: "points", data: points }] });
      mark();
    });
    mark();
    el.setAttribute("data-ready", "1");
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
