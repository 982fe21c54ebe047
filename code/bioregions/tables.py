"""Tables for pages: escaped, valid HTML (no obsolete attributes), and number formatting for prose."""
from __future__ import annotations

import html
import os
from pathlib import Path

import pandas as pd
from IPython.display import Markdown


class HtmlTable:
    """A DataFrame shown as a plain, escaped HTML table in Jupyter and Quarto.
    Cells of `source_column` (";"-separated source ids) become links ({id: (href, title)} in `sources`),
    cells of `url_column` become links to themselves, and `row_ids` become anchors on the rows."""

    def __init__(self, frame: pd.DataFrame, caption: str | None = None, label: str | None = None,
                 source_column: str | None = None, sources: dict[str, tuple[str, str]] | None = None,
                 row_ids: list[str] | None = None, url_column: str | None = None):
        self.frame = frame
        self.caption = caption
        self.label = label or caption or "Table of " + ", ".join(map(str, frame.columns[:4]))
        self.source_column = source_column
        self.sources = sources or {}
        self.row_ids = row_ids
        self.url_column = url_column

    def _repr_html_(self) -> str:
        head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in self.frame.columns)
        render = [self._source_links if column == self.source_column
                  else _url_link if column == self.url_column else _cell for column in self.frame.columns]
        ids = self.row_ids or [None] * len(self.frame)
        body = "".join(
            (f'<tr id="{html.escape(str(row_id), quote=True)}">' if row_id else "<tr>")
            + "".join(f"<td>{show(v)}</td>" for v, show in zip(row, render)) + "</tr>"
            for row, row_id in zip(self.frame.itertuples(index=False), ids)
        )
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        label = html.escape(self.label, quote=True)
        # A focusable, labelled wrapper lets keyboard users scroll a wide table.
        return (f'<div class="table-scroll" tabindex="0" role="region" aria-label="{label}">'
                f'<table class="data-table">{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>')

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


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _url_link(value) -> str:
    if _missing(value):
        return ""
    return f'<a href="{html.escape(str(value), quote=True)}">{html.escape(str(value))}</a>'


def _cell(value) -> str:
    if _missing(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return html.escape(str(value))


def sources_page() -> str:
    """The data appendix (where every source id has a row), relative to the page being built."""
    from .paths import SOURCES_PAGE

    return Path(os.path.relpath(SOURCES_PAGE, Path.cwd())).as_posix()


def without_orphan_currency(deals: pd.DataFrame, amount_columns=("upfront_amount", "total_amount")) -> pd.DataFrame:
    """Deals for display, with `currency` blanked where none of `amount_columns` holds an amount (the
    amount is then described in words in amount_note), so a currency never reads as a blank price."""
    no_amount = deals[list(amount_columns)].isna().all(axis=1)
    return deals.assign(currency=deals["currency"].mask(no_amount))


def table(frame: pd.DataFrame, columns: dict[str, str] | None = None, caption: str | None = None,
          label: str | None = None, row_id: str | None = None, url_column: str | None = None) -> HtmlTable:
    """Select and rename `columns` ({source: label}) and show the frame as an HTML table.
    A `source_ids` column links each id to its row in the data appendix's sources table (the page's
    title on hover); `row_id` names a column whose values become row anchors; `url_column` a column of
    addresses shown as links. `label` names the scrollable region for screen readers."""
    source_column, sources = None, None
    if "source_ids" in frame.columns and (columns is None or "source_ids" in columns):
        from .data import load_sources

        source_column = columns["source_ids"] if columns else "source_ids"
        page = sources_page()
        sources = {row.source_id: (f"{page}#{row.source_id}", row.title) for row in load_sources().itertuples()}
    row_ids = list(frame[row_id].astype(str)) if row_id else None
    if columns:
        url_column = columns.get(url_column, url_column) if url_column else None
        frame = frame[list(columns)].rename(columns=columns)
    return HtmlTable(frame.reset_index(drop=True), caption, label, source_column, sources, row_ids, url_column)


def with_qualifier(indicators: pd.DataFrame) -> pd.DataFrame:
    """Add `value_text`: the value with its qualifier ('>', '<', '~') as the source gives it."""
    qualifier = indicators["value_qualifier"].astype("string").fillna("")
    value = indicators["value"].map(lambda v: f"{v:,.10g}")
    return indicators.assign(value_text=qualifier + value)


def num(value, digits: int = 0) -> Markdown:
    """A number for inline prose, with thousands separators; renders the same in Quarto and offline."""
    return Markdown(f"{value:,.{digits}f}")


def share(part, whole) -> Markdown:
    """A percentage for inline prose."""
    return Markdown(f"{100 * part / whole:.0f}%" if whole else "n/a")


MARKDOWN_SPECIAL = "\\`*_{}[]<>()#+-.!|~$@^&"


def md_text(text) -> Markdown:
    """Untrusted text for inline prose: every markdown and HTML special character is escaped."""
    escaped = "".join("\\" + ch if ch in MARKDOWN_SPECIAL else ch for ch in str(text))
    return Markdown(" ".join(escaped.split()))
