// Bar chart of each group's scores on a ranking page; the figures come from #ranking-chart-data.
(function () {
  "use strict";
  var source = document.getElementById("ranking-chart-data");
  if (!source || !window.echarts) { return; }
  var groups = JSON.parse(source.textContent);
  var charts = [];
  groups.forEach(function (group, index) {
    var node = document.getElementById("chart-group-" + index);
    if (!node || !group.names.length) { return; }
    var chart = echarts.init(node);
    chart.setOption({
      title: { text: group.group + "得分（分）", textStyle: { fontSize: 14 } }, tooltip: { trigger: "axis" },
      grid: { top: 40, bottom: 70 },
      xAxis: { type: "category", data: group.names, axisLabel: { rotate: 45 } }, yAxis: { type: "value", name: "分" },
      series: [{ type: "bar", data: group.scores, label: { show: true, position: "top" } }]
    });
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
