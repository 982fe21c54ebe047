"""The bioregions library: offline chart and network HTML, escaping, graph measures, tables."""
from __future__ import annotations

import json
import re

import altair as alt
import networkx as nx
import pandas as pd
import pytest

import bioregions as br
from bioregions import charts, html, networks, tables

HOSTILE = '</script><script>alert("x")</script><b>&amp;</b>'


@pytest.fixture(autouse=True)
def fresh_page():
    html.reset_page_scripts()
    yield
    html.reset_page_scripts()


def payload_of(markup: str, css_class: str):
    match = re.search(rf'<script type="application/json" class="{css_class}-data"[^>]*>(.*?)</script>', markup, re.S)
    assert match, markup[:300]
    return json.loads(match.group(1))


def test_chart_renderer_emits_div_and_local_scripts_only(tmp_path):
    frame = pd.DataFrame({"x": [1, 2], "label": [HOSTILE, "b"]})
    chart = alt.Chart(frame, description="test chart").mark_point().encode(x="x:Q", tooltip="label:N")
    bundle = charts.site_renderer(chart.to_dict())
    markup = bundle["text/html"]
    assert '<div class="vega-chart"' in markup and 'aria-label="test chart"' in markup
    assert "http" not in markup.split("application/json")[0] + markup.split("</script>")[-1]
    assert markup.count("<script>alert") == 0 and "</script><script>alert" not in markup
    spec = payload_of(markup, "vega-chart")
    assert any(row.get("label") == HOSTILE for rows in spec["datasets"].values() for row in rows)
    assert 'src="' in markup and "vendor/vega-bundle.js" in markup


def test_scripts_are_emitted_once_per_page():
    first = html.script_tags("vega")
    second = html.script_tags("vega")
    network = html.script_tags("vis")
    assert "vega-bundle.js" in first and second == ""
    assert "vis-network.min.js" in network and "bioregions-embed.js" not in network


def test_script_json_cannot_close_its_script():
    text = html.script_json({"a": HOSTILE})
    assert "<" not in text and ">" not in text
    assert json.loads(text)["a"] == HOSTILE


