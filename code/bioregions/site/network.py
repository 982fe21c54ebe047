"""Network views: a networkx graph drawn by the site's own vis-network, laid out in Python (pyvis for
the node and edge records), with plain-text labels and tooltips."""
from __future__ import annotations

from html import escape

import networkx as nx
import pandas as pd
from pyvis.network import Network

from ..data import BELGIAN_REGIONS, allowed_values_present
from ..domain import alliances_only, deals_with_names
from ..graphs import alliance_graph, largest_component, layout_positions, nodes_of_kind, shared_partner_projection
from . import palette
from .embed import embed_block, stable_id
from .page import current_page

# Drawing options for vis-network; physics is off because positions come from Python. The mouse
# wheel scrolls the page, not the network: zoom has its own buttons (bioregions-embed.js).
VIS_OPTIONS = {
    "physics": {"enabled": False},
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "keyboard": False,
                    "zoomView": False},
    "edges": {"smooth": False, "color": {"inherit": False, "color": "#8a96a3", "opacity": 0.7}},
    "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif"}, "borderWidth": 1},
}


def pyvis_from_graph(graph: nx.Graph, seed: int = 7) -> Network:
    """A pyvis Network from a networkx graph, with plain-text labels and titles and fixed positions."""
    net = Network(directed=graph.is_directed())
    positions = layout_positions(graph, seed=seed)
    for node, attrs in graph.nodes(data=True):
        x, y = positions[node]
        net.add_node(
            str(node),
            # Every node has its name; the page's label layout (bioregions-embed.js) decides which to draw.
            label=str(attrs.get("label", node)),
            title=str(attrs.get("title", attrs.get("label", node))),
            color=attrs.get("color", "#1f5f8b"),
            size=float(attrs.get("size", 12)),
            shape=attrs.get("shape", "dot"),
            x=x,
            y=y,
        )
    for source, target, attrs in graph.edges(data=True):
        net.add_edge(str(source), str(target), title=str(attrs.get("title", "")), width=float(attrs.get("width", 1)))
    return net


class NetworkView:
    """A network ready for the page: renders itself as HTML in Jupyter and Quarto.
    `legend` lists (text, colour, shape) entries shown as a key under the drawing."""

    def __init__(self, net: Network, label: str, height: str = "560px",
                 legend: list[tuple[str, str, str]] | None = None, focus: list[str] | None = None,
                 explorer: dict | None = None):
        self.net = net
        # Search, focus, filters and the deal panel (bioregions-embed.js), from explorer_data().
        self.explorer = explorer
        self.label = label
        self.height = height
        self.legend = legend or []
        self.focus = focus  # node ids the opening view fits (default: the whole network)

    def payload(self) -> dict:
        """pyvis's node and edge records, sent column by column (bioregions-embed.js rebuilds them): names and
        colours once, nodes referred to by their index; with an explorer, tooltips are rebuilt from its rows."""
        nodes, edges, *_ = self.net.get_network_data()
        order = [str(node["id"]) for node in nodes]
        index = {node: i for i, node in enumerate(order)}
        colours = sorted({str(node["color"]) for node in nodes})
        shapes = sorted({str(node["shape"]) for node in nodes})
        columns = {"id": order, "label": [str(node["label"]) for node in nodes],
                   "x": [node["x"] for node in nodes], "y": [node["y"] for node in nodes],
                   "size": [round(float(node["size"]), 1) for node in nodes],
                   "colour": [colours.index(str(node["color"])) for node in nodes],
                   "shape": [shapes.index(str(node["shape"])) for node in nodes]}
        links = {"from": [index[str(edge["from"])] for edge in edges], "to": [index[str(edge["to"])] for edge in edges],
                 "width": [edge.get("width", 1) for edge in edges]}
        if not self.explorer:
            # Titles stay plain strings: vis-network shows a string title as text, never as HTML.
            columns["title"] = [str(node.get("title", "")) for node in nodes]
            links["title"] = [str(edge.get("title", "")) for edge in edges]
        payload = {"nodes": columns, "edges": links, "colours": colours, "shapes": shapes, "options": VIS_OPTIONS,
                   "height": self.height}
        if self.focus:
            payload["focus"] = [index[str(node)] for node in self.focus]
        if self.explorer:
            x = self.explorer
            types = x["deal_types"]
            payload["explorer"] = {**x, "nodes": [x["nodes"][node] for node in order],
                                   "deals": [[d[0], d[1], index[d[2]], index[d[3]], types.index(d[4])] for d in x["deals"]],
                                   "projection": sorted(sorted([index[a], index[b]]) + [w] for a, b, w in x["projection"])}
        return payload

    def to_html(self) -> str:
        payload = self.payload()
        block = embed_block(current_page(), "vis", stable_id("network", payload), payload, "vis-network-view",
                            self.label)
        return block + self.legend_html() + self.node_table_html()

    def node_table_html(self) -> str:
        """The network as a sortable table of its nodes and their measures (the drawing's equivalent in text)."""
        if not self.explorer:
            return ""
        from .tables import table

        rows = pd.DataFrame([{"name": row[0], "kind": "firm" if row[1] == "firm" else "counterparty", "group": row[2],
                              "partners": row[3], "former": row[4]} for row in self.explorer["nodes"].values()])
        deals = pd.Series([node for deal in self.explorer["deals"] for node in deal[2:4]]).value_counts()
        rows["deals"] = [int(deals.get(node, 0)) for node in self.explorer["nodes"]]
        rows = rows.sort_values(["partners", "deals", "name"], ascending=[False, False, True])
        shown = table(rows, {"name": "Name", "former": "Former names", "kind": "Kind", "group": "Region or type",
                             "partners": "Distinct partners (degree)", "deals": "Agreed alliances"},
                      label=f"Nodes of the network: {self.label}", paged=True, filters=("Kind", "Region or type"))
        return (f'<details class="network-table"><summary>The network as a table of its {len(rows)} nodes</summary>'
                f"{shown.to_html()}</details>")

    def legend_html(self) -> str:
        """The colour and shape key, with inline styles so it looks right under any site theme."""
        if not self.legend:
            return ""
        items = "".join(
            f'<li style="display:inline-flex;align-items:center;gap:.35em;margin:0 1em .25em 0">'
            f'<span aria-hidden="true" style="display:inline-block;width:.85em;height:.85em;background:{_swatch_colour(text, colour)};'
            f'border-radius:{"50%" if shape == "dot" else "2px"}"></span>{escape(text)}</li>'
            for text, colour, shape in self.legend)
        return (f'<ul class="network-legend" aria-label="Key to the network colours and shapes" '
                f'style="list-style:none;padding:0;margin:.5em 0 0;font-size:.9em">{items}</ul>'
                '<p class="network-size-note">Node size grows with the number of distinct partners (the node\'s degree '
                "in the networkx graph); line width with the number of agreed deals between the two.</p>")

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return current_page().bundle(self.to_html())


