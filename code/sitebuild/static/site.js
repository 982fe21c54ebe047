// Page behaviour for the offline renderer's shell: theme toggle, mobile sidebar, tabsets, search.
(function () {
  "use strict";
  var root = document.documentElement;
  var stored = null;
  try { stored = localStorage.getItem("theme"); } catch (e) { /* storage may be off for file:// */ }
  var prefersDark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  function setTheme(theme) {
    root.setAttribute("data-theme", theme);
    var button = document.querySelector(".theme-toggle");
    if (button) button.setAttribute("aria-pressed", theme === "dark" ? "true" : "false");
  }
  setTheme(stored || (prefersDark ? "dark" : "light"));

  document.addEventListener("DOMContentLoaded", function () {
    setTheme(root.getAttribute("data-theme"));
    // Citation previews: hovering (or focusing) a citation shows its reference, as Quarto's citations do.
    document.querySelectorAll('a[role="doc-biblioref"][href^="#ref-"]').forEach(function (link) {
      var entry = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
      if (entry) link.title = entry.textContent.replace(/\s+/g, " ").trim();
    });
    var toggle = document.querySelector(".theme-toggle");
    if (toggle) toggle.addEventListener("click", function () {
      var next = root.getAttribute("data-theme") === "dark" ? "light" : "dark";
      setTheme(next);
      try { localStorage.setItem("theme", next); } catch (e) { /* ignore */ }
    });

    var sidebarButton = document.querySelector(".sidebar-toggle");
    var sidebar = document.getElementById("sidebar");
    if (sidebarButton && sidebar) sidebarButton.addEventListener("click", function () {
      var open = sidebar.classList.toggle("open");
      sidebarButton.setAttribute("aria-expanded", open ? "true" : "false");
    });

    document.querySelectorAll(".panel-tabset").forEach(function (tabset) {
      var tabs = Array.prototype.slice.call(tabset.querySelectorAll('[role="tab"]'));
      function select(tab, keepFocus) {
        tabs.forEach(function (t) {
          var on = t === tab;
          t.setAttribute("aria-selected", on ? "true" : "false");
          t.tabIndex = on ? 0 : -1;
          var panel = document.getElementById(t.getAttribute("aria-controls"));
          if (panel) panel.hidden = !on;
        });
        if (!keepFocus) tab.focus();
        window.dispatchEvent(new Event("resize"));
      }
      tabset.selectTab = select;
      tabs.forEach(function (tab, i) {
        tab.addEventListener("click", function () { select(tab); });
        tab.addEventListener("keydown", function (ev) {
          if (ev.key === "ArrowRight") select(tabs[(i + 1) % tabs.length]);
          if (ev.key === "ArrowLeft") select(tabs[(i - 1 + tabs.length) % tabs.length]);
        });
      });
    });

    // A link to a figure or table inside a hidden tab opens that tab first, then scrolls to it.
    function revealHash() {
      var id = decodeURIComponent(location.hash.slice(1));
      var target = id && document.getElementById(id);
      if (!target) return;
      var panel = target.closest('[role="tabpanel"]');
      if (!panel || !panel.hidden) return;
      var tab = document.querySelector('[aria-controls="' + panel.id + '"]');
      var tabset = panel.closest(".panel-tabset");
      if (tab && tabset && tabset.selectTab) {
        tabset.selectTab(tab, true);
        target.scrollIntoView();
      }
    }
    revealHash();
    window.addEventListener("hashchange", revealHash);

    // Pagefind loads its index with fetch(), which browsers refuse on file://: search needs http(s).
    var search = document.getElementById("search");
    var searchButton = search && search.querySelector(".search-button");
    if (searchButton) searchButton.addEventListener("click", function () {
      var panel = search.querySelector(".search-panel");
      if (panel) { panel.hidden = !panel.hidden; return; }
      panel = document.createElement("div");
      panel.className = "search-panel";
      panel.setAttribute("role", "dialog");
      panel.setAttribute("aria-label", "Search this site");
      search.appendChild(panel);
      if (location.protocol === "file:") {
        panel.innerHTML = '<p class="search-note">Search works when the site is served over http, for example with <code>make serve</code>. Opened from disk, use the sidebar.</p>';
        return;
      }
      var base = search.dataset.root + "pagefind/";
      var css = document.createElement("link");
      css.rel = "stylesheet"; css.href = base + "pagefind-ui.css";
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = base + "pagefind-ui.js";
      script.onload = function () {
        new window.PagefindUI({ element: panel, showSubResults: true, resetStyles: false });
        var input = panel.querySelector("input");
        if (input) input.focus();
      };
      document.head.appendChild(script);
    });
  });
})();
