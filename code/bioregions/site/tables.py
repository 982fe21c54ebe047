"""Tables for pages: escaped, valid HTML (no obsolete attributes), with source ids linked to the sources table.
Long tables are interactive (DataTables: sort, search, filters, pages): the page holds the first rows as HTML and
the rest is read from a generated script, so that the page stays light."""
from __future__ import annotations

import html
import json
import re
from urllib.parse import quote

import pandas as pd

from .embed import script_json
from .page import current_page

# Rows a paged table shows at first (and holds in the page's HTML for readers without JavaScript).
PAGE_LENGTH = 25


class HtmlTable:
    """A DataFrame shown as a plain, escaped HTML table in Jupyter and Quarto.
    Cells of `source_column` (";"-separated source ids) become links ({id: (href, title)} in `sources`),
    cells of `url_column` become links to themselves, and `row_ids` become anchors on the rows."""

    def __init__(self, frame: pd.DataFrame, caption: str | None = None, label: str | None = None,
                 source_column: str | None = None, sources: dict[str, tuple[str, str]] | None = None,
                 row_ids: list[str] | None = None, url_column: str | None = None, paged: bool = False,
                 filters: tuple[str, ...] = (), names: tuple[str, ...] = (), row_links: dict[str, str] | None = None):
        self.frame = frame
        self.caption = caption
        self.label = label or caption or "Table of " + ", ".join(map(str, frame.columns[:4]))
        self.source_column = source_column
        self.sources = sources or {}
        self.row_ids = row_ids
        self.url_column = url_column
        self.paged = paged
        missing = [name for name in (*filters, *names) if name not in frame.columns]
        if missing:
            raise ValueError(f"table {self.label!r}: filters or names name columns it does not show: {missing}")
        self.filters = tuple(filters)
        self.names = tuple(names)
        # {shown column: page}: each cell links to the row of that id on that page (a deal id to its row).
        self.row_links = row_links or {}

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return current_page().bundle(self.to_html())

    def cells(self) -> list[list[str]]:
        """Every row as escaped HTML cells (links for source ids and addresses)."""
        render = [self._source_links if column == self.source_column else _url_link if column == self.url_column
                  else self._row_link(self.row_links[column]) if column in self.row_links else _cell
                  for column in self.frame.columns]
        return [[show(v) for v, show in zip(row, render)] for row in self.frame.itertuples(index=False)]

    def to_html(self) -> str:
        head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in self.frame.columns)
        cells = self.cells()
        ids = self.row_ids or [None] * len(self.frame)
        shown = range(min(PAGE_LENGTH, len(cells))) if self.paged else range(len(cells))
        body = "".join(
            (f'<tr id="{html.escape(str(ids[i]), quote=True)}">' if ids[i] else "<tr>")
            + "".join(f"<td>{cell}</td>" for cell in cells[i]) + "</tr>" for i in shown)
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        label = html.escape(self.label, quote=True)
        attributes, after = "", ""
        if self.paged:
            page = current_page()
            key = f"{_slug(page.path.rsplit('.', 1)[0])}--{_slug(self.label)}"
            rows = {"ids": [None if i is None else str(i) for i in ids], "rows": cells}
            data_link = page.write_generated(
                f"tables/{key}.js",
                f"/* Rows of the table {json.dumps(self.label)} on {page.output_path}, written by bioregions.site.tables. */\n"
                f"(window.bioregionsTables = window.bioregionsTables || {{}})[{json.dumps(key)}] = {script_json(rows)};\n")
            attributes = (f' data-rows="{html.escape(key, quote=True)}" data-page-length="{PAGE_LENGTH}"'
                          f' data-filters="{html.escape(json.dumps(list(self.filters)), quote=True)}"')
            more = len(cells) - len(shown)
            note = (f"The first {len(shown)} of {len(cells)} rows. With JavaScript on, the table pages, sorts, "
                    "searches and filters all of them." if more else "")
            after = (f'<noscript><p class="table-note">{note}</p></noscript>' if note else "") + self._name_list(ids) + \
                f'<script defer src="{html.escape(data_link, quote=True)}"></script>' + page.script_tags("tables")
        # A focusable, labelled wrapper lets keyboard users scroll a wide table.
        return (f'<div class="table-scroll" tabindex="0" role="region" aria-label="{label}">'
                f'<table class="data-table"{attributes}>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody>'
                f'</table></div>{after}')

    @staticmethod
    def _row_link(target: str):
        page = current_page()
        return lambda value: "" if _missing(value) else \
            f'<a href="{html.escape(page.link(target, str(value)), quote=True)}">{html.escape(str(value))}</a>'

    def _name_list(self, ids: list) -> str:
        """Every name in the `names` columns, each linked to its first row: the site search indexes the page's
        HTML, which holds only a paged table's first rows, and readers without JavaScript get the whole list."""
        if not self.names:
            return ""
        first: dict[str, str] = {}
        for column in self.names:
            for value, row_id in zip(self.frame[column], ids):
                for name in ([] if _missing(value) else [n.strip() for n in str(value).split(";")]):
                    if name and row_id is not None:
                        first.setdefault(name, str(row_id))
        links = ", ".join(f'<a href="#{html.escape(row_id, quote=True)}">{html.escape(name)}</a>'
                          for name, row_id in sorted(first.items(), key=lambda item: item[0].casefold()))
        what = " and ".join(name.lower() for name in self.names)
        return (f'<details class="table-names"><summary>Every {what} in this table ({len(first)})</summary>'
                f"<p>{links}</p></details>")

    def _source_links(self, value) -> str:
        """Each source id as a link to its page, titled with the page's title."""
        if _missing(value):
            return ""
        links = []
        for source_id in filter(None, (s.strip() for s in str(value).split(";"))):
            url, title = self.sources.get(source_id, (None, None))
            if url is None:
                links.append(html.escape(source_id))
            else:
                links.append(f'<a href="{html.escape(url, quote=True)}" title="{html.escape(title, quote=True)}">'
                             f"{html.escape(source_id)}</a>")
        return " ".join(links)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _url_link(value) -> str:
    if _missing(value):
        return ""
    # Addresses are kept as the stored copy gives them; characters a URL may not hold (a trailing
    # backslash, say) are percent-encoded in the link only.
    href = quote(str(value), safe=":/?#[]@!$&'()*+,;=%~")
    return f'<a href="{html.escape(href, quote=True)}">{html.escape(str(value))}</a>'


