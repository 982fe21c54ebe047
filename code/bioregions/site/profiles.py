"""A profile page for every firm, written by the pre-render step that both renderers run: plain markdown with the
figures already rendered as HTML, so that no page needs a kernel. `firms/<firm_id>.qmd` and `_firms.yml` (the
book part that lists them, read through `metadata-files`) are generated files, not sources."""
from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path

import pandas as pd
import yaml

from .. import domain, facts, graphs
from ..data import load_all
from ..paths import PROJ_ROOT
from . import charts, network, tables
from .page import current_page, start_page

PROFILES_DIR = "firms"
PART_FILE = "_firms.yml"
PART_TITLE = "Firm profiles"


def _markdown(bundle: dict) -> str:
    return bundle["text/markdown"] + "\n"


def _value(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def identity_rows(firm: pd.Series) -> pd.DataFrame:
    """The firm's identity and fate as (What, Value) rows, empty fields left out."""
    markets = _value(firm["ipo_markets"])
    listed = " ".join(filter(None, [_value(firm["ipo_year"]), f"({markets})" if markets else ""]))
    price = " ".join(filter(None, [_value(firm["acquisition_value"]), _value(firm["acquisition_currency"])]))
    fate = ", ".join(filter(None, [_value(firm["status"]), _value(firm["status_year"]),
                                   f"by {_value(firm['acquirer'])}" if _value(firm["acquirer"]) else "",
                                   f"headline price {price} million" if price else ""]))
    origin = " – ".join(filter(None, [_value(firm["origin_type"]), _value(firm["origin_institution"])]))
    rows = [("Former names", firm["former_names"]), ("Country", firm["country"]), ("Region", firm["region"]),
            ("bioRegion", firm.get("bioregion")), ("City", firm["city"]), ("Founded", firm["founded_year"]),
            ("Origin", origin), ("Field", firm["field"]), ("Business model", firm["business_model"]),
            ("Role in the table", firm["role"]), ("Listed", listed), ("Status", fate)]
    return pd.DataFrame([(what, _value(v)) for what, v in rows if _value(v)], columns=["What", "Value"])


def _source_paragraph(page, source_ids) -> str:
    """"Sources: S1 S2", each id linked to its row in the sources table (title on hover)."""
    titles = page.source_titles()
    links = []
    for source_id in filter(None, (s.strip() for s in _value(source_ids).split(";"))):
        href, title = titles.get(source_id, (None, ""))
        links.append(f'<a href="{html.escape(href, quote=True)}" title="{html.escape(title, quote=True)}">'
                     f"{html.escape(source_id)}</a>" if href else html.escape(source_id))
    return f'```{{=html}}\n<p class="profile-sources">Sources: {" ".join(links) or "none recorded"}</p>\n```\n'


def profile_markdown(firm: pd.Series, t: dict, graph, appearances: list[tuple[str, str, str]],
                     deals: pd.DataFrame, titles: dict[str, str]) -> str:
    """The whole profile page of one firm, as markdown with raw HTML blocks. `deals` are its deal rows with
    counterparties named; `titles` the source titles, read once for all profiles."""
    firm_id, name = str(firm["firm_id"]), str(firm["name"])
    page = start_page(f"{PROFILES_DIR}/{firm_id}.qmd")
    page.source_titles(titles)
    agreed = domain.agreed_deals(deals)
    where = ", ".join(filter(None, [_value(firm["city"]), _value(firm["region"]), _value(firm["country"])]))
    founded = f", founded {_value(firm['founded_year'])}" if _value(firm["founded_year"]) else ""
    front = yaml.safe_dump({"title": name, "description": f"{name} ({where}{founded}): its record in the compiled "
                                                          "open data, each fact linked to its source."},
                           allow_unicode=True, sort_keys=False, width=1000)
    parts = [
        f"---\n{front}---\n",
        "::: {.callout-note}\nCompiled for this site from public sources, each fact linked to the page it was read "
        "on. The firm is not presented as one of the cases of Segers' papers, whose case lists are not public.\n:::\n",
        "## Identity and fate {#sec-identity}\n",
        _markdown(tables.identity_table(identity_rows(firm), name)._repr_mimebundle_()),
        _source_paragraph(page, firm["source_ids"]),
        "## Timeline {#sec-timeline}\n",
    ]
    events = domain.firm_events(firm, deals)
    if len(events):
        parts.append(_markdown(charts.site_renderer(charts.firm_timeline_chart(events, name).to_dict(validate=False))))
    else:
        parts.append("No dated event of this firm is in the compiled tables.\n")
    parts.append(f"## Deals {{#sec-deals}}\n\nThe compiled deal table holds {len(deals)} row(s) for this firm, "
                 f"{len(agreed)} of them agreed. Amounts are in millions of the currency stated and are never "
                 "converted; each id leads to its row on the [firms and deals](../chapters/browse.qmd) page.\n")
    if len(deals):
        parts.append(_markdown(tables.firm_deals_table(deals, name)._repr_mimebundle_()))
    parts.append("## Its alliance network {#sec-network}\n")
    if f"firm:{firm_id}" in graph:
        ego = graphs.ego_graph(graph, firm_id)
        parts.append(f"The firm and its {ego.number_of_nodes() - 1} direct counterparties in agreed alliances "
                     "(acquisitions left out), drawn as in the site's network.\n")
        parts.append(_markdown(network.ego_network(ego, name)._repr_mimebundle_()))
    else:
        parts.append("No agreed alliance of this firm is in the compiled table.\n")
    indicators = domain.region_indicators(t["indicators"], firm)
    parts.append("## Indicators of its region {#sec-region}\n")
    if len(indicators):
        parts.append("The latest value of each indicator the compiled table holds for the firm's region, then its "
                     "country, with the scope its source uses: scopes differ, so rows are not comparable.\n")
        parts.append(_markdown(tables.region_indicators_table(indicators, where)._repr_mimebundle_()))
    else:
        parts.append("The compiled indicator table holds no series for the firm's region or country.\n")
    parts.append("## Where it appears on the site {#sec-appears}\n")
    parts.append("".join(f"- [{what}]({page.link(target, anchor)})\n" for what, target, anchor in appearances))
    return "\n".join(parts)


def inputs_digest(root: Path) -> str:
    """A digest of everything the profiles are made from: the data package, the library's code, CITATION.cff."""
    digest = hashlib.sha256()
    for path in sorted([*(root / "data").glob("*"), *(root / "code" / "bioregions").rglob("*.py"),
                        root / "CITATION.cff"]):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def write_profiles(root: Path | None = PROJ_ROOT, force: bool = False) -> list[Path]:
    """Write every firm's profile page and the book part that lists them; remove pages of firms no longer there.
    Skipped when nothing they are made from changed since the last run (the digest in firms/.inputs)."""
    if root is None:
        raise RuntimeError("profiles are written into a project: this copy of bioregions has no _quarto.yml above it")
    stamp = root / PROFILES_DIR / ".inputs"
    digest = inputs_digest(root)
    if not force and stamp.exists() and (root / PART_FILE).exists():
        try:
            last = json.loads(stamp.read_text())
        except ValueError:  # an older stamp: write everything again
            last = {}
        # The pages link files they wrote (chart images): all must still be there.
        if last.get("digest") == digest and all((root / name).exists() for name in last.get("generated", [])):
            return sorted((root / PROFILES_DIR).glob("*.qmd"))
    t = load_all()
    firms = t["firms"].sort_values("name", key=lambda s: s.str.casefold())
    graph = network.decorate_alliance_graph(graphs.alliance_graph(t["firms"], t["partners"], t["alliances"]))
    appearances = facts.firm_appearances(t)
    titles = dict(zip(t["sources"]["source_id"].astype(str), t["sources"]["title"].astype(str)))
    named = domain.deals_with_names(t["alliances"], t["firms"], t["partners"]).sort_values(["year", "deal_id"])
    deals_of = {str(firm_id): rows for firm_id, rows in named.groupby("firm_id", observed=True)}
    folder = root / PROFILES_DIR
    folder.mkdir(exist_ok=True)
    written, generated = [], []
    for _, row in firms.iterrows():
        text = profile_markdown(row, t, graph, appearances.get(row["firm_id"], []),
                                deals_of.get(str(row["firm_id"]), named.iloc[0:0]), titles)
        generated += current_page().generated
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
    stamp.write_text(json.dumps({"digest": digest, "generated": generated}))
    return written
