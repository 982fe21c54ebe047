"""Altair theme, the offline chart renderer, and one function per chart (DataFrame in, chart out)."""
from __future__ import annotations

import functools
import html
import textwrap

import altair as alt
import pandas as pd

from .. import data as core
from ..domain import agreed_deals, alliances_only, indicator_series, nbfs
from . import palette
from .embed import embed_block, stable_id
from .page import current_page

# Colours of scales without a meaning of their own (policy kinds, indicator scopes).
PALETTE = palette.HUES[("alliances", "deal_type")]


def theme() -> alt.theme.ThemeConfig:
    """The site's chart look: readable type, quiet axes, a colour-blind-safe palette."""
    return {
        "config": {
            "background": "transparent",
            "font": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 300},
            "axis": {"labelFontSize": 12, "titleFontSize": 13, "gridOpacity": 0.35, "labelColor": "#555",
                     "titleColor": "#333"},
            "legend": {"labelFontSize": 12, "titleFontSize": 13, "labelColor": "#444", "titleColor": "#333"},
            "title": {"fontSize": 15, "anchor": "start", "color": "#222"},
            "range": {"category": PALETTE},
        }
    }


LICENCE = "CC BY 4.0"


def draws_on(*tables: str):
    """Mark a chart function with the data tables its chart is drawn from (shown in its source line)."""
    unknown = set(tables) - set(core.table_names()) if core.DATAPACKAGE else set()
    if unknown:
        raise ValueError(f"draws_on names tables the package does not have: {sorted(unknown)}")

    def mark(function):
        @functools.wraps(function)
        def chart(*args, **kwargs):
            return function(*args, **kwargs).properties(usermeta={"tables": list(tables)})
        return chart
    return mark


def source_line(page, tables: list[str]) -> str:
    """"Source: …" under a chart: each table it draws on, linked to its fields in the data appendix and its CSV."""
    appendix = "chapters/data.qmd"
    links = ", ".join(f'<a href="{page.link(appendix, "sec-table-" + name)}">{html.escape(name)}</a> '
                      f'(<a href="{page.link("data/" + name + ".csv")}">CSV</a>)' for name in tables)
    what = f"the compiled table{'s' if len(tables) > 1 else ''} {links}" if tables else f'the <a href="{page.link(appendix)}">compiled data package</a>'
    return (f'<p class="chart-source">Source: {what}; open sources cited row by row. '
            f"Not the dissertation's data. Licence: {LICENCE}.</p>")


def site_renderer(spec: dict, **_: object) -> dict:
    """Render a Vega-Lite spec as a div + JSON, drawn by the site's own Vega bundle (no CDN), with its source line;
    the embed script adds Chart, Table and Download tabs."""
    element_id = stable_id("chart", spec)
    label = spec.get("description") or _title_text(spec.get("title")) or "Chart"
    page = current_page()
    tables = (spec.get("usermeta") or {}).get("tables", [])
    # Readers without JavaScript see the chart as a static SVG (the browser fetches it only for them).
    image = page.write_generated(f"figures/{element_id}.svg", static_svg(spec))
    fallback = (f'<noscript><img class="chart-static" src="{html.escape(image, quote=True)}" '
                f'alt="{html.escape(label, quote=True)}"></noscript>')
    return page.bundle(embed_block(page, "vega", element_id, spec, "vega-chart", label) + fallback
                       + source_line(page, tables))


def static_svg(spec: dict, width: int = 640) -> str:
    """The chart as SVG (vl-convert, no browser); a width that follows its container becomes `width` pixels."""
    def fixed(node):
        if isinstance(node, dict):
            return {key: width if key == "width" and value == "container" else fixed(value) for key, value in node.items()}
        if isinstance(node, list):
            return [fixed(item) for item in node]
        return node
    import vl_convert as vlc

    return vlc.vegalite_to_svg(fixed(spec))


def _title_text(title) -> str:
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(title)
    return str(title or "")


def use_site_renderers() -> None:
    """Activate the site theme and the offline renderer; call once in each page's setup chunk."""
    alt.theme.register("bioregions", enable=True)(theme)
    alt.renderers.register("bioregions", site_renderer)
    alt.renderers.enable("bioregions")
    # Charts are small aggregates; keep Altair from refusing tables over 5,000 rows.
    alt.data_transformers.disable_max_rows()


def to_static(chart: alt.Chart, path, fmt: str = "svg") -> None:
    """Write a static export of `chart` (svg or png) without a browser."""
    import vl_convert as vlc

    spec = chart.to_dict()
    if fmt == "svg":
        path.write_text(vlc.vegalite_to_svg(spec), encoding="utf-8")
    else:
        path.write_bytes(vlc.vegalite_to_png(spec, scale=2))


# ---- one function per figure -------------------------------------------------------------

def _colour(field: str, title: str, table: str, present, **kwargs) -> alt.Color:
    """A colour encoding with the palette's colour and the schema's order for one meaning."""
    domain, hues = palette.scale(table, field, present, missing=kwargs.pop("missing", False))
    return alt.Color(f"{field}:N", title=title, sort=domain, scale=alt.Scale(domain=domain, range=hues), **kwargs)


def _text(column: pd.Series, missing: str) -> pd.Series:
    """Categories or strings as plain text, with `missing` for empty cells."""
    return column.astype("string").fillna(missing).astype(str)


def _year_range(years: pd.Series) -> list[int]:
    return list(range(int(years.min()), int(years.max()) + 1))


def _coverage_note(years: pd.Series, what: str, missing: int = 0) -> list[str]:
    """A subtitle saying how the record's coverage changes over time, computed from the years shown."""
    years = years.dropna().astype(int)
    early = int((years < 2000).sum())
    lines = [f"Coverage is uneven: {early} of {len(years)} {what} shown date from before 2000, when public pages are "
             "few; recent years may still be incomplete."]
    if missing:
        lines.append(f"{missing} {what} without a known year are not shown.")
    # Short lines: a title does not wrap, and a phone shows about fifty characters.
    return [part for line in lines for part in textwrap.wrap(line, 48)]


@draws_on("alliances")
def deals_per_year_chart(alliances: pd.DataFrame) -> alt.Chart:
    """Agreed deals per year, stacked by deal type (the compiled alliance table, not Segers' sample)."""
    alliances = agreed_deals(alliances)
    counts = (alliances.assign(deal_type=alliances["deal_type"].astype(str))
              .groupby(["year", "deal_type"], observed=True).size().rename("deals").reset_index())
    counts, colour = _grouped_colour(counts.loc[counts.index.repeat(counts["deals"])].assign(deals=1), "deal_type",
                                     "Deal type", "alliances", "deal_type")  # rare types as "other": six hues at most
    counts = counts.groupby(["year", "deal_type"]).size().rename("deals").reset_index()
    select_type = alt.selection_point(fields=["deal_type"], bind="legend")
    return (
        alt.Chart(counts, description="Stacked bars: number of compiled deals per year, by deal type.")
        .mark_bar()
        .encode(
            # Every year on the axis, so that years without deals show as gaps rather than vanish.
            x=alt.X("year:O", title="Year announced", axis=alt.Axis(labelAngle=-90, labelOverlap=True),
                    scale=alt.Scale(domain=_year_range(counts["year"]))),
            y=alt.Y("sum(deals):Q", title="Deals in the compiled table"),
            color=colour,
            opacity=alt.condition(select_type, alt.value(1), alt.value(0.25)),
            tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("deal_type:N", title="Type"),
                     alt.Tooltip("deals:Q", title="Deals")],
        )
        .add_params(select_type)
        .properties(width="container", height=300, title=alt.Title(
            "Agreed deals per year", subtitle=_coverage_note(counts["year"].repeat(counts["deals"]), "deals")))
    )


