"""The numbers and rows each page states in its prose, computed from the data in one call per page.

Each function returns a `Facts` namespace of plain values and DataFrames; the chapters only format them."""
from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from . import domain, graphs
from .data import load_all
from .paths import DATAPACKAGE

# How many firms the 2015 chapter's centrality table ranks.
CENTRALITY_TOP = 12
# Policy rows the 1996 chapter discusses by id: DIRV's launch and the first Flanders Technology fair.
DIRV_EVENT, FIRST_FAIR_EVENT = "P007", "P008"
# Before this year a deal or a founding counts as "early" (the period the 1993 paper studied).
EARLY_BEFORE = 2000


class Facts(SimpleNamespace):
    """Attribute access to one page's computed values."""


def belgian(t: dict) -> tuple:
    """The Belgian firms and their deals (the population the papers are about)."""
    firms = domain.in_country(t["firms"], "Belgium")
    return firms, domain.deals_in_country(t["alliances"], t["firms"], "Belgium")


def home(package=DATAPACKAGE) -> Facts:
    """The introduction: how much evidence there is, and how to cite the project."""
    t = load_all(package)
    firms, deals = belgian(t)
    nbfs, agreed = domain.nbfs(firms), domain.agreed_deals(deals)
    german = domain.in_country(t["firms"], "Germany")
    german_agreed = domain.agreed_deals(domain.deals_in_country(t["alliances"], t["firms"], "Germany"))
    return Facts(nbfs=len(nbfs), anchors=len(firms) - len(nbfs), agreed=len(agreed), deals=deals,
                 first_year=int(agreed["year"].min()), last_year=int(agreed["year"].max()),
                 german_firms=len(german), german_agreed=len(german_agreed),
                 policy=len(t["policy_events"]), sources=len(t["sources"]), how_to_cite=domain.how_to_cite())


def partnering_1993(package=DATAPACKAGE) -> Facts:
    """Paper 1: early foundings and the deals dated before 2000."""
    t = load_all(package)
    firms, deals = belgian(t)
    nbfs, agreed = domain.nbfs(firms), domain.agreed_deals(deals)
    early = domain.deals_with_names(agreed[agreed["year"] < EARLY_BEFORE], t["firms"], t["partners"])
    # The early-deals table shows the upfront amount only, so its currency is shown only beside one.
    early = domain.without_orphan_currency(early, ["upfront_amount"]).sort_values(["year", "deal_id"])
    return Facts(firms=firms, nbfs=len(nbfs), founded_early=int((nbfs["founded_year"] < EARLY_BEFORE).sum()),
                 undated=int(nbfs["founded_year"].isna().sum()), agreed=len(agreed), early_deals=early,
                 early_firms=sorted(early["firm_name"].unique()), early_before=EARLY_BEFORE,
                 **_partnering_1993_evidence(t, nbfs, deals))


def policy_1996(package=DATAPACKAGE) -> Facts:
    """Paper 2: the policy table by territory, and the rows behind the DIRV dating box."""
    policy = load_all(package)["policy_events"]
    years = policy.set_index("event_id")["year"]
    by_region = policy["region"].value_counts()
    return Facts(policy=len(policy), before_2000=policy[policy["year"] < 2000].sort_values(["year", "event_id"]),
                 by_region={str(region): int(count) for region, count in by_region.items()},
                 # None where another package lacks these rows.
                 dirv_year=_int_or_none(years.get(DIRV_EVENT)), first_fair_year=_int_or_none(years.get(FIRST_FAIR_EVENT)),
                 **_policy_1996_evidence(load_all(package), policy))


