"""The interactive tables in a real browser, on both builds: search by name and former name, filters, sorting,
links to rows on later pages, every row when printing, and a page that stays light."""
from __future__ import annotations

import re

import pytest

import bioregions as b
from test_site_browser import open_page

pytestmark = [pytest.mark.site, pytest.mark.browser]


def firm_table(page):
    """Wait for the firm index to become interactive; return a JS expression for its DataTables API."""
    find = "window.bioregionsTablesApi.find(t => t.element.dataset.rows.endsWith('--every-firm'))"
    page.wait_for_function(f"() => window.bioregionsTablesApi && {find}", timeout=20000)
    return find + ".api"


def unique_former_name_word() -> tuple[str, str]:
    """A word that only one firm's former names hold and no current name does, with that firm's id."""
    firms = b.load_firms()
    names = " ".join(firms["name"]).lower()
    counts: dict[str, list[str]] = {}
    for firm_id, former in firms[firms["former_names"].notna()][["firm_id", "former_names"]].itertuples(index=False):
        for word in set(re.findall(r"[A-Za-z]{6,}", former)):
            counts.setdefault(word.lower(), []).append(firm_id)
    for word, ids in sorted(counts.items()):
        if len(ids) == 1 and word not in names and word not in {"renamed", "biotech", "therapeutics"}:
            return word, ids[0]
    pytest.fail("the firm table should hold a former name found nowhere else")


def visible_row_ids(page, table: str) -> list[str]:
    return page.evaluate(f"() => [...{table}.rows({{page: 'current', search: 'applied'}}).nodes().toArray()].map(r => r.id)")


def test_the_firm_index_finds_a_firm_by_name_and_by_former_name(browser, server, site):
    firms = b.load_firms()
    last = firms.sort_values("name").iloc[-1]  # on the table's last page at first
    word, former_id = unique_former_name_word()
    context, page, problems = open_page(browser, f"{server}/chapters/browse.html")
    table = firm_table(page)
    search = page.locator(".dt-search input").first  # the table's own box (Quarto's shell has a site search too)
    for query, expected in ((last["name"], last["firm_id"]), (word, former_id)):
        search.fill(query)
        page.wait_for_timeout(300)
        assert expected in visible_row_ids(page, table), f"searching {query!r} should show {expected}"
    context.close()
    assert not problems, problems


def test_a_filter_narrows_the_rows_to_its_value(browser, server, site):
    firms = b.load_firms()
    german = int((firms["country"] == "Germany").sum())
    context, page, problems = open_page(browser, f"{server}/chapters/browse.html")
    table = firm_table(page)
    assert page.evaluate(f"() => {table}.rows({{search: 'applied'}}).count()") == len(firms)
    page.get_by_label("Country", exact=True).first.select_option("Germany")
    page.wait_for_timeout(200)
    assert page.evaluate(f"() => {table}.rows({{search: 'applied'}}).count()") == german
    context.close()
    assert not problems, problems


def test_sorting_by_a_column_orders_the_rows(browser, server, site):
    firms = b.load_firms()
    earliest = int(firms["founded_year"].min())
    context, page, problems = open_page(browser, f"{server}/chapters/browse.html")
    table = firm_table(page)
    page.locator("th", has_text="Founded").first.click()
    page.wait_for_timeout(200)
    founded = page.evaluate(f"() => {table}.rows({{order: 'current', search: 'applied'}}).data().toArray().map(r => r[2])")
    dated = [year for year in founded if year]  # firms without a founding year sort first
    assert dated[0] == str(earliest) and dated == sorted(dated, key=int)
    context.close()
    assert not problems, problems


def test_a_link_to_a_row_on_a_later_page_shows_that_row(browser, server, site):
    deals = b.load_alliances().sort_values(["year", "deal_id"])
    target = deals.iloc[-1]["deal_id"]  # the last row: far beyond the first page, in the second tab
    context, page, problems = open_page(browser, f"{server}/chapters/browse.html#{target}")
    page.wait_for_function(f"() => document.getElementById('{target}') && "
                           f"document.getElementById('{target}').classList.contains('row-target')", timeout=20000)
    assert page.locator(f"#{target}").is_visible()
    context.close()
    assert not problems, problems


def test_printing_shows_every_row_of_a_paged_table(browser, server, site):
    firms = b.load_firms()
    context, page, problems = open_page(browser, f"{server}/chapters/browse.html")
    table = firm_table(page)
    assert len(visible_row_ids(page, table)) < len(firms)
    page.emulate_media(media="print")
    page.wait_for_timeout(300)
    assert len(visible_row_ids(page, table)) == len(firms)
    page.emulate_media(media="screen")
    context.close()
    assert not problems, problems


def test_paged_tables_hold_every_row_outside_the_page(site):
    """The page carries the first rows as HTML (readers without JavaScript); the script carries all of them."""
    html = (site / "chapters" / "data.html").read_text(encoding="utf-8")
    script = re.search(r'src="([^"]*generated/tables/[^"]*sources[^"]*)"', html).group(1)
    from test_site_static import table_rows

    rows = table_rows((site / "chapters" / script).resolve())
    sources = b.load_sources()
    assert rows["ids"] == list(sources["source_id"])
    assert html.count('<tr id="S') < len(sources)


def test_printing_shows_every_tab_panel(browser, server, site, site_pages):
    """Emulated print media: the content of every tab panel (firms and deals, the 2016 tables) is on paper."""
    context, page, problems = open_page(browser, f"{server}/chapters/browse.html")
    panels = page.locator(".panel-tabset [role=tabpanel], .panel-tabset .tab-pane")
    assert panels.count() >= 2
    assert not all(panels.nth(i).is_visible() for i in range(panels.count()))
    page.emulate_media(media="print")
    assert all(panels.nth(i).is_visible() for i in range(panels.count()))
    context.close()
    assert not problems, problems