@draws_on("firms")
def foundings_chart(firms: pd.DataFrame) -> alt.Chart:
    """Firms in the compiled table by founding year and region."""
    dated = nbfs(firms)
    dated = dated[dated["founded_year"].notna()]
    counts = (dated.assign(region=dated["region"].astype(str))
              .groupby(["founded_year", "region"], observed=True).size().rename("firms").reset_index())
    return (
        alt.Chart(counts, description="Bars: new biotechnology firms in the compiled table by founding year, coloured by region.")
        .mark_bar()
        .encode(
            x=alt.X("founded_year:O", title="Year founded", axis=alt.Axis(labelAngle=-90, labelOverlap=True),
                    scale=alt.Scale(domain=_year_range(counts["founded_year"]))),
            y=alt.Y("sum(firms):Q", title="Firms in the compiled table", axis=alt.Axis(tickMinStep=1)),
            color=_colour("region", "Region", "firms", counts["region"]),
            tooltip=[alt.Tooltip("founded_year:O", title="Founded"), "region:N", alt.Tooltip("firms:Q", title="Firms")],
        )
        .properties(width="container", height=260, title=alt.Title(
            "New biotechnology firms by founding year",
            subtitle=_coverage_note(dated["founded_year"], "firms", missing=int(nbfs(firms)["founded_year"].isna().sum()))))
    )


@draws_on("policy_events")
def policy_timeline_chart(policy_events: pd.DataFrame, other_dates: dict | None = None) -> alt.Chart:
    """Policy instruments on a time line: one labelled row each, grouped by territory (policy_lanes_chart)."""
    return policy_lanes_chart(policy_events, other_dates)


@draws_on("alliances", "partners")
def partner_types_chart(alliances: pd.DataFrame, partners: pd.DataFrame) -> alt.Chart:
    """Agreed alliances (takeovers left out, as in the network) by the kind of counterparty, stacked by deal type."""
    data = alliances_only(alliances).merge(partners[["partner_id", "partner_type"]], on="partner_id", how="left")
    counts = (data.assign(partner_type=data["partner_type"].astype(str), deal_type=data["deal_type"].astype(str))
              .groupby(["partner_type", "deal_type"], observed=True).size().rename("deals").reset_index())
    return (
        alt.Chart(counts, description="Horizontal bars: compiled alliances (acquisitions left out) by type of "
                                      "counterparty, stacked by deal type.")
        .mark_bar()
        .encode(
            y=alt.Y("partner_type:N", title="Counterparty", sort="-x"),
            x=alt.X("sum(deals):Q", title="Deals in the compiled table"),
            color=_colour("deal_type", "Deal type", "alliances", counts["deal_type"]),
            tooltip=["partner_type:N", "deal_type:N", alt.Tooltip("deals:Q", title="Deals")],
        )
        .properties(width="container", height=240)
    )


@draws_on("firms")
def firm_outcomes_chart(firms: pd.DataFrame) -> alt.Chart:
    """Status of the compiled NBFs today, by business model."""
    young = nbfs(firms)
    # Missing values get a label of their own, so no firm drops out of the bars.
    counts = (young.assign(status=_text(young["status"], palette.MISSING),
                           model=_text(young["business_model"], "not classified"))
              .groupby(["model", "status"], observed=True).size().rename("firms").reset_index())
    return (
        alt.Chart(counts, description="Stacked bars: status today of compiled new biotechnology firms, by business model.")
        .mark_bar()
        .encode(
            y=alt.Y("model:N", title="Business model"),
            x=alt.X("sum(firms):Q", title="Firms in the compiled table"),
            color=_colour("status", "Status today", "firms", counts["status"],
                          missing=(counts["status"] == palette.MISSING).any()),
            tooltip=[alt.Tooltip("model:N", title="Model"), "status:N", alt.Tooltip("firms:Q", title="Firms")],
        )
        .properties(width="container", height=180)
    )


@draws_on("indicators")
def indicator_chart(indicators: pd.DataFrame, geography: str, indicator: str, title: str) -> alt.Chart:
    """One indicator over time for one geography; each scope is its own line, never merged."""
    rows = indicator_series(indicators, geography, indicator)
    data = rows[["year", "value", "unit", "scope", "value_qualifier"]].astype({"value": float})
    data["value_qualifier"] = _text(data["value_qualifier"], "")
    # Scope definitions are long: wrap them onto lines the legend shows in full, narrow enough for a
    # phone (labelExpr splits them back into lines).
    data["scope"] = data["scope"].astype(str).map(lambda text: "|".join(textwrap.wrap(text, 38)))
    unit = str(data["unit"].iloc[0])
    data["scope_text"] = data["scope"].str.replace("|", " ", regex=False)
    base = alt.Chart(data, description=f"Line chart: {title}, by year, one line per source definition (scope).")
    return (
        base.mark_line(point=True)
        .encode(
            # The axis spans the data's years exactly (no padding that reads as years without data).
            x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1),
                    scale=alt.Scale(domain=[int(data["year"].min()), int(data["year"].max())], nice=False)),
            y=alt.Y("value:Q", title=unit),
            # One scope needs no key: the subtitle names it.
            color=alt.Color("scope:N", title="Scope (the source's definition)",
                            legend=None if data["scope"].nunique() == 1 else alt.Legend(
                                orient="bottom", direction="vertical", labelLimit=0, titleLimit=0,
                                labelExpr="split(datum.label, '|')")),
            tooltip=[alt.Tooltip("year:Q", format="d", title="Year"), alt.Tooltip("value_qualifier:N", title="Qualifier"),
                     alt.Tooltip("value:Q", title=unit, format=",.4~f"), alt.Tooltip("scope_text:N", title="Scope")],
        )
        .properties(width="container", height=260, title=alt.Title(
            _wrap(title), subtitle=_wrap("Scope: " + data["scope_text"].iloc[0], 48)
            if data["scope"].nunique() == 1 else alt.Undefined))
    )


