"""The 2015 and 2016 chapters: domain and facts functions on hand-made frames and on the synthetic package,
and the charts' promises (currencies and bases kept apart, six hues at most, offline map, broken lines)."""
from __future__ import annotations

import json

import pandas as pd
import pytest

import bioregions as br
from bioregions import domain, facts
from bioregions.paths import PROJ_ROOT
from bioregions.site import charts, palette, start_page


@pytest.fixture(scope="module")
def real():
    return br.load_all()


@pytest.fixture(autouse=True)
def page():
    return start_page("chapters/test-page.qmd")


def frames():
    firms = pd.DataFrame({
        "firm_id": ["a", "b", "c", "d"], "name": ["A", "B", "C", "D"], "country": ["Belgium"] * 3 + ["Germany"],
        "region": ["Flanders", "Wallonia", "Brussels-Capital", "Bavaria"], "founded_year": [2000, 2005, None, 1998],
        "business_model": ["platform", None, "product", "product"], "role": ["NBF", "NBF", "NBF", "NBF"]})
    partners = pd.DataFrame({"partner_id": ["p1", "p2", "f1", "b"], "name": ["Pharma One", "Pharma Two", "Fund", "B"],
                             "partner_type": ["big pharma", "big pharma", "investor", "biotech"]})
    deals = pd.DataFrame({
        "deal_id": [f"D{i}" for i in range(1, 9)],
        "firm_id": ["a", "a", "a", "a", "a", "b", "b", "d"],
        "partner_id": ["p1", "p1", "p2", "b", "f1", "p1", "p2", "p1"],
        "year": [2004, 2008, 2010, 2011, 2012, 2013, 2014, 2001],
        "deal_type": ["licence", "option", "licence", "R&D collaboration", "equity", "acquisition", "licence", "licence"],
        "agreed": [True, True, True, True, False, True, True, True],
        "rights_direction": ["licenses out", "licenses out", None, "both ways", None, "no rights transfer",
                             "licenses in", "licenses out"]})
    return firms, partners, deals


def test_firm_partner_profile_counts_partners_repeats_and_time_to_pharma():
    firms, partners, deals = frames()
    profile = domain.firm_partner_profile(firms, deals, partners).set_index("firm_id")
    # a: p1 twice, p2 once, b once (the failed equity round is dropped): 4 alliances, 3 partners, 2 large pharma.
    assert profile.loc["a", ["alliances", "partners", "pharma_partners", "pharma_alliances"]].tolist() == [4, 3, 2, 3]
    assert profile.loc["a", "repeat_share"] == pytest.approx(1 / 3)
    assert profile.loc["a", "pharma_share"] == pytest.approx(3 / 4)
    assert profile.loc["a", "years_to_pharma"] == 4  # founded 2000, first pharma licence 2004
    # b: the takeover is not an alliance; one licence with p2, 9 years after founding.
    assert profile.loc["b", ["alliances", "pharma_partners", "years_to_pharma"]].tolist() == [1, 1, 9]
    # c: no deal, still in, with zeros and empty ratios.
    assert profile.loc["c", ["alliances", "partners"]].tolist() == [0, 0]
    assert pd.isna(profile.loc["c", "repeat_share"]) and pd.isna(profile.loc["c", "years_to_pharma"])


def test_country_summary_compares_like_with_like():
    firms, partners, deals = frames()
    summary = facts.country_summary(domain.firm_partner_profile(firms, deals, partners))
    be, de = summary["Belgium"], summary["Germany"]
    assert (be.firms, be.dealing, be.with_pharma, be.three_plus, be.top_firm, be.top_pharma) == (3, 2, 2, 0, "A", 2)
    assert be.median_alliances == 1.0 and be.alliances == 5
    assert be.pooled_pharma_share == pytest.approx(4 / 5)
    assert be.median_years_to_pharma == pytest.approx(6.5)
    assert (de.firms, de.with_pharma, de.median_years_to_pharma) == (1, 1, 3.0)


def test_deal_values_keep_one_basis_and_the_currency():
    deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3", "D4", "D5"], "year": [2010, 2011, 2012, 2013, 2014],
                          "agreed": [True, True, True, False, True],
                          "amount_basis": ["deal terms", "price", "deal terms", "deal terms", "deal terms"],
                          "total_amount": [100.0, 50.0, 20.0, 900.0, None], "currency": ["EUR", "EUR", "USD", "USD", "EUR"]})
    values = domain.deal_values(deals)
    assert list(values["deal_id"]) == ["D1", "D3"] and list(values["currency"]) == ["EUR", "USD"]
    assert list(domain.deal_values(deals, "price")["deal_id"]) == ["D2"]


