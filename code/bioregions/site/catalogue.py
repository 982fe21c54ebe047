"""The data appendix, generated from datapackage.json so that nothing about the schema is typed twice."""
from __future__ import annotations

import re

import pandas as pd
from IPython.display import Markdown

from ..data import dating_field, package_descriptor
from ..paths import DATA_DIR
from .page import current_page
from .tables import table


def tables_overview(tables: dict[str, pd.DataFrame]) -> Markdown:
    """One line per table: title, rows, years covered, and a download link (the site serves data/)."""
    page = current_page()
    download_prefix = page.link("data") + "/"
    lines = ["| Table | Rows | Years covered | Download |", "|---|---|---|---|"]
    for resource in package_descriptor()["resources"]:
        frame = tables[resource["name"]]
        column = dating_field(resource["name"])
        years = ""
        if column:
            known = frame[column].dropna()
            years = f"{int(known.min())}–{int(known.max())}" if len(known) else ""
        lines.append(f"| [{resource['title']}](#sec-table-{resource['name']}) | {len(frame):,} | {years} | "
                     f"[{resource['path']}]({download_prefix}{resource['path']}) |")
    lines.append(f"\nThe descriptor itself: [datapackage.json]({download_prefix}datapackage.json).")
    return Markdown("\n".join(lines))


def schema_frame(resource: dict) -> pd.DataFrame:
    """Field, type, whether required, allowed values and description, for one resource."""
    rows = []
    for field in resource["schema"]["fields"]:
        constraints = field.get("constraints", {})
        rule = ", ".join(constraints["enum"]) if "enum" in constraints else ""
        if "minimum" in constraints and field["type"] == "integer":
            rule = f"{constraints['minimum']}–{constraints.get('maximum', '')}"
        rows.append({"Field": field["name"], "Type": field["type"],
                     "Required": "yes" if constraints.get("required") else "",
                     "Allowed values": rule, "Description": field.get("description", "")})
    return pd.DataFrame(rows)


def table_sections(tables: dict[str, pd.DataFrame]) -> Markdown:
    """A section per table: description, keys, row count, and its schema as a table."""
    parts = []
    for resource in package_descriptor()["resources"]:
        name = resource["name"]
        keys = ", ".join(resource["schema"].get("primaryKey", []))
        foreign = "; ".join(f"{', '.join(fk['fields'])} → {fk['reference']['resource']}"
                            for fk in resource["schema"].get("foreignKeys", []))
        parts.append(f"### {resource['title']} {{#sec-table-{name}}}\n")
        parts.append(f"{resource.get('description', '')}\n")
        parts.append(f"File `data/{resource['path']}`, {len(tables[name]):,} rows; primary key `{keys}`"
                     + (f"; foreign keys: {foreign}" if foreign else "") + ".\n")
        schema = table(schema_frame(resource), label=f"Fields of the {resource['title']} table")
        parts.append("```{=html}\n" + schema.to_html() + "\n```\n")
    return Markdown("\n".join(parts))


def sources_table(sources: pd.DataFrame):
    """All cited sources with their ids (the target of every `source_ids` cell)."""
    return table(sources, {"source_id": "Id", "title": "Title", "publisher": "Publisher", "url": "Address",
                           "date_published": "Published", "date_accessed": "Read", "kind": "Kind",
                           "notes": "Notes"},
                 label="All cited sources", row_id="source_id", url_column="url", paged=True, filters=("Kind",))


def notes_markdown() -> Markdown:
    """data/NOTES.md, with its headings moved one level down to sit inside a page section."""
    text = (DATA_DIR / "NOTES.md").read_text(encoding="utf-8")
    text = re.sub(r"\A# .*\n", "", text)
    return Markdown(re.sub(r"^(#+) ", lambda m: "#" + m.group(1) + " ", text, flags=re.M))
