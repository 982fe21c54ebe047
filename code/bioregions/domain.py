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

# ---- 1993 and 1996 chapters ----

# A firm leaves the record of independent firms when it is bought, merged into another or liquidated.
EXIT_STATUSES = ("acquired", "merged", "liquidated")
# Statuses of firms still running on their own at the end of the record (a reorganised firm went on trading).
CONTINUING_STATUSES = ("independent", "reorganised")
# Counterparty types that count as a large established firm (the schema has no wider "large firm" class).
LARGE_PARTNER_TYPES = ("big pharma",)
# Periods of signing for the kinds of partnering: (first year or None, year after the last or None, label).
DEAL_PERIODS = ((None, 1995, "before 1995"), (1995, 2005, "1995–2004"), (2005, 2015, "2005–2014"),
                (2015, None, "2015 on"))
# Relations between deals that record a partnership going wrong, with the words the site uses for them.
PITFALL_RELATIONS = {"terminates": "terminated", "rights returned": "rights handed back"}
FAILED_BID = "failed bid or talks"


def deal_period(years: pd.Series, periods=DEAL_PERIODS) -> pd.Series:
    """The period label of each year (an ordered category, in the order of `periods`); empty for no year."""
    labels = [label for _, _, label in periods]
    out = pd.Series(pd.NA, index=years.index, dtype="object")
    for start, stop, label in periods:
        inside = years.notna()
        if start is not None:
            inside &= years >= start
        if stop is not None:
            inside &= years < stop
        out[inside.fillna(False).astype(bool)] = label
    return pd.Series(pd.Categorical(out, categories=labels, ordered=True), index=years.index)


def deals_by_period(deals: pd.DataFrame, periods=DEAL_PERIODS) -> pd.DataFrame:
    """Agreed alliances (takeovers left out) by period of signing and deal type: period, deal_type, deals, and
    each period's share of deals of each type (share, within the period)."""
    alliances = alliances_only(deals)
    framed = alliances.assign(period=deal_period(alliances["year"], periods),
                              deal_type=alliances["deal_type"].astype(str))
    counts = framed.groupby(["period", "deal_type"], observed=True).size().rename("deals").reset_index()
    counts["share"] = counts["deals"] / counts.groupby("period", observed=True)["deals"].transform("sum")
    counts["period"] = counts["period"].astype(str)
    return counts


def firm_histories(firms: pd.DataFrame, deals: pd.DataFrame, partners: pd.DataFrame, end_year: int,
                   window: int = 5, large=LARGE_PARTNER_TYPES) -> pd.DataFrame:
    """One row per firm for the survival estimates: years from founding to exit (acquired, merged, liquidated)
    and to listing, whether each was seen, and the agreed alliances with a large firm in the first `window`
    years after founding (the founding year and the `window - 1` years after it).

    Firms still running are censored at `end_year` (the end of the record); a firm that exits unlisted is
    censored for listing at its exit. `left_out` says why a firm cannot enter the estimates (empty if it can):
    no founding year, no known status, an exit without a year, a subsidiary status (owned, with no exit year)
    or founded fewer than `window` years before `end_year` (its early years are not yet over)."""
    types = deals["partner_id"].map(partners.set_index("partner_id")["partner_type"]).astype("string")
    large_deals = alliances_only(deals.assign(partner_type=types))
    large_deals = large_deals[large_deals["partner_type"].isin(set(large))]
    founded = firms.set_index("firm_id")["founded_year"]
    since = large_deals["year"] - large_deals["firm_id"].map(founded)
    early = large_deals[(since >= 0) & (since < window)].groupby("firm_id").size()
    status = firms["status"].astype("string")
    exited = status.isin(EXIT_STATUSES)
    founded_year = firms["founded_year"].astype("Float64")
    exit_year = firms["status_year"].astype("Float64").where(exited)
    ipo_year = firms["ipo_year"].astype("Float64")
    stop = exit_year.fillna(end_year)
    out = pd.DataFrame({
        "firm_id": firms["firm_id"], "name": firms["name"], "founded_year": founded_year,
        "status": status, "exit_year": exit_year, "ipo_year": ipo_year,
        "early_large_deals": firms["firm_id"].map(early).fillna(0).astype(int),
        "exit_time": stop - founded_year, "exit_seen": exited,
        "listing_time": ipo_year.fillna(stop) - founded_year, "listing_seen": ipo_year.notna(),
    })
    out["early_alliance"] = out["early_large_deals"].map(lambda n: "one or more" if n else "none")
    reasons = pd.Series("", index=firms.index)
    reasons[founded_year > end_year - window] = f"founded fewer than {window} years before {end_year}"
    reasons[status == "subsidiary"] = "owned by another company, year not known"
    reasons[exited & exit_year.isna()] = "exit year not known"
    reasons[status.isna()] = "status not known"
    reasons[founded_year.isna()] = "founding year not known"
    out["left_out"] = reasons.astype(str)
    return out.reset_index(drop=True)


