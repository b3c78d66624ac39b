// The dashboard's small map (the look-ahead row arrives by htmx after the page): project counts by
// child region from #glance-data, boundaries from the app's static GeoJSON. A click opens the map.
(function () {
  "use strict";
  function draw() {
    var el = document.getElementById("glance-map");
    var source = document.getElementById("glance-data");
    if (!el || !source || !window.echarts || el.getAttribute("data-ready")) { return; }
    var data = JSON.parse(source.textContent);
    if (!data.geo) { return; }
    el.setAttribute("data-ready", "0");
    fetch(data.geo, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (geo) {
      echarts.registerMap("glance" + data.region, geo);
      var values = data.rows.map(function (r) { return { name: r.code, value: r.value, label: r.name }; });
      var max = Math.max.apply(null, values.map(function (v) { return v.value; }).concat([1]));
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption({
        animation: false,
        tooltip: { trigger: "item", formatter: function (p) { return (p.data ? p.data.label : "") + "：" + (isNaN(p.value) ? 0 : p.value) + " 个"; } },
        visualMap: { show: false, min: 0, max: max, inRange: { color: ["#e3f2fd", "#1565c0"] } },
        series: [{ type: "map", map: "glance" + data.region, nameProperty: "code", data: values, roam: false,
                   label: { show: false }, emphasis: { label: { show: false } },
                   itemStyle: { borderColor: "#ffffff" } }]
      });
      chart.on("click", function () { window.location.href = "/outlook/map/"; });
      el.setAttribute("data-ready", "1");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  document.addEventListener("htmx:afterSettle", draw);
  draw();
})();