def decorate_alliance_graph(graph: nx.Graph) -> nx.Graph:
    """Colours, shapes, sizes, labels and plain-text tooltips for the alliance graph's nodes and edges."""
    regions, partner_types = palette.colours("firms", "region"), palette.colours("partners", "partner_type")
    for source, target, edge in graph.edges(data=True):
        years, weight = edge["years"], edge["weight"]
        span = str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"
        names = f"{graph.nodes[source]['label']} – {graph.nodes[target]['label']}"
        edge.update(width=min(1 + weight, 6),
                    title=f"{names}: {weight} deal(s), {span} ({', '.join(sorted(edge['kinds']))})")
    for node, attrs in graph.nodes(data=True):
        degree = graph.degree(node)
        if attrs["kind"] == "firm":
            attrs.update(color=regions.get(attrs["region"], palette.OTHER_REGION), shape="dot",
                         size=8 + 3 * degree ** 0.8)
            what = attrs["region"] + " firm"
        else:
            attrs.update(color=partner_types.get(attrs["partner_type"], palette.MISSING_COLOUR), shape="square",
                         size=6 + 2 * degree ** 0.8)
            what = attrs["partner_type"]
        attrs["title"] = f"{attrs['label']} ({what}): {degree} partner(s) in the compiled table"
    return graph


def alliance_legend(graph: nx.Graph) -> list[tuple[str, str, str]]:
    """Key entries for the regions and partner types present in `graph`, in schema order."""
    regions = {a["region"] for _, a in graph.nodes(data=True) if a["kind"] == "firm"}
    types = {a["partner_type"] for _, a in graph.nodes(data=True) if a["kind"] == "partner"}
    belgian = [(f"{region} firm", colour, "dot") for region, colour in palette.colours("firms", "region").items()
               if region in regions and region in BELGIAN_REGIONS]
    # German firms share one hue: one key entry, not one per Land.
    german = [("German firm", palette.OTHER_REGION, "dot")] if regions - set(BELGIAN_REGIONS) else []
    return (belgian + german + [(kind, colour, "square") for kind, colour in
                                palette.colours("partners", "partner_type").items() if kind in types])


