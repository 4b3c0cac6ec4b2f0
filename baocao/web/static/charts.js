// baocao: charts of the operation-centre pages with Apache ECharts (served from node_modules).
// Sparklines read their values from data-spark; the series chart and the map fetch small JSON
// endpoints (data-src). Tooltips are drawn on the canvas (renderMode "richText"): HTML tooltips would
// carry style attributes, which the Content-Security-Policy forbids. A figure (button.fig, a point of
// the series, a province) opens the lineage dialog: the submissions that made it.
(function () {
  "use strict";
  var lang = document.documentElement.lang === "en" ? "en" : "vi";
  var RED = "#a4161a", BLUE = "#1a5fb4", GOLD = "#c9a227", INK = "#1d2430";
  var charts = [];
  var geoLoaded = null;

  function fmt(value, decimals) {
    if (value === null || value === undefined) return "—";
    return window.baocaoFormat ? window.baocaoFormat(value, decimals) : String(value);
  }

  function json(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(url + " → " + r.status);
      return r.json();
    });
  }

  function make(el) {
    var old = window.echarts.getInstanceByDom(el);
    if (old) old.dispose();
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    charts.push(chart);
    return chart;
  }

  function sparklines(root) {
    root.querySelectorAll(".spark[data-spark]").forEach(function (el) {
      if (!visible(el)) return;
      var points = JSON.parse(el.getAttribute("data-spark") || "[]");
      make(el).setOption({
        animation: false,
        grid: { left: 2, right: 2, top: 4, bottom: 4 },
        xAxis: { type: "category", show: false, data: points.map(function (p) { return p[0]; }) },
        yAxis: { type: "value", show: false, scale: true },
        series: [{ type: "line", data: points.map(function (p) { return p[1]; }), symbol: "none",
                   lineStyle: { color: BLUE, width: 2 }, areaStyle: { color: "rgba(26,95,180,0.12)" },
                   connectNulls: true }]
      });
    });
  }

  function seriesChart(el) {
    var labels = JSON.parse(el.getAttribute("data-labels") || "[]");
    var decimals = parseInt(el.getAttribute("data-decimals") || "0", 10);
    json(el.getAttribute("data-src")).then(function (data) {
      var chart = make(el);
      var series = [
        { name: labels[0], type: "bar", data: data.values, itemStyle: { color: BLUE } },
        { name: labels[1], type: "line", yAxisIndex: 1, data: data.yoy, itemStyle: { color: RED }, connectNulls: true }
      ];
      if (data.ytd && data.ytd.length) {
        series.push({ name: labels[2], type: "line", data: data.ytd, itemStyle: { color: GOLD }, connectNulls: true });
      }
      chart.setOption({
        animation: false,
        legend: { top: 0, textStyle: { color: INK } },
        tooltip: { trigger: "axis", renderMode: "richText",
                   valueFormatter: function (v) { return fmt(v, decimals); } },
        grid: { left: 10, right: 10, top: 40, bottom: 10, containLabel: true },
        xAxis: { type: "category", data: data.periods },
        yAxis: [{ type: "value", axisLabel: { formatter: function (v) { return fmt(v); } } },
                { type: "value", axisLabel: { formatter: function (v) { return fmt(v) + " %"; } } }],
        series: series
      });
      chart.on("click", function (e) {
        if (e.seriesIndex !== 0 || e.value === null || e.value === undefined) return;
        var url = "/indicators/" + encodeURIComponent(data.code) + "/lineage.json?unit=" + encodeURIComponent(data.unit) +
          "&period=" + encodeURIComponent(data.periods[e.dataIndex]) + "&map=" + encodeURIComponent(data.map);
        openLineage(url, data.unit_name + " · " + data.periods[e.dataIndex]);
      });
    });
  }

  function mapChart(el) {
    var decimals = parseInt(el.getAttribute("data-decimals") || "0", 10);
    var islands = JSON.parse(el.getAttribute("data-islands") || "[]");
    geoLoaded = geoLoaded || json(el.getAttribute("data-geo")).then(function (geo) {
      window.echarts.registerMap("vn", geo);
    });
    Promise.all([geoLoaded, json(el.getAttribute("data-src"))]).then(function (all) {
      var data = all[1];
      var names = {}, values = [];
      data.shapes.forEach(function (p) {
        names[p.code] = p.name;
        if (p.value !== null) values.push(p.value);
      });
      // Provinces without a figure keep the neutral colour of the map (they are left out of the data).
      var high = values.length ? Math.max.apply(null, values) : 1;
      var low = values.length ? Math.min.apply(null, values) : 0;
      if (low === high) low = Math.min(0, high);
      var chart = make(el);
      chart.setOption({
        animation: false,
        tooltip: { trigger: "item", renderMode: "richText", formatter: function (p) {
          if (p.seriesType === "scatter") return p.name;
          return (names[p.name] || p.name) + ": " + fmt(p.value === undefined || isNaN(p.value) ? null : p.value, decimals);
        } },
        visualMap: { type: "continuous", min: low, max: high, left: 10, bottom: 10, itemHeight: 160,
                     text: [fmt(high, decimals), fmt(low, decimals)], calculable: false, seriesIndex: 0,
                     inRange: { color: ["#fde9d9", "#e88a6a", RED] }, textStyle: { color: INK } },
        // The coloured provinces are a map series of their own (provinces without a figure keep its
        // neutral colour); an invisible geo component with the same layout carries the island labels.
        geo: { map: "vn", nameProperty: "code", roam: false, zoom: 1.1, silent: true,
               itemStyle: { areaColor: "rgba(0,0,0,0)", borderColor: "rgba(0,0,0,0)" } },
        series: [
          { type: "map", map: "vn", nameProperty: "code", roam: false, zoom: 1.1,
            itemStyle: { areaColor: "#e7eaee", borderColor: "#7b8594", borderWidth: 0.6 },
            emphasis: { label: { show: false }, itemStyle: { areaColor: GOLD } },
            data: data.shapes.filter(function (p) { return p.value !== null; })
                             .map(function (p) { return { name: p.code, value: p.value }; }) },
          { type: "scatter", coordinateSystem: "geo", symbolSize: 4, itemStyle: { color: INK },
            label: { show: true, position: "right", formatter: "{b}", color: INK, fontSize: 11 },
            data: islands.map(function (i) { return { name: lang === "en" ? i[1] : i[0], value: [i[3], i[4]] }; }) }
        ]
      });
      var drill = el.getAttribute("data-drill");
      chart.on("click", function (e) {
        if (drill && e.seriesType === "map" && data.level === "province" && names[e.name]) {
          window.location.href = drill + encodeURIComponent(e.name);
        }
      });
    });
  }

  // The lineage dialog: a table built with DOM calls (no HTML strings).
  function openLineage(url, what) {
    var dialog = document.getElementById("lineage");
    if (!dialog) return;
    var body = document.getElementById("lineage-body");
    document.getElementById("lineage-what").textContent = what || "";
    body.textContent = dialog.getAttribute("data-loading");
    if (!dialog.open) dialog.showModal();
    json(url).then(function (data) {
      body.textContent = "";
      if (!data.sources.length) { body.textContent = dialog.getAttribute("data-none"); return; }
      var heads = JSON.parse(dialog.getAttribute("data-heads"));
      var table = document.createElement("table");
      table.className = "data";
      table.id = "lineage-table";
      var tr = table.createTHead().insertRow();
      heads.forEach(function (h) { var th = document.createElement("th"); th.scope = "col"; th.textContent = h; tr.appendChild(th); });
      var tbody = table.createTBody();
      data.sources.forEach(function (s) {
        var row = tbody.insertRow();
        var when = s.accepted_at ? new Date(s.accepted_at).toLocaleString(lang === "en" ? "en-GB" : "vi-VN", { timeZone: "Asia/Ho_Chi_Minh" }) : "";
        // An indicator's sources come from several elements: each value says which one.
        var value = (data.kind === "indicator" ? s.element + ": " : "") + fmt(s.value);
        [s.unit_name + " (" + s.unit + ")", s.period, s.regime, String(s.version), value, s.accepted_by || "", when].forEach(function (text) {
          row.insertCell().textContent = text;
        });
        var link = document.createElement("a");
        link.href = "/reports/" + s.submission_id + "/history";
        link.textContent = "#" + s.submission_id;
        row.insertCell().appendChild(link);
      });
      body.appendChild(table);
    }).catch(function () { body.textContent = dialog.getAttribute("data-none"); });
  }

  function visible(el) { return el.offsetParent !== null; } // a hidden wall panel has no size yet

  function start(root) {
    if (!window.echarts) return;
    sparklines(root);
    var series = root.querySelector("#series-chart[data-src]");
    if (series && visible(series)) seriesChart(series);
    var map = root.querySelector("#map[data-src]");
    if (map && visible(map)) mapChart(map);
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("button.fig[data-lineage]") : null;
    if (button) openLineage(button.getAttribute("data-lineage"), button.getAttribute("data-what"));
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { if (!c.isDisposed()) c.resize(); }); });
  document.addEventListener("DOMContentLoaded", function () { start(document); });
  document.addEventListener("htmx:afterSettle", function (e) { start(e.target || document); });
  window.baocaoCharts = { start: start };
})();