def landmark(histories: pd.DataFrame, event: str, window: int = 5) -> pd.DataFrame:
    """Firms that can enter the estimate of `event` ('exit' or 'listing'): not left out, and with neither that
    event nor censoring before `window` years (a landmark: the early-alliance groups are only fixed then)."""
    usable = histories[histories["left_out"] == ""]
    return usable[usable[f"{event}_time"] >= window]


def kaplan_meier(histories: pd.DataFrame, event: str, window: int = 5, group: str = "early_alliance",
                 alpha: float = 0.05) -> pd.DataFrame:
    """Kaplan-Meier estimates of the share of firms without `event` ('exit' or 'listing') by years since
    founding, per group, among the firms of `landmark`: group, time, survival, lower, upper (pointwise
    confidence band, 1 - alpha), at_risk (firms still at risk just before `time`), events (seen at `time`).
    Each curve starts at the landmark (`window` years, survival 1)."""
    from lifelines import KaplanMeierFitter  # a computation library; imported only when an estimate is made

    sample = landmark(histories, event, window)
    rows = []
    for name, part in sample.groupby(group, observed=True):
        durations = part[f"{event}_time"].astype(float).to_numpy()
        seen = part[f"{event}_seen"].astype(bool).to_numpy()
        fitter = KaplanMeierFitter(alpha=alpha).fit(durations, seen, label="km")
        band = fitter.confidence_interval_
        table = fitter.event_table
        rows.append({"group": name, "time": float(window), "survival": 1.0, "lower": 1.0, "upper": 1.0,
                     "at_risk": len(part), "events": 0})
        for time in fitter.survival_function_.index:
            if time < window or table.loc[time, "observed"] == 0 and time != durations.max():
                continue
            rows.append({"group": name, "time": float(time), "survival": float(fitter.survival_function_.loc[time, "km"]),
                         "lower": float(band.loc[time].iloc[0]), "upper": float(band.loc[time].iloc[1]),
                         "at_risk": int(table.loc[time, "at_risk"]), "events": int(table.loc[time, "observed"])})
    return pd.DataFrame(rows, columns=["group", "time", "survival", "lower", "upper", "at_risk", "events"])


def number_at_risk(histories: pd.DataFrame, event: str, times, window: int = 5,
                   group: str = "early_alliance") -> pd.DataFrame:
    """Firms still at risk of `event` (not yet seen, not yet censored) at each of `times` years since founding,
    per group, among the firms of `landmark`: one row per group, one column per time."""
    sample = landmark(histories, event, window)
    rows = {name: {f"{t} years": int((part[f"{event}_time"] >= t).sum()) for t in times}
            for name, part in sample.groupby(group, observed=True)}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("group").reset_index()


def firm_paths(firms: pd.DataFrame, deals: pd.DataFrame, partners: pd.DataFrame) -> pd.DataFrame:
    """Each firm's dated milestones, one row each: firm, founded_year, event ('founded', 'deal', 'listed',
    'exit', FAILED_BID), year, deal_type (deals only), detail (counterparty or what happened)."""
    named = deals_with_names(deals[deals["firm_id"].isin(firms["firm_id"])], firms, partners)
    # The firm's own takeover or merger is its exit, shown once as such.
    own_exit = (named["deal_type"] == "acquisition") & named["firm_role"].isin(("acquired", "merger"))
    named = named[named["year"].notna() & ~own_exit]
    agreed = _is_agreed(named)
    rows = [pd.DataFrame({"firm_id": named["firm_id"], "event": agreed.map({True: "deal", False: FAILED_BID}),
                          "year": named["year"], "deal_type": named["deal_type"].astype(str),
                          "detail": named["partner_name"].astype(str)})]
    dated = firms[firms["founded_year"].notna()]
    rows.append(pd.DataFrame({"firm_id": dated["firm_id"], "event": "founded", "year": dated["founded_year"],
                              "deal_type": "", "detail": "founded"}))
    listed = firms[firms["ipo_year"].notna()]
    rows.append(pd.DataFrame({"firm_id": listed["firm_id"], "event": "listed", "year": listed["ipo_year"],
                              "deal_type": "", "detail": listed["ipo_markets"].astype("string").fillna("listed")}))
    gone = firms[firms["status"].isin(EXIT_STATUSES) & firms["status_year"].notna()]
    rows.append(pd.DataFrame({"firm_id": gone["firm_id"], "event": "exit", "year": gone["status_year"],
                              "deal_type": "", "detail": gone["status"].astype(str)
                              + gone["acquirer"].astype("string").map(lambda a: f" ({a})" if isinstance(a, str) else "")}))
    out = pd.concat(rows, ignore_index=True).astype({"year": int})
    lookup = firms.set_index("firm_id")
    out.insert(0, "firm", out["firm_id"].map(lookup["name"]))
    out.insert(1, "founded_year", out["firm_id"].map(lookup["founded_year"]))
    return out.sort_values(["founded_year", "firm", "year", "event"]).reset_index(drop=True)