def _swatch_colour(text: str, colour: str) -> str:
    """A key swatch's CSS colour: the palette stylesheet's property for that meaning, the hex as fallback."""
    if text.endswith(" firm") and text[:-5] in BELGIAN_REGIONS:
        return palette.css_colour("region", text[:-5], colour)
    if text == "German firm":
        return palette.css_colour("country", "Germany", colour)
    if text in palette.colours("partners", "partner_type"):
        return palette.css_colour("partner_type", text, colour)
    return colour


def explorer_data(graph: nx.Graph, firms: pd.DataFrame, partners: pd.DataFrame, alliances: pd.DataFrame) -> dict:
    """What the explorer needs beside the drawing: each node's names and group, each deal on an edge (with links to
    its row and to the firm's profile), and the filters' values in schema order. Text only: the page sets it as text."""
    page = current_page()
    firm_rows = firms.set_index("firm_id")
    # Compact rows (the page's own bytes count): node id -> [name, kind, group, degree, former names, country].
    nodes = {}
    for node, attrs in graph.nodes(data=True):
        firm = firm_rows.loc[attrs["record_id"]] if attrs["kind"] == "firm" else None
        former = None if firm is None else firm.get("former_names")
        country = None if firm is None else firm.get("country")
        nodes[node] = [attrs["label"], attrs["kind"], attrs["region"] if attrs["kind"] == "firm" else attrs["partner_type"],
                       graph.degree(node), "" if former is None or pd.isna(former) else str(former),
                       "" if country is None or pd.isna(country) else str(country)]
    # The firm-to-firm projection: firms linked by the partners they share, as [firm, firm, shared] (networkx
    # counts the shared neighbours).
    projection = [[a, b, int(w)] for a, b, w in shared_partner_projection(graph).edges(data="weight")]
    deals = deals_with_names(alliances_only(alliances), firms, partners).sort_values(["year", "deal_id"])
    firm_ids = set(firm_rows.index)
    rows = []  # [deal id, year, firm node, counterparty node, deal type]
    for deal in deals.itertuples(index=False):
        target = f"firm:{deal.partner_id}" if deal.partner_id in firm_ids else f"partner:{deal.partner_id}"
        if graph.has_edge(f"firm:{deal.firm_id}", target):
            rows.append([str(deal.deal_id), None if pd.isna(deal.year) else int(deal.year), f"firm:{deal.firm_id}",
                         target, str(deal.deal_type)])
    years = [row[1] for row in rows if row[1] is not None]
    groups = {attrs["region"] for _, attrs in graph.nodes(data=True) if attrs["kind"] == "firm"}
    types = {attrs["partner_type"] for _, attrs in graph.nodes(data=True) if attrs["kind"] == "partner"}
    return {"nodes": nodes, "deals": rows, "years": [min(years), max(years)] if years else None,
            "projection": projection, "country_colours": palette.colours("firms", "country"),
            # A deal's row is rows_page#<deal id>; a firm's profile is profiles/<firm id>.html.
            "rows_page": page.link("chapters/browse.qmd"), "profiles": page.link("firms/x.qmd")[:-len("x.html")],
            "regions": allowed_values_present("firms", "region", groups),
            "partner_types": allowed_values_present("partners", "partner_type", types),
            "deal_types": allowed_values_present("alliances", "deal_type", [row[4] for row in rows])}


def alliance_network(firms, partners, alliances, seed: int = 7) -> NetworkView:
    """The alliance network as an offline vis-network explorer (search, focus, filters), opening on its main cluster."""
    graph = decorate_alliance_graph(alliance_graph(firms, partners, alliances))
    label = (f"Network of {len(nodes_of_kind(graph, 'firm'))} firms and {len(nodes_of_kind(graph, 'partner'))} "
             "counterparties from the compiled deal table (agreed alliances; acquisitions left out)")
    return NetworkView(pyvis_from_graph(graph, seed=seed), label, height="620px", legend=alliance_legend(graph),
                       focus=largest_component(graph), explorer=explorer_data(graph, firms, partners, alliances))


def ego_network(ego: nx.Graph, firm_name: str) -> NetworkView:
    """One firm and its direct counterparties (a decorated alliance graph's ego graph)."""
    label = f"Alliance network of {firm_name}: the firm and its {ego.number_of_nodes() - 1} direct counterparties"
    return NetworkView(pyvis_from_graph(ego), label, height="420px", legend=alliance_legend(ego))