def alliances_2015(package=DATAPACKAGE) -> Facts:
    """Paper 3: the alliance network, its most connected firms, and the share of deals with big pharma."""
    t = load_all(package)
    firms, deals = belgian(t)
    alliances = domain.alliances_only(deals)
    graph = graphs.alliance_graph(t["firms"], t["partners"], deals)
    centrality = graphs.firm_centrality(graph)
    top = centrality.head(CENTRALITY_TOP)
    named = domain.deals_with_names(alliances, t["firms"], t["partners"])
    return Facts(deals=deals, alliances=len(alliances), takeovers=len(domain.takeovers(deals)),
                 failed=len(domain.failed_bids(deals)),
                 firm_nodes=len(graphs.nodes_of_kind(graph, "firm")),
                 partner_nodes=len(graphs.nodes_of_kind(graph, "partner")),
                 centrality=centrality, top=centrality.iloc[0], top_n=CENTRALITY_TOP,
                 anchors_in_top=int(top["role"].eq("anchor").sum()),
                 big_pharma_alliances=int((named["partner_type"] == "big pharma").sum()),
                 **alliances_2015_more(t, firms, deals))


def belgium_germany_2016(package=DATAPACKAGE) -> Facts:
    """Paper 4: German competitions and Belgian clusters, firm counts and the listed-value series."""
    t = load_all(package)
    clusters, indicators = t["bioregions"], t["indicators"]
    german, belgian = clusters[clusters["country"] == "Germany"], clusters[clusters["country"] == "Belgium"]
    de_firms = domain.indicator_series(indicators, "Germany", "number of dedicated biotech firms")
    be_cap = domain.longest_comparable_series(indicators, "Belgium", "listed biotech market capitalisation")
    regional = domain.regional_firm_counts(indicators)
    return Facts(german=german.sort_values(["year", "name"]), belgian=belgian.sort_values(["year", "name"]),
                 winners=int((german["kind"] == "competition winner").sum()),
                 special_votes=int((german["kind"] == "competition special vote").sum()),
                 de_first=de_firms.iloc[0], de_last=de_firms.iloc[-1],
                 regional_counts=regional.sort_values(["geography", "year"]), regional_scopes=regional["scope"].nunique(),
                 be_cap_scope=str(be_cap["scope"].iloc[0]), be_cap_first=be_cap.iloc[0], be_cap_last=be_cap.iloc[-1],
                 **belgium_germany_2016_more(t))


def synthesis(package=DATAPACKAGE) -> Facts:
    """The synthesis: fates of the NBFs (owned by another company, listed), business models, takeovers."""
    t = load_all(package)
    firms, deals = belgian(t)
    nbfs = domain.nbfs(firms)
    acquisitions = domain.takeovers(deals)
    nbf_deals = acquisitions[acquisitions["firm_id"].isin(nbfs["firm_id"])]
    taken_over = nbf_deals[nbf_deals["firm_role"] == "acquired"]
    owned = domain.owned_by_another_company(nbfs)
    return Facts(firms=firms, nbfs=len(nbfs), owned=len(owned), owned_by_status=owned["status"].value_counts().to_dict(),
                 acquired_firms=nbfs[nbfs["status"] == "acquired"].sort_values(["status_year", "name"]),
                 takeovers=len(taken_over), taken_over_firms=taken_over["firm_id"].nunique(),
                 nbf_buys=int((nbf_deals["firm_role"] == "acquirer").sum()),
                 listed=int(nbfs["ipo_year"].notna().sum()),
                 platform=int((nbfs["business_model"] == "platform").sum()),
                 service=int((nbfs["business_model"] == "service/hybrid").sum()))


def browse(package=DATAPACKAGE) -> Facts:
    """The firms-and-deals page: every firm and every deal row, counterparties named once."""
    t = load_all(package)
    deals = domain.without_orphan_currency(domain.deals_with_names(t["alliances"], t["firms"], t["partners"]))
    deals = deals.assign(agreed=deals["agreed"].map({True: "yes", False: "no (failed bid or talks)"}))
    return Facts(firms=t["firms"].sort_values("name", key=lambda names: names.str.casefold()),
                 deals=deals.sort_values(["year", "deal_id"]), deal_rows=len(deals),
                 agreed=len(domain.agreed_deals(t["alliances"])))


