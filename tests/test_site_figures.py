"""The reader's tools on every chart, in a real browser on both builds: Chart, Table and Download tabs, a CSV of the
rows the chart is drawn from with a meaningful name, images that carry caption, source and licence, a source line."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

from test_site_browser import open_page

pytestmark = [pytest.mark.site, pytest.mark.browser]


def chart_rows(spec: dict) -> list[dict]:
    name = (spec.get("data") or {}).get("name")
    sets = spec.get("datasets") or {}
    return sets[name] if name in sets else [row for rows in sets.values() for row in rows]


def test_every_chart_names_its_source_and_licence(site, site_pages):
    missing = []
    for path in site_pages:
        html = path.read_text(encoding="utf-8")
        charts = html.count('class="vega-chart"')
        sources = len(re.findall(r'<p class="chart-source">Source: .*?Licence: CC BY 4\.0\.</p>', html))
        if charts != sources:
            missing.append(f"{path.relative_to(site)}: {charts} charts, {sources} source lines")
    assert not missing, missing


def test_a_chart_offers_its_rows_as_a_table_and_a_named_csv(browser, server, site):
    page_path = "chapters/1993-partnering.html"
    html = (site / page_path).read_text(encoding="utf-8")
    figure = re.search(r'id="(fig-foundings)"', html).group(1)
    spec = json.loads(re.search(r'<script type="application/json" class="vega-chart-data"[^>]*>(.*?)</script>',
                                html, re.S).group(1))
    rows = chart_rows(spec)
    context, page, problems = open_page(browser, f"{server}/{page_path}")
    page.wait_for_selector(f"#{figure} .figure-tabs [role=tab]", timeout=20000)
    tabs = page.locator(f"#{figure} [role=tab]")
    assert tabs.all_inner_texts() == ["Chart", "Table", "Download"]
    tabs.nth(1).click()
    table = page.locator(f"#{figure} .figure-panel:not([hidden]) table")
    assert table.locator("tbody tr").count() == len(rows)
    assert page.locator(f"#{figure} .vega-chart").is_hidden()
    tabs.nth(2).click()
    with page.expect_download() as info:
        page.locator(f"#{figure} button", has_text="Data (CSV)").click()
    download = info.value
    assert download.suggested_filename == f"1993-partnering-{figure}.csv"
    with open(download.path(), encoding="utf-8") as handle:
        parsed = list(csv.reader(io.StringIO(handle.read())))
    assert len(parsed) == len(rows) + 1 and "Firms" in parsed[0]  # a human heading, from the tooltip titles
    with page.expect_download() as info:
        page.locator(f"#{figure} button", has_text="Image (SVG)").click()
    with open(info.value.path(), encoding="utf-8") as handle:
        svg = handle.read()
    assert info.value.suggested_filename == f"1993-partnering-{figure}.svg"
    assert "Figure" in svg and "CC BY 4.0" in svg and f"#{figure}" in svg
    context.close()
    assert not problems, problems


def test_chart_tabs_move_with_the_arrow_keys(browser, server, site):
    context, page, problems = open_page(browser, f"{server}/chapters/1993-partnering.html")
    page.wait_for_selector(".figure-tabs [role=tab]", timeout=20000)
    first = page.locator(".figure-tabs").first
    first.locator("[role=tab]").first.focus()
    page.keyboard.press("ArrowRight")
    assert first.locator("[aria-selected=true]").inner_text() == "Table"
    context.close()
    assert not problems, problems


def test_without_javascript_every_chart_shows_its_static_image(browser, server, site, site_pages):
    """With scripting off, each chart's noscript image (an SVG written at build time) loads in its place."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    missing = []
    for path in site_pages:
        html = path.read_text(encoding="utf-8")
        charts = html.count('class="vega-chart"')
        if not charts:
            continue
        rel = path.relative_to(site).as_posix()
        page.goto(f"{server}/{rel}", wait_until="load")
        widths = page.evaluate("() => [...document.querySelectorAll('img.chart-static')].map(i => i.naturalWidth)")
        if len(widths) != charts or not all(widths):
            missing.append(f"{rel}: {charts} charts, images {widths}")
    context.close()
    assert not missing, missing


def test_citations_preview_their_reference(browser, server, engine):
    """Offline shell: a citation's title holds its reference (Quarto's shell shows its own popup)."""
    if engine != "offline":
        pytest.skip("Quarto's shell previews citations with its own popups")
    context, page, problems = open_page(browser, f"{server}/index.html")
    page.wait_for_load_state("load")
    titles = page.eval_on_selector_all('a[role="doc-biblioref"]', "els => els.map(e => e.title)")
    assert titles and all("Segers" in title for title in titles), titles
    context.close()
    assert not problems, problems
