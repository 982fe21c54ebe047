"""The alliance network explorer in a real browser, on both builds: search, focus with the node's deals, filters
and the year range, state in the address, keyboard reach."""
from __future__ import annotations

import pytest

from bioregions import domain, facts
from test_site_browser import open_page

pytestmark = [pytest.mark.site, pytest.mark.browser]

PAGE = "chapters/2015-alliances.html"
NETWORK = "#fig-network .vis-network-view"


def opened(browser, server, hash_: str = ""):
    context, page, problems = open_page(browser, f"{server}/{PAGE}{hash_}")
    page.wait_for_function(f"() => document.querySelector('{NETWORK}') && document.querySelector('{NETWORK}').explorer",
                           timeout=20000)
    return context, page, problems


def shown_nodes(page) -> int:
    return int(page.locator("#fig-network .network-count").get_attribute("data-nodes"))


def busiest_firm():
    """The Belgian firm with the most agreed alliances in the chapter's network, and that number."""
    page_facts = facts.alliances_2015()
    deals = domain.alliances_only(page_facts.deals)
    top = page_facts.centrality.iloc[0]
    own = deals[(deals["firm_id"] == top["firm_id"]) | (deals["partner_id"] == top["firm_id"])]
    return top["firm"], top["firm_id"], len(own)


def test_search_focuses_a_node_dims_the_rest_and_lists_its_deals(browser, server):
    name, firm_id, deal_count = busiest_firm()
    context, page, problems = opened(browser, server)
    search = page.get_by_label("Find a firm or partner by name or former name")
    search.fill(name)
    search.press("Enter")
    details = page.locator("#fig-network .network-details")
    assert details.locator("h4").inner_text() == name
    assert details.locator("li").count() == deal_count
    opacities = page.evaluate(f"""() => {{ const n = document.querySelector('{NETWORK}').visNetwork.body.data.nodes;
        return n.get().map(x => x.opacity === undefined ? 1 : x.opacity); }}""")  # unset: vis-network's default
    assert 1 in opacities and any(o < 1 for o in opacities)
    page.keyboard.press("Escape")
    assert details.is_hidden()
    context.close()
    assert not problems, problems


def test_each_filter_and_the_year_range_change_the_visible_node_count(browser, server):
    context, page, problems = opened(browser, server)
    everything = shown_nodes(page)
    counts = []
    for label, value in (("Deal type", "licence"), ("Region", "Wallonia"), ("Partner type", "big pharma")):
        page.get_by_label(label, exact=True).select_option(value)
        counts.append(shown_nodes(page))
        page.get_by_label(label, exact=True).select_option("")
    assert shown_nodes(page) == everything
    page.get_by_label("From year").fill("2015")
    page.get_by_label("From year").dispatch_event("change")
    counts.append(shown_nodes(page))
    assert all(0 < count < everything for count in counts), (everything, counts)
    context.close()
    assert not problems, problems


def test_the_address_holds_the_view_and_reopens_it(browser, server):
    name, firm_id, _ = busiest_firm()
    context, page, problems = opened(browser, server)
    page.get_by_label("Deal type", exact=True).select_option("licence")
    search = page.get_by_label("Find a firm or partner by name or former name")
    search.fill(name)
    search.press("Enter")
    address = page.evaluate("() => window.location.href")
    assert "#explore:" in address and "focus=firm%3A" + firm_id in address and "dtype=licence" in address
    context.close()
    context, page, problems = opened(browser, server, "#" + address.split("#", 1)[1])
    assert page.locator("#fig-network .network-details h4").inner_text() == name
    assert page.get_by_label("Deal type", exact=True).input_value() == "licence"
    context.close()
    assert not problems, problems


def test_tab_reaches_every_explorer_control(browser, server):
    context, page, problems = opened(browser, server)
    controls = page.locator("#fig-network .network-explorer input, #fig-network .network-explorer select, "
                            "#fig-network .network-explorer button").count()
    page.get_by_label("Find a firm or partner by name or former name").focus()
    reached = set()
    for _ in range(controls + 2):
        reached.add(page.evaluate("() => document.activeElement.closest('.network-explorer') ? "
                                  "document.activeElement.outerHTML.slice(0, 80) : ''"))
        page.keyboard.press("Tab")
    reached.discard("")
    assert len(reached) == controls, reached
    context.close()
    assert not problems, problems