def methods(package=DATAPACKAGE) -> Facts:
    """The methods appendix: how many sources, and how many came from the starter set (no access date)."""
    sources = load_all(package)["sources"]
    return Facts(sources=len(sources), starter=int(sources["date_accessed"].isna().sum()))


def data_appendix(package=DATAPACKAGE) -> Facts:
    """The data appendix: every table, and how thoroughly the sweep read each firm's record."""
    t = load_all(package)
    coverage = domain.sweep_coverage(t["sweep_log"], t["firms"], t["alliances"])
    swept = set(coverage["firm_id"])
    belgian_ids = domain.in_country(t["firms"], "Belgium")["firm_id"]
    return Facts(tables=t, coverage=coverage, reads=len(t["sweep_log"]), swept_firms=len(swept),
                 list_reads=int(t["sweep_log"]["firm_id"].isna().sum()),
                 empty_reads=int((t["sweep_log"]["deals_found"] == 0).sum()),
                 unswept_belgian=int((~belgian_ids.isin(swept)).sum()), belgian=len(belgian_ids))


def firm_appearances(t: dict) -> dict[str, list[tuple[str, str, str]]]:
    """Where each firm appears on the site: {firm_id: [(what, page, anchor)]}, pages as project paths. Derived from
    the same facts the pages draw, so a profile links only to tables that really list the firm."""
    where: dict[str, list[tuple[str, str, str]]] = {}

    def add(firm_ids, what: str, page: str, anchor_by_id: bool = False, anchor: str = "") -> None:
        for firm_id in sorted(set(map(str, firm_ids))):
            where.setdefault(firm_id, []).append((what, page, firm_id if anchor_by_id else anchor))

    add(t["firms"]["firm_id"], "Its row in the firm table (firms and deals)", "chapters/browse.qmd", anchor_by_id=True)
    swept = t["sweep_log"]["firm_id"].dropna()
    add(swept, "How its sources were swept (data appendix, coverage by firm)", "chapters/data.qmd", anchor_by_id=True)
    firms, deals = belgian(t)
    agreed = domain.agreed_deals(deals)
    add(agreed.loc[agreed["year"] < EARLY_BEFORE, "firm_id"], f"Its deals before {EARLY_BEFORE} (1993 chapter)",
        "chapters/1993-partnering.qmd", anchor="tbl-early-deals")
    graph = graphs.alliance_graph(t["firms"], t["partners"], deals)
    top = graphs.firm_centrality(graph).head(CENTRALITY_TOP)
    add(top["firm_id"], "Among the most connected firms (2015 chapter)",
        "chapters/2015-alliances.qmd", anchor="tbl-centrality")
    nbfs = domain.nbfs(firms)
    add(nbfs.loc[nbfs["status"] == "acquired", "firm_id"], "Among the acquired NBFs (synthesis)",
        "chapters/synthesis.qmd", anchor="tbl-acquired")
    return where

# ---- 1993 and 1996 chapters ----

# The 1993 paper's year: "then and now" follows the firms founded by then.
PAPER_1993, PAPER_1996 = 1993, 1996
# Years after founding in which an alliance with a large firm counts as early (the landmark of the estimates).
EARLY_WINDOW = 5
# Years since founding at which the 1993 chapter tabulates the firms still at risk.
AT_RISK_TIMES = (5, 10, 15, 20, 25, 30)
# The year the dissertation abstract gives DIRV (THIRF), against the table's year from its press sources
# (data/NOTES.md, "Policy events"); shown beside the table's year, never in its place.
DIRV_ABSTRACT_YEAR = 1983
# The three Belgian regions, whose instruments the 1996 chapter compares.
BELGIAN_REGIONS = ("Flanders", "Wallonia", "Brussels-Capital")


def record_end(t: dict) -> int:
    """The last year the record reaches: the latest deal, status change or listing."""
    years = [t["alliances"]["year"].max(), t["firms"]["status_year"].max(), t["firms"]["ipo_year"].max()]
    return int(max(y for y in years if y == y and y is not None))