@draws_on(*(core.table_names() if core.DATAPACKAGE else ()))
def coverage_chart(tables: dict[str, pd.DataFrame]) -> alt.Chart:
    """Rows per decade in each dated table (how far back the compiled evidence reaches)."""
    frames = []
    for name in tables:
        column = core.dating_field(name)
        if column is None:
            continue
        years = tables[name][column].dropna().astype(int)
        frames.append(pd.DataFrame({"table": name, "decade": (years // 10) * 10}))
    data = pd.concat(frames).groupby(["table", "decade"]).size().rename("rows").reset_index()
    # Every decade on the axis, so a decade without rows reads as a gap rather than vanishing.
    decades = list(range(int(data["decade"].min()), int(data["decade"].max()) + 10, 10))
    return (
        alt.Chart(data, description="Heat map: number of rows per decade in each dated table.")
        .mark_rect()
        .encode(
            x=alt.X("decade:O", title="Decade", scale=alt.Scale(domain=decades)),
            y=alt.Y("table:N", title=None),
            color=alt.Color("rows:Q", title="Rows", scale=alt.Scale(scheme="blues")),
            tooltip=["table:N", alt.Tooltip("decade:O", title="Decade"), "rows:Q"],
        )
        .properties(width="container", height=180)
    )


# Reads of a list or report made for the population, not for one firm (short: a phone shows the key in full).
LIST_READS = "lists and reports"


@draws_on("sweep_log", "firms")
def sweep_kinds_chart(sweep_log: pd.DataFrame, firms: pd.DataFrame) -> alt.Chart:
    """Reads logged in the sweep, by kind of source and country of the firm read for (lists: no firm)."""
    country = sweep_log["firm_id"].map(firms.set_index("firm_id")["country"]).astype("string")
    data = sweep_log.assign(country=country.fillna(LIST_READS),
                            source_kind=sweep_log["source_kind"].astype(str))
    counts = data.groupby(["source_kind", "country"], observed=True).size().rename("reads").reset_index()
    kinds = core.allowed_values_present("sweep_log", "source_kind", counts["source_kind"])
    return (
        alt.Chart(counts, description="Horizontal bars: sources read in the deal and population sweep, by kind of "
                                      "source, split by the country of the firm read for.")
        .mark_bar()
        .encode(
            y=alt.Y("source_kind:N", title="Kind of source", sort=kinds),
            x=alt.X("sum(reads):Q", title="Reads logged"),
            color=_colour("country", "Read for", "firms", counts["country"], missing=LIST_READS),
            tooltip=[alt.Tooltip("source_kind:N", title="Kind of source"), alt.Tooltip("country:N", title="Read for"),
                     alt.Tooltip("reads:Q", title="Reads")],
        )
        .properties(width="container", height=260)
    )


# ---- firm profiles -------------------------------------------------------------------------------

# Mid grey: readable on the light and the dark page alike.
MILESTONE_COLOUR = "#7a8591"


@draws_on("firms", "alliances", "partners")
def firm_timeline_chart(events: pd.DataFrame, firm_name: str) -> alt.Chart:
    """One firm's life on a year axis: founding, listing and exit on one line, its deals on another, coloured by
    deal type (see domain.firm_events)."""
    data = events.assign(lane=events["lane"].map({"milestone": "Founding, listing, exit", "deal": "Deals"}),
                         # Milestones have no deal type: an empty string, not NaN (which JSON cannot hold).
                         deal_type=events["kind"].where(events["lane"] == "deal", ""))
    span = [int(data["year"].min()) - 1, int(data["year"].max()) + 1]
    x = alt.X("year:Q", title="Year", scale=alt.Scale(domain=span, nice=False),
              axis=alt.Axis(format="d", tickMinStep=1, labelOverlap=True))
    y = alt.Y("lane:N", title=None, sort=["Founding, listing, exit", "Deals"])
    tooltip = [alt.Tooltip("year:Q", title="Year", format="d"), alt.Tooltip("event:N", title="Event")]
    base = alt.Chart(data, description=f"Timeline of {firm_name}: founding, listing and exit on one line, and each "
                                       "deal of the compiled table on another, coloured by deal type.")
    milestones = (base.transform_filter("datum.lane != 'Deals'")
                  .mark_point(shape="diamond", filled=True, size=160, color=MILESTONE_COLOUR)
                  .encode(x=x, y=y, tooltip=tooltip))
    deals = data[data["lane"] == "Deals"]
    layers = [milestones]
    if len(deals):
        # Deals of one year spread out sideways a little, so that none hides another.
        layers.append(base.transform_filter("datum.lane == 'Deals'")
                      .transform_window(rank="row_number()", groupby=["year"])
                      .mark_circle(size=90, opacity=0.85)
                      .encode(x=x, y=y, yOffset=alt.YOffset("rank:O", title=None),
                              color=_colour("deal_type", "Deal type", "alliances", deals["deal_type"]),
                              tooltip=tooltip))
    return alt.layer(*layers).properties(
        width="container", height=170, description=base.description,
        title=alt.Title(f"{firm_name} in the compiled tables",
                        subtitle=_coverage_note(data["year"], "events")))

# ---- 1993 and 1996 chapters ----

from ..domain import short_policy_name  # noqa: E402  (kept in this block so branches merge cleanly)

# Deal types shown with their own colour in the 1993 charts; the rest are grouped (no more than six hues).
MAIN_DEAL_TYPES = ("licence", "R&D collaboration", "co-development", "option", "equity")
OTHER_TYPES = "other kinds"
# Colours of territories that are not firm regions (federal Belgium teal, the EU slate): both apart from the
# regions' hues, so that no territory is mistaken for Flanders.
FEDERAL_COLOUR, EU_COLOUR = PALETTE[7], PALETTE[5]


def _grouped_types(types: pd.Series) -> pd.Series:
    text = types.astype("string").fillna(OTHER_TYPES).astype(str)
    return text.where(text.isin(MAIN_DEAL_TYPES), OTHER_TYPES)


def _territory_colour(present, title: str = "Territory", legend: alt.Legend | None = None) -> alt.Color:
    """Regions in their palette colour, then federal Belgium and the EU (schema order)."""
    present = set(map(str, present))
    domain, hues = palette.scale("firms", "region", present)
    extra = {"Belgium": FEDERAL_COLOUR, "EU": EU_COLOUR}
    for value in core.allowed_values("policy_events", "region"):
        if value in extra and value in present:
            domain, hues = domain + [value], hues + [extra[value]]
    return alt.Color("region:N", title=title, sort=domain, scale=alt.Scale(domain=domain, range=hues),
                     legend=legend or alt.Legend(symbolOpacity=1))


@draws_on("alliances")
def deal_periods_chart(by_period: pd.DataFrame) -> alt.Chart:
    """Kinds of partnering by period of signing: each period's agreed alliances split by deal type (shares)."""
    data = by_period.assign(deal_type=_grouped_types(by_period["deal_type"]))
    data = data.groupby(["period", "deal_type"], sort=False).agg(deals=("deals", "sum")).reset_index()
    totals = data.groupby("period", sort=False)["deals"].transform("sum")
    data["share"] = data["deals"] / totals
    data["label"] = [f"{p} ({n} deals)" for p, n in zip(data["period"], totals)]
    order = list(dict.fromkeys(data["label"]))
    early = int(totals[data["period"] == data["period"].iloc[0]].iloc[0]) if len(data) else 0
    note = textwrap.wrap(f"Coverage is uneven: only {early} deals date from the first period, when public pages "
                         "are few; each bar is the period's own total.", 48)
    return (
        alt.Chart(data, description="Stacked horizontal bars: for each period of signing, the share of the "
                                    "compiled alliances of Belgian new biotechnology firms of each deal type.")
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title="Period of signing", sort=order),
            x=alt.X("share:Q", title="Share of the period's alliances", stack="normalize",
                    axis=alt.Axis(format="%")),
            color=_colour("deal_type", "Deal type", "alliances", data["deal_type"],
                          missing=OTHER_TYPES if (data["deal_type"] == OTHER_TYPES).any() else False),
            tooltip=[alt.Tooltip("period:N", title="Period"), alt.Tooltip("deal_type:N", title="Deal type"),
                     alt.Tooltip("deals:Q", title="Alliances"), alt.Tooltip("share:Q", title="Share of period", format=".0%")],
        )
        .properties(width="container", height=220, title=alt.Title("Kinds of partnering by period", subtitle=note))
    )


@draws_on("firms", "alliances", "partners")
def survival_chart(curves: pd.DataFrame, event: str, title: str, window: int = 5) -> alt.Chart:
    """Kaplan-Meier curves (step lines) with their confidence bands, one per early-alliance group; the
    tooltip gives the estimate, its band and the firms still at risk."""
    data = curves.copy()
    data["band"] = [f"{lo:.0%}–{hi:.0%}" for lo, hi in zip(data["lower"], data["upper"])]
    colour = alt.Color("group:N", title="Early big-pharma deals",
                       legend=alt.Legend(orient="bottom", direction="vertical", symbolOpacity=1),
                       scale=alt.Scale(domain=["none", "one or more"], range=[PALETTE[7], PALETTE[1]]))
    base = alt.Chart(data)
    x = alt.X("time:Q", title="Years since founding", scale=alt.Scale(domainMin=window, nice=False))
    band = base.mark_area(interpolate="step-after", opacity=0.22).encode(x=x, y="lower:Q", y2="upper:Q", color=colour)
    line = base.mark_line(interpolate="step-after", strokeWidth=2.5).encode(
        x=x, y=alt.Y("survival:Q", title=f"Share without {event}", scale=alt.Scale(domain=[0, 1]),
                     axis=alt.Axis(format="%")), color=colour)
    points = base.mark_point(filled=True, size=45).encode(
        x=x, y="survival:Q", color=colour,
        tooltip=[alt.Tooltip("group:N", title="Early big-pharma deals"), alt.Tooltip("time:Q", title="Years since founding"),
                 alt.Tooltip("survival:Q", title=f"Share without {event}", format=".0%"),
                 alt.Tooltip("band:N", title="95% band"), alt.Tooltip("at_risk:Q", title="Firms at risk"),
                 alt.Tooltip("events:Q", title=f"Firms with {event} that year")])
    note = textwrap.wrap(f"From {window} years after founding. Firms are those that left public traces: early "
                         "closures are under-recorded.", 48)
    return alt.layer(band, line, points).properties(
        width="container", height=280, title=alt.Title(title, subtitle=note),
        description=f"Step lines with shaded confidence bands: share of compiled Belgian new biotechnology firms "
                    f"without {event}, by years since founding, for firms with and without an agreed deal with a "
                    f"large firm in their first {window} years.")


@draws_on("firms", "alliances")
def firm_paths_chart(paths: pd.DataFrame, end_year: int) -> alt.Chart:
    """Each firm's path: a line from founding to exit (or the end of the record), its deals as dots coloured by
    type (several in one year make a larger dot), and its listing, exit and failed bids as shapes."""
    order = list(dict.fromkeys(paths.sort_values(["founded_year", "firm"])["firm"]))
    ends = paths[paths["event"] == "exit"].groupby("firm")["year"].min()
    spans = paths[paths["event"] == "founded"][["firm", "year"]].rename(columns={"year": "start"})
    spans["end"] = spans["firm"].map(ends).fillna(end_year).astype(int)
    deals = paths[paths["event"] == "deal"].assign(deal_type=lambda d: _grouped_types(d["deal_type"]))
    deals = (deals.groupby(["firm", "year", "deal_type"]).agg(deals=("detail", "size"),
                                                              partners=("detail", lambda s: "; ".join(sorted(set(s)))))
             .reset_index())
    milestones = paths[paths["event"].isin(["listed", "exit", "failed bid or talks"])]
    milestones = milestones.assign(event=milestones["event"].replace({"failed bid or talks": "failed bid"}))
    y = alt.Y("firm:N", title=None, sort=order, axis=alt.Axis(labelLimit=130))
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d"), scale=alt.Scale(zero=False))
    lines = alt.Chart(spans).mark_rule(color="#8a96a3", strokeWidth=2).encode(
        x=alt.X("start:Q"), x2="end:Q", y=y,
        tooltip=[alt.Tooltip("firm:N", title="Firm"), alt.Tooltip("start:Q", title="Founded", format="d")])
    dots = alt.Chart(deals).mark_circle(opacity=0.85).encode(
        x=x, y=y, color=_colour("deal_type", "Deal type", "alliances", deals["deal_type"],
                                missing=OTHER_TYPES if (deals["deal_type"] == OTHER_TYPES).any() else False),
        size=alt.Size("deals:Q", title="Deals that year", scale=alt.Scale(range=[40, 260]), legend=None),
        tooltip=[alt.Tooltip("firm:N", title="Firm"), alt.Tooltip("year:Q", title="Year", format="d"),
                 alt.Tooltip("deal_type:N", title="Deal type"), alt.Tooltip("deals:Q", title="Deals"),
                 alt.Tooltip("partners:N", title="Counterparties")])
    marks = alt.Chart(milestones).mark_point(size=150, strokeWidth=2.5, color="#7a5c99").encode(
        x=x, y=y, shape=alt.Shape("event:N", title="Milestone", legend=alt.Legend(orient="top", columns=1),
                                  scale=alt.Scale(domain=["listed", "exit", "failed bid"],
                                                  range=["triangle-up", "square", "cross"])),
        tooltip=[alt.Tooltip("firm:N", title="Firm"), alt.Tooltip("year:Q", title="Year", format="d"),
                 alt.Tooltip("event:N", title="Milestone"), alt.Tooltip("detail:N", title="Detail")])
    years = pd.concat([paths["year"], spans["start"]])
    return alt.layer(lines, dots, marks).resolve_scale(shape="independent").properties(
        width="container", height=max(200, 22 * len(order)),
        title=alt.Title("Each early firm's path", subtitle=_coverage_note(deals["year"].repeat(deals["deals"]), "deals")),
        description="Time line, one row per compiled Belgian new biotechnology firm founded before 2000: a line "
                    "from founding to exit or to the end of the record, dots for its agreed deals coloured by deal "
                    f"type, and marks for listing, exit and failed bids ({int(years.min())}–{end_year}).")


@draws_on("alliances")
def pitfalls_chart(pitfalls: pd.DataFrame) -> alt.Chart:
    """Partnerships that went wrong, per year: failed bids or talks, deals terminated, rights handed back."""
    data = (pitfalls.assign(pair=pitfalls["firm"].astype(str) + " – " + pitfalls["partner"].astype(str))
            .groupby(["year", "kind"]).agg(rows=("deal_id", "size"), pairs=("pair", lambda s: "; ".join(s)))
            .reset_index())
    kinds = [k for k in ("failed bid or talks", "terminated", "rights handed back") if k in set(data["kind"])]
    return (
        alt.Chart(data, description="Stacked bars: per year, compiled deals of Belgian new biotechnology firms that "
                                    "were terminated or whose rights were handed back, and bids or talks that failed.")
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=-90), scale=alt.Scale(domain=_year_range(data["year"]))),
            y=alt.Y("sum(rows):Q", title="Deals in the compiled table", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("kind:N", title="What happened", sort=kinds,
                            scale=alt.Scale(domain=kinds, range=[PALETTE[3], PALETTE[4], PALETTE[6]][:len(kinds)])),
            tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("kind:N", title="What happened"),
                     alt.Tooltip("rows:Q", title="Deals"), alt.Tooltip("pairs:N", title="Firm – counterparty")],
        )
        .properties(width="container", height=240, title=alt.Title(
            "Partnerships that went wrong", subtitle=_coverage_note(data["year"].repeat(data["rows"]), "deals")))
    )