def test_network_view_is_static_plain_text_and_deterministic():
    graph = nx.Graph()
    graph.add_node("a", label=HOSTILE, title=HOSTILE)
    graph.add_edge("a", "b", title="<i>deal</i>")
    graph.add_edge("c", "d")
    first = networks.NetworkView(networks.pyvis_from_graph(graph), "test").to_html()
    html.reset_page_scripts()
    second = networks.NetworkView(networks.pyvis_from_graph(graph), "test").to_html()
    assert first == second
    data = payload_of(first, "vis-network-view")
    assert data["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])
    assert {n["title"] for n in data["nodes"]} >= {HOSTILE}
    assert "<script>alert" not in first


def test_alliance_graph_counts_deals_and_partners():
    firms = pd.DataFrame({"firm_id": ["f1", "f2"], "name": ["Firm One", "Firm Two"], "region": ["Flanders", "Wallonia"]})
    partners = pd.DataFrame({"partner_id": ["p1", "p2"], "name": ["Pharma", "Fund"], "partner_type": ["big pharma", "investor"]})
    deals = pd.DataFrame({"firm_id": ["f1", "f1", "f2", "f2"], "partner_id": ["p1", "p1", "p1", "p2"],
                          "year": [2001, 2005, 2010, 2012], "deal_type": ["licence", "option", "licence", "equity"]})
    graph = networks.alliance_graph(firms, partners, deals)
    assert graph.number_of_nodes() == 4 and graph.number_of_edges() == 3
    assert graph["firm:f1"]["partner:p1"]["weight"] == 2
    centrality = networks.firm_centrality(graph)
    assert list(centrality["firm"]) == ["Firm Two", "Firm One"]
    assert list(centrality["deals"]) == [2, 2]
    assert centrality.loc[0, "betweenness"] > 0


def test_alliance_graph_merges_firm_partners_and_drops_failed_bids():
    firms = pd.DataFrame({"firm_id": ["f1", "f2"], "name": ["Firm One", "Firm Two"], "region": ["Flanders", "Wallonia"]})
    partners = pd.DataFrame({"partner_id": ["f2", "p1"], "name": ["Firm Two NV", "Pharma"],
                             "partner_type": ["biotech", "big pharma"]})
    deals = pd.DataFrame({"firm_id": ["f1", "f2", "f1", "f2"], "partner_id": ["f2", "p1", "p1", "p2"],
                          "year": [2001, 2005, 2009, 2012], "deal_type": ["licence", "option", "licence", "acquisition"],
                          "agreed": [True, True, False, True]})
    partners = pd.concat([partners, pd.DataFrame({"partner_id": ["p2"], "name": ["Buyer"], "partner_type": ["biotech"]})])
    graph = networks.alliance_graph(firms, partners, deals)
    assert set(graph.nodes) == {"firm:f1", "firm:f2", "partner:p1"}  # failed bid and takeover left out
    assert graph.has_edge("firm:f1", "firm:f2") and not graph.has_edge("firm:f1", "partner:p1")
    with_takeovers = networks.alliance_graph(firms, partners, deals, exclude_types=())
    assert with_takeovers.has_edge("firm:f2", "partner:p2")
    legend = networks.alliance_legend(graph)
    assert ("Flanders firm", charts.REGION_COLOURS["Flanders"], "dot") in legend
    assert [text for text, *_ in legend] == ["Flanders firm", "Wallonia firm", "big pharma"]
    markup = networks.NetworkView(networks.pyvis_from_graph(graph), "t", legend=legend).to_html()
    assert 'class="network-legend"' in markup and "big pharma" in markup


def test_site_network_has_one_node_per_actor():
    graph = networks.alliance_graph(br.load_firms(), br.load_partners(), br.load_alliances())
    labels = [attrs["label"] for _, attrs in graph.nodes(data=True)]
    assert len(labels) == len(set(labels)), sorted(label for label in labels if labels.count(label) > 1)


def test_table_links_source_ids_to_the_sources_table(monkeypatch):
    from bioregions.paths import PROJ_ROOT

    monkeypatch.chdir(PROJ_ROOT / "chapters")
    frame = pd.DataFrame({"name": ["x"], "source_ids": ["S001;S002"], "key": ["D001"]})
    markup = tables.table(frame, {"name": "Name", "source_ids": "Sources"}, row_id="key")._repr_html_()
    for source_id in ("S001", "S002"):
        assert f'href="data.html#{source_id}"' in markup and f">{source_id}</a>" in markup
    assert '<tr id="D001">' in markup
    sources = tables.table(br.load_sources().head(2), {"source_id": "Id", "url": "Address"}, row_id="source_id",
                           url_column="url")._repr_html_()
    assert '<tr id="S001">' in sources and '<a href="http' in sources


def test_network_layout_is_the_same_in_every_process():
    """Python salts string hashes per process; the layout must not depend on set iteration order."""
    import subprocess
    import sys

    code = ("import json, bioregions as br; from bioregions import networks; "
            "view = networks.alliance_network(br.load_firms(), br.load_partners(), br.load_alliances()); "
            "print(json.dumps(view.payload(), sort_keys=True))")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**__import__("os").environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2", "3")}
    assert len(outputs) == 1


def test_table_escapes_markup_and_is_valid():
    markup = tables.table(pd.DataFrame({"name": [HOSTILE], "n": [3.0]}))._repr_html_()
    assert "<script>" not in markup and "&lt;/script&gt;" in markup
    assert "border=" not in markup and "<td>3</td>" in markup


def test_inline_helpers_escape_and_format():
    assert br.num(1234567)._repr_markdown_() == "1,234,567"
    assert br.share(1, 4)._repr_markdown_() == "25%"
    text = br.md_text("*bold* <b>x</b> [link](y)")._repr_markdown_()
    assert "<" not in text.replace("\\<", "") and "\\*bold\\*" in text


def test_indicator_chart_refuses_unknown_series():
    with pytest.raises(ValueError, match="no indicator rows"):
        charts.indicator_chart(br.load_indicators(), "Atlantis", "firms", "x")


def test_every_site_chart_builds_and_exports(tmp_path):
    from bioregions.figures import export_figures

    written = export_figures(tmp_path)
    assert len(written) >= 6
    for path in written:
        assert path.read_text().lstrip().startswith("<svg")


def test_committed_figures_match_the_data(tmp_path):
    """figures/ holds the static export of every chart; after a data change, run `make figures`."""
    from bioregions.figures import export_figures
    from bioregions.paths import FIGURES_DIR

    for path in export_figures(tmp_path):
        committed = FIGURES_DIR / path.name
        assert committed.exists(), f"{committed} is missing: run `make figures`"
        # vl-convert numbers gradient ids per process; they carry no content.
        normalise = lambda text: re.sub(r"gradient_\d+", "gradient_N", text)  # noqa: E731
        assert normalise(committed.read_text()) == normalise(path.read_text()), f"{committed} is stale: run `make figures`"
