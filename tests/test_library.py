"""The bioregions research core (domain functions, facts, graphs) and its site layer (page links, chart
renderer, network view, tables, palette, catalogue), on the synthetic package where results are known."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import altair as alt
import networkx as nx
import pandas as pd
import pytest

import bioregions as br
from bioregions import domain, facts, graphs
from bioregions.site import catalogue, charts, embed, network, palette, start_page, tables
from bioregions.site.prose import md_text, num, share
from conftest import ROOT

HOSTILE = '</script><script>alert("x")</script><b>&amp;</b>'
CORE = ROOT / "code" / "bioregions"


@pytest.fixture(autouse=True)
def page():
    return start_page("chapters/test-page.qmd")


def html_of(bundle: dict) -> str:
    """The HTML inside a site page's display bundle (raw HTML fenced in markdown)."""
    text = bundle["text/markdown"]
    assert text.startswith("```{=html}\n") and text.endswith("\n```"), text[:80]
    return text[len("```{=html}\n"):-len("\n```")]


def payload_of(markup: str, css_class: str):
    match = re.search(rf'<script type="application/json" class="{css_class}-data"[^>]*>(.*?)</script>', markup, re.S)
    assert match, markup[:300]
    return json.loads(match.group(1))


# ---- the research core stays light and never looks at the working directory -----------------