@draws_on("policy_events")
def policy_lanes_chart(policy_events: pd.DataFrame, other_dates: dict | None = None) -> alt.Chart:
    """Policy instruments, one labelled row each, grouped by territory and dated; a line runs to the end year
    where known. `other_dates` {event_id: (year, who gives it)} adds a hollow ring at a year another source gives."""
    regions = core.allowed_values("policy_events", "region")
    data = policy_events.assign(region=policy_events["region"].astype(str), kind=policy_events["kind"].astype(str))
    data = data.assign(rank=data["region"].map({r: i for i, r in enumerate(regions)})).sort_values(["rank", "year", "event_id"])
    data["label"] = data["name"].map(short_policy_name)
    # Labels are unique per row (a repeated short name gets its year), so no two instruments share a lane.
    repeated = data["label"].duplicated(keep=False)
    data.loc[repeated, "label"] = data.loc[repeated, "label"] + " " + data.loc[repeated, "year"].astype(str)
    data = data[["event_id", "year", "end_year", "region", "kind", "name", "label"]].astype({"end_year": "float"})
    data["period"] = [f"{int(s)}–{int(e)}" if e == e else f"{int(s)}" for s, e in zip(data["year"], data["end_year"])]
    order = list(data["label"])
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=140))
    tooltip = [alt.Tooltip("name:N", title="Instrument"), alt.Tooltip("period:N", title="Years"),
               alt.Tooltip("region:N", title="Territory"), alt.Tooltip("kind:N", title="Kind")]
    x = alt.X("year:Q", title="Year", scale=alt.Scale(zero=False), axis=alt.Axis(format="d", tickCount=5))
    # Two legends side by side overflow a phone: the territories go above the plot, the kinds below.
    colour = _territory_colour(data["region"], legend=alt.Legend(orient="top", columns=1, symbolOpacity=1))
    spans = (alt.Chart(data).transform_filter("isValid(datum.end_year)").mark_rule(strokeWidth=3, opacity=0.5)
             .encode(x=x, x2="end_year:Q", y=y, color=colour, tooltip=tooltip))
    points = alt.Chart(data).mark_point(filled=True, size=90, opacity=0.95).encode(
        x=x, y=y, color=colour, shape=alt.Shape("kind:N", title="Kind", sort=core.allowed_values("policy_events", "kind"),
                                                legend=alt.Legend(symbolFillColor="#8a96a3", symbolStrokeColor="#8a96a3")),
        tooltip=tooltip)
    layers = [spans, points]
    subtitle = _coverage_note(data["year"], "instruments")
    rings = ""
    if other_dates:
        rows = data.set_index("event_id")
        extra = pd.DataFrame([{"label": rows.loc[i, "label"], "year": year, "name": rows.loc[i, "name"],
                               "who": who, "kept": int(rows.loc[i, "year"])}
                              for i, (year, who) in other_dates.items() if i in rows.index])
        if len(extra):
            layers.append(alt.Chart(extra).mark_point(size=170, strokeWidth=2, color="#b23a48").encode(
                x="year:Q", y=y, tooltip=[alt.Tooltip("name:N", title="Instrument"),
                                          alt.Tooltip("year:Q", title="Other year given", format="d"),
                                          alt.Tooltip("who:N", title="Given by"),
                                          alt.Tooltip("kept:Q", title="Year in the table", format="d")]))
            rings = " " + " ".join(f"{r.label} is dated {r.kept}, with a ring at {r.year} ({r.who})."
                                   for r in extra.itertuples())
            subtitle = subtitle + [part for r in extra.itertuples() for part in textwrap.wrap(
                f"Red ring: {r.label} in {r.year}, as {r.who} dates it; the table keeps {r.kept}.", 48)]
    return alt.layer(*layers).properties(
        width="container", height=16 * len(order), title=alt.Title("Policy instruments by territory", subtitle=subtitle),
        description=f"Time line with one labelled row per compiled policy instrument ({len(order)} rows), grouped "
                    "and coloured by territory (Flanders, Wallonia, Brussels-Capital, federal Belgium, EU), shaped "
                    "by kind; a line runs to the end year where known." + rings)


