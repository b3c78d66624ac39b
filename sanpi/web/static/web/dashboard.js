// Dashboard charts. Data comes from json_script (#chart-data); each bar or slice carries the link
// of the project list it was summed from, and clicking it opens that list.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var font = { fontFamily: "'WenQuanYi Micro Hei', 'Microsoft YaHei', 'PingFang SC', sans-serif" };
  var charts = [];

  function mount(id, option, rows) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) { return; }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    option.textStyle = font;
    option.animation = false;
    chart.setOption(option);
    chart.on("click", function (params) {
      var row = rows[params.dataIndex];
      if (row && row.link) { window.location.href = row.link; }
    });
    charts.push(chart);
  }

  function labels(rows) { return rows.map(function (r) { return r.label; }); }
  function counts(rows) { return rows.map(function (r) { return r.count; }); }
  function yi(rows) { return rows.map(function (r) { return r.yi; }); }
  var narrow = window.innerWidth < 576;

  mount("chart-regions", {
    tooltip: { trigger: "axis" },
    legend: { data: ["项目数（个）", "总投资（亿元）"], top: 0 },
    grid: { left: 28, right: 12, bottom: 8, top: 36, containLabel: true },  // room for the first rotated label
    xAxis: { type: "category", data: labels(data.regions), axisLabel: { rotate: narrow ? 60 : 35, interval: 0, fontSize: 11 } },
    yAxis: [{ type: "value", name: "个" }, { type: "value", name: "亿元" }],
    series: [
      { name: "项目数（个）", type: "bar", data: counts(data.regions) },
      { name: "总投资（亿元）", type: "line", yAxisIndex: 1, data: yi(data.regions) }
    ]
  }, data.regions);

  mount("chart-funnel", {
    tooltip: { trigger: "item", formatter: "{b}：{c} 个" },
    series: [{ type: "funnel", left: "10%", width: "80%", top: 10, bottom: 10, sort: "none", minSize: "20%",
      label: { position: "inside", formatter: "{b} {c}个" },
      data: data.funnel.map(function (r) { return { name: r.label, value: r.count }; }) }]
  }, data.funnel);

  mount("chart-domains", {
    tooltip: { trigger: "item", formatter: "{b}：{c} 亿元（{d}%）" },
    series: [{ type: "pie", radius: narrow ? ["30%", "60%"] : ["35%", "65%"], label: { fontSize: 11 },
      data: data.domains.map(function (r) { return { name: r.label, value: r.yi }; }) }]
  }, data.domains);

  mount("chart-sizes", {
    tooltip: { trigger: "axis" },
    grid: { left: 8, right: 8, bottom: 8, top: 16, containLabel: true },
    xAxis: { type: "category", data: labels(data.sizes), axisLabel: { interval: 0, fontSize: 10, rotate: narrow ? 30 : 0 } },
    yAxis: { type: "value", name: "个" },
    series: [{ name: "项目数（个）", type: "bar", data: counts(data.sizes) }]
  }, data.sizes);

  mount("chart-stages", {
    tooltip: { trigger: "axis" },
    grid: { left: 8, right: 8, bottom: 8, top: 16, containLabel: true },
    xAxis: { type: "category", data: labels(data.stages), axisLabel: { interval: 0, fontSize: 11 } },
    yAxis: { type: "value", name: "个" },
    series: [{ name: "项目数（个）", type: "bar", data: counts(data.stages) }]
  }, data.stages);

  if (data.completion) {
    mount("chart-completion", {
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
      legend: { top: 0 },
      grid: { left: 28, right: 12, bottom: 8, top: 36, containLabel: true },  // room for the first rotated label
      xAxis: { type: "category", data: labels(data.completion), axisLabel: { rotate: narrow ? 60 : 35, interval: 0, fontSize: 11 } },
      yAxis: { type: "value", name: "%" },
      series: [
        { name: "年度投资完成率（%）", type: "bar", data: data.completion.map(function (r) { return r.rate; }) },
        { name: "序时进度（%）", type: "line", data: data.completion.map(function (r) { return r.benchmark; }) }
      ]
    }, data.completion);
  }

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