def fresh_python(code: str) -> str:
    """What `code` prints in a new interpreter started outside the project (so no working directory helps)."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="/").stdout.strip()


def test_loading_a_table_imports_no_display_library():
    loaded = fresh_python("import sys, bioregions as b; b.load_firms(); "
                          "print([m for m in ('IPython', 'altair', 'pyvis', 'vl_convert', 'jinja2') if m in sys.modules])")
    assert loaded == "[]", loaded


def test_no_module_of_the_library_reads_the_working_directory():
    offenders = [f"{path.relative_to(ROOT)}:{n}" for path in CORE.rglob("*.py")
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if re.search(r"\bcwd\b|getcwd|Path\(\)\.resolve|abspath|os\.path\.relpath", line)]
    assert not offenders, offenders


def test_import_rule_holds():
    """core -> site layer -> chapters; the renderer depends on neither (contracts in pyproject.toml)."""
    result = subprocess.run([str(Path(sys.executable).with_name("lint-imports"))], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken" in result.stdout, result.stdout


# ---- domain vocabulary ----------------------------------------------------------------------

def test_nbfs_anchors_and_owned_firms(t):
    assert list(domain.nbfs(t["firms"])["firm_id"]) == ["alpha-bio", "beta-therapeutics", "delta-bio"]
    assert list(domain.in_country(t["firms"], "Germany")["firm_id"]) == ["delta-bio"]
    assert list(domain.deals_in_country(t["alliances"], t["firms"], "Germany")["deal_id"]) == ["D006"]
    assert list(domain.anchors(t["firms"])["firm_id"]) == ["gamma-pharma"]
    assert list(domain.owned_by_another_company(t["firms"])["firm_id"]) == ["beta-therapeutics"]


def test_deal_kinds(t):
    deals = t["alliances"]
    assert list(domain.agreed_deals(deals)["deal_id"]) == ["D001", "D002", "D003", "D005", "D006"]
    assert list(domain.failed_bids(deals)["deal_id"]) == ["D004"]
    assert list(domain.alliances_only(deals)["deal_id"]) == ["D001", "D002", "D005", "D006"]
    assert list(domain.takeovers(deals)["deal_id"]) == ["D003"]
    assert len(domain.agreed_deals(deals.drop(columns="agreed"))) == 6


def test_counterparties_that_are_firms_are_named_as_firms(t):
    named = domain.deals_with_names(t["alliances"], t["firms"], t["partners"]).set_index("deal_id")
    assert named.loc["D001", "partner_name"] == "Big Pharma Inc"
    assert named.loc["D002", "partner_name"] == "Beta Therapeutics" and named.loc["D002", "firm_name"] == "Alpha Bio"
    assert named.loc["D001", "partner_type"] == "big pharma"


def test_currency_without_an_amount_is_blanked(t):
    shown = domain.without_orphan_currency(t["alliances"].assign(currency="EUR")).set_index("deal_id")
    assert shown.loc["D001", "currency"] == "EUR" and pd.isna(shown.loc["D002", "currency"])
    upfront_only = domain.without_orphan_currency(t["alliances"], ["upfront_amount"]).set_index("deal_id")
    assert pd.isna(upfront_only.loc["D003", "currency"])  # a price, but no upfront


def test_indicator_series_and_the_longest_comparable_one():
    rows = pd.DataFrame({"geography": ["BE"] * 5, "indicator": ["cap"] * 5, "year": [2001, 2002, 2003, 2010, 2011],
                         "scope": ["a", "a", "a", "b", "b"], "value": [1.0, 2, 3, 4, 5]})
    assert list(domain.longest_comparable_series(rows, "BE", "cap")["year"]) == [2001, 2002, 2003]
    tie = rows[rows["year"] != 2003]
    assert set(domain.longest_comparable_series(tie, "BE", "cap")["scope"]) == {"b"}  # the later run wins a tie
    with pytest.raises(ValueError, match="no indicator rows"):
        domain.indicator_series(rows, "Atlantis", "cap")


def test_regional_firm_counts_keep_stocks_of_firms_in_regions():
    rows = pd.DataFrame({"geography": ["Flanders", "Flanders", "Belgium", "Bavaria", "Bavaria"],
                         "indicator": ["number of biotech companies", "biotech start-ups founded",
                                       "number of biotech companies", "KU Leuven spin-offs", "biotech employees"],
                         "unit": ["companies", "firms", "companies", "companies", "employees"]})
    assert list(domain.regional_firm_counts(rows).index) == [0]


def test_how_to_cite_reads_the_citation_file(tmp_path):
    cff = tmp_path / "CITATION.cff"
    cff.write_text("title: T\nversion: 1.2\ndate-released: 2026-01-02\nauthors:\n  - given-names: A\n"
                   "    family-names: B\n", encoding="utf-8")
    assert domain.how_to_cite(cff) == "A B (2026), T, version 1.2."
    assert domain.how_to_cite().endswith(".") and "version" in domain.how_to_cite()
    with pytest.raises(FileNotFoundError):
        domain.how_to_cite(tmp_path / "missing.cff")


# ---- facts each page states -------------------------------------------------------------------

def test_page_facts_on_known_data(package):
    synthesis = facts.synthesis(package)
    assert (synthesis.nbfs, synthesis.owned, synthesis.takeovers, synthesis.listed) == (2, 1, 1, 1)
    assert synthesis.platform == 1 and synthesis.service == 0
    early = facts.partnering_1993(package)
    assert (early.founded_early, early.undated, len(early.early_deals)) == (1, 0, 0)
    policy = facts.policy_1996(package)
    assert policy.by_region == {"Flanders": 1, "Wallonia": 1, "Brussels-Capital": 0, "Belgium": 0, "EU": 0}
    browse = facts.browse(package)
    assert (browse.deal_rows, browse.agreed) == (6, 5)
    assert browse.deals.set_index("deal_id").loc["D004", "agreed"] == "no (failed bid or talks)"


def test_alliance_facts_count_alliances_not_takeovers(package):
    alliances = facts.alliances_2015(package)
    assert (alliances.alliances, alliances.takeovers, alliances.failed) == (3, 1, 1)  # Belgian deals only
    assert (alliances.firm_nodes, alliances.partner_nodes, alliances.big_pharma_alliances) == (2, 1, 2)
    assert alliances.top["firm"] == "Alpha Bio"


# ---- graphs -----------------------------------------------------------------------------------

def test_alliance_graph_merges_firm_partners_and_drops_failed_bids_and_takeovers(t):
    graph = graphs.alliance_graph(t["firms"], t["partners"], t["alliances"])
    assert set(graph.nodes) == {"firm:alpha-bio", "firm:beta-therapeutics", "firm:delta-bio", "partner:big-pharma-inc"}
    assert graph["firm:alpha-bio"]["partner:big-pharma-inc"]["weight"] == 2  # the licence and its expansion
    assert graph.has_edge("firm:alpha-bio", "firm:beta-therapeutics")
    assert not graph.has_edge("firm:beta-therapeutics", "partner:big-pharma-inc")  # the takeover
    with_takeovers = graphs.alliance_graph(t["firms"], t["partners"], t["alliances"], exclude_types=())
    assert with_takeovers.has_edge("firm:beta-therapeutics", "partner:big-pharma-inc")
    assert not with_takeovers.has_node("partner:venture-fund")  # the failed round


def test_centrality_counts_deals_and_partners():
    firms = pd.DataFrame({"firm_id": ["f1", "f2"], "name": ["Firm One", "Firm Two"], "region": ["Flanders", "Wallonia"]})
    partners = pd.DataFrame({"partner_id": ["p1", "p2"], "name": ["Pharma", "Fund"], "partner_type": ["big pharma", "investor"]})
    deals = pd.DataFrame({"firm_id": ["f1", "f1", "f2", "f2"], "partner_id": ["p1", "p1", "p1", "p2"],
                          "year": [2001, 2005, 2010, 2012], "deal_type": ["licence", "option", "licence", "equity"]})
    graph = graphs.alliance_graph(firms, partners, deals)
    assert graph.number_of_nodes() == 4 and graph["firm:f1"]["partner:p1"]["weight"] == 2
    centrality = graphs.firm_centrality(graph)
    assert list(centrality["firm"]) == ["Firm Two", "Firm One"] and list(centrality["deals"]) == [2, 2]
    assert centrality.loc[0, "betweenness"] > 0
    assert graphs.largest_component(graph) == sorted(graph.nodes)


def test_site_network_has_one_node_per_actor():
    graph = graphs.alliance_graph(br.load_firms(), br.load_partners(), br.load_alliances())
    labels = [attrs["label"] for _, attrs in graph.nodes(data=True)]
    assert len(labels) == len(set(labels)), sorted(label for label in labels if labels.count(label) > 1)


def test_network_layout_and_ego_graphs_are_the_same_in_every_process():
    """Python salts string hashes per process; neither the layout nor the order of an ego graph's nodes and ties
    (which the page's bytes follow) may depend on set iteration order."""
    code = ("import json, bioregions as br; from bioregions import graphs; "
            "graph = graphs.alliance_graph(br.load_firms(), br.load_partners(), br.load_alliances()); "
            "ego = graphs.ego_graph(graph, 'galapagos'); "
            "print(json.dumps([graphs.layout_positions(graph), list(ego), list(ego.edges)], sort_keys=True))")
    import os

    runs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONHASHSEED": seed}) for seed in ("1", "2")]
    outputs = [run.communicate()[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    assert outputs[0] and outputs[0] == outputs[1]


# ---- the page: links and scripts ------------------------------------------------------------

def test_links_are_relative_to_the_page_not_the_working_directory(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    chapter, home = start_page("chapters/a.qmd"), start_page("index.qmd")
    assert chapter.link("index.qmd") == "../index.html" and home.link("chapters/data.qmd", "S001") == \
        "chapters/data.html#S001"
    assert chapter.source_link("S002") == "data.html#S002"
    assert chapter.link("assets/js/x.js") == "../assets/js/x.js" and home.link("assets/js/x.js") == "assets/js/x.js"
    with pytest.raises(ValueError, match="from the project root"):
        start_page("../elsewhere.qmd")


def test_scripts_are_emitted_once_per_page_and_again_on_the_next_render():
    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    first = html_of(charts.site_renderer(chart.to_dict()))
    again = html_of(charts.site_renderer(chart.to_dict()))
    assert "vega-bundle.js" in first and "vega-bundle.js" not in again
    # The same page rendered again in the same kernel (Quarto may reuse one) loads its scripts again.
    start_page("chapters/test-page.qmd")
    rerendered = html_of(charts.site_renderer(chart.to_dict()))
    assert rerendered == first
    graph = nx.Graph([("a", "b")])
    view = network.NetworkView(network.pyvis_from_graph(graph), "t").to_html()
    assert "vis-network.min.js" in view and "bioregions-embed.js" not in view


def test_site_pages_get_markdown_and_notebooks_html():
    """Quarto adds require.js and jQuery from a CDN to pages with text/html outputs: site pages never emit one."""
    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    view = network.NetworkView(network.pyvis_from_graph(nx.Graph([("a", "b")])), "t")
    table = tables.table(pd.DataFrame({"a": [1]}))
    for bundle in (charts.site_renderer(chart.to_dict()), view._repr_mimebundle_(), table._repr_mimebundle_()):
        assert set(bundle) == {"text/markdown"} and "<div" in html_of(bundle)
    start_page("notebook.qmd", output="html")
    assert set(table._repr_mimebundle_()) == {"text/html"} and set(charts.site_renderer(chart.to_dict())) == {"text/html"}
    with pytest.raises(ValueError, match="markdown"):
        start_page("x.qmd", output="pdf")


def test_a_figure_before_start_page_is_a_clear_error(monkeypatch):
    from bioregions.site import page as page_module

    monkeypatch.setattr(page_module, "_current", None)
    with pytest.raises(RuntimeError, match="start_page"):
        page_module.current_page()


def test_chart_renderer_emits_div_and_local_scripts_only():
    frame = pd.DataFrame({"x": [1, 2], "label": [HOSTILE, "b"]})
    chart = alt.Chart(frame, description="test chart").mark_point().encode(x="x:Q", tooltip="label:N")
    markup = html_of(charts.site_renderer(chart.to_dict()))
    assert '<div class="vega-chart"' in markup and 'aria-label="test chart"' in markup
    assert "http" not in markup.split("application/json")[0] + markup.split("</script>")[-1]
    assert "</script><script>alert" not in markup
    spec = payload_of(markup, "vega-chart")
    assert any(row.get("label") == HOSTILE for rows in spec["datasets"].values() for row in rows)
    assert 'src="../assets/vendor/vega-bundle.js"' in markup


def test_script_json_cannot_close_its_script():
    text = embed.script_json({"a": HOSTILE})
    assert "<" not in text and ">" not in text and json.loads(text)["a"] == HOSTILE


def test_network_view_is_static_plain_text_and_deterministic():
    graph = nx.Graph()
    graph.add_node("a", label=HOSTILE, title=HOSTILE)
    graph.add_edge("a", "b", title="<i>deal</i>")
    graph.add_edge("c", "d")
    first = network.NetworkView(network.pyvis_from_graph(graph), "test").to_html()
    start_page("chapters/test-page.qmd")
    second = network.NetworkView(network.pyvis_from_graph(graph), "test").to_html()
    assert first == second
    data = payload_of(first, "vis-network-view")
    nodes = data["nodes"]  # sent column by column
    assert data["options"]["physics"]["enabled"] is False
    assert len(nodes["x"]) == len(nodes["y"]) == len(nodes["id"]) == 4 and None not in nodes["x"] + nodes["y"]
    assert set(nodes["title"]) >= {HOSTILE} and "<i>deal</i>" in data["edges"]["title"] and "<script>alert" not in first
    assert [nodes["id"][i] for i in data["edges"]["from"]] == ["a", "c"]


# ---- one colour per meaning -------------------------------------------------------------------

def test_every_schema_value_has_one_colour_shared_by_charts_and_networks(t):
    for (table, field) in palette.HUES:
        mapping = palette.colours(table, field)
        assert list(mapping) == br.allowed_values(table, field)
    graph = network.decorate_alliance_graph(graphs.alliance_graph(t["firms"], t["partners"], t["alliances"]))
    legend = network.alliance_legend(graph)
    assert ("Flanders firm", palette.colours("firms", "region")["Flanders"], "dot") in legend
    assert [entry for entry in legend if "German" in entry[0]] == [("German firm", palette.OTHER_REGION, "dot")]
    assert graph.nodes["firm:alpha-bio"]["color"] == palette.colours("firms", "region")["Flanders"]
    spec = charts.foundings_chart(t["firms"]).to_dict()
    scale = spec["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"])) == {r: palette.colours("firms", "region")[r]
                                                         for r in scale["domain"]}
    css = palette.css()
    assert f"--colour-region-flanders: {palette.colours('firms', 'region')['Flanders']};" in css


def test_chart_orders_come_from_the_schema(t):
    spec = charts.deals_per_year_chart(t["alliances"]).to_dict()
    order = br.allowed_values("alliances", "deal_type")
    shown = spec["encoding"]["color"]["sort"]
    assert shown == [value for value in order if value in shown]
    outcomes = charts.firm_outcomes_chart(t["firms"].assign(status=None)).to_dict()
    assert outcomes["encoding"]["color"]["scale"]["domain"] == [palette.MISSING]


# ---- tables and prose -----------------------------------------------------------------------

def test_table_links_source_ids_to_the_sources_table():
    start_page("chapters/x.qmd")
    frame = pd.DataFrame({"name": ["x"], "source_ids": ["S001;S002"], "key": ["D001"]})
    markup = tables.table(frame, {"name": "Name", "source_ids": "Sources"}, row_id="key").to_html()
    for source_id in ("S001", "S002"):
        assert f'href="data.html#{source_id}"' in markup and f">{source_id}</a>" in markup
    assert '<tr id="D001">' in markup
    start_page("index.qmd")
    assert 'href="chapters/data.html#S001"' in tables.table(frame).to_html()


def test_table_escapes_markup_and_is_valid():
    markup = tables.table(pd.DataFrame({"name": [HOSTILE], "n": [3.0]})).to_html()
    assert "<script>" not in markup and "&lt;/script&gt;" in markup
    assert "border=" not in markup and "<td>3</td>" in markup


def test_inline_helpers_escape_and_format():
    assert num(1234567)._repr_markdown_() == "1,234,567" and num(2.25, 1)._repr_markdown_() == "2.2"
    assert share(1, 4)._repr_markdown_() == "25%" and share(1, 0)._repr_markdown_() == "n/a"
    text = md_text("*bold* <b>x</b> [link](y)")._repr_markdown_()
    assert "<" not in text.replace("\\<", "") and "\\*bold\\*" in text


# ---- the data catalogue ---------------------------------------------------------------------

def test_catalogue_links_downloads_from_the_page(t, package):
    start_page("chapters/data.qmd")
    overview = catalogue.tables_overview(br.load_all())._repr_markdown_()
    assert "[firms.csv](../data/firms.csv)" in overview and "(../data/datapackage.json)" in overview
    start_page("index.qmd")
    assert "[firms.csv](data/firms.csv)" in catalogue.tables_overview(br.load_all())._repr_markdown_()


def test_catalogue_schema_and_notes():
    firms = next(r for r in br.package_descriptor()["resources"] if r["name"] == "firms")
    schema = catalogue.schema_frame(firms).set_index("Field")
    assert schema.loc["region", "Allowed values"].startswith("Flanders, Wallonia")
    assert schema.loc["firm_id", "Required"] == "yes"
    notes = catalogue.notes_markdown()._repr_markdown_()
    assert all(not line.startswith("# ") and not line.startswith("## ") for line in notes.splitlines())


# ---- figures --------------------------------------------------------------------------------

def test_every_site_chart_exports_and_matches_the_committed_figures(tmp_path):
    """figures/ holds the static export of every chart; after a data change, run `make figures`."""
    from bioregions.site.figures import FIGURES_DIR, export_figures

    written = export_figures(tmp_path)
    assert len(written) >= 6
    for path in written:
        assert path.read_text().lstrip().startswith("<svg"), path
        committed = FIGURES_DIR / path.name
        assert committed.exists(), f"{committed} is missing: run `make figures`"
        # vl-convert numbers gradient ids per process; they carry no content.
        normalise = lambda text: re.sub(r"gradient_\d+", "gradient_N", text)  # noqa: E731
        assert normalise(committed.read_text()) == normalise(path.read_text()), f"{committed} is stale: run `make figures`"


def test_addresses_are_shown_as_given_and_linked_as_valid_urls():
    frame = pd.DataFrame({"url": ["https://example.org/artikel/ein-deal/\\", "https://example.org/münchen?a=1&b=2"]})
    markup = tables.table(frame, url_column="url").to_html()
    assert 'href="https://example.org/artikel/ein-deal/%5C"' in markup and ">https://example.org/artikel/ein-deal/\\<" in markup
    assert 'href="https://example.org/m%C3%BCnchen?a=1&amp;b=2"' in markup


def test_figures_count_what_their_prose_counts(package, t):
    """The 2015 partner chart counts alliances (no takeovers), as the sentence citing it does."""
    alliances = facts.alliances_2015(package)
    spec = charts.partner_types_chart(alliances.deals, t["partners"]).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert sum(r["deals"] for r in rows if r["partner_type"] == "big pharma") == alliances.big_pharma_alliances
    assert sum(r["deals"] for r in rows) == alliances.alliances


def test_every_chart_has_an_accessible_name(t):
    """The embed names a chart from its description; a layered chart must carry one at the top."""
    for chart in (charts.policy_timeline_chart(t["policy_events"]), charts.deals_per_year_chart(t["alliances"]),
                  charts.foundings_chart(t["firms"]), charts.partner_types_chart(t["alliances"], t["partners"]),
                  charts.firm_outcomes_chart(t["firms"]), charts.sweep_kinds_chart(t["sweep_log"], t["firms"])):
        assert chart.to_dict().get("description"), chart


def test_network_key_uses_the_palette_stylesheet(t):
    graph = network.decorate_alliance_graph(graphs.alliance_graph(t["firms"], t["partners"], t["alliances"]))
    markup = network.NetworkView(network.pyvis_from_graph(graph), "t", legend=network.alliance_legend(graph)).legend_html()
    flanders = palette.colours("firms", "region")["Flanders"]
    assert f"background:var(--colour-region-flanders, {flanders})" in markup
    assert "var(--colour-partner-type-big-pharma," in markup


# ---- citation ------------------------------------------------------------------------------------

def test_bibtex_braces_group_authors_and_escapes_special_characters():
    from bioregions.site import citation

    cff = {"authors": [{"name": "A & B group"}, {"given-names": "Jean-Pierre", "family-names": "Segers"}]}
    assert citation.bibtex_authors(cff) == "{A & B group} and Segers, Jean-Pierre"
    entry = citation.bibtex("k", {"author": citation.bibtex_authors(cff), "title": "50% of R&D", "url": ""})
    assert entry == "@misc{k,\n  author = {{A \\& B group} and Segers, Jean-Pierre},\n  title = {50\\% of R\\&D},\n}"


def test_cite_this_names_the_page_its_address_and_the_published_site(tmp_path, monkeypatch):
    from bioregions.site import citation

    start_page("chapters/1993-partnering.qmd")
    block = citation.cite_this().data
    title = citation.page_title("chapters/1993-partnering.qmd")
    assert title and f"“{title}”" in block and f"title = {{{title}}}" in block
    assert citation.site_url() + "chapters/1993-partnering.html" in block
    assert "](../CITATION.cff)" in block
    # The publishing workflow's profile sets the published address, which the citation then carries.
    profile = tmp_path / "_quarto-publish.yml"
    profile.write_text("book:\n  site-url: https://example.org/book\n")
    assert citation.site_url(tmp_path) == "/"  # no _quarto.yml there and no profile asked for
    monkeypatch.setenv("QUARTO_PROFILE", "publish")
    assert citation.site_url(tmp_path) == "https://example.org/book/"


def test_build_info_names_version_commit_and_with_a_repository_its_links(tmp_path, monkeypatch):
    import shutil

    from bioregions.paths import PROJ_ROOT
    from bioregions.site import assets

    here = assets.build_info()
    commit = subprocess.run(["git", "-C", str(PROJ_ROOT), "log", "-1", "--format=%h"], capture_output=True,
                            text=True).stdout.strip()
    assert "Version " in here and (f"<code>{commit}</code>" in here if commit else "outside a git checkout" in here)
    assert "Report an error" not in here  # no repository named locally
    shutil.copy(PROJ_ROOT / "CITATION.cff", tmp_path / "CITATION.cff")
    (tmp_path / "_quarto.yml").write_text("book:\n  title: t\n")
    (tmp_path / "_quarto-publish.yml").write_text("book:\n  repo-url: https://example.org/owner/repo/\n")
    monkeypatch.setenv("QUARTO_PROFILE", "publish")
    elsewhere = assets.build_info(tmp_path)
    assert "built outside a git checkout" in elsewhere
    assert 'href="https://example.org/owner/repo/issues/new">Report an error</a>' in elsewhere


def test_a_paged_table_writes_all_rows_and_lists_every_name_in_the_page():
    from bioregions.site.tables import PAGE_LENGTH

    start_page("chapters/test-page.qmd")
    frame = pd.DataFrame({"id": [f"R{i}" for i in range(PAGE_LENGTH + 5)],
                          "name": [f"<b>n{i}</b>" for i in range(PAGE_LENGTH + 5)],
                          "old": ["x; <i>y</i>"] + [None] * (PAGE_LENGTH + 4)})
    shown = tables.table(frame, {"id": "Id", "name": "Name", "old": "Old names"}, label="Test rows", row_id="id",
                         paged=True, filters=("Name",), names=("Name", "Old names")).to_html()
    assert shown.count("<tr id=") == PAGE_LENGTH and "<b>" not in shown and "&lt;b&gt;n29&lt;/b&gt;" in shown
    assert '<a href="#R0">&lt;i&gt;y&lt;/i&gt;</a>' in shown and "(32)" in shown  # 30 names + 2 former names
    script = re.search(r'src="([^"]+)"', shown).group(1)
    from bioregions.paths import PROJ_ROOT

    written = (PROJ_ROOT / "chapters" / script).resolve()
    text = written.read_text(encoding="utf-8")
    written.unlink()  # a test's table is not part of the site
    rows = json.loads(text[text.index("] = ") + 4:].rstrip().rstrip(";"))
    assert rows["ids"] == list(frame["id"]) and len(rows["rows"]) == len(frame)
    assert rows["rows"][29][1] == "&lt;b&gt;n29&lt;/b&gt;"  # cells escaped before they reach the browser
    with pytest.raises(ValueError, match="does not show"):
        tables.table(frame, {"id": "Id"}, paged=True, filters=("Name",))


# ---- firm profiles ---------------------------------------------------------------------------------

def _firm(**values) -> pd.Series:
    base = {"firm_id": "f", "name": "F", "founded_year": 1990, "ipo_year": pd.NA, "ipo_markets": pd.NA,
            "status": "independent", "status_year": pd.NA, "acquirer": pd.NA, "region": "Flanders", "country": "Belgium"}
    return pd.Series({**base, **values})


def test_firm_events_put_founding_listing_deals_and_exit_in_order():
    firm = _firm(ipo_year=1998, ipo_markets="Euronext", status="acquired", status_year=2005, acquirer="Big Co")
    deals = pd.DataFrame({"year": [2001, 1995, pd.NA], "deal_type": ["licence", "option", "licence"],
                          "partner_name": ["P1", "P2", "P3"], "agreed": [True, False, True]})
    events = domain.firm_events(firm, deals)
    assert list(events["year"]) == [1990, 1995, 1998, 2001, 2005]
    assert list(events["event"]) == ["F founded", "option with P2 (not agreed)", "listed (Euronext)",
                                     "licence with P1", "acquired by Big Co"]
    assert domain.firm_events(_firm(founded_year=pd.NA), deals.iloc[0:0]).empty


def test_region_indicators_give_the_latest_value_per_indicator_region_first():
    rows = pd.DataFrame({"geography": ["Belgium", "Flanders", "Flanders", "Wallonia"],
                         "indicator": ["firms", "firms", "firms", "firms"], "scope": ["a", "b", "b", "b"],
                         "year": [2020, 2010, 2015, 2021], "value": [1.0, 2.0, 3.0, 4.0]})
    latest = domain.region_indicators(rows, _firm())
    assert list(zip(latest["geography"], latest["year"])) == [("Flanders", 2015), ("Belgium", 2020)]


def test_each_firm_appears_on_its_browse_row_and_only_in_tables_that_list_it():
    t = br.load_all()
    where = facts.firm_appearances(t)
    assert set(where) == set(t["firms"]["firm_id"])
    assert all(entries[0][1:] == ("chapters/browse.qmd", firm_id) for firm_id, entries in where.items())
    early = facts.partnering_1993().early_deals
    in_1993 = {firm_id for firm_id, entries in where.items() if any("1993" in page for _, page, _ in entries)}
    assert in_1993 == set(early["firm_id"])


def test_a_profile_page_holds_identity_timeline_deals_network_and_links():
    from bioregions.site import profiles

    t = br.load_all()
    deals = t["alliances"]
    firm_id = deals["firm_id"].value_counts().index[0]
    firm = t["firms"].set_index("firm_id").loc[firm_id].copy()
    firm["firm_id"] = firm_id
    graph = network.decorate_alliance_graph(graphs.alliance_graph(t["firms"], t["partners"], deals))
    named = domain.deals_with_names(deals[deals["firm_id"] == firm_id], t["firms"], t["partners"])
    titles = dict(zip(t["sources"]["source_id"], t["sources"]["title"]))
    text = profiles.profile_markdown(firm, t, graph, facts.firm_appearances(t)[firm_id], named, titles)
    assert text.startswith("---\ntitle: ") and f"holds {len(named)} row(s)" in text
    for section in ("sec-identity", "sec-timeline", "sec-deals", "sec-network", "sec-region", "sec-appears"):
        assert "{#" + section + "}" in text
    assert 'class="vega-chart"' in text and 'class="vis-network-view"' in text
    assert f"../chapters/browse.html#{firm_id}" in text and "../chapters/data.html#S" in text
    spec = json.loads(re.search(r'class="vega-chart-data"[^>]*>(.*?)</script>', text, re.S).group(1))
    alt.Chart.from_dict(spec)  # the timeline is a valid Vega-Lite spec (profiles skip Altair's validation)

# ---- 1993 and 1996 chapters ----------------------------------------------------------------

def _firms(rows):
    columns = ["firm_id", "name", "founded_year", "status", "status_year", "ipo_year", "acquirer", "ipo_markets",
               "region", "origin_type", "origin_institution"]
    frame = pd.DataFrame([dict(zip(columns, row)) for row in rows], columns=columns)
    return frame.astype({"founded_year": "Int64", "status_year": "Int64", "ipo_year": "Int64"})


def _deals(rows):
    columns = ["deal_id", "year", "firm_id", "partner_id", "deal_type", "firm_role", "agreed", "relates_to", "relation"]
    return pd.DataFrame([dict(zip(columns, row)) for row in rows], columns=columns).astype({"agreed": "boolean"})


PARTNERS = pd.DataFrame({"partner_id": ["pharma", "fund", "biotech"], "name": ["Pharma", "Fund", "Small Bio"],
                         "partner_type": ["big pharma", "investor", "biotech"]})


def test_deal_periods_and_kinds_of_partnering_by_period():
    years = pd.Series([1990, 1995, 2004, 2005, 2014, 2015, None], dtype="Int64")
    assert list(domain.deal_period(years).astype(object).where(lambda s: s.notna(), None)) == [
        "before 1995", "1995–2004", "1995–2004", "2005–2014", "2005–2014", "2015 on", None]
    deals = _deals([("D1", 1990, "a", "pharma", "licence", None, True, None, None),
                    ("D2", 1991, "a", "pharma", "equity", None, True, None, None),
                    ("D3", 1992, "a", "pharma", "equity", None, True, None, None),
                    ("D4", 1993, "a", "pharma", "acquisition", "acquired", True, None, None),  # a takeover: out
                    ("D5", 2016, "a", "fund", "equity", None, False, None, None)])  # failed: out
    counts = domain.deals_by_period(deals).set_index(["period", "deal_type"])
    assert counts["deals"].to_dict() == {("before 1995", "equity"): 2, ("before 1995", "licence"): 1}
    assert counts.loc[("before 1995", "equity"), "share"] == pytest.approx(2 / 3)


HISTORY_FIRMS = _firms([
    ("a", "A", 2000, "acquired", 2010, None, "Pharma", None, "Flanders", None, None),
    ("b", "B", 2000, "independent", None, 2008, None, "Euronext", "Flanders", None, None),
    ("c", "C", 2000, "reorganised", 2015, None, None, None, "Wallonia", None, None),
    ("d", "D", 2018, "independent", None, None, None, None, "Wallonia", None, None),
    ("e", "E", 2001, None, None, None, None, None, "Wallonia", None, None),
    ("f", "F", 2001, "acquired", None, None, None, None, "Wallonia", None, None),
    ("g", "G", 2000, "liquidated", 2003, None, None, None, "Wallonia", None, None),
    ("h", "H", None, "independent", None, None, None, None, "Wallonia", None, None),
    ("i", "I", 2002, "subsidiary", None, None, "Parent", None, "Wallonia", None, None),
])
HISTORY_DEALS = _deals([
    ("D1", 2002, "a", "pharma", "licence", None, True, None, None),    # early, large: counts
    ("D2", 2001, "b", "fund", "equity", None, True, None, None),       # early, not a large firm
    ("D3", 2005, "c", "pharma", "licence", None, True, None, None),    # year 5: after the window
    ("D4", 2001, "c", "pharma", "licence", None, False, None, None),   # failed: not counted
    ("D5", 2004, "a", "pharma", "acquisition", "acquired", True, None, None),  # a takeover, not an alliance
    ("D6", 2003, "a", "pharma", "R&D collaboration", None, True, None, None),
])


def test_firm_histories_time_events_groups_and_reasons_to_leave_out():
    h = domain.firm_histories(HISTORY_FIRMS, HISTORY_DEALS, PARTNERS, end_year=2020).set_index("firm_id")
    assert h["early_large_deals"].to_dict() == {"a": 2, "b": 0, "c": 0, "d": 0, "e": 0, "f": 0, "g": 0, "h": 0, "i": 0}
    assert list(h.loc[["a", "b", "c"], "early_alliance"]) == ["one or more", "none", "none"]
    assert (h.loc["a", "exit_time"], h.loc["a", "exit_seen"], h.loc["a", "listing_time"], h.loc["a", "listing_seen"]) \
        == (10, True, 10, False)  # listing censored at the exit
    assert (h.loc["b", "exit_time"], h.loc["b", "exit_seen"], h.loc["b", "listing_time"], h.loc["b", "listing_seen"]) \
        == (20, False, 8, True)
    assert (h.loc["c", "exit_time"], h.loc["c", "exit_seen"]) == (20, False)  # reorganised: still running
    assert h["left_out"].to_dict() == {
        "a": "", "b": "", "c": "", "d": "founded fewer than 5 years before 2020", "e": "status not known",
        "f": "exit year not known", "g": "", "h": "founding year not known",
        "i": "owned by another company, year not known"}
    # The landmark: g exited in year 3, before the early-alliance groups are fixed.
    assert list(domain.landmark(h.reset_index(), "exit")["firm_id"]) == ["a", "b", "c"]
    assert list(domain.landmark(h.reset_index(), "listing")["firm_id"]) == ["a", "b", "c"]


def test_kaplan_meier_matches_the_hand_computed_estimate():
    histories = pd.DataFrame({"exit_time": [6, 8, 10, 12, 3], "exit_seen": [True, False, True, False, True],
                              "early_alliance": ["none"] * 5, "left_out": [""] * 5})
    curve = domain.kaplan_meier(histories, "exit", window=5)
    assert list(curve["time"]) == [5, 6, 10, 12]
    assert list(curve["survival"]) == pytest.approx([1.0, 0.75, 0.375, 0.375])
    assert list(curve["at_risk"]) == [4, 4, 2, 1] and list(curve["events"]) == [0, 1, 1, 0]
    assert (curve["lower"] <= curve["survival"]).all() and (curve["survival"] <= curve["upper"]).all()
    assert curve.loc[1, "lower"] < 0.75 < curve.loc[1, "upper"] < 1
    at_risk = domain.number_at_risk(histories, "exit", (5, 8, 11))
    assert at_risk.to_dict("records") == [{"group": "none", "5 years": 4, "8 years": 3, "11 years": 1}]


def test_the_core_imports_lifelines_only_when_an_estimate_is_made():
    loaded = fresh_python("import sys, bioregions as b; b.load_firms(); from bioregions import facts, domain; "
                          "print('lifelines' in sys.modules)")
    assert loaded == "False", loaded


def test_firm_paths_show_milestones_and_leave_the_firms_own_takeover_to_its_exit():
    paths = domain.firm_paths(HISTORY_FIRMS[HISTORY_FIRMS["firm_id"].isin(["a", "b", "c"])], HISTORY_DEALS, PARTNERS)
    rows = {(r.firm_id, r.event, r.year) for r in paths.itertuples()}
    assert ("a", "exit", 2010) in rows and ("b", "listed", 2008) in rows and ("a", "founded", 2000) in rows
    assert ("a", "deal", 2004) not in rows  # the takeover row is the exit, not a deal
    assert ("c", "failed bid or talks", 2001) in rows and ("c", "deal", 2005) in rows
    assert not any(event == "exit" for firm, event, _ in rows if firm == "c")  # reorganised is no exit
    assert paths.loc[(paths["firm_id"] == "a") & (paths["event"] == "exit"), "detail"].item() == "acquired (Pharma)"


def test_pitfalls_are_failed_bids_terminations_and_rights_handed_back():
    deals = _deals([("D1", 2010, "a", "pharma", "licence", None, True, None, None),
                    ("D2", 2012, "a", "pharma", "licence", None, True, "D1", "rights returned"),
                    ("D3", 2013, "a", "pharma", "licence", None, True, "D1", "amends"),
                    ("D4", 2014, "a", "biotech", "licence", None, True, "D1", "terminates"),
                    ("D5", 2011, "a", "fund", "equity", None, False, None, None)])
    pitfalls = domain.partnering_pitfalls(deals, HISTORY_FIRMS, PARTNERS)
    assert list(zip(pitfalls["deal_id"], pitfalls["kind"])) == [
        ("D5", "failed bid or talks"), ("D2", "rights handed back"), ("D4", "terminated")]
    assert list(pitfalls["firm"]) == ["A"] * 3 and list(pitfalls["partner"]) == ["Fund", "Pharma", "Small Bio"]


def test_policy_vocabulary_short_names_parents_periods_and_kinds():
    assert domain.short_policy_name("DIRV - Derde Industriële Revolutie (Third)") == "DIRV"
    assert domain.short_policy_name("imec (Interuniversitair)") == "imec"
    assert domain.short_policy_name("x" * 40, limit=10) == "x" * 9 + "…"
    firms = _firms([("a", "A", 1996, None, None, None, None, None, "Flanders", "university spin-off",
                     "KU Leuven (Rega Institute) ; VIB"),
                    ("b", "B", 1999, None, None, None, None, None, "Wallonia", "institute spin-off", "VIB"),
                    ("c", "C", 2001, None, None, None, None, None, "Wallonia", "corporate spin-out", "UCB")])
    parents = domain.institutions(firms)
    assert sorted(zip(parents["institution"], parents["firm_id"])) == [("KU Leuven", "a"), ("VIB", "a"), ("VIB", "b")]
    policy = pd.DataFrame({"event_id": ["P1", "P2", "P3", "P4"], "year": [1982, 1983, 1999, 1970],
                           "region": ["Flanders", "Flanders", "Wallonia", "Belgium"],
                           "kind": ["programme", "programme", "fund", "state reform"],
                           "name": ["DIRV - x", "Fair (first)", "Fund W", "Reform"]})
    frame = domain.foundings_and_instruments(firms, policy, ("Flanders", "Wallonia"), span=10, start=1980)
    cells = {(r.region, r.period): (r.firms, r.instruments, r.instrument_names) for r in frame.itertuples()}
    assert cells == {("Flanders", "1980–1989"): (0, 2, "DIRV; Fair"), ("Flanders", "1990–1999"): (1, 0, ""),
                     ("Flanders", "2000–2009"): (0, 0, ""), ("Wallonia", "1980–1989"): (0, 0, ""),
                     ("Wallonia", "1990–1999"): (1, 1, "Fund W"), ("Wallonia", "2000–2009"): (1, 0, "")}
    kinds = domain.instruments_by_kind(policy, ("Flanders", "Wallonia"))
    assert kinds.to_dict("records") == [
        {"region": "Flanders", "kind": "programme", "instruments": 2, "names": "DIRV; Fair"},
        {"region": "Wallonia", "kind": "fund", "instruments": 1, "names": "Fund W"}]
    over = domain.instruments_over_time(policy)
    assert list(zip(over["region"], over["year"], over["total"])) == [
        ("Belgium", 1970, 1), ("Flanders", 1982, 1), ("Flanders", 1983, 2), ("Wallonia", 1999, 1)]


def test_chapter_facts_1993_and_1996_on_known_data(package):
    early = facts.partnering_1993(package)
    assert early.record_end == 2015 and early.window == 5
    assert (early.survival_firms, early.with_early, early.without_early, early.exits_seen) == (2, 0, 2, 1)
    assert list(early.km_exit["survival"]) == pytest.approx([1.0, 0.5, 0.5])  # beta exits at 12, alpha runs to 17
    assert early.listings_seen == 1 and early.pitfall_counts == {"failed bid or talks": 1}
    assert early.path_firms == 1 and early.old_firms == 0  # alpha (1998) founded before 2000, none by 1993
    assert (early.early_names, early.early_listing_firms, early.early_listed_within) == ([], 0, 0)
    assert set(early.at_risk["event"]) == {"exit", "listing"}
    policy = facts.policy_1996(package)
    assert (policy.up_to_paper, policy.after_paper, policy.first_cluster_name) == (2, 0, "")
    assert policy.spinoffs == 1 and policy.top_institution == "Ghent University"
    assert policy.kinds_per_region == {"Flanders": 1, "Wallonia": 1, "Brussels-Capital": 0}
    assert policy.other_dates == {facts.DIRV_EVENT: (facts.DIRV_ABSTRACT_YEAR, "the dissertation abstract")}
    assert type(facts.policy_1996().dirv_year) is int  # prints as 1982 in prose, not np.int64(1982)


def test_chapter_charts_1993_and_1996_are_named_and_count_what_the_prose_counts(package):
    early, policy = facts.partnering_1993(), facts.policy_1996()
    t = br.load_all()
    built = [charts.deal_periods_chart(early.by_period),
             charts.survival_chart(early.km_exit, "exit", "Exit", early.window),
             charts.firm_paths_chart(early.paths, early.record_end), charts.pitfalls_chart(early.pitfalls),
             charts.policy_timeline_chart(t["policy_events"], policy.other_dates),
             charts.foundings_vs_policy_chart(policy.foundings_vs_policy), charts.origins_chart(policy.parents),
             charts.instrument_kinds_chart(policy.by_kind),
             charts.instruments_over_time_chart(policy.over_time, policy.paper_year)]
    for chart in built:
        spec = chart.to_dict()
        assert len(spec.get("description", "")) > 40, spec.get("description")
        for layer in spec.get("layer", [spec]):
            for tip in layer.get("encoding", {}).get("tooltip", []):
                assert tip.get("title"), (spec["description"], tip)  # plain words, not field names
    pitfalls = next(iter(built[3].to_dict()["datasets"].values()))
    assert sum(row["rows"] for row in pitfalls) == sum(early.pitfall_counts.values())
    timeline = built[4].to_dict()
    lanes = next(rows for rows in timeline["datasets"].values() if rows and "label" in rows[0] and "kind" in rows[0])
    assert len({row["label"] for row in lanes}) == len(lanes) == policy.policy  # one labelled row per instrument
    assert any(row["label"] == "DIRV" and row["year"] == policy.dirv_year for row in lanes)
    ring = [rows for rows in timeline["datasets"].values() if rows and "who" in rows[0]]
    assert ring and ring[0][0]["year"] == facts.DIRV_ABSTRACT_YEAR and ring[0][0]["label"] == "DIRV"
    periods = pd.DataFrame(next(iter(built[0].to_dict()["datasets"].values())))
    assert periods.groupby("period")["share"].sum().round(9).eq(1).all()
    assert periods["deals"].sum() == early.by_period["deals"].sum()


def test_figure_data_with_nan_stop_the_build_with_a_clear_message():
    assert embed.script_json({"a": None, "b": "</script>"}) == '{"a":null,"b":"\\u003c/script\\u003e"}'
    with pytest.raises(ValueError, match="NaN or infinity"):
        embed.script_json({"values": [{"x": float("nan")}]})


def test_shared_partner_projection_links_firms_by_the_partners_they_share():
    graph = nx.Graph()
    for node, kind in (("a", "firm"), ("b", "firm"), ("c", "firm"), ("p", "partner"), ("q", "partner")):
        graph.add_node(node, kind=kind)
    graph.add_edges_from([("a", "p"), ("b", "p"), ("a", "q"), ("b", "q"), ("b", "c")])
    projected = graphs.shared_partner_projection(graph)
    assert sorted(projected.edges(data="weight")) == [("a", "b", 2)]  # b-c is a direct tie, not a shared partner