@draws_on("firms", "policy_events")
def foundings_vs_policy_chart(frame: pd.DataFrame) -> alt.Chart:
    """Per five-year period and region: NBFs founded (bars) beside the instruments the region created (diamonds)."""
    data = frame.assign(measure="instruments created")
    x = alt.X("period:N", title="Period", sort=list(dict.fromkeys(data["period"])), axis=alt.Axis(labelAngle=-45))
    colour = _colour("region", "Region", "firms", data["region"])
    tooltip = [alt.Tooltip("period:N", title="Period"), alt.Tooltip("region:N", title="Region"),
               alt.Tooltip("firms:Q", title="Firms founded"), alt.Tooltip("instruments:Q", title="Instruments created"),
               alt.Tooltip("instrument_names:N", title="Instruments")]
    bars = alt.Chart(data).mark_bar(opacity=0.85).encode(
        x=x, xOffset=alt.XOffset("region:N", sort=list(dict.fromkeys(data["region"]))),
        y=alt.Y("firms:Q", title="Count"), color=colour, tooltip=tooltip)
    diamonds = alt.Chart(data[data["instruments"] > 0]).mark_point(filled=True, size=110, stroke="#ffffff", strokeWidth=1).encode(
        x=x, xOffset=alt.XOffset("region:N", sort=list(dict.fromkeys(data["region"]))), y="instruments:Q",
        color=colour, shape=alt.Shape("measure:N", title=None, scale=alt.Scale(range=["diamond"]),
                        legend=alt.Legend(symbolFillColor="#8a96a3", symbolStrokeColor="#8a96a3")), tooltip=tooltip)
    years = data["period_start"].repeat(data["firms"])
    return alt.layer(bars, diamonds).properties(
        width="container", height=260,
        title=alt.Title("Foundings beside policy", subtitle=_coverage_note(years, "firms")),
        description="Grouped bars: compiled Belgian new biotechnology firms founded in each five-year period, per "
                    "region, with a diamond for the number of policy instruments that region created in the period.")


@draws_on("firms")
def origins_chart(parents: pd.DataFrame, top: int = 12) -> alt.Chart:
    """University and institute spin-offs by parent institution, coloured by the firm's region."""
    counts = parents.groupby("institution").size().sort_values(ascending=False)
    keep = set(counts.index[:top])
    data = parents.assign(institution=parents["institution"].where(parents["institution"].isin(keep),
                                                                  "other institutions"))
    data = (data.groupby(["institution", "region"]).agg(firms=("firm_id", "nunique"),
                                                        names=("name", lambda s: ", ".join(sorted(s)))).reset_index())
    order = [i for i in counts.index if i in keep] + (["other institutions"] if len(counts) > top else [])
    return (
        alt.Chart(data, description="Horizontal bars: compiled Belgian university and institute spin-offs by the "
                                    "institution they came from, coloured by the firm's region.")
        .mark_bar()
        .encode(
            y=alt.Y("institution:N", title="Parent institution", sort=order, axis=alt.Axis(labelLimit=160)),
            x=alt.X("sum(firms):Q", title="Spin-offs", axis=alt.Axis(tickMinStep=1)),
            color=_colour("region", "Region of the firm", "firms", data["region"]),
            tooltip=[alt.Tooltip("institution:N", title="Institution"), alt.Tooltip("region:N", title="Region"),
                     alt.Tooltip("firms:Q", title="Spin-offs"), alt.Tooltip("names:N", title="Firms")],
        )
        .properties(width="container", height=22 * len(order) + 40,
                    title=alt.Title("Where spin-offs came from",
                                    subtitle=textwrap.wrap("A firm with two parents counts for each.", 48)))
    )


@draws_on("policy_events")
def instrument_kinds_chart(by_kind: pd.DataFrame) -> alt.Chart:
    """The regions' instruments compared: how many of each kind each region created."""
    kinds = core.allowed_values_present("policy_events", "kind", by_kind["kind"])
    regions = core.allowed_values_present("policy_events", "region", by_kind["region"])
    return (
        alt.Chart(by_kind, description="Grouped horizontal bars: compiled policy instruments of Flanders, Wallonia "
                                       "and Brussels-Capital, by kind of instrument.")
        .mark_bar()
        .encode(
            y=alt.Y("kind:N", title="Kind of instrument", sort=kinds),
            yOffset=alt.YOffset("region:N", sort=regions),
            x=alt.X("instruments:Q", title="Instruments", axis=alt.Axis(tickMinStep=1)),
            color=_colour("region", "Region", "firms", by_kind["region"]),
            tooltip=[alt.Tooltip("region:N", title="Region"), alt.Tooltip("kind:N", title="Kind"),
                     alt.Tooltip("instruments:Q", title="Instruments"), alt.Tooltip("names:N", title="Which")],
        )
        .properties(width="container", height=34 * len(kinds) + 20, title="Instruments by kind")
    )


@draws_on("policy_events")
def instruments_over_time_chart(over_time: pd.DataFrame, paper_year: int) -> alt.Chart:
    """Instruments created to date in each territory (step lines), with a rule at the paper's year."""
    colour = _territory_colour(over_time["region"])
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d"), scale=alt.Scale(zero=False))
    lines = alt.Chart(over_time).mark_line(interpolate="step-after", point=True).encode(
        x=x, y=alt.Y("total:Q", title="Instruments created to date"), color=colour,
        tooltip=[alt.Tooltip("region:N", title="Territory"), alt.Tooltip("year:Q", title="Year", format="d"),
                 alt.Tooltip("created:Q", title="Created that year"), alt.Tooltip("names:N", title="Which"),
                 alt.Tooltip("total:Q", title="To date")])
    rule = alt.Chart(pd.DataFrame({"year": [paper_year], "text": [f"{paper_year}: the chapter"]}))
    marker = rule.mark_rule(strokeDash=[4, 4], color="#8a96a3").encode(x="year:Q")
    label = rule.mark_text(align="right", dx=-4, dy=4, baseline="top", fontSize=12).encode(
        x="year:Q", y=alt.value(0), text="text:N")
    return alt.layer(lines, marker, label).properties(
        width="container", height=260,
        title=alt.Title("Instruments to date", subtitle=_coverage_note(
            over_time["year"].repeat(over_time["created"]), "instruments")),
        description=f"Step lines: cumulative number of compiled policy instruments created in Flanders, Wallonia, "
                    f"Brussels-Capital, federal Belgium and the EU, by year, with a dashed rule at {paper_year}.")

# ---- 2015 and 2016 chapters ----

# At most this many named values per colour scale; the rest are grouped as "other" (grey).
MAX_HUES = 6
OTHER = "other"


def _grouped(values: pd.Series, table: str, field: str, keep: int = MAX_HUES - 1) -> tuple[pd.Series, list[str]]:
    """Values with all but the `keep` most frequent grouped as "other", and the values kept, in schema order."""
    text = values.astype("string")
    counts = text.value_counts()
    if len(counts) <= keep + 1:
        return text.astype(str), []
    kept = set(counts.sort_values(ascending=False, kind="stable").index[:keep])
    order = [v for v in core.allowed_values(table, field) if v in kept]
    return text.where(text.isin(kept), OTHER).astype(str), order


def _grouped_colour(frame: pd.DataFrame, column: str, title: str, table: str, field: str, **kwargs) -> tuple:
    """(frame with `column` grouped to at most six hues, its colour encoding)."""
    grouped, kept = _grouped(frame[column], table, field)
    frame = frame.assign(**{column: grouped})
    present = [v for v in frame[column].unique() if v != OTHER]
    return frame, _colour(column, title, table, present, missing=OTHER if (frame[column] == OTHER).any() else False,
                          **kwargs)


def _wrap(text: str, width: int = 34) -> list[str]:
    """A title or subtitle as short lines: a chart title does not wrap, and a phone shows about fifty characters."""
    return textwrap.wrap(text, width)


