// Picking a project's coordinates on the project form: a click on the map fills 经度/纬度 (WGS-84);
// a double click on a city shows its counties; "使用此坐标" takes a report photo's EXIF point.
(function () {
  "use strict";
  var lon = document.getElementById("id_longitude"), lat = document.getElementById("id_latitude");
  if (!lon || !lat) { return; }
  function fill(x, y) {
    lon.value = Number(x).toFixed(6);
    lat.value = Number(y).toFixed(6);
    lon.dispatchEvent(new Event("change", { bubbles: true }));
  }
  document.querySelectorAll("[data-pick-lon]").forEach(function (b) {
    b.addEventListener("click", function () { fill(b.getAttribute("data-pick-lon"), b.getAttribute("data-pick-lat")); });
  });
  var el = document.getElementById("pick-map");
  if (!el || !window.echarts) { return; }
  var chart = echarts.init(el, null, { renderer: "canvas" });
  var marker = [];
  var geoFeatures = {};
  function draw(url) {
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (geo) {
      var name = "pick" + url;
      echarts.registerMap(name, geo);
      geoFeatures = {};
      geo.features.forEach(function (f) { geoFeatures[f.properties.name] = f.id; });
      var x = parseFloat(lon.value), y = parseFloat(lat.value);
      marker = isNaN(x) || isNaN(y) ? [] : [[x, y]];
      chart.setOption({
        animation: false, tooltip: { trigger: "item", formatter: function (p) { return p.name; } },
        geo: { map: name, roam: true, itemStyle: { areaColor: "#eef3f8", borderColor: "#8aa4c0" },
               emphasis: { itemStyle: { areaColor: "#cfe0f1" }, label: { show: false } } },
        series: [{ type: "scatter", coordinateSystem: "geo", data: marker, symbolSize: 12,
                   itemStyle: { color: "#dc3545" } }]
      }, true);
    });
  }
  var dir = el.getAttribute("data-geo-dir");
  draw(dir + el.getAttribute("data-start") + ".json");
  chart.getZr().on("click", function (e) {
    var point = chart.convertFromPixel("geo", [e.offsetX, e.offsetY]);
    if (!point) { return; }
    fill(point[0], point[1]);
    chart.setOption({ series: [{ data: [point] }] });
  });
  chart.on("dblclick", function (p) {
    if (p.componentType !== "geo" || !geoFeatures[p.name]) { return; }
    var code = geoFeatures[p.name];
    if (code.slice(2) === "0000" || code.slice(4) === "00" || code === "419001") { draw(dir + code + ".json"); }
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
