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


def citation_record(citation_file: Path | None = CITATION_FILE) -> dict:
    """CITATION.cff as a mapping: title, authors, version, date-released, licence, references."""
    import yaml

    if citation_file is None or not Path(citation_file).is_file():
        raise FileNotFoundError(f"no CITATION.cff at {citation_file}")
    return yaml.safe_load(Path(citation_file).read_text(encoding="utf-8"))


def citation_authors(cff: dict) -> list[str]:
    """Each author as written: a group name, or given and family names."""
    return [author.get("name") or " ".join(filter(None, [author.get("given-names"), author.get("family-names")]))
            for author in cff.get("authors") or [{}]]


def how_to_cite(citation_file: Path | None = CITATION_FILE) -> str:
    """The project's citation, from CITATION.cff: author (year), title, version."""
    cff = citation_record(citation_file)
    return f"{citation_authors(cff)[0]} ({str(cff['date-released'])[:4]}), {cff['title']}, version {cff['version']}."


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


# ---- one firm: its events and its region (the firm profile pages) --------------------------------

# Statuses that end a firm's life as an independent company, with the words a timeline uses for them.
EXIT_WORDS = {"acquired": "acquired", "merged": "merged", "liquidated": "liquidated", "reorganised": "reorganised",
              "subsidiary": "became a subsidiary"}


def firm_events(firm: pd.Series, deals: pd.DataFrame) -> pd.DataFrame:
    """One firm's dated events: founding, listing, each deal row (counterparty named), and its exit, by year.
    `deals` are the firm's rows with `partner_name` (see deals_with_names)."""
    rows = []
    if pd.notna(firm["founded_year"]):
        rows.append((int(firm["founded_year"]), "milestone", "founded", f"{firm['name']} founded"))
    if pd.notna(firm["ipo_year"]):
        markets = f" ({firm['ipo_markets']})" if pd.notna(firm["ipo_markets"]) else ""
        rows.append((int(firm["ipo_year"]), "milestone", "listed", f"listed{markets}"))
    for deal, agreed_deal in zip(deals.itertuples(index=False), _is_agreed(deals)):
        if pd.isna(deal.year):
            continue
        agreed = "" if agreed_deal else " (not agreed)"
        rows.append((int(deal.year), "deal", str(deal.deal_type), f"{deal.deal_type} with {deal.partner_name}{agreed}"))
    status = str(firm["status"]) if pd.notna(firm["status"]) else ""
    if status in EXIT_WORDS and pd.notna(firm["status_year"]):
        by = f" by {firm['acquirer']}" if pd.notna(firm.get("acquirer")) else ""
        rows.append((int(firm["status_year"]), "milestone", status, f"{EXIT_WORDS[status]}{by}"))
    events = pd.DataFrame(rows, columns=["year", "lane", "kind", "event"])
    return events.sort_values(["year", "lane", "event"], kind="stable").reset_index(drop=True)


def region_indicators(indicators: pd.DataFrame, firm: pd.Series) -> pd.DataFrame:
    """The latest value of each indicator (and scope) for the firm's region, then its country."""
    places = [str(p) for p in (firm.get("region"), firm.get("country")) if pd.notna(p)]
    rows = indicators[indicators["geography"].isin(places)].dropna(subset=["year"])
    rows = rows.assign(_order=rows["geography"].map({p: i for i, p in enumerate(places)}))
    latest = (rows.sort_values(["_order", "indicator", "scope", "year"])
              .groupby(["geography", "indicator", "scope"], observed=True, dropna=False).tail(1))
    return latest.sort_values(["_order", "indicator", "year"]).drop(columns="_order").reset_index(drop=True)