def _jitter(keys: pd.Series) -> pd.Series:
    """A fixed offset in [-0.35, 0.35] from each key (the same on every build), to spread overlapping points."""
    return keys.astype(str).map(lambda key: (sum(ord(c) * (i + 1) for i, c in enumerate(key)) % 71) / 100 - 0.35)


@draws_on("alliances")
def deal_values_chart(values: pd.DataFrame, basis: str) -> alt.Chart:
    """Total amounts of agreed deals of one amount basis, by year, one currency at a time (a menu picks it):
    amounts are never summed or set on one axis across currencies."""
    currencies = list(values["currency"].value_counts().index)
    data = values[["year", "firm_name", "partner_name", "deal_type", "total_amount", "upfront_amount", "currency"]].copy()
    data = data.assign(total_text=[f"{c} {v:,.4g} m" for c, v in zip(data["currency"], data["total_amount"])],
                       upfront_text=[f"{c} {v:,.4g} m" if v == v else "not stated"
                                     for c, v in zip(data["currency"], data["upfront_amount"].astype(float))])
    data, colour = _grouped_colour(data, "deal_type", "Deal type", "alliances", "deal_type")
    pick = alt.param(name="currency_pick", value=currencies[0],
                     bind=alt.binding_select(options=currencies, name="Currency shown "))
    return (
        alt.Chart(data, description=f"Scatter plot: total value of each compiled deal whose amounts are {basis} "
                                    "(upfront plus milestones), by year, for one currency at a time.")
        .mark_circle(size=90, opacity=0.8)
        .encode(
            x=alt.X("year:Q", title="Year announced", axis=alt.Axis(format="d"), scale=alt.Scale(zero=False)),
            y=alt.Y("total_amount:Q", title="Total, millions (currency chosen)", scale=alt.Scale(type="log")),
            color=colour,
            tooltip=[alt.Tooltip("firm_name:N", title="Firm"), alt.Tooltip("partner_name:N", title="Partner"),
                     alt.Tooltip("year:Q", title="Year"), alt.Tooltip("deal_type:N", title="Deal type"),
                     alt.Tooltip("total_text:N", title="Total (upfront plus milestones)"),
                     alt.Tooltip("upfront_text:N", title="Upfront")],
        )
        .add_params(pick)
        .transform_filter("datum.currency == currency_pick")
        .properties(width="container", height=300, title=alt.Title(
            _wrap("Deal values, one currency at a time"),
            subtitle=_wrap(f"Only amounts of the basis “{basis}”; log scale; never converted or summed "
                           "across currencies. Recent years may still be incomplete.", 48)))
    )


@draws_on("alliances", "partners")
def top_partners_chart(top: pd.DataFrame) -> alt.Chart:
    """The counterparties with the most agreed alliances with Belgian firms, coloured by partner type."""
    data, colour = _grouped_colour(top, "partner_type", "Partner type", "partners", "partner_type")
    # The axis shows the name before any bracketed aside; the tooltip gives it in full.
    data = data.assign(short=data["partner_name"].str.replace(r"\s*\(.*$", "", regex=True))
    return (
        alt.Chart(data, description="Horizontal bars: the counterparties with the most compiled alliances with "
                                    "Belgian firms, coloured by type of partner.")
        .mark_bar()
        .encode(
            y=alt.Y("short:N", title=None, sort="-x", axis=alt.Axis(labelLimit=150)),
            x=alt.X("deals:Q", title="Alliances with Belgian firms", axis=alt.Axis(tickMinStep=1)),
            color=colour.legend(orient="bottom", direction="horizontal", columns=2),
            tooltip=[alt.Tooltip("partner_name:N", title="Partner"), alt.Tooltip("partner_type:N", title="Type"),
                     alt.Tooltip("deals:Q", title="Alliances"), alt.Tooltip("firms:Q", title="Belgian firms")],
        )
        .properties(width="container", height=max(200, 22 * len(data)),
                    title=alt.Title(_wrap(f"The {len(data)} most frequent partners of Belgian firms")))
    )


@draws_on("firms", "alliances")
def business_model_chart(profiles: pd.DataFrame) -> alt.Chart:
    """Alliances per NBF by business model, one point per firm (firms without a deal included), with the mean."""
    data = profiles.assign(model=_text(profiles["business_model"], "not classified"),
                           jitter=_jitter(profiles["firm_id"]))[["firm", "model", "alliances", "partners", "jitter"]]
    order = core.allowed_values_present("firms", "business_model", data["model"]) + (
        ["not classified"] if (data["model"] == "not classified").any() else [])
    y = alt.Y("model:N", title="Business model", sort=order)
    base = alt.Chart(data, description="Strip plot: agreed alliances per Belgian new biotechnology firm, one point "
                                       "per firm, by business model, with a tick at each model's mean.")
    points = base.mark_circle(size=45, opacity=0.6, color=palette.HUES[("alliances", "deal_type")][0]).encode(
        x=alt.X("alliances:Q", title="Agreed alliances per firm (square-root scale)", scale=alt.Scale(type="sqrt")),
        y=y, yOffset=alt.YOffset("jitter:Q", scale=alt.Scale(domain=[-0.5, 0.5])),
        tooltip=[alt.Tooltip("firm:N", title="Firm"), alt.Tooltip("model:N", title="Business model"),
                 alt.Tooltip("alliances:Q", title="Alliances"), alt.Tooltip("partners:Q", title="Distinct partners")])
    means = base.mark_tick(thickness=3, size=30, color=palette.HUES[("alliances", "deal_type")][1]).encode(
        x="mean(alliances):Q", y=y,
        tooltip=[alt.Tooltip("model:N", title="Business model"),
                 alt.Tooltip("mean(alliances):Q", title="Mean alliances per firm", format=".1f"),
                 alt.Tooltip("count():Q", title="Firms")])
    return alt.layer(points, means).properties(
        width="container", height=260, description=base.description,
        title=alt.Title(_wrap("Alliances per firm, by business model"),
                        subtitle=_wrap("Points: firms. Orange tick: mean per model.", 48)))


@draws_on("firms", "alliances")
def exits_timeline_chart(exits: pd.DataFrame) -> alt.Chart:
    """Listings and takeovers of NBFs on a time line, one row per firm; a grey line joins a firm's listing
    to its takeover."""
    data = exits.assign(price=exits["price"].replace("", "not stated"), buyer=exits["buyer"].replace("", "–"))
    first = data.groupby("firm")["year"].min().sort_values(kind="stable")
    order = list(first.index)
    domain_, hues = palette.scale("firms", "status", present=[e for e in data["event"].unique() if e != "listed"],
                                  missing="listed")
    spans = data.groupby("firm")["year"].agg(["min", "max"]).reset_index()
    spans = spans[spans["min"] < spans["max"]]
    y = alt.Y("firm:N", title=None, sort=order, axis=alt.Axis(labelLimit=130, labelFontSize=11))
    lines = alt.Chart(spans).mark_rule(color="#8a96a3", strokeWidth=1.5, aria=False).encode(x="min:Q", x2="max:Q", y=y)
    points = (alt.Chart(data).mark_point(filled=True, size=90, opacity=0.9).encode(
        x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d"), scale=alt.Scale(zero=False, padding=8)), y=y,
        color=alt.Color("event:N", title="Event", sort=domain_, scale=alt.Scale(domain=domain_, range=hues),
                        legend=alt.Legend(orient="top")),
        shape=alt.Shape("event:N", title="Event", sort=domain_, scale=alt.Scale(domain=domain_),
                        legend=alt.Legend(orient="top")),
        tooltip=[alt.Tooltip("firm:N", title="Firm"), alt.Tooltip("event:N", title="Event"),
                 alt.Tooltip("year:Q", title="Year"), alt.Tooltip("buyer:N", title="Buyer"),
                 alt.Tooltip("price:N", title="Headline price"), alt.Tooltip("markets:N", title="Listed on")]))
    return alt.layer(lines, points).properties(
        width="container", height=14 * len(order) + 40,
        description="Time line: each Belgian new biotechnology firm that listed or was taken over, one row per firm, "
                    "with a mark at its listing and at its takeover or merger.",
        title=alt.Title(_wrap("Listings and exits of Belgian NBFs")))


