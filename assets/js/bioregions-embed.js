// Draws every chart and network on the page from its inline JSON, using the site's own libraries.
// Runs on DOMContentLoaded, which fires after all deferred library scripts have executed.
(function () {
  "use strict";
  function payload(script) {
    return [document.getElementById(script.dataset.target), JSON.parse(script.textContent)];
  }
  function drawCharts() {
    document.querySelectorAll("script.vega-chart-data").forEach(function (script) {
      var [el, spec] = payload(script);
      if (!el || el.dataset.drawn) return;
      el.dataset.drawn = "1";
      var rows = chartRows(spec);  // before vega-embed, which may change the spec it is given
      // On a narrow screen a legend beside the plot squeezes it: put legends underneath, one per line.
      if (el.clientWidth < 560) {
        spec.config = spec.config || {};
        spec.config.legend = Object.assign({}, spec.config.legend, { orient: "bottom", direction: "vertical" });
      }
      window.vegaEmbed(el, spec, { renderer: "svg", actions: false }).then(function (result) {
        figureTools(el, result.view, rows, fieldTitles(spec));
      }).catch(function (err) { console.error("chart " + el.id + ": " + err); });
    });
  }

  // ---- Chart, Table and Download tabs on every chart ----------------------------------------------
  // The rows a chart is drawn from: its inline datasets (the site's charts are aggregated in Python).
  function chartRows(spec) {
    var sets = spec.datasets || {};
    var name = spec.data && spec.data.name;
    if (name && sets[name]) return sets[name].slice();
    var all = [];
    Object.keys(sets).forEach(function (key) { all = all.concat(sets[key]); });
    return all;
  }
  // Human column names: the titles the chart's tooltips and axes give each field.
  function fieldTitles(spec) {
    var titles = {};
    (function walk(node) {
      if (Array.isArray(node)) { node.forEach(walk); return; }
      if (!node || typeof node !== "object") return;
      if (typeof node.field === "string" && typeof node.title === "string" && !titles[node.field]) titles[node.field] = node.title;
      Object.keys(node).forEach(function (key) { if (key !== "datasets") walk(node[key]); });
    })(spec);
    return titles;
  }
  function columnsOf(rows) {
    var seen = [];
    rows.forEach(function (row) { Object.keys(row).forEach(function (k) { if (seen.indexOf(k) < 0) seen.push(k); }); });
    return seen;
  }
  function csvText(rows, columns, titles) {
    function cell(value) {
      if (value === null || value === undefined) return "";
      var text = String(value);
      return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
    }
    return [columns.map(function (c) { return cell(titles[c] || c); }).join(",")]
      .concat(rows.map(function (row) { return columns.map(function (c) { return cell(row[c]); }).join(","); }))
      .join("\r\n") + "\r\n";
  }
  function download(name, blob) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }
  // What a reader needs beside an exported image: the caption, the source line and the address.
  function figureContext(el) {
    var figure = el.closest("figure, .quarto-float, [id^='fig-']");
    var caption = figure && figure.querySelector("figcaption");
    var anchor = el.closest("[id^='fig-']");
    var source = el.parentNode.querySelector(".chart-source") || (figure && figure.querySelector(".chart-source"));
    var page = window.location.pathname.split("/").pop().replace(/\.html$/, "") || "index";
    var id = anchor ? anchor.id : el.id;
    return {
      caption: caption ? caption.textContent.replace(/\s+/g, " ").trim() : "",
      source: source ? source.textContent.replace(/\s+/g, " ").trim() : "",
      link: window.location.href.split("#")[0] + "#" + id,
      stem: page + "-" + id,
    };
  }
  function wrapText(text, width) {
    var lines = [], line = "";
    text.split(" ").forEach(function (word) {
      if ((line + " " + word).trim().length > width) { if (line) lines.push(line); line = word; }
      else line = (line + " " + word).trim();
    });
    if (line) lines.push(line);
    return lines;
  }
  function exportLines(context, width) {
    var chars = Math.max(40, Math.floor(width / 6.4));
    return [].concat(wrapText(context.caption, chars), wrapText(context.source, chars), wrapText(context.link, chars));
  }
  function svgExport(view, context) {
    return view.toSVG().then(function (svg) {
      var doc = new DOMParser().parseFromString(svg, "image/svg+xml");
      var root = doc.documentElement, ns = "http://www.w3.org/2000/svg";
      var width = Number(root.getAttribute("width")), height = Number(root.getAttribute("height"));
      var lines = exportLines(context, width);
      var total = height + 10 + lines.length * 15;
      var background = doc.createElementNS(ns, "rect");
      background.setAttribute("width", width); background.setAttribute("height", total); background.setAttribute("fill", "#ffffff");
      root.insertBefore(background, root.firstChild);
      lines.forEach(function (text, i) {
        var node = doc.createElementNS(ns, "text");
        node.setAttribute("x", 5); node.setAttribute("y", height + 18 + i * 15);
        node.setAttribute("font-family", "system-ui, sans-serif"); node.setAttribute("font-size", "11"); node.setAttribute("fill", "#333333");
        node.textContent = text;
        root.appendChild(node);
      });
      root.setAttribute("height", total);
      root.setAttribute("viewBox", "0 0 " + width + " " + total);
      return new XMLSerializer().serializeToString(doc);
    });
  }
  function pngExport(view, context) {
    var scale = 2;
    return view.toCanvas(scale).then(function (chart) {
      var width = chart.width / scale, lines = exportLines(context, width);
      var canvas = document.createElement("canvas");
      canvas.width = chart.width; canvas.height = chart.height + (10 + lines.length * 15) * scale;
      var g = canvas.getContext("2d");
      g.fillStyle = "#ffffff"; g.fillRect(0, 0, canvas.width, canvas.height);
      g.drawImage(chart, 0, 0);
      g.scale(scale, scale);
      g.fillStyle = "#333333"; g.font = "11px system-ui, sans-serif";
      lines.forEach(function (text, i) { g.fillText(text, 5, chart.height / scale + 18 + i * 15); });
      return new Promise(function (resolve) { canvas.toBlob(resolve, "image/png"); });
    });
  }
  function button(text, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }
  function dataTable(rows, columns, titles, label) {
    var box = document.createElement("div");
    box.className = "table-scroll";
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", label);
    var table = document.createElement("table");
    table.className = "data-table";
    var head = table.createTHead().insertRow();
    columns.forEach(function (c) { var th = document.createElement("th"); th.scope = "col"; th.textContent = titles[c] || c; head.appendChild(th); });
    var body = table.createTBody();
    rows.forEach(function (row) {
      var tr = body.insertRow();
      columns.forEach(function (c) { tr.insertCell().textContent = row[c] === null || row[c] === undefined ? "" : String(row[c]); });
    });
    box.appendChild(table);
    return box;
  }
  function figureTools(el, view, rows, titles) {
    var context = figureContext(el);
    var columns = columnsOf(rows);
    var label = el.getAttribute("aria-label") || "Chart";
    var tabs = document.createElement("div");
    tabs.className = "figure-tabs";
    tabs.setAttribute("role", "tablist");
    tabs.setAttribute("aria-label", "Show the chart, its data, or downloads");
    var tablePanel = document.createElement("div"), downloadPanel = document.createElement("div");
    [tablePanel, downloadPanel].forEach(function (panel, i) {
      panel.id = el.id + (i ? "-download" : "-table");
      panel.setAttribute("role", "tabpanel");
      panel.className = "figure-panel";
      panel.hidden = true;
    });
    downloadPanel.appendChild(button("Data (CSV)", function () {
      download(context.stem + ".csv", new Blob([csvText(rows, columns, titles)], { type: "text/csv;charset=utf-8" }));
    }));
    downloadPanel.appendChild(button("Image (SVG)", function () {
      svgExport(view, context).then(function (svg) { download(context.stem + ".svg", new Blob([svg], { type: "image/svg+xml" })); });
    }));
    downloadPanel.appendChild(button("Image (PNG)", function () {
      pngExport(view, context).then(function (png) { download(context.stem + ".png", png); });
    }));
    var permalink = document.createElement("a");
    permalink.href = "#" + context.link.split("#")[1];
    permalink.textContent = "Link to this figure";
    downloadPanel.appendChild(permalink);
    var note = document.createElement("p");
    note.className = "figure-note";
    note.textContent = "The CSV holds the " + rows.length + " rows the chart is drawn from; the images carry the caption, the source and the licence.";
    downloadPanel.appendChild(note);
    var panels = [el, tablePanel, downloadPanel];
    var buttons = ["Chart", "Table", "Download"].map(function (name, i) {
      var tab = button(name, function () { select(i); });
      tab.setAttribute("role", "tab");
      tab.id = el.id + "-tab-" + name.toLowerCase();
      tab.setAttribute("aria-controls", panels[i].id);
      tabs.appendChild(tab);
      return tab;
    });
    function select(index) {
      if (index === 1 && !tablePanel.firstChild) tablePanel.appendChild(dataTable(rows, columns, titles, "Data of: " + label));
      buttons.forEach(function (tab, i) {
        tab.setAttribute("aria-selected", String(i === index));
        tab.tabIndex = i === index ? 0 : -1;
        panels[i].hidden = i !== index;
      });
    }
    // Arrow keys move between the tabs, as in every tab list.
    tabs.addEventListener("keydown", function (event) {
      var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      var next = (buttons.indexOf(document.activeElement) + step + buttons.length) % buttons.length;
      buttons[next].focus();
      select(next);
      event.preventDefault();
    });
    el.parentNode.insertBefore(tabs, el);
    el.parentNode.insertBefore(tablePanel, el.nextSibling);
    el.parentNode.insertBefore(downloadPanel, tablePanel.nextSibling);
    select(0);
  }
  // vis-network positions its hover tooltip with inline left/top but takes the rest from its own
  // 220 KB stylesheet; these few rules are all the tooltip needs, under either site engine.
  function tooltipStyle() {
    if (document.getElementById("bioregions-vis-tooltip")) return;
    var style = document.createElement("style");
    style.id = "bioregions-vis-tooltip";
    style.textContent = ".vis-network{position:relative}" +
      "div.vis-tooltip{position:absolute;visibility:hidden;z-index:5;max-width:22rem;white-space:normal;" +
      "padding:.35rem .55rem;font:13px/1.35 system-ui,sans-serif;color:#1d2125;background:#fffbe6;" +
      "border:1px solid #8a96a3;border-radius:.3rem;box-shadow:0 2px 8px rgba(0,0,0,.2);pointer-events:none}";
    document.head.appendChild(style);
  }
  function drawNetworks() {
    document.querySelectorAll("script.vis-network-view-data").forEach(function (script) {
      var [el, data] = payload(script);
      if (!el || el.dataset.drawn) return;
      el.dataset.drawn = "1";
      tooltipStyle();
      el.style.height = data.height || "560px";
      el.style.maxHeight = "75vh";  // leave room to scroll past it on a phone
      var nodes = new window.vis.DataSet(data.nodes);
      var edges = new window.vis.DataSet(data.edges);
      var network = new window.vis.Network(el, { nodes: nodes, edges: edges }, data.options);
      el.visNetwork = network;  // for readers' consoles and the browser tests
      // Open on the main cluster (data.focus) rather than on every small component at once.
      var opening = function () { network.fit(data.focus ? { nodes: data.focus } : undefined); };
      network.once("afterDrawing", opening);
      el.parentNode.insertBefore(zoomButtons(network, opening), el);
    });
  }
  // Wheel zoom is off (it traps page scrolling), so zoom has buttons that keyboards reach too.
  function zoomButtons(network, opening) {
    var bar = document.createElement("div");
    bar.className = "network-tools";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Network zoom");
    [["Zoom in", function () { network.moveTo({ scale: network.getScale() * 1.4 }); }],
     ["Zoom out", function () { network.moveTo({ scale: network.getScale() / 1.4 }); }],
     ["Main cluster", opening],
     ["Whole network", function () { network.fit(); }]].forEach(function (item) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = item[0];
      button.addEventListener("click", item[1]);
      bar.appendChild(button);
    });
    return bar;
  }
  function drawAll() {
    if (window.vegaEmbed) drawCharts();
    if (window.vis && window.vis.Network) drawNetworks();
  }
  // Deferred scripts run while readyState is "interactive", before later deferred libraries have
  // executed; DOMContentLoaded comes after all of them. "load" covers a late, non-deferred inclusion.
  if (document.readyState === "complete") drawAll();
  else {
    document.addEventListener("DOMContentLoaded", drawAll);
    window.addEventListener("load", drawAll);
  }
})();