def _int_or_none(value):
    """A plain int for inline prose (a numpy integer would print as np.int64(...)); None stays None."""
    return None if value is None or value != value else int(value)


def _min_or_none(values):
    return int(values.min()) if len(values) else None


def _max_or_zero(values) -> int:
    return int(values.max()) if len(values) else 0


def _at_risk_table(histories):
    """Firms still at risk at each of AT_RISK_TIMES, for exit and for listing, by early-alliance group."""
    import pandas as pd

    frames = [domain.number_at_risk(histories, event, AT_RISK_TIMES, EARLY_WINDOW).assign(event=label)
              for event, label in (("exit", "exit"), ("listing", "listing"))]
    table = pd.concat(frames, ignore_index=True)
    return table[["event", "group"] + [c for c in table.columns if c.endswith("years")]]


def _partnering_1993_evidence(t: dict, nbfs, deals) -> dict:
    """The 1993 chapter's evidence on partnering, survival, paths and pitfalls of the Belgian NBFs."""
    nbf_deals = deals[deals["firm_id"].isin(nbfs["firm_id"])]
    end = record_end(t)
    histories = domain.firm_histories(nbfs, nbf_deals, t["partners"], end, EARLY_WINDOW)
    exit_sample, listing_sample = (domain.landmark(histories, e, EARLY_WINDOW) for e in ("exit", "listing"))
    groups = exit_sample["early_alliance"].value_counts()
    pitfalls = domain.partnering_pitfalls(nbf_deals, t["firms"], t["partners"])
    paths = domain.firm_paths(nbfs[nbfs["founded_year"] < EARLY_BEFORE], nbf_deals, t["partners"])
    old = nbfs[nbfs["founded_year"] <= PAPER_1993]
    old_deals = domain.agreed_deals(nbf_deals[nbf_deals["firm_id"].isin(old["firm_id"])])
    status = old["status"].astype("string").fillna("not known").value_counts()
    left_out = histories.loc[histories["left_out"] != "", "left_out"].value_counts()
    return dict(
        by_period=domain.deals_by_period(nbf_deals), record_end=end, window=EARLY_WINDOW, histories=histories,
        km_exit=domain.kaplan_meier(histories, "exit", EARLY_WINDOW),
        km_listing=domain.kaplan_meier(histories, "listing", EARLY_WINDOW),
        at_risk=_at_risk_table(histories),
        survival_firms=len(exit_sample), listing_firms=len(listing_sample),
        with_early=int(groups.get("one or more", 0)), without_early=int(groups.get("none", 0)),
        exits_seen=int(exit_sample["exit_seen"].sum()), listings_seen=int(listing_sample["listing_seen"].sum()),
        left_out={str(k): int(v) for k, v in left_out.items()},
        early_names=sorted(exit_sample.loc[exit_sample["early_alliance"] == "one or more", "name"].astype(str)),
        early_listing_firms=int((listing_sample["early_alliance"] == "one or more").sum()),
        early_listed=int(listing_sample.loc[listing_sample["early_alliance"] == "one or more", "listing_seen"].sum()),
        early_listed_within=_max_or_zero(listing_sample.loc[(listing_sample["early_alliance"] == "one or more")
                                                            & listing_sample["listing_seen"], "listing_time"]),
        not_estimated=int((histories["left_out"] != "").sum()),
        before_landmark=int(((histories["left_out"] == "") & (histories["exit_time"] < EARLY_WINDOW)).sum()),
        paths=paths, path_firms=paths["firm_id"].nunique(),
        pitfalls=pitfalls, pitfalls_first=_min_or_none(pitfalls["year"]), pitfall_counts={str(k): int(v) for k, v in pitfalls["kind"].value_counts().items()},
        paper_year=PAPER_1993, old_firms=len(old), old_status={str(k): int(v) for k, v in status.items()},
        old_listed_after=int((old["ipo_year"] > PAPER_1993).sum()),
        old_deals_after=int((old_deals["year"] > PAPER_1993).sum()),
        old_deals_before=int((old_deals["year"] <= PAPER_1993).sum()),
        old_names=sorted(old["name"].astype(str)))


