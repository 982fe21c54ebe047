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
      // On a narrow screen a legend beside the plot squeezes it: put legends underneath, one per line.
      if (el.clientWidth < 560) {
        spec.config = spec.config || {};
        spec.config.legend = Object.assign({}, spec.config.legend, { orient: "bottom", direction: "vertical" });
      }
      window.vegaEmbed(el, spec, {
        renderer: "svg",
        actions: { export: true, source: false, compiled: false, editor: false },
      }).then(function () {
        // vega-embed's action menu opens from an icon-only <summary>: give it an accessible name.
        var summary = el.querySelector("details > summary");
        if (summary) summary.setAttribute("aria-label", "Chart actions: save as SVG or PNG");
      }).catch(function (err) { console.error("chart " + el.id + ": " + err); });
    });
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
