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
    return page.bundle(embed_block(page, "vega", element_id, spec, "vega-chart", label) + source_line(page, tables))


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
    select_type = alt.selection_point(fields=["deal_type"], bind="legend")
    return (
        alt.Chart(counts, description="Stacked bars: number of compiled deals per year, by deal type.")
        .mark_bar()
        .encode(
            # Every year on the axis, so that years without deals show as gaps rather than vanish.
            x=alt.X("year:O", title="Year announced", axis=alt.Axis(labelAngle=-90, labelOverlap=True),
                    scale=alt.Scale(domain=_year_range(counts["year"]))),
            y=alt.Y("sum(deals):Q", title="Deals in the compiled table"),
            color=_colour("deal_type", "Deal type", "alliances", counts["deal_type"]),
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
def policy_timeline_chart(policy_events: pd.DataFrame) -> alt.Chart:
    """Policy instruments and institutions on a time line, one row per territory; a line shows how long
    an instrument ran where its end year is known."""
    data = policy_events.assign(region=policy_events["region"].astype(str), kind=policy_events["kind"].astype(str))
    data = data[["year", "end_year", "region", "kind", "name", "level"]].astype({"end_year": "float"})
    data["period"] = [f"{int(start)}–{int(end)}" if end == end else f"{int(start)}"
                      for start, end in zip(data["year"], data["end_year"])]
    select_kind = alt.selection_point(fields=["kind"], bind="legend")
    base = alt.Chart(data, description="Time line: each compiled policy event as a point by year and territory, "
                                       "shaped and coloured by kind; a line runs to its end year where known.")
    y = alt.Y("region:N", title=None, sort=core.allowed_values("policy_events", "region"))
    tooltip = [alt.Tooltip("name:N", title="Instrument"), alt.Tooltip("period:N", title="Years"),
               alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("level:N", title="Level")]
    # Spans are grey: a colour scale here would split the points' merged colour-and-shape legend.
    spans = (base.transform_filter("isValid(datum.end_year)").mark_rule(strokeWidth=2, color="#8a96a3")
             .encode(x="year:Q", x2="end_year:Q", y=y, yOffset=alt.YOffset("kind:N"),
                     opacity=alt.condition(select_kind, alt.value(0.6), alt.value(0.1)), tooltip=tooltip))
    points = (base.mark_point(filled=True, size=110)
              .encode(x=alt.X("year:Q", title="Year", scale=alt.Scale(zero=False), axis=alt.Axis(format="d")),
                      y=y, yOffset=alt.YOffset("kind:N"), color=alt.Color("kind:N", title="Kind"),
                      shape=alt.Shape("kind:N", title="Kind"),
                      opacity=alt.condition(select_kind, alt.value(0.9), alt.value(0.15)), tooltip=tooltip)
              .add_params(select_kind))
    # The layer carries the description: it names the chart for screen readers (the embed's aria-label).
    return alt.layer(spans, points).properties(width="container", height=320, description=base.description)


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
            x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1),
                    scale=alt.Scale(zero=False, padding=12)),
            y=alt.Y("value:Q", title=unit),
            color=alt.Color("scope:N", title="Scope (the source's definition)",
                            legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0, titleLimit=0,
                                              labelExpr="split(datum.label, '|')")),
            tooltip=[alt.Tooltip("year:Q", format="d", title="Year"), alt.Tooltip("value_qualifier:N", title="Qualifier"),
                     alt.Tooltip("value:Q", title=unit, format=",.4~f"), alt.Tooltip("scope_text:N", title="Scope")],
        )
        .properties(width="container", height=260, title=title)
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
    kinds = [k for k in core.allowed_values("sweep_log", "source_kind") if k in set(counts["source_kind"])]
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
                         deal_type=events["kind"].where(events["lane"] == "deal"))
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
