/* Indicator charts: actuals, paths to target and projections; the county/park comparison.
   Data comes from the page (json_script "indicator-data"); ECharts is served locally.
   Every chart has a table view toggle and a PNG download. */
(function () {
  "use strict";
  var source = document.getElementById("indicator-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var labels = JSON.parse(document.getElementById("indicator-labels").textContent);
  var charts = {};
  var COLORS = { actual: "#1d3557", straight: "#6c757d", growth: "#adb5bd", linear: "#d62828", compound: "#f77f00", target: "#b3261e", bar: "#457b9d", park: "#a8dadc" };

  function fmt(value, unit, decimals) {
    if (value === null || value === undefined || isNaN(value)) { return "—"; }
    var text = Number(value).toLocaleString("zh-CN", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    if (!unit) { return text; }
    return unit === "%" ? text + "%" : text + " " + unit;
  }

  function axisLabel(value) {
    var abs = Math.abs(value);
    if (abs >= 1e8) { return (value / 1e8).toLocaleString("zh-CN", { maximumFractionDigits: 1 }) + labels.yi; }
    if (abs >= 1e4) { return (value / 1e4).toLocaleString("zh-CN", { maximumFractionDigits: 1 }) + labels.wan; }
    return value.toLocaleString("zh-CN", { maximumFractionDigits: 2 });
  }

  function narrow() { return window.matchMedia("(max-width: 576px)").matches; }

  function lineOption(c) {
    var series = c.series.map(function (s) {
      var actual = s.key === "actual";
      return {
        name: s.name, type: "line", data: s.data, connectNulls: !actual,
        symbol: actual ? "circle" : "none", symbolSize: 7,
        lineStyle: { width: actual ? 3 : 2, type: actual ? "solid" : (s.key === "straight" || s.key === "growth" ? "dotted" : "dashed") },
        itemStyle: { color: COLORS[s.key] || "#333" }, z: actual ? 5 : 2
      };
    });
    if (c.target) {
      var marks = c.years.map(function (y) { return y === c.target.year ? c.target.value : null; });
      series.push({ name: c.target.label, type: "scatter", data: marks, symbol: "diamond", symbolSize: 14, itemStyle: { color: COLORS.target }, z: 6 });
    }
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 16, bottom: narrow() ? 84 : 56, containLabel: true },
      legend: { bottom: 0, type: "plain", textStyle: { fontSize: 11 }, itemWidth: 18, itemGap: 8 },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return fmt(v, c.unit, c.decimals); } },
      xAxis: { type: "category", data: c.years.map(String), boundaryGap: false },
      yAxis: { type: "value", scale: true, axisLabel: { formatter: axisLabel } },
      series: series
    };
  }

  function barOption(c) {
    var rows = c.rows.filter(function (r) { return r.value !== null; });
    return {
      animation: false,
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: function (v) { return fmt(v, c.unit, c.decimals); } },
      xAxis: { type: "value", axisLabel: { formatter: axisLabel } },
      yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.place; }), axisLabel: { width: narrow() ? 72 : 120, overflow: "truncate" } },
      series: [{
        type: "bar", name: c.name,
        data: rows.map(function (r) { return { value: r.value, itemStyle: { color: r.counted ? COLORS.bar : COLORS.park } }; }),
        label: { show: true, position: "right", formatter: function (p) { return fmt(p.value, "", c.decimals); }, fontSize: 11 }
      }]
    };
  }

  // A downloaded picture carries its title, unit, data period and source (it leaves the page).
  var pictures = {};
  function mount(id, option, picture) {
    var el = document.getElementById(id);
    if (!el) { return; }
    pictures[id] = { option: option, title: picture && picture.title, subtitle: picture && picture.subtitle };
    var chart = charts[id] || echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option, true);
    charts[id] = chart;
    el.setAttribute("data-rendered", "1");
  }

  (data.charts || []).forEach(function (c) { mount(c.id, lineOption(c), c); });

  var compare = data.comparison || [];
  var select = document.getElementById("compare-select");
  function showCompare(index) {
    var c = compare[index];
    if (!c) { return; }
    mount("compare-chart", barOption(c), c);
    document.querySelectorAll("[data-compare-index]").forEach(function (t) {
      t.classList.toggle("d-none", String(t.getAttribute("data-compare-index")) !== String(index));
    });
    var title = document.getElementById("compare-title");
    if (title) { title.textContent = c.name + " · " + c.year; }
    var png = document.querySelector("[data-png='compare-chart']");
    if (png) { png.setAttribute("data-filename", c.name + "-" + c.year); }
  }
  if (select && compare.length) {
    select.addEventListener("change", function () { showCompare(select.value); });
    showCompare(select.value || 0);
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-view-toggle]");
    if (toggle) {
      var id = toggle.getAttribute("data-view-toggle");
      var chartEl = document.getElementById(id);
      var tableEl = document.getElementById(id + "-table");
      var showTable = tableEl.classList.contains("d-none");
      tableEl.classList.toggle("d-none", !showTable);
      chartEl.classList.toggle("d-none", showTable);
      toggle.setAttribute("aria-pressed", showTable ? "true" : "false");
      toggle.textContent = showTable ? toggle.getAttribute("data-label-chart") : toggle.getAttribute("data-label-table");
      if (!showTable && charts[id]) { charts[id].resize(); }
      return;
    }
    var png = event.target.closest("[data-png]");
    if (png) {
      var target = png.getAttribute("data-png");
      var chart = charts[target];
      if (!chart) { return; }
      var picture = pictures[target] || {};
      if (picture.title) {
        var titled = Object.assign({}, picture.option, {
          title: { text: picture.title, subtext: picture.subtitle || "", left: 8, top: 4, textStyle: { fontSize: 14 }, subtextStyle: { fontSize: 11, color: "#555" } },
          grid: Object.assign({}, picture.option.grid, { top: 60 })
        });
        chart.setOption(titled, true);
      }
      var link = document.createElement("a");
      link.href = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
      if (picture.title) { chart.setOption(picture.option, true); }
      link.setAttribute("data-title", picture.title || "");
      link.download = (png.getAttribute("data-filename") || target) + ".png";
      document.body.appendChild(link);
      link.click();
      link.remove();
      return;
    }
    var sorter = event.target.closest("[data-sort]");
    if (sorter) {
      var th = sorter.closest("th");
      var table = th.closest("table");
      var column = Array.prototype.indexOf.call(th.parentNode.children, th);
      var numeric = sorter.getAttribute("data-sort") === "num";
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[column], y = b.cells[column];
        var left = numeric ? parseFloat(x.getAttribute("data-value")) : x.textContent.trim();
        var right = numeric ? parseFloat(y.getAttribute("data-value")) : y.textContent.trim();
        if (numeric) {
          if (isNaN(left)) { return 1; }
          if (isNaN(right)) { return -1; }
          return ascending ? left - right : right - left;
        }
        return ascending ? left.localeCompare(right, "zh-CN") : right.localeCompare(left, "zh-CN");
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }
  });

  var pending;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { Object.keys(charts).forEach(function (id) { charts[id].resize(); }); }, 120);
  });
})();
