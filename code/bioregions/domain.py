"""The domain vocabulary as functions: which firms are NBFs, which deals count, who the counterparty is,
which indicator values may be compared. DataFrames in, DataFrames or plain values out."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .paths import CITATION_FILE

# Takeovers change who owns a firm; they are not alliances between independent partners.
NOT_ALLIANCES = frozenset({"acquisition"})
# A firm with one of these statuses is owned by another company today.
OWNED_STATUSES = ("acquired", "merged", "subsidiary")
# Indicator geographies below the country: the Belgian regions and the German bioRegions and Länder.
SUBNATIONAL_GEOGRAPHIES = ("Flanders", "Wallonia", "Brussels-Capital", "Bavaria", "Munich", "Berlin-Brandenburg",
                           "Baden-Wuerttemberg", "North Rhine-Westphalia")
# Units that count firms (a stock), as opposed to jobs, money or projects.
FIRM_COUNT_UNITS = ("companies", "firms")
# Indicators in those units that count something else: yearly start-up flows, all-field spin-off tallies.
NOT_FIRM_STOCKS = ("founded", "spin-offs")


def in_country(firms: pd.DataFrame, country: str) -> pd.DataFrame:
    """Firms whose main site is in `country` (Belgium: the population; Germany: the comparison set)."""
    if "country" not in firms.columns:  # an analyst's own table without the field: all Belgian
        return firms if country == "Belgium" else firms.iloc[0:0]
    return firms[firms["country"] == country]


def deals_in_country(deals: pd.DataFrame, firms: pd.DataFrame, country: str) -> pd.DataFrame:
    """Deals whose focal firm is in `country`."""
    return deals[deals["firm_id"].isin(in_country(firms, country)["firm_id"])]


def nbfs(firms: pd.DataFrame) -> pd.DataFrame:
    """New biotechnology firms: every firm except the anchor incumbents."""
    return firms[firms["role"] == "NBF"]


def anchors(firms: pd.DataFrame) -> pd.DataFrame:
    """The large incumbents of the cluster (UCB, Janssen, GSK Vaccines)."""
    return firms[firms["role"] == "anchor"]


def owned_by_another_company(firms: pd.DataFrame) -> pd.DataFrame:
    """Firms acquired, merged into another or run as a subsidiary today."""
    return firms[firms["status"].isin(OWNED_STATUSES)]


def _is_agreed(deals: pd.DataFrame) -> pd.Series:
    """True for agreed deals; a frame without the column (an analyst's own table) is taken as all agreed."""
    if "agreed" not in deals.columns:
        return pd.Series(True, index=deals.index)
    return deals["agreed"].fillna(True).astype(bool)


def agreed_deals(deals: pd.DataFrame) -> pd.DataFrame:
    """Deals that were agreed: bids and talks that failed (agreed = false) are dropped."""
    return deals[_is_agreed(deals)]


def failed_bids(deals: pd.DataFrame) -> pd.DataFrame:
    """Bids and talks that led to no agreement (kept for the record, never counted)."""
    return deals[~_is_agreed(deals)]


def alliances_only(deals: pd.DataFrame, exclude_types=NOT_ALLIANCES) -> pd.DataFrame:
    """Agreed deals between independent partners: takeovers (and any `exclude_types`) left out."""
    agreed = agreed_deals(deals)
    return agreed[~agreed["deal_type"].astype("string").isin(set(exclude_types))]


def takeovers(deals: pd.DataFrame) -> pd.DataFrame:
    """Agreed acquisitions, whatever the firm's role in them (buyer, target, seller, merger)."""
    agreed = agreed_deals(deals)
    return agreed[agreed["deal_type"] == "acquisition"]


def deals_with_names(deals: pd.DataFrame, firms: pd.DataFrame, partners: pd.DataFrame) -> pd.DataFrame:
    """Deals with `firm_name`, `partner_name` and `partner_type`; a counterparty that is itself a firm of the
    firm table is named as that firm (its current name), so each actor has one name everywhere."""
    firm_names = firms.set_index("firm_id")["name"]
    partner_rows = partners.set_index("partner_id")
    named = deals.assign(
        firm_name=deals["firm_id"].map(firm_names),
        partner_name=deals["partner_id"].map(firm_names).fillna(deals["partner_id"].map(partner_rows["name"])),
        partner_type=deals["partner_id"].map(partner_rows["partner_type"]),
    )
    return named


def without_orphan_currency(deals: pd.DataFrame, amount_columns=("upfront_amount", "total_amount")) -> pd.DataFrame:
    """Deals with `currency` blanked where none of `amount_columns` holds an amount (the amount is then
    described in words in amount_note), so a currency never reads as a blank price."""
    no_amount = deals[list(amount_columns)].isna().all(axis=1)
    return deals.assign(currency=deals["currency"].mask(no_amount))


def regional_firm_counts(indicators: pd.DataFrame) -> pd.DataFrame:
    """Counts of firms (stocks, not yearly flows) for Belgian regions and German bioRegions, each with its scope."""
    indicator = indicators["indicator"].astype("string")
    is_flow = indicator.str.contains("|".join(NOT_FIRM_STOCKS), regex=True, na=False)
    return indicators[indicators["geography"].isin(SUBNATIONAL_GEOGRAPHIES)
                      & indicators["unit"].isin(FIRM_COUNT_UNITS) & ~is_flow]


def indicator_series(indicators: pd.DataFrame, geography: str, indicator: str) -> pd.DataFrame:
    """One indicator for one geography, by year; refuses a series that does not exist."""
    rows = indicators[(indicators["geography"] == geography) & (indicators["indicator"] == indicator)]
    if rows.empty:
        raise ValueError(f"no indicator rows for {geography!r} / {indicator!r}")
    return rows.sort_values("year")


def longest_comparable_series(indicators: pd.DataFrame, geography: str, indicator: str) -> pd.DataFrame:
    """The rows of the one source definition (scope) with the most years: values are comparable only
    within a scope. Ties go to the scope with the latest year, then by name."""
    rows = indicator_series(indicators, geography, indicator)
    runs = rows.groupby("scope", observed=True)["year"].agg(["nunique", "max"])
    best = runs.sort_values(["nunique", "max"], ascending=False).index[0]
    return rows[rows["scope"] == best]


def how_to_cite(citation_file: Path | None = CITATION_FILE) -> str:
    """The project's citation, from CITATION.cff: author (year), title, version."""
    import yaml

    if citation_file is None or not Path(citation_file).is_file():
        raise FileNotFoundError(f"no CITATION.cff at {citation_file}")
    cff = yaml.safe_load(Path(citation_file).read_text(encoding="utf-8"))
    authors = cff.get("authors") or [{}]
    first = authors[0].get("name") or " ".join(filter(None, [authors[0].get("given-names"),
                                                             authors[0].get("family-names")]))
    return f"{first} ({str(cff['date-released'])[:4]}), {cff['title']}, version {cff['version']}."


def sweep_coverage(sweep_log: pd.DataFrame, firms: pd.DataFrame, deals: pd.DataFrame) -> pd.DataFrame:
    """Per swept firm: reads logged, kinds of source read, years the reads cover, deal rows they gave, and the
    agreed deals the table holds for the firm (so a reader sees where the record is thin)."""
    reads = sweep_log[sweep_log["firm_id"].notna()]
    agreed = agreed_deals(deals).groupby("firm_id", observed=True).size()
    firm_rows = firms.set_index("firm_id")
    rows = []
    for firm_id, group in reads.groupby("firm_id", observed=True):
        firm = firm_rows.loc[firm_id]
        years = pd.concat([group["years_from"], group["years_to"]]).dropna()
        rows.append({"firm_id": firm_id, "firm": firm["name"], "country": firm["country"], "reads": len(group),
                     "source_kinds": ", ".join(sorted(group["source_kind"].astype(str).unique())),
                     "years_covered": f"{int(years.min())}–{int(years.max())}" if len(years) else "",
                     "deals_found": int(group["deals_found"].fillna(0).sum()),
                     "agreed_deals": int(agreed.get(firm_id, 0))})
    columns = ["firm_id", "firm", "country", "reads", "source_kinds", "years_covered", "deals_found", "agreed_deals"]
    return (pd.DataFrame(rows, columns=columns).sort_values(["agreed_deals", "firm"], ascending=[False, True])
            .reset_index(drop=True))


# ---- 2015 and 2016 chapters ----

# The partner type that stands for "large pharma" in the 2015 and 2016 comparisons.
LARGE_PHARMA = "big pharma"
# The one amount basis whose totals are comparable across deals (upfront plus all milestones).
COMPARABLE_BASIS = "deal terms"
# What an empty rights_direction cell is shown as.
RIGHTS_NOT_STATED = "not stated"


def swept_firm_ids(sweep_log: pd.DataFrame) -> set:
    """Firms whose deal record was read in the firm-by-firm sweep (a list read has no firm)."""
    return set(sweep_log["firm_id"].dropna().astype(str))


def deal_values(named: pd.DataFrame, basis: str = COMPARABLE_BASIS) -> pd.DataFrame:
    """Agreed deals with a total amount of one `amount_basis` (default: upfront plus all milestones), one row
    each, with the currency kept: amounts are comparable only within one basis and one currency."""
    rows = agreed_deals(named)
    rows = rows[(rows["amount_basis"].astype("string") == basis) & rows["total_amount"].notna()
                & rows["currency"].notna()]
    return rows.assign(currency=rows["currency"].astype(str)).sort_values(["currency", "year", "deal_id"])


def top_partners(named_alliances: pd.DataFrame, n: int = 15) -> pd.DataFrame:
    """The `n` counterparties with the most agreed alliances, with their type and how many firms they dealt with.
    Ties are broken by the number of firms, then by name, so the ranking is the same on every build."""
    grouped = (named_alliances.assign(partner_type=named_alliances["partner_type"].astype("string").fillna("other"))
               .groupby(["partner_name", "partner_type"], observed=True)
               .agg(deals=("deal_id", "size"), firms=("firm_id", "nunique")).reset_index())
    return (grouped.sort_values(["deals", "firms", "partner_name"], ascending=[False, False, True])
            .head(n).reset_index(drop=True))


def firm_partner_profile(firms: pd.DataFrame, deals: pd.DataFrame, partners: pd.DataFrame) -> pd.DataFrame:
    """Per firm of `firms` (firms without a deal included, with zeros): agreed alliances (takeovers left out),
    distinct counterparties (the degree of the firm in its own ego network), distinct large-pharma partners,
    share of counterparties met in two deals or more (repeat partners), share of alliances with large pharma,
    and the years from founding to the first large-pharma alliance (empty without one or without a founding year)."""
    named = deals_with_names(alliances_only(deals[deals["firm_id"].isin(firms["firm_id"])]), firms, partners)
    rows = []
    for firm in firms.itertuples(index=False):
        own = named[named["firm_id"] == firm.firm_id]
        per_partner = own.groupby("partner_id", observed=True).size()
        pharma = own[own["partner_type"] == LARGE_PHARMA]
        first = pharma["year"].min() if len(pharma) else None
        founded = firm.founded_year if pd.notna(firm.founded_year) else None
        rows.append({
            "firm_id": firm.firm_id, "firm": firm.name, "country": str(firm.country), "region": str(firm.region),
            "business_model": None if pd.isna(firm.business_model) else str(firm.business_model),
            "founded_year": founded, "alliances": len(own), "partners": len(per_partner),
            "pharma_partners": int(pharma["partner_id"].nunique()), "pharma_alliances": len(pharma),
            "repeat_share": float((per_partner >= 2).mean()) if len(per_partner) else None,
            "pharma_share": len(pharma) / len(own) if len(own) else None,
            "first_pharma_year": None if first is None else int(first),
            "years_to_pharma": None if first is None or founded is None else int(first) - int(founded),
        })
    return pd.DataFrame(rows)


def listing_and_exits(firms: pd.DataFrame) -> pd.DataFrame:
    """NBFs that listed or were taken over: one row per event (listed, acquired, merged) with its year, the
    buyer and the headline price in the currency the firm's row states (empty where none is stated)."""
    young = nbfs(firms)
    rows = []
    for firm in young.itertuples(index=False):
        if pd.notna(firm.ipo_year):
            rows.append({"firm": firm.name, "event": "listed", "year": int(firm.ipo_year), "buyer": "",
                         "price": "", "markets": "" if pd.isna(firm.ipo_markets) else str(firm.ipo_markets)})
        if str(firm.status) in ("acquired", "merged") and pd.notna(firm.status_year):
            price = ""
            if pd.notna(firm.acquisition_value) and pd.notna(firm.acquisition_currency):
                price = f"{firm.acquisition_currency} {firm.acquisition_value:,.4g} m"
            rows.append({"firm": firm.name, "event": str(firm.status), "year": int(firm.status_year),
                         "buyer": "" if pd.isna(firm.acquirer) else str(firm.acquirer), "price": price, "markets": ""})
    columns = ["firm", "event", "year", "buyer", "price", "markets"]
    return pd.DataFrame(rows, columns=columns).sort_values(["year", "firm", "event"]).reset_index(drop=True)


def rights_by_period(deals: pd.DataFrame, firms: pd.DataFrame, span: int = 5) -> pd.DataFrame:
    """Agreed alliances (takeovers left out) by country of the focal firm, period of `span` years and
    rights_direction (empty cells as "not stated"): inbound (licenses in) against outbound (licenses out)."""
    alliances = alliances_only(deals)
    country = alliances["firm_id"].map(firms.set_index("firm_id")["country"]).astype("string")
    start = (alliances["year"] // span) * span
    last = int(alliances["year"].max()) if len(alliances) else 0  # the last period ends with the record
    data = pd.DataFrame({
        "country": country, "period": [f"{s}–{min(s + span - 1, last)}" for s in start], "start": start,
        "rights_direction": alliances["rights_direction"].astype("string").fillna(RIGHTS_NOT_STATED)})
    return (data.dropna(subset=["country"]).groupby(["country", "period", "start", "rights_direction"])
            .size().rename("deals").reset_index())


def interregional_links(firms: pd.DataFrame, deals: pd.DataFrame, partners: pd.DataFrame,
                        regions=("Flanders", "Wallonia", "Brussels-Capital")) -> pd.DataFrame:
    """For each pair of Belgian regions (a region with itself included): agreed alliances between firms of the
    two regions (a counterparty that is itself a firm of the table) and counterparties shared, that is, dealt
    with by at least one firm of each region."""
    region_of = firms.set_index("firm_id")["region"].astype(str)
    alliances = alliances_only(deals[deals["firm_id"].isin(firms["firm_id"])])
    alliances = alliances.assign(firm_region=alliances["firm_id"].map(region_of),
                                 partner_region=alliances["partner_id"].map(region_of))
    partner_sets = {r: set(alliances.loc[alliances["firm_region"] == r, "partner_id"]) for r in regions}
    rows = []
    for i, a in enumerate(regions):
        for b in regions[i:]:
            between = alliances[((alliances["firm_region"] == a) & (alliances["partner_region"] == b))
                                | ((alliances["firm_region"] == b) & (alliances["partner_region"] == a))]
            shared = partner_sets[a] & partner_sets[b] if a != b else partner_sets[a]
            if a == b:  # within one region: counterparties met by two firms of it or more
                per = alliances[alliances["firm_region"] == a].groupby("partner_id")["firm_id"].nunique()
                shared = set(per[per >= 2].index)
            rows.append({"region_a": a, "region_b": b, "firm_to_firm": len(between), "shared_partners": len(shared)})
    return pd.DataFrame(rows)
