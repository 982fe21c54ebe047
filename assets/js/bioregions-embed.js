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
  function drawNetworks() {
    document.querySelectorAll("script.vis-network-view-data").forEach(function (script) {
      var [el, data] = payload(script);
      if (!el || el.dataset.drawn) return;
      el.dataset.drawn = "1";
      el.style.height = data.height || "560px";
      var nodes = new window.vis.DataSet(data.nodes);
      var edges = new window.vis.DataSet(data.edges);
      var network = new window.vis.Network(el, { nodes: nodes, edges: edges }, data.options);
      el.parentNode.insertBefore(zoomButtons(network), el);
    });
  }
  // Wheel zoom is off (it traps page scrolling), so zoom has buttons that keyboards reach too.
  function zoomButtons(network) {
    var bar = document.createElement("div");
    bar.className = "network-tools";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Network zoom");
    [["Zoom in", function () { network.moveTo({ scale: network.getScale() * 1.4 }); }],
     ["Zoom out", function () { network.moveTo({ scale: network.getScale() / 1.4 }); }],
     ["Fit to view", function () { network.fit(); }]].forEach(function (item) {
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