def _policy_1996_evidence(t: dict, policy) -> dict:
    """The 1996 chapter's evidence: foundings against instruments, spin-off parents, the regions compared."""
    firms = domain.nbfs(domain.in_country(t["firms"], "Belgium"))
    parents = domain.institutions(firms)
    top = parents.groupby("institution").size().sort_values(ascending=False)
    spinoffs = firms[firms["origin_type"].isin(("university spin-off", "institute spin-off"))]
    by_kind = domain.instruments_by_kind(policy, BELGIAN_REGIONS)
    after = policy[policy["year"] > PAPER_1996]
    first_cluster = after[after["kind"] == "cluster organisation"].sort_values(["year", "event_id"]).head(1)
    rows = policy.set_index("event_id")
    return dict(
        foundings_vs_policy=domain.foundings_and_instruments(firms, policy, BELGIAN_REGIONS),
        parents=parents, spinoffs=len(spinoffs), spinoffs_named=parents["firm_id"].nunique(),
        institutions=len(top), top_institution=str(top.index[0]) if len(top) else "", top_count=int(top.iloc[0]) if len(top) else 0,
        by_kind=by_kind, kinds_per_region={r: int(by_kind.loc[by_kind["region"] == r, "kind"].nunique()) for r in BELGIAN_REGIONS},
        over_time=domain.instruments_over_time(policy), paper_year=PAPER_1996,
        after_paper=len(after), clusters_up_to_paper=int(((policy["year"] <= PAPER_1996)
                                                          & (policy["kind"] == "cluster organisation")).sum()), up_to_paper=int((policy["year"] <= PAPER_1996).sum()),
        after_by_region={str(k): int(v) for k, v in after["region"].value_counts().items()},
        after_by_kind={str(k): int(v) for k, v in after["kind"].value_counts().items() if v},
        first_cluster_name=str(first_cluster["name"].iloc[0]) if len(first_cluster) else "",
        first_cluster_year=int(first_cluster["year"].iloc[0]) if len(first_cluster) else None,
        other_dates={DIRV_EVENT: (DIRV_ABSTRACT_YEAR, "the dissertation abstract")},
        dirv_sources=str(rows.loc[DIRV_EVENT, "source_ids"]) if DIRV_EVENT in rows.index else "")

# ---- 2015 and 2016 chapters ----

# "Then" is the record up to the year before the paper; "now" is everything from its year on.
PAPER_2015, PAPER_2016 = 2015, 2016
# The Belgian time line starts with the first state reform, which made the regions.
TIMELINE_FROM = 1970
# How many counterparties the 2015 ranking shows.
TOP_PARTNERS = 15


def _median(values) -> float | None:
    values = [v for v in values if v is not None and v == v]
    return float(pd.Series(values).median()) if values else None


def swept_nbf_profiles(t: dict) -> pd.DataFrame:
    """Per-firm partner profiles of the NBFs of both countries whose deal record the sweep read (like with like)."""
    swept = domain.swept_firm_ids(t["sweep_log"])
    firms = domain.nbfs(t["firms"])
    return domain.firm_partner_profile(firms[firms["firm_id"].isin(swept)], t["alliances"], t["partners"])


def country_summary(profiles: pd.DataFrame) -> dict:
    """{country: Facts} of the per-firm measures: firms, medians, shares of firms with a large-pharma partner
    and with three or more, repeat-partner share, share of alliances with large pharma and time to the first one."""
    out = {}
    for country, rows in profiles.groupby("country"):
        dealing = rows[rows["alliances"] > 0]
        pooled = rows["pharma_alliances"].sum() / rows["alliances"].sum() if rows["alliances"].sum() else None
        leader = rows.sort_values(["pharma_partners", "partners", "firm"], ascending=[False, False, True]).iloc[0]
        out[country] = Facts(
            top_firm=str(leader["firm"]), top_pharma=int(leader["pharma_partners"]),
            firms=len(rows), dealing=len(dealing), alliances=int(rows["alliances"].sum()),
            median_alliances=_median(rows["alliances"]), median_partners=_median(dealing["partners"]),
            with_pharma=int((rows["pharma_partners"] > 0).sum()), three_plus=int((rows["pharma_partners"] >= 3).sum()),
            max_pharma=int(rows["pharma_partners"].max()), median_repeat=_median(dealing["repeat_share"]),
            pooled_pharma_share=pooled, timed=int(rows["years_to_pharma"].notna().sum()),
            median_years_to_pharma=_median(rows["years_to_pharma"]))
    return out