def test_top_partners_rank_by_deals_then_firms_then_name():
    named = pd.DataFrame({"deal_id": list("123456"), "firm_id": ["a", "b", "a", "a", "c", "d"],
                          "partner_name": ["Y", "Y", "X", "X", "Z", "Z"], "partner_type": ["big pharma"] * 4 + [None, None]})
    top = domain.top_partners(named, 2)
    assert list(top["partner_name"]) == ["Y", "Z"]  # Y, Z and X have two deals; Y and Z two firms; Y before Z
    assert top.loc[1, "partner_type"] == "other" and list(top["firms"]) == [2, 2]


def test_listing_and_exits_give_the_headline_price_in_its_currency():
    firms = pd.DataFrame({"name": ["A", "B", "C"], "role": ["NBF", "NBF", "anchor"], "ipo_year": [2005, None, 1990],
                          "ipo_markets": ["Euronext Brussels", None, None], "status": ["acquired", "merged", "acquired"],
                          "status_year": [2018, 2012, 2000], "acquirer": ["Big", None, "X"],
                          "acquisition_value": [3900.0, None, 10.0], "acquisition_currency": ["EUR", None, "USD"]})
    exits = domain.listing_and_exits(firms)
    assert exits[["firm", "event", "year"]].values.tolist() == [["A", "listed", 2005], ["B", "merged", 2012],
                                                                ["A", "acquired", 2018]]
    assert exits.loc[2, "price"] == "EUR 3,900 m" and exits.loc[1, "price"] == ""


def test_rights_by_period_splits_inbound_outbound_and_ends_with_the_record():
    firms, _, deals = frames()
    rights = domain.rights_by_period(deals, firms)
    be = rights[rights["country"] == "Belgium"].set_index(["period", "rights_direction"])["deals"]
    assert be[("2000–2004", "licenses out")] == 1 and be[("2010–2014", "not stated")] == 1
    assert be[("2010–2014", "licenses in")] == 1 and ("2010–2014", "no rights transfer") not in be  # takeover out
    assert set(rights["period"]) == {"2000–2004", "2005–2009", "2010–2014"}
    assert rights.loc[rights["country"] == "Germany", "deals"].sum() == 1


def test_interregional_links_count_direct_alliances_and_shared_partners():
    firms, partners, deals = frames()
    links = domain.interregional_links(firms[firms["country"] == "Belgium"], deals, partners).set_index(
        ["region_a", "region_b"])
    assert links.loc[("Flanders", "Wallonia"), "firm_to_firm"] == 1  # A's collaboration with B
    assert links.loc[("Flanders", "Wallonia"), "shared_partners"] == 1  # p2 (B's p1 deal was a takeover)
    assert links.loc[("Flanders", "Flanders"), "shared_partners"] == 0  # no partner met by two Flemish firms
    assert links.loc[("Wallonia", "Brussels-Capital"), ["firm_to_firm", "shared_partners"]].tolist() == [0, 0]


def test_alliance_facts_carry_the_new_chapter_values(package):
    f = facts.alliances_2015(package)
    assert f.values_by_currency == {"EUR": 1} and f.amounts_other_basis == 1  # D001 deal terms; D003 a price
    assert f.top_partners.loc[0, "partner_name"] == "Big Pharma Inc" and f.top_partners.loc[0, "deals"] == 2
    assert (f.listed, f.acquired, f.priced) == (1, 1, 1)
    assert (f.licenses_out, f.licenses_in, f.rights_not_stated) == (2, 0, 1)
    assert set(f.by_country) == {"Belgium"} and f.by_country["Belgium"].firms == 1  # only Alpha Bio was swept
    assert (f.then_now.then, f.then_now.now, f.then_now.taken_since) == (3, 0, 1)


def test_belgian_timeline_joins_clusters_and_instruments(t):
    rows, before = facts.belgian_timeline_rows(t)
    assert list(rows["name"]) == ["Regional programme", "Walloon agency"] and before == 0
    assert list(rows["table"]) == ["policy events", "policy events"]


# ---- charts ---------------------------------------------------------------------------------------------

def colour_domain(spec: dict) -> list:
    layers = spec.get("layer", [spec])
    for layer in layers:
        colour = layer.get("encoding", {}).get("color", {})
        if "scale" in colour and "domain" in colour["scale"]:
            return colour["scale"]["domain"]
    return []


def test_deals_per_year_use_six_hues_at_most_from_the_palette(real):
    spec = charts.deals_per_year_chart(facts.belgian(real)[1]).to_dict()
    scale = spec["encoding"]["color"]["scale"]
    assert len(scale["domain"]) <= charts.MAX_HUES and scale["domain"][-1] == charts.OTHER
    hues = palette.colours("alliances", "deal_type")
    assert all(hues[v] == c for v, c in zip(scale["domain"], scale["range"]) if v != charts.OTHER)