@draws_on("alliances")
def rights_direction_chart(rights: pd.DataFrame) -> alt.Chart:
    """Agreed alliances per five-year period by rights direction (outbound: licenses out; inbound: licenses
    in), for the country a radio button picks."""
    data = rights.assign(country=rights["country"].astype(str))
    countries = core.allowed_values_present("firms", "country", data["country"])
    pick = alt.param(name="country_pick", value=countries[0],
                     bind=alt.binding_radio(options=countries, name="Firms of "))
    present = [v for v in data["rights_direction"].unique() if v != "not stated"]
    periods = sorted(data["period"].unique(), key=lambda p: int(p[:4]))
    select = alt.selection_point(fields=["rights_direction"], bind="legend")
    return (
        alt.Chart(data, description="Stacked bars: agreed alliances per five-year period, split by whether the firm "
                                    "licensed rights out, in, both ways, transferred none, or the page does not say.")
        .mark_bar()
        .encode(
            x=alt.X("period:O", title="Period", sort=periods, axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("sum(deals):Q", title="Agreed alliances"),
            color=_colour("rights_direction", "Rights", "alliances", present, missing="not stated",
                          legend=alt.Legend(orient="bottom", direction="horizontal", columns=2)),
            opacity=alt.condition(select, alt.value(1), alt.value(0.25)),
            tooltip=[alt.Tooltip("country:N", title="Firms of"), alt.Tooltip("period:N", title="Period"),
                     alt.Tooltip("rights_direction:N", title="Rights"), alt.Tooltip("deals:Q", title="Alliances")],
        )
        .add_params(pick, select)
        .transform_filter("datum.country == country_pick")
        .properties(width="container", height=280, title=alt.Title(
            _wrap("Licensing out and in, by period"),
            subtitle=_wrap("Out: the firm grants rights (outbound). In: it takes them (inbound).", 48)))
    )


@draws_on("firms", "alliances", "partners", "sweep_log")
def firm_measure_chart(profiles: pd.DataFrame, measures: dict, title: str) -> alt.Chart:
    """One point per firm for the measure a menu picks (columns of `profiles`, with their labels), by country,
    with each country's median as a tick; firms without a value for that measure are left out."""
    frames = []
    for column, label in measures.items():
        part = profiles[["firm", "firm_id", "country", column]].rename(columns={column: "value"}).dropna(subset=["value"])
        frames.append(part.assign(measure=column, jitter=_jitter(part["firm_id"] + column)))
    data = pd.concat(frames, ignore_index=True).drop(columns="firm_id")
    data = data.assign(value=data["value"].astype(float).round(3))
    keys, labels = list(measures), list(measures.values())
    pick = alt.param(name="measure_pick", value=keys[0],
                     bind=alt.binding_select(options=keys, labels=labels, name="Measure "))
    countries = core.allowed_values_present("firms", "country", data["country"])
    y = alt.Y("country:N", title=None, sort=countries)
    base = alt.Chart(data, description=f"Strip plot: {title}; one point per firm for the chosen measure, by country, "
                                       "with a tick at each country's median.").transform_filter(
        "datum.measure == measure_pick")
    points = base.mark_circle(size=50, opacity=0.6).encode(
        x=alt.X("value:Q", title="Value of the chosen measure"), y=y,
        yOffset=alt.YOffset("jitter:Q", scale=alt.Scale(domain=[-0.5, 0.5])),
        color=_colour("country", "Country", "firms", countries, legend=None),
        tooltip=[alt.Tooltip("firm:N", title="Firm"), alt.Tooltip("country:N", title="Country"),
                 alt.Tooltip("value:Q", title="Value", format=",.2~f")])
    medians = base.mark_tick(thickness=3, size=40, color="#b23a48").encode(
        x="median(value):Q", y=y,
        tooltip=[alt.Tooltip("country:N", title="Country"),
                 alt.Tooltip("median(value):Q", title="Median", format=",.2~f"),
                 alt.Tooltip("count():Q", title="Firms with a value")])
    return alt.layer(points, medians).add_params(pick).properties(
        width="container", height=200, description=base.description,
        title=alt.Title(_wrap(title), subtitle=_wrap("Points: firms. Red tick: median. Pick a measure below.", 48)))


@draws_on("firms", "alliances", "partners")
def interregional_chart(links: pd.DataFrame) -> alt.Chart:
    """A region-by-region grid: colour gives the counterparties shared by firms of the two regions (within one
    region: met by two of its firms or more); the dot's size gives the alliances between firms of the two."""
    mirrored = links.rename(columns={"region_a": "region_b", "region_b": "region_a"})
    data = pd.concat([links, mirrored[mirrored["region_a"] != mirrored["region_b"]]], ignore_index=True)
    order = list(dict.fromkeys(links["region_a"]))
    short = "replace(datum.label, '-Capital', '')"
    x = alt.X("region_a:N", title=None, sort=order, axis=alt.Axis(labelAngle=0, labelExpr=short))
    y = alt.Y("region_b:N", title=None, sort=order, axis=alt.Axis(labelExpr=short))
    tooltip = [alt.Tooltip("region_a:N", title="Region"), alt.Tooltip("region_b:N", title="With"),
               alt.Tooltip("shared_partners:Q", title="Shared counterparties"),
               alt.Tooltip("firm_to_firm:Q", title="Alliances between their firms")]
    cells = alt.Chart(data).mark_rect(stroke="#8a96a3").encode(
        x=x, y=y, color=alt.Color("shared_partners:Q", title="Shared partners", scale=alt.Scale(scheme="blues"),
                                  legend=alt.Legend(orient="bottom", direction="horizontal", gradientLength=120)),
        tooltip=tooltip)
    dots = alt.Chart(data).transform_filter("datum.firm_to_firm > 0").mark_circle(color="#b23a48", opacity=0.9).encode(
        x=x, y=y, size=alt.Size("firm_to_firm:Q", title="Direct alliances", scale=alt.Scale(range=[60, 600], zero=False),
                                legend=alt.Legend(orient="bottom", direction="vertical", tickCount=3)),
        tooltip=tooltip)
    return alt.layer(cells, dots).properties(
        width="container", height=260,
        description="Grid of the three Belgian regions: shade gives the counterparties shared by firms of two "
                    "regions, red dots the alliances between firms of the two regions.",
        title=alt.Title(_wrap("Links across Flanders, Wallonia and Brussels")))


def cluster_timeline_chart(rows: pd.DataFrame, lane: str, lane_title: str, colour: alt.Color, title: str) -> alt.Chart:
    """Programmes, winners, organisations or instruments as points on a time line, one lane per `lane` value;
    a grey line runs to the end year where one is known."""
    data = rows.assign(**{lane: rows[lane].astype(str)})
    data = data.assign(end_year=pd.to_numeric(data.get("end_year"), errors="coerce") if "end_year" in data else None)
    data["period"] = [f"{int(s)}–{int(e)}" if pd.notna(e) else f"{int(s)}"
                      for s, e in zip(data["year"], data["end_year"])]
    keep = ["year", "end_year", "period", lane, "kind", "name"] + [c for c in ("region",) if c in data and c != lane]
    data = data[list(dict.fromkeys(keep))].sort_values(["year", "name"]).reset_index(drop=True)
    # Entries of one lane and year are spread over the lane's height, so that none hides another.
    group = data.groupby([lane, "year"])
    data["slot"] = ((group.cumcount() - (group["name"].transform("size") - 1) / 2) * 0.2).clip(-0.45, 0.45)
    lanes = list(dict.fromkeys(data.sort_values("year")[lane]))
    y = alt.Y(f"{lane}:N", title=None, sort=lanes, axis=alt.Axis(labelLimit=140))
    tooltip = [alt.Tooltip("name:N", title="Name"), alt.Tooltip("period:N", title="Year"),
               alt.Tooltip("kind:N", title="Kind"), alt.Tooltip(f"{lane}:N", title=lane_title)]
    base = alt.Chart(data)
    # aria=False: the spans repeat the points' years; an empty span layer would otherwise be an unnamed image.
    spans = (base.transform_filter("isValid(datum.end_year)").mark_rule(color="#8a96a3", strokeWidth=2, aria=False)
             .encode(x="year:Q", x2="end_year:Q", y=y, tooltip=tooltip))
    points = base.mark_circle(size=90, opacity=0.85).encode(
        x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d", labelOverlap=True, labelSeparation=8, tickCount=6),
                scale=alt.Scale(zero=False, nice=False, padding=8)),
        y=y, yOffset=alt.YOffset("slot:Q", scale=alt.Scale(domain=[-0.5, 0.5])), color=colour, tooltip=tooltip)
    return alt.layer(spans, points).properties(
        width="container", height=max(160, 34 * len(lanes)),
        description=f"Time line: {title}; one point per entry, by year, one row per {lane_title.lower()}.",
        title=alt.Title(_wrap(title)))


