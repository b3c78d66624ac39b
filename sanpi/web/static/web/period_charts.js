// Charts of a 三个一批 period page; the figures come from the page's json_script block #chart-data.
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  // Totals withheld (an open period seen by a non-organiser): no data and no chart containers.
  if (!data || !document.getElementById("chart-city")) { return; }
  function bars(series) { return series.map(function (s) { return { name: s.name, type: "bar", data: s.data }; }); }
  var city = echarts.init(document.getElementById("chart-city"));
  city.setOption({
    title: { text: "分省辖市总投资（亿元）", textStyle: { fontSize: 14 } }, tooltip: { trigger: "axis" },
    legend: { top: 24 }, grid: { top: 60, bottom: 70 },
    xAxis: { type: "category", data: data.city.names, axisLabel: { rotate: 45 } }, yAxis: { type: "value", name: "亿元" },
    series: bars(data.city.series)
  });
  var size = echarts.init(document.getElementById("chart-size"));
  size.setOption({
    title: { text: "项目规模（个）", textStyle: { fontSize: 14 } }, tooltip: { trigger: "axis" }, legend: { top: 24 },
    grid: { top: 60 }, xAxis: { type: "category", data: data.size.names }, yAxis: { type: "value", name: "个" },
    series: bars(data.size.series)
  });
  window.addEventListener("resize", function () { city.resize(); size.resize(); });
})();
