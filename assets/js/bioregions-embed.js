// Draws every chart and network on the page from its inline JSON, using the site's own libraries.
// Runs on DOMContentLoaded, which fires after all deferred library scripts have executed.
(function () {
  "use strict";
  function payload(script) {
    return [document.getElementById(script.dataset.target), JSON.parse(script.textContent)];
  }
  // One chart per task: compiling a chart blocks the page for tens of milliseconds, and a page of nine charts
  // drawn in one go would not answer a reader's click or scroll for a quarter of a second.
  function drawCharts() {
    var pending = Array.prototype.slice.call(document.querySelectorAll("script.vega-chart-data"));
    (function next() {
      if (!pending.length) return;
      drawChart(pending.shift());
      setTimeout(next, 0);
    })();
  }
  function drawChart(script) {
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
  // The page sends nodes and edges column by column, nodes referred to by index (network.py, payload):
  // here they become vis-network's records again.
  function decodeNetwork(data) {
    var n = data.nodes, e = data.edges, ids = n.id;
    data.nodes = ids.map(function (id, i) {
      var item = { id: id, label: n.label[i], x: n.x[i], y: n.y[i], size: n.size[i], color: data.colours[n.colour[i]],
                   shape: data.shapes[n.shape[i]] };
      if (n.title) item.title = n.title[i];
      return item;
    });
    data.edges = e.from.map(function (a, i) {
      var item = { from: ids[a], to: ids[e.to[i]], width: e.width[i] };
      if (e.title) item.title = e.title[i];
      return item;
    });
    if (data.focus) data.focus = data.focus.map(function (i) { return ids[i]; });
    var x = data.explorer;
    if (x) {
      var rows = {};
      ids.forEach(function (id, i) { rows[id] = x.nodes[i]; });
      x.nodes = rows;
      x.order = ids;
      x.deals = x.deals.map(function (d) { return [d[0], d[1], ids[d[2]], ids[d[3]], x.deal_types[d[4]]]; });
    }
  }
  function drawNetworks() {
    document.querySelectorAll("script.vis-network-view-data").forEach(function (script) {
      var [el, data] = payload(script);
      if (!el || el.dataset.drawn) return;
      el.dataset.drawn = "1";
      tooltipStyle();
      el.style.height = data.height || "560px";
      el.style.maxHeight = "75vh";  // leave room to scroll past it on a phone
      // Everything known before drawing goes into the data, not into updates after it: each update of a
      // DataSet makes vis-network process every item again (seconds for thousands of nodes).
      decodeNetwork(data);
      var full = {};
      data.nodes.forEach(function (n) { full[n.id] = n.label || ""; n.label = " "; });  // labelLayout names them
      if (data.explorer) explorerTitles(data.nodes, data.edges, data.explorer);
      data.options.nodes = Object.assign(data.options.nodes || {}, { font: Object.assign((data.options.nodes || {}).font || {}, themeFont()) });
      var nodes = new window.vis.DataSet(data.nodes);
      var edges = new window.vis.DataSet(data.edges);
      var network = new window.vis.Network(el, { nodes: nodes, edges: edges }, data.options);
      el.visNetwork = network;  // for readers' consoles and the browser tests
      // Open on the main cluster (data.focus) rather than on every small component at once.
      var opening = function () { network.fit(data.focus ? { nodes: data.focus } : undefined); };
      network.once("afterDrawing", opening);
      el.parentNode.insertBefore(zoomButtons(el, network, opening), el);
      followTheme(network);
      el.labels = labelLayout(el, network, nodes, full);
      if (data.explorer) explorer(el, network, nodes, edges, data.explorer, el.labels);
    });
  }

  // ---- the canvas follows the page's light or dark theme ---------------------------------------------
  function isDark() {
    return document.documentElement.getAttribute("data-theme") === "dark" ||
      (document.body && document.body.classList.contains("quarto-dark"));
  }
  function themeFont() {
    return { color: isDark() ? "#e3e6ea" : "#1d2125", strokeWidth: 3, strokeColor: isDark() ? "#1e2227" : "#ffffff" };
  }
  function followTheme(network) {
    var dark = isDark();
    var apply = function () {
      if (isDark() === dark) return;
      dark = isDark();
      network.setOptions({ nodes: { font: themeFont() } });
    };
    var watcher = new MutationObserver(apply);
    watcher.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    if (document.body) watcher.observe(document.body, { attributes: true, attributeFilter: ["class"] });
  }

  // ---- labels: one size on screen at any zoom, the largest nodes' first, none over another ------------
  // As Gephi Lite and sigma.js do: labels keep a readable size on screen (on a phone too), and a label is drawn
  // only where it overlaps no label already placed, so zooming in makes room for the smaller nodes' names.
  var LABEL_PX = 12;
  function labelLayout(el, network, nodes, full) {
    var layout = { full: full, muted: {}, first: {}, shown: [] }, sizes = {};
    var measure = document.createElement("canvas").getContext("2d");
    var overlaps = function (a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; };
    layout.place = function () {
      var scale = network.getScale(), width = el.clientWidth, height = el.clientHeight;
      measure.font = LABEL_PX + "px system-ui, sans-serif";
      var order = nodes.get({ filter: function (n) { return !n.hidden && !layout.muted[n.id] && layout.full[n.id].trim(); } });
      order.sort(function (a, b) {
        return (layout.first[b.id] ? 1 : 0) - (layout.first[a.id] ? 1 : 0) || (b.size || 0) - (a.size || 0) ||
          (a.id < b.id ? -1 : 1);
      });
      // Large shapes are obstacles too: a small node's name drawn across a larger node reads as the larger one's.
      var placed = [], shown = {}, discs = [];
      order.forEach(function (n) {
        var r = (n.size || 10) * scale;
        if (r < 10) return;
        var at = network.canvasToDOM(network.getPosition(n.id));
        discs.push([at.x - r, at.y - r, at.x + r, at.y + r, n.size || 10]);
      });
      var onDisc = function (box, size) {
        return discs.some(function (disc) { return disc[4] > size && overlaps(box, disc); });
      };
      order.forEach(function (n) {
        var at = network.canvasToDOM(network.getPosition(n.id));
        var half = (measure.measureText(layout.full[n.id]).width + 8) / 2, top = at.y + (n.size || 10) * scale;
        var box = [at.x - half, top, at.x + half, top + LABEL_PX + 6];  // vis-network draws it under the shape
        if (box[2] < 0 || box[0] > width || box[3] < 0 || box[1] > height) return;  // off screen: takes no room
        if (placed.some(function (other) { return overlaps(box, other); }) || onDisc(box, n.size || 10)) return;
        placed.push(box);
        shown[n.id] = true;
      });
      // Only the named nodes get the font size of this zoom: a global font option would make vis-network
      // measure every label again.
      var updates = [], size = LABEL_PX / scale;
      nodes.forEach(function (n) {
        if (shown[n.id]) {
          if (n.label !== layout.full[n.id] || sizes[n.id] !== size) {
            updates.push({ id: n.id, label: layout.full[n.id], font: { size: size } });
            sizes[n.id] = size;
          }
        } else if (n.label !== " ") updates.push({ id: n.id, label: " " });
      });
      if (updates.length) nodes.update(updates);
      layout.shown = Object.keys(shown);
    };
    network.once("afterDrawing", layout.place);  // after the opening fit: positions on screen are known
    ["zoom", "dragEnd", "resize"].forEach(function (event) { network.on(event, layout.place); });
    return layout;
  }

  // ---- the explorer: search, focus with the node's deals, filters, state in the address ---------------
  function element(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;  // data are set as text, never as markup
    return node;
  }
  function labelled(text, control) {
    var label = element("label", {}, text + " ");
    label.appendChild(control);
    return label;
  }
  function choice(name, values) {
    var select = element("select", { "aria-label": name, "data-filter": name });
    select.appendChild(element("option", { value: "" }, "All"));
    values.forEach(function (value) { select.appendChild(element("option", { value: value }, value)); });
    return select;
  }
  // The same words as the drawings without an explorer (decorate_alliance_graph), set as plain text.
  function explorerTitles(items, links, x) {
    items.forEach(function (n) {
      var row = x.nodes[n.id];
      if (row) n.title = row[0] + " (" + (row[1] === "firm" ? row[2] + " firm" : row[2]) + "): " + row[3] +
        " partner(s) in the compiled table";
    });
    var byPair = {};
    x.deals.forEach(function (d) { var key = [d[2], d[3]].sort().join("|"); (byPair[key] = byPair[key] || []).push(d); });
    links.forEach(function (edge) {
      var deals = byPair[[edge.from, edge.to].sort().join("|")] || [];
      var years = deals.map(function (d) { return d[1]; }).sort(function (a, b) { return a - b; });
      var kinds = deals.map(function (d) { return d[4]; }).filter(function (k, i, all) { return all.indexOf(k) === i; }).sort();
      var span = years[0] === years[years.length - 1] ? String(years[0]) : years[0] + "–" + years[years.length - 1];
      edge.title = x.nodes[edge.from][0] + " – " + x.nodes[edge.to][0] + ": " + deals.length + " deal(s), " + span +
        " (" + kinds.join(", ") + ")";
    });
  }
  function explorer(el, network, nodes, edges, x, labels) {
    var id = el.id;
    var original = {};
    nodes.forEach(function (n) { original[n.id] = { color: n.color }; });
    var byEdge = {}, byNode = {};
    x.deals.forEach(function (deal) {
      var key = [deal[2], deal[3]].sort().join("|");
      (byEdge[key] = byEdge[key] || []).push(deal);
      [deal[2], deal[3]].forEach(function (n) { (byNode[n] = byNode[n] || []).push(deal); });
    });
    var edgeKey = function (edge) { return [edge.from, edge.to].sort().join("|"); };

    var panel = element("div", { class: "network-explorer", role: "group", "aria-label": "Explore the network" });
    var listId = id + "-names";
    var search = element("input", { type: "search", list: listId, placeholder: "Firm or partner",
                                    "aria-label": "Find a firm or partner by name or former name" });
    var names = element("datalist", { id: listId });
    var lookup = {};
    Object.keys(x.nodes).forEach(function (nodeId) {
      var row = x.nodes[nodeId];
      lookup[row[0].toLowerCase()] = nodeId;
      names.appendChild(element("option", { value: row[0] }));
      row[4].split(";").map(function (s) { return s.trim(); }).filter(Boolean).forEach(function (former) {
        if (!lookup[former.toLowerCase()]) {
          lookup[former.toLowerCase()] = nodeId;
          names.appendChild(element("option", { value: former }, row[0]));
        }
      });
    });
    var clear = element("button", { type: "button" }, "Clear focus");
    var view = element("select", { "aria-label": "View" });
    [["whole", "Whole network"], ["ego", "Focused node and its partners"], ["projection", "Firms linked by shared partners"],
     ["country", "Firms coloured by country"]].forEach(function (v) { view.appendChild(element("option", { value: v[0] }, v[1])); });
    var order = x.order;
    var projectionEdges = (x.projection || []).map(function (p, i) {
      return { id: "projection-" + i, from: order[p[0]], to: order[p[1]], width: Math.min(1 + p[2], 6), hidden: true,
               title: x.nodes[order[p[0]]][0] + " – " + x.nodes[order[p[1]]][0] + ": " + p[2] + " shared partner(s)",
               projection: true };
    });
    var projectionAdded = false;  // thousands of hidden edges slow every drawing: added for their view only
    var region = choice("Region", x.regions), ptype = choice("Partner type", x.partner_types),
        dtype = choice("Deal type", x.deal_types);
    var from = element("input", { type: "number", "aria-label": "From year", min: x.years[0], max: x.years[1], value: x.years[0] });
    var to = element("input", { type: "number", "aria-label": "To year", min: x.years[0], max: x.years[1], value: x.years[1] });
    var count = element("p", { class: "network-count", "aria-live": "polite" });
    var details = element("section", { class: "network-details", "aria-live": "polite", "aria-label": "Focused node" });
    [labelled("Find", search), names, clear, labelled("View", view), labelled("Region", region), labelled("Partner type", ptype),
     labelled("Deal type", dtype), labelled("Years", from), labelled("to", to)].forEach(function (c) { panel.appendChild(c); });
    el.parentNode.insertBefore(panel, el);
    el.parentNode.insertBefore(count, el.nextSibling);
    count.parentNode.insertBefore(details, count.nextSibling);

    var state = { focus: "", view: "", region: "", ptype: "", dtype: "", from: x.years[0], to: x.years[1] };
    function dealShown(deal) {
      return (!state.dtype || deal[4] === state.dtype) && (deal[1] === null || (deal[1] >= state.from && deal[1] <= state.to));
    }
    function nodeShown(nodeId) {
      var row = x.nodes[nodeId];
      if (!row) return true;
      if (row[1] === "firm" && state.region && row[2] !== state.region) return false;
      if (row[1] === "partner" && state.ptype && row[2] !== state.ptype) return false;
      return true;
    }
    function apply() {
      var projecting = state.view === "projection", ego = state.view === "ego" && state.focus;
      if (projecting !== projectionAdded) {
        if (projecting) {
          projectionEdges.forEach(function (e) { e.hidden = !(nodeShown(e.from) && nodeShown(e.to)); });
          edges.add(projectionEdges);
        } else edges.remove(projectionEdges.map(function (e) { return e.id; }));
        projectionAdded = projecting;
      }
      var neighbours = {};
      if (state.focus) {
        neighbours[state.focus] = true;
        network.getConnectedNodes(state.focus).forEach(function (n) { neighbours[n] = true; });
      }
      var edgeUpdates = [], linked = {}, shownEdges = 0;
      // Only what changes is updated (see drawNetworks).
      edges.forEach(function (edge) {
        var shown = edge.projection ? projecting && nodeShown(edge.from) && nodeShown(edge.to)
          : !projecting && (byEdge[edgeKey(edge)] || []).some(dealShown) && nodeShown(edge.from) && nodeShown(edge.to);
        if (shown && ego && edge.from !== state.focus && edge.to !== state.focus) shown = false;
        if (shown) { linked[edge.from] = true; linked[edge.to] = true; shownEdges += 1; }
        if (!edge.hidden !== shown) edgeUpdates.push({ id: edge.id, hidden: !shown });
      });
      if (edgeUpdates.length) edges.update(edgeUpdates);
      var filtered = state.region || state.ptype || state.dtype || state.from > x.years[0] || state.to < x.years[1] ||
        projecting || ego;
      var nodeUpdates = [], visible = 0, muted = {};
      nodes.forEach(function (node) {
        var row = x.nodes[node.id];
        var shown = nodeShown(node.id) && (!filtered || linked[node.id]) && !(projecting && row && row[1] !== "firm");
        if (ego && node.id === state.focus) shown = nodeShown(node.id);
        var dim = state.focus && !neighbours[node.id];
        var colour = state.view === "country" && row && row[1] === "firm" && x.country_colours[row[5]] ?
          x.country_colours[row[5]] : original[node.id].color;
        var opacity = dim ? 0.15 : 1;
        if (shown) visible += 1;
        if (!node.hidden !== shown || (node.opacity === undefined ? 1 : node.opacity) !== opacity || node.color !== colour) {
          nodeUpdates.push({ id: node.id, hidden: !shown, opacity: opacity, color: colour });
        }
        if (dim) muted[node.id] = true;
      });
      if (nodeUpdates.length) nodes.update(nodeUpdates);
      labels.muted = muted;  // dimmed nodes go unlabelled; the focused node and its partners are labelled first
      labels.first = neighbours;
      labels.place();
      var allEdges = projecting ? projectionEdges.length : edges.length - (projectionAdded ? projectionEdges.length : 0);
      count.textContent = visible + " of " + nodes.length + " nodes and " + shownEdges + " of " + allEdges +
        (projecting ? " shared-partner links shown" : " links shown");
      count.dataset.edges = shownEdges;
      count.dataset.nodes = visible;
      showDetails();
      writeHash();
    }
    function showDetails() {
      while (details.firstChild) details.removeChild(details.firstChild);
      details.hidden = !state.focus;
      if (!state.focus) return;
      var row = x.nodes[state.focus];
      var own = (byNode[state.focus] || []).filter(dealShown);
      details.appendChild(element("h4", {}, row[0]));
      var what = row[1] === "firm" ? row[2] + " firm" : row[2];
      details.appendChild(element("p", {}, what + ": " + row[3] + " partner(s) in the network, " + own.length + " deal(s) shown"));
      if (row[1] === "firm") {
        var profile = element("a", { href: x.profiles + state.focus.slice(5) + ".html" }, "Profile of " + row[0]);
        details.appendChild(element("p")).appendChild(profile);
      }
      var list = element("ul", { class: "network-deals" });
      own.forEach(function (deal) {
        var other = deal[2] === state.focus ? deal[3] : deal[2];
        var item = element("li", {}, (deal[1] || "year not known") + " · " + deal[4] + " with " +
                           (x.nodes[other] ? x.nodes[other][0] : other) + " · ");
        item.appendChild(element("a", { href: x.rows_page + "#" + deal[0] }, deal[0]));
        list.appendChild(item);
      });
      details.appendChild(list);
    }
    function focus(nodeId) {
      state.focus = x.nodes[nodeId] ? nodeId : "";
      if (state.focus) network.selectNodes([state.focus]); else network.unselectAll();
      apply();
      if (state.focus) {
        network.focus(state.focus, { scale: Math.max(network.getScale(), 0.9), animation: false });
        labels.place();  // the view moved
      }
    }
    // The explorer's state lives in the address (#explore:...), so a link reopens the same view.
    function writeHash() {
      var parts = [];
      ["focus", "view", "region", "ptype", "dtype"].forEach(function (k) { if (state[k]) parts.push(k + "=" + encodeURIComponent(state[k])); });
      if (state.from > x.years[0]) parts.push("from=" + state.from);
      if (state.to < x.years[1]) parts.push("to=" + state.to);
      var hash = parts.length ? "#explore:" + parts.join("&") : "";
      if ((window.location.hash || "") !== hash && (hash || window.location.hash.indexOf("#explore:") === 0)) {
        history.replaceState(null, "", hash || window.location.pathname + window.location.search);
      }
    }
    function readHash() {
      var hash = window.location.hash;
      if (hash.indexOf("#explore:") !== 0) return false;
      hash.slice(9).split("&").forEach(function (pair) {
        var kv = pair.split("=");
        var value = decodeURIComponent(kv[1] || "");
        if (kv[0] === "from" || kv[0] === "to") state[kv[0]] = Number(value) || state[kv[0]];
        else if (kv[0] in state) state[kv[0]] = value;
      });
      region.value = state.region; ptype.value = state.ptype; dtype.value = state.dtype; view.value = state.view || "whole";
      from.value = state.from; to.value = state.to;
      return true;
    }
    search.addEventListener("change", function () {
      var nodeId = lookup[search.value.trim().toLowerCase()];
      if (nodeId) focus(nodeId);
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { var nodeId = lookup[search.value.trim().toLowerCase()]; if (nodeId) focus(nodeId); }
    });
    clear.addEventListener("click", function () { search.value = ""; focus(""); });
    document.addEventListener("keydown", function (event) { if (event.key === "Escape" && state.focus) focus(""); });
    [[region, "region"], [ptype, "ptype"], [dtype, "dtype"]].forEach(function (pair) {
      pair[0].addEventListener("change", function () { state[pair[1]] = pair[0].value; apply(); });
    });
    view.addEventListener("change", function () { state.view = view.value === "whole" ? "" : view.value; apply(); });
    [[from, "from"], [to, "to"]].forEach(function (pair) {
      pair[0].addEventListener("change", function () {
        var value = Number(pair[0].value);
        if (value >= x.years[0] && value <= x.years[1]) { state[pair[1]] = value; apply(); }
      });
    });
    network.on("click", function (params) { if (params.nodes.length) focus(params.nodes[0]); });
    el.explorer = { focus: focus, state: state };  // for the browser tests
    if (readHash()) {
      focus(state.focus);
      panel.scrollIntoView();
    } else apply();
  }
  // Wheel zoom is off (it traps page scrolling), so zoom has buttons that keyboards reach too.
  function zoomButtons(el, network, opening) {
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
      // vis-network emits "zoom" only for the wheel and pinch: the labels are placed again here.
      button.addEventListener("click", function () { item[1](); if (el.labels) el.labels.place(); });
      bar.appendChild(button);
    });
    return bar;
  }
  function drawAll() {
    if (window.vis && window.vis.Network) setTimeout(drawNetworks, 0);  // a task of its own, as each chart
    if (window.vegaEmbed) drawCharts();
  }
  // Deferred scripts run while readyState is "interactive", before later deferred libraries have
  // executed; DOMContentLoaded comes after all of them. "load" covers a late, non-deferred inclusion.
  if (document.readyState === "complete") drawAll();
  else {
    document.addEventListener("DOMContentLoaded", drawAll);
    window.addEventListener("load", drawAll);
  }
})();