@draws_on("bioregions")
def german_timeline_chart(german: pd.DataFrame) -> alt.Chart:
    """The German competitions (BioRegio, BioProfile, Leading-Edge Cluster) and their winners by year."""
    programme = german["programme"].astype("string").str.extract(r"^(BioRegio|BioProfile|Spitzencluster)")[0]
    rows = german.assign(contest=programme.map({"Spitzencluster": "Leading-Edge Cluster"}).fillna(programme)
                         .fillna("associations"), kind=german["kind"].astype(str))
    kinds = core.allowed_values_present("bioregions", "kind", rows["kind"])
    colour = alt.Color("kind:N", title="Entry", sort=kinds, scale=alt.Scale(domain=kinds, range=PALETTE[:len(kinds)]),
                       legend=alt.Legend(orient="bottom", direction="vertical", columns=1))
    return cluster_timeline_chart(rows, "contest", "Competition", colour, "German bioRegion competitions and winners")


@draws_on("bioregions", "policy_events")
def belgian_timeline_chart(rows: pd.DataFrame) -> alt.Chart:
    """Belgian cluster organisations and regional and federal instruments, one lane per kind, coloured by region."""
    present = [r for r in rows["region"].unique() if r in core.allowed_values("firms", "region")]
    data = rows.assign(region=rows["region"].where(rows["region"].isin(present), "federal (Belgium)"))
    colour = _colour("region", "Region", "firms", present,
                     missing="federal (Belgium)" if (data["region"] == "federal (Belgium)").any() else False,
                     legend=alt.Legend(orient="bottom", direction="vertical", columns=1))
    return cluster_timeline_chart(data, "kind", "Kind", colour, "Belgian clusters and instruments")


def _runs(years: pd.Series) -> pd.Series:
    """A run number that changes wherever a year is missing, so a line never bridges a gap."""
    years = years.astype(int).reset_index(drop=True)
    return (years.diff().fillna(1) != 1).cumsum()


@draws_on("indicators")
def indicator_panels_chart(indicators: pd.DataFrame, series: list[tuple[str, str]], title: str) -> alt.Chart:
    """Indicator series side by side, one panel per geography, indicator and source definition (scope), each
    with its own value axis; lines break where a year is missing."""
    frames = []
    for geography, indicator in series:
        rows = indicator_series(indicators, geography, indicator)
        for scope, part in rows.groupby("scope", observed=True, sort=False):
            part = part.sort_values("year")
            label = f"{geography}: {indicator} ({part['unit'].iloc[0]}). Scope: {scope}"
            frames.append(pd.DataFrame({
                "year": part["year"].astype(int).values, "value": part["value"].astype(float).values,
                "qualifier": _text(part["value_qualifier"], "").values, "unit": part["unit"].astype(str).values,
                "run": _runs(part["year"]).values, "panel": "|".join(textwrap.wrap(label, 40)),
                "scope": str(scope)}))
    data = pd.concat(frames, ignore_index=True)
    panels = list(dict.fromkeys(data["panel"]))
    base = alt.Chart()  # the data sit on the facet (a faceted chart takes them at the top level)
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1),
              scale=alt.Scale(domain=[int(data["year"].min()), int(data["year"].max())], nice=False))
    tooltip = [alt.Tooltip("year:Q", title="Year", format="d"), alt.Tooltip("qualifier:N", title="Qualifier"),
               alt.Tooltip("value:Q", title="Value", format=",.4~f"), alt.Tooltip("unit:N", title="Unit"),
               alt.Tooltip("scope:N", title="Scope")]
    hue = PALETTE[7]  # a mid teal that reads on light and dark backgrounds
    lines = base.mark_line(color=hue).encode(x=x, y=alt.Y("value:Q", title=None), detail="run:N")
    points = base.mark_point(filled=True, color=hue, size=40).encode(x=x, y="value:Q", tooltip=tooltip)
    return (alt.layer(lines, points, data=data)
            .properties(width=270, height=90)
            .facet(row=alt.Row("panel:N", title=None, sort=panels,
                               header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start",
                                                 labelOrient="top", labelExpr="split(datum.label, '|')",
                                                 labelFontSize=12, labelLimit=0)))
            .resolve_scale(y="independent")
            .properties(description=f"Small multiples: {title}; one panel per source definition, each with its own "
                                    "value axis.", title=alt.Title(_wrap(title))))


@draws_on("firms")
def firm_map_chart(firms: pd.DataFrame, outlines: dict) -> alt.Chart:
    """Firms of both countries by city on country outlines (GeoJSON embedded in the page, no fetch): one circle
    per place, sized by the number of firms, coloured by country."""
    placed = firms[firms["latitude"].notna()].assign(country=firms["country"].astype(str),
                                                      place=firms["city"].astype(str))
    grouped = (placed.groupby(["country", "latitude", "longitude"], observed=True)
               .agg(place=("place", "first"), firms=("firm_id", "size"),
                    names=("name", lambda names: ", ".join(sorted(names)[:8]) + (" …" if len(names) > 8 else "")))
               .reset_index())
    countries = core.allowed_values_present("firms", "country", grouped["country"])
    land = alt.Chart(alt.Data(values=outlines["features"])).mark_geoshape(
        clip=True, fill="#8a96a3", fillOpacity=0.15, stroke="#8a96a3", strokeWidth=0.8).encode(
        tooltip=[alt.Tooltip("properties.name:N", title="Country")])
    dots = alt.Chart(grouped).mark_circle(clip=True, opacity=0.75, stroke="#ffffff", strokeWidth=0.5).encode(
        longitude="longitude:Q", latitude="latitude:Q",
        size=alt.Size("firms:Q", title="Firms", scale=alt.Scale(range=[25, 700], zero=False), legend=alt.Legend(orient="bottom")),
        color=_colour("country", "Country", "firms", countries, legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("place:N", title="Place"), alt.Tooltip("country:N", title="Country"),
                 alt.Tooltip("firms:Q", title="Firms"), alt.Tooltip("names:N", title="Firms here")])
    # Fit the view to Belgium and Germany; the neighbours are context, clipped at the edge of the view.
    frame = {"type": "Feature", "properties": {},
             "geometry": {"type": "MultiPoint", "coordinates": [[2.4, 47.2], [15.2, 55.1]]}}
    return alt.layer(land, dots).project(type="mercator", fit=frame).properties(
        width="container", height=420,
        description="Map of Belgium, Germany and their neighbours with one circle per place where compiled firms "
                    "are based, sized by the number of firms and coloured by country.",
        title=alt.Title(_wrap("Where the compiled firms are")))


def outlines() -> dict:
    """The vendored country outlines (assets/geo/outlines-be-de.geo.json; origin and licence in its README)."""
    import json

    from ..paths import PROJ_ROOT

    if PROJ_ROOT is None:
        raise FileNotFoundError("no project folder: the map's outlines live in assets/geo")
    return json.loads((PROJ_ROOT / "assets" / "geo" / "outlines-be-de.geo.json").read_text(encoding="utf-8"))


# The measures of the "most preferred partner" test and of the 2016 country comparison (profile columns).
PREFERRED_PARTNER_MEASURES = {"pharma_partners": "Distinct big-pharma partners",
                              "partners": "Distinct partners (ego-network degree)",
                              "repeat_share": "Share of repeat partners"}
COUNTRY_MEASURES = {"alliances": "Agreed alliances per firm",
                    "pharma_share": "Share of alliances with big pharma",
                    "years_to_pharma": "Years from founding to first big-pharma alliance"}
# The firm counts the 2016 chapter sets side by side (geography, indicator).
FIRM_COUNT_SERIES = [("Germany", "number of dedicated biotech firms"), ("Belgium", "number of biotech companies"),
                     ("Flanders", "number of biotech companies"), ("Wallonia", "number of biotech companies")]