def _then_and_now(t: dict, firms: pd.DataFrame, deals: pd.DataFrame, year: int) -> Facts:
    """Agreed alliances of `firms` before `year` and from `year` on, with those with large pharma, and the
    NBFs among `firms` listed and taken over before and since."""
    named = domain.deals_with_names(domain.alliances_only(deals), t["firms"], t["partners"])
    then, now = named[named["year"] < year], named[named["year"] >= year]
    young = domain.nbfs(firms)
    taken = young[young["status"].isin(["acquired", "merged"])]
    return Facts(year=year, then=len(then), now=len(now),
                 then_pharma=int((then["partner_type"] == domain.LARGE_PHARMA).sum()),
                 now_pharma=int((now["partner_type"] == domain.LARGE_PHARMA).sum()),
                 last_year=int(named["year"].max()) if len(named) else None,
                 taken_before=int((taken["status_year"] < year).sum()), taken_since=int((taken["status_year"] >= year).sum()),
                 listed_before=int((young["ipo_year"] < year).sum()), listed_since=int((young["ipo_year"] >= year).sum()))


def alliances_2015_more(t: dict, firms: pd.DataFrame, deals: pd.DataFrame) -> dict:
    """The 2015 chapter's charts and their numbers: values, partners, business models, exits, open innovation,
    the "most preferred partner" test, then and now."""
    alliances = domain.alliances_only(deals)
    named = domain.deals_with_names(alliances, t["firms"], t["partners"])
    values = domain.deal_values(domain.deals_with_names(deals, t["firms"], t["partners"]))
    with_amount = domain.agreed_deals(deals)["total_amount"].notna().sum()
    nbf_profiles = domain.firm_partner_profile(domain.nbfs(firms), t["alliances"], t["partners"])
    rights = domain.rights_by_period(t["alliances"], t["firms"])
    be_rights = rights[rights["country"] == "Belgium"].groupby("rights_direction")["deals"].sum()
    profiles = swept_nbf_profiles(t)
    exits = domain.listing_and_exits(firms)
    return dict(
        values=values, values_by_currency=values["currency"].value_counts().to_dict(),
        amounts_other_basis=int(with_amount - len(values)),
        basis=domain.COMPARABLE_BASIS, top_partners=domain.top_partners(named, TOP_PARTNERS),
        top_partner_n=TOP_PARTNERS, nbf_profiles=nbf_profiles,
        top_public_bodies=int((domain.top_partners(named, TOP_PARTNERS)["partner_type"] == "public body").sum()),
        unclassified_models=int(nbf_profiles["business_model"].isna().sum()),
        median_by_model={model: _median(rows["alliances"]) for model, rows in nbf_profiles.groupby("business_model")},
        firms_by_model=nbf_profiles["business_model"].value_counts().to_dict(),
        dealing_by_model=nbf_profiles[nbf_profiles["alliances"] > 0]["business_model"].value_counts().to_dict(),
        mean_by_model=nbf_profiles.groupby("business_model")["alliances"].mean().to_dict(),
        exits=exits, listed=int((exits["event"] == "listed").sum()),
        acquired=int((exits["event"] == "acquired").sum()), priced=int((exits["price"] != "").sum()),
        rights=rights, licenses_out=int(be_rights.get("licenses out", 0)),
        licenses_in=int(be_rights.get("licenses in", 0)),
        rights_not_stated=int(be_rights.get(domain.RIGHTS_NOT_STATED, 0)),
        profiles=profiles, by_country=country_summary(profiles),
        then_now=_then_and_now(t, firms, deals, PAPER_2015))


