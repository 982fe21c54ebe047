"""The page being rendered: where it sits in the site, and which shared scripts it has already loaded.

Both engines execute a page's chunks in one kernel, but Quarto may keep a kernel alive and reuse it
for the next render; so `start_page` makes fresh per-page state every time it is called, and every link
is computed from the page's path and the site root, never from the working directory."""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

# Where the data appendix lists every source id (a page of this site, relative to the project root).
SOURCES_PAGE = "chapters/data.qmd"
# Shared scripts each kind of figure needs, relative to the site root. Order matters: the embed script runs
# on DOMContentLoaded, after every deferred library has executed.
SCRIPTS = {
    "vega": ["assets/vendor/vega-bundle.js", "assets/js/bioregions-embed.js"],
    "vis": ["assets/vendor/vis-network.min.js", "assets/js/bioregions-embed.js"],
    "tables": ["assets/lib/datatables/dataTables.dataTables.min.css", "assets/vendor/datatables.js",
               "assets/js/bioregions-tables.js"],
}
# Files pages write while they execute (the rows of paged tables), under the project's copied resources.
GENERATED_DIR = "assets/generated"


@dataclass
class Page:
    """One page render: `path` is the page's source relative to the project root (chapters/x.qmd)."""

    path: str
    sources_page: str = SOURCES_PAGE
    # "markdown" for site pages: figures reach the renderer as raw HTML inside markdown, because Quarto puts
    # require.js and jQuery from a CDN on every page with a text/html output. "html" for a plain notebook.
    output: str = "markdown"
    emitted: set[str] = field(default_factory=set)
    # Files this render wrote under assets/generated (paths from the project root).
    generated: list[str] = field(default_factory=list)
    # {source id: (link to its row in the sources table, page title)}, read once per page (see source_titles).
    _sources: dict | None = field(default=None, repr=False)

    @property
    def output_path(self) -> str:
        return posixpath.splitext(self.path)[0] + ".html"

    def bundle(self, html: str) -> dict:
        """The display bundle for a piece of HTML: raw HTML in markdown for site pages, else text/html."""
        if self.output == "markdown":
            return {"text/markdown": f"```{{=html}}\n{html}\n```"}
        return {"text/html": html}

    def link(self, target: str, anchor: str = "") -> str:
        """A relative link from this page to `target` (a path from the site root; .qmd becomes .html)."""
        if target.endswith(".qmd"):
            target = target[:-4] + ".html"
        # Both paths are taken from the site root ("/"), so relpath never consults the working directory.
        here = "/" + posixpath.dirname(self.output_path)
        return posixpath.relpath("/" + target, here) + (f"#{anchor}" if anchor else "")

    def source_link(self, source_id: str) -> str:
        """The row of the sources table for one source id."""
        return self.link(self.sources_page, source_id)

    def source_titles(self, titles: dict[str, str] | None = None) -> "SourceLinks":
        """Each source id's link from this page and its page title. The titles are read from the data once per
        page (so that the renderer's trace sees every page read them), unless a caller that renders many pages
        in one process passes them in."""
        if self._sources is None:
            if titles is None:
                from ..data import load_sources

                sources = load_sources()
                titles = dict(zip(sources["source_id"].astype(str), sources["title"].astype(str)))
            self._sources = SourceLinks(self, titles)
        return self._sources

    def script_tags(self, kind: str) -> str:
        """`<script defer>` (and stylesheet) tags for `kind`, each file once per page."""
        tags = []
        for script in SCRIPTS[kind]:
            if script not in self.emitted:
                self.emitted.add(script)
                tags.append(f'<link rel="stylesheet" href="{self.link(script)}">' if script.endswith(".css")
                            else f'<script defer src="{self.link(script)}"></script>')
        return "".join(tags)

    def write_generated(self, name: str, text: str) -> str:
        """Write `text` to `assets/generated/<name>` in the project (only if it changed) and return its link."""
        from ..paths import PROJ_ROOT

        if PROJ_ROOT is None:
            raise RuntimeError(f"cannot write {name}: this copy of bioregions is outside a project (no _quarto.yml)")
        relative = f"{GENERATED_DIR}/{name}"
        self.generated.append(relative)
        path = PROJ_ROOT / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        return self.link(relative)


class SourceLinks:
    """{source id: (link from the page to its row in the sources table, page title)}, links made on demand."""

    def __init__(self, page: Page, titles: dict[str, str]):
        self.page, self.titles = page, titles

    def get(self, source_id: str, default=None):
        title = self.titles.get(source_id)
        return default if title is None else (self.page.source_link(source_id), title)

    def __getitem__(self, source_id: str):
        found = self.get(source_id)
        if found is None:
            raise KeyError(source_id)
        return found

    def __contains__(self, source_id) -> bool:
        return source_id in self.titles


_current: Page | None = None


def start_page(path: str, sources_page: str = SOURCES_PAGE, output: str = "markdown") -> Page:
    """Begin rendering the page at `path` (relative to the project root): fresh script bookkeeping, the
    site's chart theme and renderer. Call it once, in the page's setup chunk (`output="html"` in a notebook)."""
    global _current
    from . import charts

    if path.startswith("/") or ".." in path.split("/"):
        raise ValueError(f"start_page wants the page's path from the project root, like 'chapters/x.qmd', not {path!r}")
    if output not in ("markdown", "html"):
        raise ValueError(f"output is 'markdown' (site pages) or 'html' (notebooks), not {output!r}")
    _current = Page(path, sources_page, output)
    charts.use_site_renderers()
    return _current


def current_page() -> Page:
    """The page `start_page` began; a clear error if a figure is drawn before it."""
    if _current is None:
        raise RuntimeError("no page started: call bioregions.site.start_page('chapters/<page>.qmd') in the setup chunk")
    return _current