def test_a_sortable_table_lists_every_node_with_its_measures(browser, server):
    context, page, problems = opened(browser, server)
    page.wait_for_function("() => (window.bioregionsTablesApi || []).some(t => t.element.dataset.rows.includes('nodes-of'))",
                           timeout=20000)
    rows = page.evaluate("() => window.bioregionsTablesApi.find(t => t.element.dataset.rows.includes('nodes-of'))"
                         ".api.rows().count()")
    nodes = page.evaluate(f"() => document.querySelector('{NETWORK}').visNetwork.body.data.nodes.length")
    assert rows == nodes
    context.close()
    assert not problems, problems


POISON = '<img src=x onerror="window.__poisoned = 1">'


def test_names_and_notes_from_the_data_are_shown_as_text_never_as_markup(browser, server, site):
    """A firm name, a partner name and a deal note holding markup reach the tooltip, the focus panel, the search
    suggestions and the node table as text: nothing is injected and no handler runs. (The key's entries are the
    schema's regions and partner types, which the data cannot change.)"""
    import shutil

    import pandas as pd

    from bioregions.paths import PROJ_ROOT
    from bioregions.site import network, start_page

    firms = pd.DataFrame({"firm_id": ["f1"], "name": ["Firm " + POISON], "former_names": ["Old " + POISON],
                          "region": pd.Categorical(["Flanders"]), "role": ["NBF"], "country": ["Belgium"]})
    partners = pd.DataFrame({"partner_id": ["p1"], "name": ["Partner " + POISON],
                             "partner_type": pd.Categorical(["big pharma"])})
    deals = pd.DataFrame({"deal_id": ["D1"], "firm_id": ["f1"], "partner_id": ["p1"], "year": [2010],
                          "deal_type": pd.Categorical(["licence"]), "agreed": [True], "notes": ["Note " + POISON]})
    page_path = "chapters/xss-check.qmd"
    page = start_page(page_path, output="html")
    view = network.alliance_network(firms, partners, deals)
    body = view.to_html()
    for name in page.generated:  # the node table's rows, next to the built site's own
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(PROJ_ROOT / name, site / name)
        (PROJ_ROOT / name).unlink()
    (site / "chapters" / "xss-check.html").write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>x</title></head><body><main>'
        f'<div id="fig-network">{body}</div></main></body></html>', encoding="utf-8")
    try:
        context, browser_page, problems = open_page(browser, f"{server}/chapters/xss-check.html")
        dialogs = []
        browser_page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        browser_page.wait_for_function(f"() => document.querySelector('{NETWORK}') && "
                                       f"document.querySelector('{NETWORK}').explorer", timeout=20000)
        search = browser_page.get_by_label("Find a firm or partner by name or former name")
        search.fill("Firm " + POISON)
        search.press("Enter")
        panel = browser_page.locator(".network-details")
        assert panel.locator("h4").inner_text() == "Firm " + POISON
        assert "Partner " + POISON in panel.inner_text()
        suggestions = browser_page.eval_on_selector_all("datalist option", "els => els.map(e => e.value)")
        assert "Firm " + POISON in suggestions and "Old " + POISON in suggestions
        tooltip = browser_page.evaluate(f"() => document.querySelector('{NETWORK}').visNetwork.body.data.nodes"
                                        ".get('firm:f1').title")
        assert tooltip.startswith("Firm " + POISON)
        browser_page.wait_for_function("() => (window.bioregionsTablesApi || []).length > 0", timeout=20000)
        browser_page.locator(".network-table > summary").click()
        assert "Firm " + POISON in browser_page.locator(".network-table table").inner_text()
        assert browser_page.locator("img[src=x]").count() == 0
        assert browser_page.evaluate("() => window.__poisoned === undefined") and not dialogs
        context.close()
    finally:
        (site / "chapters" / "xss-check.html").unlink(missing_ok=True)