def test_grouping_keeps_the_most_frequent_in_schema_order():
    values = pd.Series(["grant"] * 5 + ["licence"] * 4 + ["equity"] * 3 + ["option"] * 2 + ["manufacturing", "co-development"]
                       + ["commercialisation"])
    grouped, kept = charts._grouped(values, "alliances", "deal_type", keep=3)
    assert kept == ["licence", "equity", "grant"]
    assert (grouped == charts.OTHER).sum() == 5


def test_big_pharma_prose_and_bar_count_the_same_deals(real):
    """The 2015 sentence and the bar of its figure count alliances (no acquisitions), on the real data."""
    f = facts.alliances_2015()
    rows = next(iter(charts.partner_types_chart(f.deals, real["partners"]).to_dict()["datasets"].values()))
    assert sum(r["deals"] for r in rows if r["partner_type"] == "big pharma") == f.big_pharma_alliances
    assert sum(r["deals"] for r in rows) == f.alliances
    takeovers = domain.deals_with_names(domain.takeovers(f.deals), real["firms"], real["partners"])
    assert (takeovers["partner_type"] == "big pharma").any()  # so counting takeovers would change the bar


def test_deal_values_chart_shows_one_currency_and_one_basis():
    f = facts.alliances_2015()
    spec = charts.deal_values_chart(f.values, f.basis).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert {r["currency"] for r in rows} == set(f.values_by_currency)
    assert {"filter": "datum.currency == currency_pick"} in spec["transform"]
    assert spec["params"][0]["bind"]["options"][0] == "EUR"  # the most frequent currency first
    assert f.basis in " ".join(spec["title"]["subtitle"])


def test_indicator_panels_break_lines_at_missing_years_and_keep_scopes_apart():
    assert charts._runs(pd.Series([2010, 2011, 2013, 2014, 2016])).tolist() == [0, 0, 1, 1, 2]
    indicators = pd.DataFrame({"geography": ["X"] * 5, "indicator": ["firms"] * 5, "year": [2010, 2011, 2013, 2010, 2012],
                               "value": [1, 2, 3, 10, 20], "value_qualifier": [None] * 5, "unit": ["firms"] * 5,
                               "scope": ["A", "A", "A", "B", "B"]})
    spec = charts.indicator_panels_chart(indicators, [("X", "firms")], "Test").to_dict()
    assert spec["resolve"]["scale"]["y"] == "independent"
    rows = spec["datasets"][spec["data"]["name"]]
    assert len({r["panel"] for r in rows}) == 2
    assert [r["run"] for r in rows if r["scope"] == "A"] == [0, 0, 1]
    assert spec["spec"]["layer"][0]["encoding"]["detail"]["field"] == "run"


def test_map_embeds_its_outlines_and_fetches_nothing(real):
    outlines = charts.outlines()
    names = {feature["properties"]["name"] for feature in outlines["features"]}
    assert {"Belgium", "Germany"} <= names
    path = PROJ_ROOT / "assets" / "geo" / "outlines-be-de.geo.json"
    assert path.stat().st_size < 60_000 and "ISC" in (path.parent / "README.md").read_text()
    spec = charts.firm_map_chart(real["firms"], outlines).to_dict()
    text = json.dumps(spec)
    assert '"url"' not in text and spec["layer"][0]["mark"]["type"] == "geoshape"
    dots = next(v for k, v in spec["datasets"].items() if v and "firms" in v[0])
    assert sum(r["firms"] for r in dots) == int(real["firms"]["latitude"].notna().sum())


def test_every_new_chart_has_a_name_and_plain_tooltips(real):
    f = facts.alliances_2015()
    g = facts.belgium_germany_2016()
    built = [charts.deal_values_chart(f.values, f.basis), charts.top_partners_chart(f.top_partners),
             charts.business_model_chart(f.nbf_profiles), charts.exits_timeline_chart(f.exits),
             charts.rights_direction_chart(f.rights),
             charts.firm_measure_chart(f.profiles, charts.PREFERRED_PARTNER_MEASURES, "Test"),
             charts.interregional_chart(g.links), charts.german_timeline_chart(g.german_timeline),
             charts.belgian_timeline_chart(g.belgian_timeline),
             charts.indicator_panels_chart(real["indicators"], charts.FIRM_COUNT_SERIES, "Test"),
             charts.firm_map_chart(g.map_firms, charts.outlines())]
    for chart in built:
        spec = chart.to_dict()
        assert spec.get("description"), spec.get("title")
        text = json.dumps(spec)
        # Every tooltip field carries a human title.
        for layer in spec.get("layer", [spec.get("spec", spec)]):
            for tip in layer.get("encoding", {}).get("tooltip", []):
                assert tip.get("title"), (spec.get("description"), tip)
        assert len(colour_domain(spec)) <= charts.MAX_HUES, text[:100]
