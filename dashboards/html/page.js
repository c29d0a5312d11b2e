(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("tl-data").textContent);
  var locale = data.lang === "es" ? "es-ES" : "en-US";
  function fixed(v, digits) {
    return Number(v).toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  function missing(v) { return v === null || v === undefined || v === "-" || isNaN(Number(v)); }
  var formats = {
    percent: function (v) { return missing(v) ? "–" : fixed(v, 1) + (data.lang === "es" ? " %" : "%"); },
    hours: function (v) { return missing(v) ? "–" : fixed(v, 1) + " h"; },
    score: function (v) { return missing(v) ? "–" : fixed(v, 2); },
    count: function (v) { return missing(v) ? "–" : Number(v).toLocaleString(locale, { maximumFractionDigits: 1 }); }
  };
  function short(v) { return Number(v).toLocaleString(locale, { maximumFractionDigits: 1 }); }
  var axisFormats = {
    percent: function (v) { return short(v) + (data.lang === "es" ? " %" : "%"); },
    hours: function (v) { return short(v) + " h"; },
    score: short,
    count: short
  };
  var charts = [];
  // The SVG scales with its box (print layouts are narrower than screens): a viewBox of the
  // size it was drawn at, kept up to date after every resize.
  function fit(chart) {
    var svg = chart.getDom().querySelector("svg");
    if (svg) {
      svg.setAttribute("viewBox", "0 0 " + chart.getWidth() + " " + chart.getHeight());
    }
  }
  var nodes = document.querySelectorAll("[data-chart]");
  for (var i = 0; i < nodes.length; i++) {
    var el = nodes[i];
    var spec = data.charts[el.getAttribute("data-chart")];
    if (!spec) { continue; }
    var option = spec.option;
    var series = option.series || [];
    for (var j = 0; j < series.length; j++) {
      series[j].tooltip = { valueFormatter: formats[spec.units[j]] || formats.count };
    }
    var axes = option.yAxis || [];
    for (var a = 0; a < axes.length; a++) {
      axes[a].axisLabel = axes[a].axisLabel || {};
      axes[a].axisLabel.formatter = axisFormats[(spec.axis_units || [])[a]] || axisFormats.count;
    }
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    fit(chart);
    charts.push(chart);
  }
  function resize() { for (var k = 0; k < charts.length; k++) { charts[k].resize(); fit(charts[k]); } }
  window.addEventListener("resize", resize);
  window.addEventListener("beforeprint", resize);
  window.addEventListener("afterprint", resize);
  document.documentElement.setAttribute("data-charts", String(charts.length));
})();