def partnering_pitfalls(deals: pd.DataFrame, firms: pd.DataFrame, partners: pd.DataFrame) -> pd.DataFrame:
    """Rows where partnering went wrong: bids or talks that failed (agreed = false), deals terminated and rights
    handed back (relation of a later row). kind, year, firm, partner, deal_id, relates_to."""
    named = deals_with_names(deals, firms, partners)
    relation = named["relation"].astype("string")
    failed = named[~_is_agreed(named)].assign(kind=FAILED_BID)
    ended = named[relation.isin(set(PITFALL_RELATIONS))]
    ended = ended.assign(kind=ended["relation"].astype(str).map(PITFALL_RELATIONS))
    out = pd.concat([failed, ended])[["kind", "year", "firm_name", "partner_name", "deal_id", "relates_to"]]
    return out.rename(columns={"firm_name": "firm", "partner_name": "partner"}).sort_values(["year", "deal_id"]) \
        .reset_index(drop=True)


def short_policy_name(name: str, limit: int = 34) -> str:
    """A short label for a policy instrument: the name before its first bracket or ' - ', cut to `limit`."""
    short = str(name).split(" (")[0].split(" - ")[0].strip()
    return short if len(short) <= limit else short[: limit - 1].rstrip() + "…"


def institutions(firms: pd.DataFrame, origin_types=("university spin-off", "institute spin-off")) -> pd.DataFrame:
    """Spin-offs by parent institution, one row per firm and institution (a firm with two parents counts for
    each; a campus or department in brackets counts for its parent): institution, firm_id, name, region,
    origin_type."""
    spun = firms[firms["origin_type"].isin(origin_types) & firms["origin_institution"].notna()]
    rows = [{"institution": part.strip().split(" (")[0], "firm_id": row.firm_id, "name": row.name,
             "region": str(row.region), "origin_type": str(row.origin_type)}
            for row in spun.itertuples() for part in str(row.origin_institution).split(";") if part.strip()]
    return pd.DataFrame(rows, columns=["institution", "firm_id", "name", "region", "origin_type"])


def foundings_and_instruments(firms: pd.DataFrame, policy: pd.DataFrame, regions, span: int = 5,
                              start: int = 1980) -> pd.DataFrame:
    """Per region and period of `span` years from `start`: NBFs founded and policy instruments created there.
    region, period_start, period, firms, instruments, instrument_names. Years before `start` are left out."""
    def period(years):
        return (years - start) // span * span + start
    young = firms[firms["founded_year"].notna() & (firms["founded_year"] >= start)]
    made = policy[policy["year"] >= start]
    frame = pd.DataFrame([(r, p) for r in regions
                          for p in range(start, int(max(young["founded_year"].max(), made["year"].max())) + 1, span)],
                         columns=["region", "period_start"])
    founded = young.groupby([young["region"].astype(str), period(young["founded_year"])]).size()
    created = made.groupby([made["region"].astype(str), period(made["year"])])
    names = created["name"].agg(lambda s: "; ".join(map(short_policy_name, s)))
    key = list(zip(frame["region"], frame["period_start"]))
    frame["firms"] = [int(founded.get(k, 0)) for k in key]
    frame["instruments"] = [int(created.size().get(k, 0)) for k in key]
    frame["instrument_names"] = [names.get(k, "") for k in key]
    frame["period"] = [f"{p}–{p + span - 1}" for p in frame["period_start"]]
    return frame


def instruments_by_kind(policy: pd.DataFrame, regions) -> pd.DataFrame:
    """Policy instruments per territory and kind (territories of `regions` only): region, kind, instruments,
    names (short names, by year)."""
    rows = policy[policy["region"].isin(regions)].sort_values("year")
    grouped = rows.assign(region=rows["region"].astype(str), kind=rows["kind"].astype(str),
                          short=rows["name"].map(short_policy_name)).groupby(["region", "kind"])
    return grouped.agg(instruments=("event_id", "size"),
                       names=("short", lambda s: "; ".join(s))).reset_index()


def instruments_over_time(policy: pd.DataFrame) -> pd.DataFrame:
    """Cumulative number of instruments created in each territory by each year in which one was created:
    region, year, created (that year), total (to date), names (created that year)."""
    rows = policy.assign(region=policy["region"].astype(str), short=policy["name"].map(short_policy_name))
    yearly = rows.groupby(["region", "year"]).agg(created=("event_id", "size"),
                                                  names=("short", lambda s: "; ".join(s))).reset_index()
    yearly["total"] = yearly.groupby("region")["created"].cumsum()
    return yearly

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
