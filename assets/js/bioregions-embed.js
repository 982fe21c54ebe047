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
      new window.vis.Network(el, { nodes: nodes, edges: edges }, data.options);
    });
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
