"""A profile page for every firm, written by the pre-render step that both renderers run: plain markdown with the
figures already rendered as HTML, so that no page needs a kernel. `firms/<firm_id>.qmd` and `_firms.yml` (the
book part that lists them, read through `metadata-files`) are generated files, not sources."""
from __future__ import annotations

import html
import shutil
from pathlib import Path

import pandas as pd
import yaml

from .. import domain, facts, graphs
from ..data import load_all
from ..paths import PROJ_ROOT
from . import charts, network, tables
from .page import start_page

PROFILES_DIR = "firms"
PART_FILE = "_firms.yml"
PART_TITLE = "Firm profiles"


def _markdown(bundle: dict) -> str:
    return bundle["text/markdown"]


def _value(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def identity_rows(firm: pd.Series) -> pd.DataFrame:
    """The firm's identity and fate as (what, value) rows, empty fields left out."""
    listed = " ".join(filter(None, [_value(firm["ipo_year"]), f"({_value(firm['ipo_markets'])})" if _value(firm["ipo_markets"]) else ""]))
    price = " ".join(filter(None, [_value(firm["acquisition_value"]), _value(firm["acquisition_currency"])]))
    fate = ", ".join(filter(None, [_value(firm["status"]), _value(firm["status_year"]),
                                   f"by {_value(firm['acquirer'])}" if _value(firm["acquirer"]) else "",
                                   f"headline price {price} million" if price else ""]))
    rows = [("Former names", firm["former_names"]), ("Country", firm["country"]), ("Region", firm["region"]),
            ("bioRegion", firm.get("bioregion")), ("City", firm["city"]), ("Founded", firm["founded_year"]),
            ("Origin", " – ".join(filter(None, [_value(firm["origin_type"]), _value(firm["origin_institution"])]))),
            ("Field", firm["field"]), ("Business model", firm["business_model"]), ("Role in the table", firm["role"]),
            ("Listed", listed), ("Status", fate), ("Sources", firm["source_ids"])]
    shown = [(what, _value(value)) for what, value in rows if _value(value)]
    return pd.DataFrame(shown, columns=["What", "Value"])


def _identity_table(firm: pd.Series) -> tables.HtmlTable:
    rows = identity_rows(firm)
    sources = rows["What"] == "Sources"
    shown = tables.table(rows[~sources], label=f"Identity and fate of {firm['name']}")
    # The sources row links each id to its entry in the sources table.
    linked = tables.table(pd.DataFrame({"What": ["Sources"], "source_ids": list(rows.loc[sources, "Value"])}),
                          {"What": "What", "source_ids": "Value"}, label=f"Sources on {firm['name']}")
    return shown, linked


def profile_markdown(firm: pd.Series, t: dict, graph, appearances: list[tuple[str, str, str]]) -> str:
    """The whole profile page of one firm, as markdown with raw HTML blocks."""
    firm_id = str(firm["firm_id"])
    page = start_page(f"{PROFILES_DIR}/{firm_id}.qmd")
    deals = domain.deals_with_names(t["alliances"][t["alliances"]["firm_id"] == firm_id], t["firms"], t["partners"])
    deals = deals.sort_values(["year", "deal_id"])
    agreed = domain.agreed_deals(deals)
    where = ", ".join(filter(None, [_value(firm["city"]), _value(firm["region"]), _value(firm["country"])]))
    founded = f", founded {_value(firm['founded_year'])}" if _value(firm["founded_year"]) else ""
    description = f"{firm['name']} ({where}{founded}): its record in the compiled open data."
    front = yaml.safe_dump({"title": str(firm["name"]), "description": description}, allow_unicode=True,
                           sort_keys=False)
    identity, sources = _identity_table(firm)
    parts = [
        f"---\n{front}---\n",
        "::: {.callout-note}\nCompiled for this site from public sources, each fact linked to the page it was read "
        "on. The firm is not presented as one of the cases of Segers' papers, whose case lists are not public.\n:::\n",
        "## Identity and fate {#sec-identity}\n",
        _markdown(identity._repr_mimebundle_()), _markdown(sources._repr_mimebundle_()),
        "\n## Timeline {#sec-timeline}\n",
    ]
    events = domain.firm_events(firm, deals)
    if len(events):
        parts.append(_markdown(charts.site_renderer(charts.firm_timeline_chart(events, str(firm["name"])).to_dict())))
    else:
        parts.append("No dated event of this firm is in the compiled tables.\n")
    parts.append(f"\n## Deals {{#sec-deals}}\n\nThe compiled deal table holds {len(deals)} row(s) for this firm, "
                 f"{len(agreed)} of them agreed deals. Amounts are in millions of the currency stated and are never "
                 "converted; each id leads to the row on the [firms and deals](../chapters/browse.qmd) page.\n")
    if len(deals):
        parts.append(_markdown(tables.firm_deals_table(deals, page)._repr_mimebundle_()))
    node = f"firm:{firm_id}"
    parts.append("\n## Its alliance network {#sec-network}\n")
    if node in graph:
        ego = graphs.ego_graph(graph, firm_id)
        parts.append(f"The firm and its {ego.number_of_nodes() - 1} direct counterparties in agreed alliances "
                     "(acquisitions left out), as in the site's network.\n")
        parts.append(_markdown(network.ego_network(ego, str(firm["name"]))._repr_mimebundle_()))
    else:
        parts.append("No agreed alliance of this firm is in the compiled table.\n")
    indicators = domain.region_indicators(t["indicators"], firm)
    parts.append("\n## Indicators of its region {#sec-region}\n")
    if len(indicators):
        parts.append("The latest value of each indicator the compiled table holds for the firm's region or country, "
                     "with the scope its source uses (scopes differ; values are not comparable across rows).\n")
        parts.append(_markdown(tables.region_indicators_table(indicators)._repr_mimebundle_()))
    else:
        parts.append("The compiled indicator table holds no series for the firm's region or country.\n")
    parts.append("\n## Where it appears on the site {#sec-appears}\n")
    parts.append("".join(f"- [{html.escape(what)}]({link})\n" for what, link, _ in appearances) or "Only here.\n")
    return "\n".join(parts)


def write_profiles(root: Path | None = PROJ_ROOT) -> list[Path]:
    """Write every firm's profile page and the book part that lists them; remove pages of firms no longer there."""
    if root is None:
        raise RuntimeError("profiles are written into a project: this copy of bioregions has no _quarto.yml above it")
    t = load_all()
    firms = t["firms"].sort_values("name", key=lambda s: s.str.casefold())
    graph = network.decorate_alliance_graph(graphs.alliance_graph(t["firms"], t["partners"], t["alliances"]))
    appearances = facts.firm_appearances(t)
    folder = root / PROFILES_DIR
    folder.mkdir(exist_ok=True)
    written = []
    for firm in firms.itertuples(index=False):
        row = pd.Series(firm._asdict())
        text = profile_markdown(row, t, graph, appearances.get(row["firm_id"], []))
        path = folder / f"{row['firm_id']}.qmd"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    for stale in set(folder.glob("*.qmd")) - set(written):
        stale.unlink()
    part = {"book": {"chapters": [{"part": PART_TITLE,
                                   "chapters": [f"{PROFILES_DIR}/{p.name}" for p in written]}]}}
    listing = "# Generated by the pre-render step (bioregions.site.profiles): the firm profile pages.\n" + \
        yaml.safe_dump(part, sort_keys=False)
    part_file = root / PART_FILE
    if not part_file.exists() or part_file.read_text(encoding="utf-8") != listing:
        part_file.write_text(listing, encoding="utf-8")
    return written


def remove_profiles(root: Path) -> None:
    shutil.rmtree(root / PROFILES_DIR, ignore_errors=True)
    (root / PART_FILE).unlink(missing_ok=True)
