// Makes the site's long tables interactive with DataTables: sort, search, page, and a choice list per filter
// column. The page holds a table's first rows as HTML; all its rows come from a generated script
// (window.bioregionsTables[key]: {ids, rows of escaped HTML cells}). A link to a row id on a later page
// (browse.html#D123) opens the page that holds the row.
(function () {
  "use strict";
  var tables = [];  // {api, data, element}

  function text(html) {
    var box = document.createElement("div");
    box.innerHTML = html;
    return box.textContent.trim();
  }
  function escapeRegex(value) { return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  function filterBar(api, element, names) {
    var headers = Array.prototype.map.call(element.tHead.rows[0].cells, function (th) { return th.textContent.trim(); });
    var bar = document.createElement("div");
    bar.className = "table-filters";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Filter the rows");
    names.forEach(function (name) {
      var index = headers.indexOf(name);
      if (index < 0) return;
      var values = {};
      api.column(index).data().each(function (cell) { var v = text(cell); if (v) values[v] = true; });
      var label = document.createElement("label");
      label.appendChild(document.createTextNode(name + " "));
      var select = document.createElement("select");
      select.setAttribute("aria-label", name);  // the label's text alone, not its options too
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "All";
      select.appendChild(all);
      Object.keys(values).sort(function (a, b) { return a.localeCompare(b, undefined, { numeric: true }); })
        .forEach(function (value) {
          var option = document.createElement("option");
          option.value = value;
          option.textContent = value;  // data values are set as text, never as markup
          select.appendChild(option);
        });
      select.addEventListener("change", function () {
        // Whole-cell match: "Flanders" must not also pick "Flanders and Brussels".
        api.column(index).search(select.value ? "^" + escapeRegex(select.value) + "$" : "", true, false).draw();
      });
      label.appendChild(select);
      bar.appendChild(label);
    });
    return bar;
  }

  function init(element) {
    var key = element.dataset.rows;
    var data = (window.bioregionsTables || {})[key];
    if (!data || element.dataset.ready) return;
    element.dataset.ready = "1";
    var body = element.tBodies[0];
    while (body.firstChild) body.removeChild(body.firstChild);
    var api = new window.DataTable(element, {
      data: data.rows,
      deferRender: true,
      autoWidth: false,
      pageLength: Number(element.dataset.pageLength) || 25,
      lengthMenu: [10, 25, 100, { label: "All", value: -1 }],
      order: [],  // keep the compiled order (by name, by year) until the reader sorts
      createdRow: function (row, cells, index) {
        var id = data.ids[index];
        if (id) row.id = id;
      },
      language: {
        search: "Search the table:",
        info: "Rows _START_ to _END_ of _TOTAL_",
        infoFiltered: "(filtered from _MAX_)",
        lengthMenu: "_MENU_ rows a page",
        entries: { _: "rows", 1: "row" },
      },
    });
    var names = JSON.parse(element.dataset.filters || "[]");
    var wrapper = element.closest(".dt-container") || element.parentNode;
    if (names.length) wrapper.parentNode.insertBefore(filterBar(api, element, names), wrapper);
    tables.push({ api: api, data: data, element: element });
  }

  // Show the row a link names, on whichever page holds it; then tell the page's other scripts (the tab
  // opener) that the target now exists.
  function showRow(hash) {
    if (!hash || hash.length < 2) return;
    var id = decodeURIComponent(hash.slice(1));
    if (document.getElementById(id)) { mark(id); return; }
    for (var i = 0; i < tables.length; i++) {
      var t = tables[i];
      var index = t.data.ids.indexOf(id);
      if (index < 0) continue;
      var order = t.api.rows({ order: "current", search: "applied" }).indexes().toArray();
      if (order.indexOf(index) < 0) {  // filtered out: clear the search and filters first
        t.api.search("").columns().search("");
        document.querySelectorAll(".table-filters select").forEach(function (s) { s.value = ""; });
        t.api.draw(false);
        order = t.api.rows({ order: "current" }).indexes().toArray();
      }
      var length = t.api.page.len();
      if (length > 0) t.api.page(Math.floor(order.indexOf(index) / length)).draw(false);
      mark(id);
      window.dispatchEvent(new HashChangeEvent("hashchange"));
      return;
    }
  }
  function mark(id) {
    document.querySelectorAll("tr.row-target").forEach(function (row) { row.classList.remove("row-target"); });
    var row = document.getElementById(id);
    if (row && row.tagName === "TR") {
      row.classList.add("row-target");
      setTimeout(function () { row.scrollIntoView({ block: "center" }); }, 0);
    }
  }

  // Printing shows every row of every table, then the pages come back (print events, and the print media
  // query for browsers and tools that switch media without them).
  var printLengths = null;
  function expandForPrint() {
    if (printLengths) return;
    printLengths = tables.map(function (t) { var n = t.api.page.len(); t.api.page.len(-1).draw(false); return n; });
  }
  function restoreAfterPrint() {
    if (!printLengths) return;
    tables.forEach(function (t, i) { t.api.page.len(printLengths[i] || 25).draw(false); });
    printLengths = null;
  }
  window.addEventListener("beforeprint", expandForPrint);
  window.addEventListener("afterprint", restoreAfterPrint);
  window.matchMedia("print").addEventListener("change", function (query) {
    if (query.matches) expandForPrint(); else restoreAfterPrint();
  });

  function start() {
    if (!window.DataTable) return;
    document.querySelectorAll("table.data-table[data-rows]").forEach(init);
    showRow(window.location.hash);
  }
  window.addEventListener("hashchange", function () {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (id && !document.getElementById(id)) showRow(window.location.hash);
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href*="#"]');
    if (link && link.pathname === window.location.pathname && link.hash === window.location.hash) showRow(link.hash);
  });
  window.bioregionsTablesApi = tables;  // for readers' consoles and the browser tests
  if (document.readyState === "complete") start();
  else document.addEventListener("DOMContentLoaded", start);
})();