def test_the_ego_and_projection_views_draw(browser, server):
    """The focused firm with its partners only; then firms linked by shared partners (networkx projection)."""
    import bioregions as b
    from bioregions import graphs

    deals = facts.alliances_2015().deals
    t = b.load_all()
    graph = graphs.alliance_graph(t["firms"], t["partners"], deals)
    projected = graphs.shared_partner_projection(graph)
    linked_firms = set(projected)
    assert linked_firms and all(graph.nodes[n]["kind"] == "firm" for n in linked_firms)
    name, firm_id, _ = busiest_firm()
    context, page, problems = opened(browser, server)
    search = page.get_by_label("Find a firm or partner by name or former name")
    search.fill(name)
    search.press("Enter")
    page.get_by_label("View", exact=True).select_option("ego")
    assert shown_nodes(page) == 1 + graph.degree(f"firm:{firm_id}")
    page.get_by_role("button", name="Clear focus").click()
    page.get_by_label("View", exact=True).select_option("projection")
    assert shown_nodes(page) == len(linked_firms)
    assert int(page.locator("#fig-network .network-count").get_attribute("data-edges")) == projected.number_of_edges()
    assert "view=projection" in page.evaluate("() => window.location.hash")
    context.close()
    assert not problems, problems


LABELS = f"""() => {{
    const el = document.querySelector('{NETWORK}'), net = el.visNetwork, scale = net.getScale();
    const visible = net.body.data.nodes.get({{ filter: n => !n.hidden }});
    const labelled = visible.filter(n => n.label && n.label.trim());
    // vis-network's own measure of each drawn label (canvas units), turned into screen pixels
    const boxes = labelled.map(n => {{
        const size = net.body.nodes[n.id].labelModule.size, corner = net.canvasToDOM({{ x: size.left, y: size.top }});
        return [n.id, corner.x, corner.y, corner.x + size.width * scale, corner.y + size.height * scale]; }});
    const largest = visible.slice().sort((a, b) => b.size - a.size)[0].id;
    const px = net.body.nodes[largest].labelModule.fontOptions.size * scale;
    return {{ boxes, largest, px, visible: visible.length, width: el.getBoundingClientRect().width }};
}}"""


def overlapping(boxes) -> list:
    return [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]


@pytest.mark.parametrize("width", [1280, 390])
def test_labels_name_the_largest_nodes_without_overlapping_and_more_once_zoomed_in(browser, server, width):
    """Labels keep a readable size on screen, on a phone too; none overlaps another in the opening view, and
    zooming in shows the names of more nodes."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    page.goto(f"{server}/{PAGE}", wait_until="load")
    page.wait_for_function(f"() => document.querySelector('{NETWORK}') && document.querySelector('{NETWORK}').explorer")
    page.wait_for_timeout(300)
    opening = page.evaluate(LABELS)
    assert opening["width"] <= width
    assert 11 <= opening["px"] <= 14, opening["px"]
    labelled = [box[0] for box in opening["boxes"]]
    assert opening["largest"] in labelled
    assert 3 <= len(labelled) < opening["visible"], (len(labelled), opening["visible"])
    assert not overlapping(opening["boxes"]), overlapping(opening["boxes"])
    zoom_in = page.locator("#fig-network").get_by_role("button", name="Zoom in")
    for _ in range(3):
        zoom_in.click()
    page.wait_for_timeout(200)
    zoomed = page.evaluate(LABELS)
    assert 11 <= zoomed["px"] <= 14
    assert set(box[0] for box in zoomed["boxes"]) - set(labelled), "zooming in named no new node"
    assert not overlapping(zoomed["boxes"]), overlapping(zoomed["boxes"])
    context.close()


def test_tooltips_rebuilt_in_the_page_say_what_the_library_says(browser, server):
    """The explorer's page carries no tooltips (they are rebuilt from its rows, to keep the page small): each node's
    and each line's words are those decorate_alliance_graph gives them."""
    import bioregions as b
    from bioregions import graphs
    from bioregions.site import network

    t = b.load_all()
    graph = network.decorate_alliance_graph(graphs.alliance_graph(t["firms"], t["partners"], facts.alliances_2015().deals))
    expected_nodes = {node: attrs["title"] for node, attrs in graph.nodes(data=True)}
    expected_edges = {frozenset((a, c)): attrs["title"] for a, c, attrs in graph.edges(data=True)}
    context, page, problems = opened(browser, server)
    shown = page.evaluate(f"""() => {{ const d = document.querySelector('{NETWORK}').visNetwork.body.data;
        return {{ nodes: d.nodes.get().map(n => [n.id, n.title]),
                  edges: d.edges.get().map(e => [e.from, e.to, e.title]) }}; }}""")
    context.close()
    assert dict(shown["nodes"]) == expected_nodes
    assert {frozenset((a, c)): title for a, c, title in shown["edges"]} == expected_edges
    assert not problems, problems