def belgian_timeline_rows(t: dict) -> pd.DataFrame:
    """The Belgian cluster organisations (bioregions table) and the regional and federal instruments (policy
    table) from TIMELINE_FROM on, in one frame (year, end year, region, kind, name, the table each row comes
    from), and how many earlier rows were left out."""
    clusters = t["bioregions"][(t["bioregions"]["country"] == "Belgium") & t["bioregions"]["year"].notna()]
    policy = t["policy_events"][t["policy_events"]["region"].astype(str) != "EU"]
    frames = [
        pd.DataFrame({"year": clusters["year"], "end_year": None, "region": clusters["region"].astype(str),
                      "kind": clusters["kind"].astype(str), "name": clusters["name"], "table": "bioregions"}),
        pd.DataFrame({"year": policy["year"], "end_year": policy["end_year"], "region": policy["region"].astype(str),
                      "kind": policy["kind"].astype(str), "name": policy["name"], "table": "policy events"}),
    ]
    rows = pd.concat(frames, ignore_index=True).sort_values(["year", "name"]).reset_index(drop=True)
    return rows[rows["year"] >= TIMELINE_FROM].reset_index(drop=True), int((rows["year"] < TIMELINE_FROM).sum())


def belgium_germany_2016_more(t: dict) -> dict:
    """The 2016 chapter's charts and their numbers: timelines, the firm map, the country comparison,
    interregional links, then and now."""
    clusters = t["bioregions"]
    german = clusters[(clusters["country"] == "Germany") & clusters["year"].notna()]
    belgian_rows, before = belgian_timeline_rows(t)
    firms = t["firms"]
    placed = firms[firms["latitude"].notna()]
    profiles = swept_nbf_profiles(t)
    be_firms, be_deals = belgian(t)
    links = domain.interregional_links(be_firms, be_deals, t["partners"])
    across = links[links["region_a"] != links["region_b"]]
    de_firms = domain.indicator_series(t["indicators"], "Germany", "number of dedicated biotech firms")
    cap = domain.longest_comparable_series(t["indicators"], "Belgium", "listed biotech market capitalisation")
    return dict(
        german_timeline=german, german_programmes=int(german["programme"].nunique()),
        german_first=int(german["year"].min()), german_last=int(german["year"].max()),
        belgian_timeline=belgian_rows, belgian_before=before, timeline_from=TIMELINE_FROM, belgian_undated=int(((clusters["country"] == "Belgium") & clusters["year"].isna()).sum()),
        belgian_first=int(belgian_rows["year"].min()), belgian_last=int(belgian_rows["year"].max()),
        map_firms=placed, placed_by_country=placed["country"].astype(str).value_counts().to_dict(),
        unplaced_by_country=firms[firms["latitude"].isna()]["country"].astype(str).value_counts().to_dict(),
        map_cities=int(placed.groupby(["country", "latitude", "longitude"], observed=True).ngroups),
        profiles=profiles, by_country=country_summary(profiles),
        links=links, firm_to_firm_across=int(across["firm_to_firm"].sum()),
        shared_across=int(across["shared_partners"].sum()),
        links_by_pair={f"{a}–{b}": (int(x), int(y)) for a, b, x, y in
                       across[["region_a", "region_b", "firm_to_firm", "shared_partners"]].itertuples(index=False)},
        de_firms_series=de_firms, be_cap_series=cap,
        then_now=_then_and_now(t, be_firms, be_deals, PAPER_2016),
        founded_since=int((domain.nbfs(be_firms)["founded_year"] >= PAPER_2016).sum()),
        de_at_paper=de_firms[de_firms["year"] == PAPER_2016 - 1]["value"].squeeze() if (de_firms["year"] == PAPER_2016 - 1).any() else None)