def _cell(value) -> str:
    if _missing(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return html.escape(str(value))


def table(frame: pd.DataFrame, columns: dict[str, str] | None = None, caption: str | None = None,
          label: str | None = None, row_id: str | None = None, url_column: str | None = None,
          paged: bool = False, filters: tuple[str, ...] = (), names: tuple[str, ...] = (),
          row_links: dict[str, str] | None = None) -> HtmlTable:
    """Select and rename `columns` ({source: label}) and show the frame as an HTML table.
    A `source_ids` column links each id to its row in the data appendix's sources table (the page's
    title on hover); `row_id` names a column whose values become row anchors; `url_column` a column of
    addresses shown as links. `label` names the scrollable region for screen readers. A `paged` table sorts,
    searches and pages in the browser, with a choice list for each column named in `filters` (shown names), and
    lists every value of the `names` columns in the page, for the site search and for readers without JavaScript.
    `row_links` ({source column: page}) links each id in a column to its row on that page."""
    source_column, sources = None, None
    if "source_ids" in frame.columns and (columns is None or "source_ids" in columns):
        source_column = columns["source_ids"] if columns else "source_ids"
        sources = current_page().source_titles()
    row_ids = list(frame[row_id].astype(str)) if row_id else None
    if columns:
        url_column = columns.get(url_column, url_column) if url_column else None
        row_links = {columns.get(column, column): target for column, target in (row_links or {}).items()}
        frame = frame[list(columns)].rename(columns=columns)
    return HtmlTable(frame.reset_index(drop=True), caption, label, source_column, sources, row_ids, url_column,
                     paged, filters, names, row_links)


def with_qualifier(indicators: pd.DataFrame) -> pd.DataFrame:
    """Add `value_text`: the value with its qualifier ('>', '<', '~') as the source gives it."""
    qualifier = indicators["value_qualifier"].astype("string").fillna("")
    value = indicators["value"].map(lambda v: f"{v:,.10g}")
    return indicators.assign(value_text=qualifier + value)


# ---- the site's tables, one function each (columns shown and their headings) ---------------------

def early_deals_table(deals: pd.DataFrame) -> HtmlTable:
    """Deals dated before 2000, with both parties named (1993 chapter)."""
    return table(deals, {"year": "Year", "firm_name": "Belgian firm", "partner_name": "Partner",
                         "partner_type": "Partner type", "deal_type": "Deal type", "asset_or_area": "Asset or area",
                         "upfront_amount": "Upfront", "currency": "Currency", "source_ids": "Sources"})


def policy_table(policy: pd.DataFrame) -> HtmlTable:
    """Policy instruments and institutions (1996 chapter)."""
    return table(policy, {"year": "Year", "region": "Territory", "name": "Instrument or institution", "kind": "Kind",
                          "confidence": "Confidence", "source_ids": "Sources"})


def centrality_table(centrality: pd.DataFrame, top: int) -> HtmlTable:
    """The firms with the most distinct counterparties, with betweenness to two decimals (2015 chapter)."""
    shown = centrality.head(top).assign(betweenness=lambda t: t["betweenness"].map("{:.2f}".format))
    return table(shown, {"firm": "Firm", "role": "Role", "region": "Region", "partners": "Distinct partners",
                         "deals": "Deals", "betweenness": "Betweenness"})


def german_clusters_table(clusters: pd.DataFrame) -> HtmlTable:
    """German bioRegion competitions and winners (2016 chapter)."""
    return table(clusters, {"year": "Year", "name": "Cluster or programme", "programme": "Programme", "kind": "Kind",
                            "outcome": "Outcome", "funding_amount": "Funding", "funding_currency": "Currency",
                            "source_ids": "Sources"})


def belgian_clusters_table(clusters: pd.DataFrame) -> HtmlTable:
    """Belgian cluster organisations and programmes (2016 chapter)."""
    return table(clusters, {"year": "Year", "name": "Organisation or programme", "region": "Region", "kind": "Kind",
                            "description": "What it is", "source_ids": "Sources"})


def regional_counts_table(counts: pd.DataFrame) -> HtmlTable:
    """Regional firm counts, each with the scope its source uses (2016 chapter)."""
    return table(with_qualifier(counts), {"geography": "Region", "year": "Year", "value_text": "Count",
                                          "indicator": "What is counted", "scope": "Scope (source definition)",
                                          "source_ids": "Sources"})


def acquired_firms_table(firms: pd.DataFrame) -> HtmlTable:
    """Acquired NBFs with buyer, year and headline price (synthesis)."""
    return table(firms, {"name": "Firm", "region": "Region", "founded_year": "Founded", "acquirer": "Acquirer",
                         "status_year": "Year", "acquisition_value": "Headline price (m)",
                         "acquisition_currency": "Currency", "source_ids": "Sources"})


def all_firms_table(firms: pd.DataFrame) -> HtmlTable:
    """Every firm, each row anchored by its id (firms-and-deals page)."""
    return table(firms, {
        "name": "Firm", "former_names": "Former names", "founded_year": "Founded", "country": "Country", "city": "City",
        "region": "Region",
        "origin_type": "Origin", "origin_institution": "Origin institution", "field": "Field",
        "business_model": "Business model", "role": "Role", "ipo_year": "IPO", "ipo_markets": "Markets",
        "status": "Status", "status_year": "Status year", "acquirer": "Acquirer", "acquisition_value": "Price (m)",
        "acquisition_currency": "Currency", "source_ids": "Sources"}, label="Every firm", row_id="firm_id",
        paged=True, filters=("Country", "Region", "Field", "Business model", "Status"), names=("Firm", "Former names"))


def all_deals_table(deals: pd.DataFrame) -> HtmlTable:
    """Every deal row, counterparties named once, each row anchored by its id (firms-and-deals page)."""
    return table(deals, {
        "deal_id": "Id", "year": "Year", "firm_name": "Firm", "partner_name": "Counterparty",
        "deal_type": "Type", "firm_role": "Firm's role", "agreed": "Agreed", "asset_or_area": "Asset or area",
        "upfront_amount": "Upfront (m)", "total_amount": "Total (m)", "currency": "Currency",
        "amount_basis": "What the amounts measure", "source_ids": "Sources"}, label="Every deal", row_id="deal_id",
        paged=True, filters=("Type", "Firm's role", "Agreed"), names=("Counterparty",))


def sweep_coverage_table(coverage: pd.DataFrame) -> HtmlTable:
    """Per swept firm: reads, kinds of source, years covered, deals found and held (data appendix)."""
    return table(coverage, {"firm": "Firm", "country": "Country", "reads": "Reads", "source_kinds": "Kinds of source",
                            "years_covered": "Years the reads cover", "deals_found": "Deal rows the reads gave",
                            "agreed_deals": "Agreed deals in the table"},
                 label="Sweep coverage by firm", row_id="firm_id")


def firm_deals_table(deals: pd.DataFrame, firm_name: str) -> HtmlTable:
    """One firm's deal rows, each id linked to its row on the firms-and-deals page (firm profiles)."""
    return table(deals, {
        "deal_id": "Id", "year": "Year", "partner_name": "Counterparty", "deal_type": "Type", "firm_role": "Firm's role",
        "agreed": "Agreed", "asset_or_area": "Asset or area", "upfront_amount": "Upfront (m)",
        "total_amount": "Total (m)", "currency": "Currency", "amount_basis": "What the amounts measure",
        "source_ids": "Sources"}, label=f"Deals of {firm_name}", row_links={"deal_id": "chapters/browse.qmd"})


def region_indicators_table(indicators: pd.DataFrame, place: str) -> HtmlTable:
    """The latest value of each indicator for a firm's region and country, with its scope (firm profiles)."""
    return table(with_qualifier(indicators), {
        "geography": "Where", "indicator": "Indicator", "year": "Year", "value_text": "Value", "unit": "Unit",
        "scope": "Scope (source definition)", "source_ids": "Sources"}, label=f"Indicators of {place}")


def identity_table(rows: pd.DataFrame, firm_name: str) -> HtmlTable:
    """A firm's identity and fate as What / Value rows (firm profiles)."""
    return table(rows, label=f"Identity and fate of {firm_name}")
