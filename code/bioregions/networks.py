"""Networks: build with networkx/pyvis, lay out in Python, emit a div drawn by the site's vis-network."""
from __future__ import annotations

import networkx as nx
from pyvis.network import Network

from html import escape

from .charts import REGION_COLOURS
from .data import agreed_deals
from .html import embed_block, stable_id

# Drawing options for vis-network; physics is off because positions come from Python. The mouse
# wheel scrolls the page, not the network: zoom has its own buttons (bioregions-embed.js).
VIS_OPTIONS = {
    "physics": {"enabled": False},
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "keyboard": False,
                    "zoomView": False},
    "edges": {"smooth": False, "color": {"inherit": False, "color": "#8a96a3", "opacity": 0.7}},
    "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif"}, "borderWidth": 1},
}


def layout_positions(graph: nx.Graph, seed: int = 7, scale: float = 90.0) -> dict:
    """Fixed-seed spring layout, in vis-network pixel units, so the browser does no physics."""
    if graph.number_of_nodes() == 0:
        return {}
    # Lay out each connected component on its own, then place the components in rows, largest first:
    # one spring layout of the whole graph pushes small components far out and crushes the hub.
    # Ties between equal-sized components break on their first node, not on set order (which varies
    # with the per-process string hash), so the picture is the same on every build.
    components = sorted(nx.connected_components(graph.to_undirected()), key=lambda c: (-len(c), min(map(str, c))))
    positions, cursor_x, cursor_y, row_height = {}, 0.0, 0.0, 0.0
    row_width = 1.8 * scale * len(components[0]) ** 0.5
    for component in components:
        # A fresh graph with sorted nodes: a subgraph view would iterate them in set order.
        sub = nx.Graph()
        sub.add_nodes_from(sorted(component, key=str))
        sub.add_edges_from(graph.subgraph(component).edges)
        size = scale * len(component) ** 0.5
        if len(component) == 1:
            pos = {next(iter(component)): (0.0, 0.0)}
        else:
            pos = nx.spring_layout(sub, seed=seed, k=4.0 / len(component) ** 0.5, iterations=300)
        if cursor_x + size > row_width and cursor_x > 0:
            cursor_x, cursor_y, row_height = 0.0, cursor_y + row_height + 40, 0.0
        for node, (x, y) in pos.items():
            positions[node] = (round(cursor_x + (float(x) + 1) / 2 * size, 1), round(cursor_y + (float(y) + 1) / 2 * size, 1))
        cursor_x += size + 40
        row_height = max(row_height, size)
    return positions


def pyvis_from_graph(graph: nx.Graph, seed: int = 7) -> Network:
    """A pyvis Network from a networkx graph, with plain-text labels and titles and fixed positions."""
    net = Network(directed=graph.is_directed())
    positions = layout_positions(graph, seed=seed)
    for node, attrs in graph.nodes(data=True):
        x, y = positions[node]
        net.add_node(
            str(node),
            # A single space hides the label (pyvis replaces an empty label with the node id).
            label=str(attrs.get("label", node)) if attrs.get("show_label", True) else " ",
            title=str(attrs.get("title", attrs.get("label", node))),
            color=attrs.get("color", "#1f5f8b"),
            size=float(attrs.get("size", 12)),
            shape=attrs.get("shape", "dot"),
            x=x,
            y=y,
            physics=False,
        )
    for source, target, attrs in graph.edges(data=True):
        net.add_edge(str(source), str(target), title=str(attrs.get("title", "")), width=float(attrs.get("width", 1)))
    return net


class NetworkView:
    """A network ready for the page: renders itself as HTML in Jupyter and Quarto.
    `legend` lists (text, colour, shape) entries shown as a key under the drawing."""

    def __init__(self, net: Network, label: str, height: str = "560px",
                 legend: list[tuple[str, str, str]] | None = None, focus: list[str] | None = None):
        self.net = net
        self.label = label
        self.height = height
        self.legend = legend or []
        self.focus = focus  # node ids the opening view fits (default: the whole network)

    def payload(self) -> dict:
        nodes, edges, *_ = self.net.get_network_data()
        # Titles stay plain strings: vis-network shows a string title as text, never as HTML.
        for item in (*nodes, *edges):
            if "title" in item:
                item["title"] = str(item["title"])
        payload = {"nodes": nodes, "edges": edges, "options": VIS_OPTIONS, "height": self.height}
        if self.focus:
            payload["focus"] = self.focus
        return payload

    def to_html(self) -> str:
        payload = self.payload()
        block = embed_block("vis", stable_id("network", payload), payload, "vis-network-view", self.label)
        return block + self.legend_html()

    def legend_html(self) -> str:
        """The colour and shape key, with inline styles so it looks right under any site theme."""
        if not self.legend:
            return ""
        items = "".join(
            f'<li style="display:inline-flex;align-items:center;gap:.35em;margin:0 1em .25em 0">'
            f'<span aria-hidden="true" style="display:inline-block;width:.85em;height:.85em;background:{colour};'
            f'border-radius:{"50%" if shape == "dot" else "2px"}"></span>{escape(text)}</li>'
            for text, colour, shape in self.legend)
        return (f'<ul class="network-legend" aria-label="Key to the network colours and shapes" '
                f'style="list-style:none;padding:0;margin:.5em 0 0;font-size:.9em">{items}</ul>')

    def _repr_html_(self) -> str:
        return self.to_html()


# ---- the alliance network -----------------------------------------------------------------

# Partner colours stay clear of the region colours, which mark the Belgian firms.
PARTNER_COLOURS = {"big pharma": "#1f5f8b", "biotech": "#3c8d5a", "medtech": "#2a9d8f", "investor": "#6b7a8f",
                   "foundation": "#c7a02e", "academic": "#e07b91", "public body": "#8c6d31", "other": "#9aa5b1"}
FIRM_COLOURS = REGION_COLOURS


# Takeovers change who owns a firm; they are not alliances between independent partners.
NOT_ALLIANCES = frozenset({"acquisition"})


def alliance_graph(firms, partners, alliances, exclude_types=NOT_ALLIANCES) -> nx.Graph:
    """Belgian firms and their counterparties; an edge per pair, weighted by the number of agreed deals
    (acquisitions left out unless `exclude_types` says otherwise). A counterparty that is itself a firm
    of the table (argenx, Galapagos...) is that firm's node."""
    graph = nx.Graph()
    firm_rows = firms.set_index("firm_id")
    partner_rows = partners.set_index("partner_id")
    deals = agreed_deals(alliances)
    deals = deals[~deals["deal_type"].astype(str).isin(set(exclude_types))]

    def add_firm(firm_id: str) -> str:
        firm = firm_rows.loc[firm_id]
        graph.add_node(f"firm:{firm_id}", label=str(firm["name"]), kind="firm", region=str(firm["region"]),
                       role=str(firm.get("role", "")), color=FIRM_COLOURS.get(str(firm["region"]), "#d9822b"),
                       shape="dot")
        return f"firm:{firm_id}"

    for (firm_id, partner_id), pair in deals.groupby(["firm_id", "partner_id"], observed=True):
        source = add_firm(firm_id)
        if partner_id in firm_rows.index:
            target = add_firm(partner_id)
        else:
            partner = partner_rows.loc[partner_id]
            target = f"partner:{partner_id}"
            graph.add_node(target, label=str(partner["name"]), kind="partner",
                           partner_type=str(partner["partner_type"]),
                           color=PARTNER_COLOURS.get(str(partner["partner_type"]), "#9aa5b1"), shape="square")
        if graph.has_edge(source, target):  # two firms of the table that dealt in both directions
            edge = graph.edges[source, target]
            edge["years"] += [int(y) for y in pair["year"]]
            edge["kinds"] |= set(pair["deal_type"].astype(str))
        else:
            graph.add_edge(source, target, years=[int(y) for y in pair["year"]],
                           kinds=set(pair["deal_type"].astype(str)))
    for source, target, edge in graph.edges(data=True):
        years, weight = sorted(edge["years"]), len(edge["years"])
        span = str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"
        names = f"{graph.nodes[source]['label']} – {graph.nodes[target]['label']}"
        edge.update(weight=weight, width=min(1 + weight, 6),
                    title=f"{names}: {weight} deal(s), {span} ({', '.join(sorted(edge['kinds']))})")
    for node, attrs in graph.nodes(data=True):
        degree = graph.degree(node)
        attrs["size"] = 8 + 3 * degree ** 0.8 if attrs["kind"] == "firm" else 6 + 2 * degree ** 0.8
        what = attrs["region"] + " firm" if attrs["kind"] == "firm" else attrs["partner_type"]
        # Label firms and shared partners; a partner with one tie is named on hover, to keep hubs legible.
        attrs["show_label"] = attrs["kind"] == "firm" or degree > 1
        attrs["title"] = f"{attrs['label']} ({what}): {degree} partner(s) in the compiled table"
    return graph


def alliance_legend(graph: nx.Graph) -> list[tuple[str, str, str]]:
    """Key entries for the regions and partner types present in `graph`."""
    regions = {a["region"] for _, a in graph.nodes(data=True) if a["kind"] == "firm"}
    types = {a["partner_type"] for _, a in graph.nodes(data=True) if a["kind"] == "partner"}
    return ([(f"{region} firm", colour, "dot") for region, colour in FIRM_COLOURS.items() if region in regions]
            + [(kind, colour, "square") for kind, colour in PARTNER_COLOURS.items() if kind in types])


def alliance_network(firms, partners, alliances, seed: int = 7) -> NetworkView:
    """The alliance network as an offline vis-network view."""
    graph = alliance_graph(firms, partners, alliances)
    label = (f"Network of {sum(1 for _, a in graph.nodes(data=True) if a['kind'] == 'firm')} Belgian firms and "
             f"{sum(1 for _, a in graph.nodes(data=True) if a['kind'] == 'partner')} counterparties from the compiled "
             "deal table (agreed alliances; acquisitions left out)")
    main_cluster = sorted(str(node) for node in min(nx.connected_components(graph),
                                                     key=lambda c: (-len(c), min(map(str, c)))))
    return NetworkView(pyvis_from_graph(graph, seed=seed), label, height="620px", legend=alliance_legend(graph),
                       focus=main_cluster)


def firm_centrality(graph: nx.Graph) -> "pd.DataFrame":
    """Per Belgian firm: role, distinct partners, deals, and betweenness centrality in the alliance graph."""
    import pandas as pd

    betweenness = nx.betweenness_centrality(graph, weight=None, seed=7)
    rows = []
    for node, attrs in graph.nodes(data=True):
        if attrs["kind"] != "firm":
            continue
        rows.append({"firm": attrs["label"], "region": attrs["region"], "role": attrs.get("role", ""),
                     "partners": graph.degree(node),
                     "deals": int(sum(d["weight"] for *_, d in graph.edges(node, data=True))),
                     "betweenness": betweenness[node]})
    return pd.DataFrame(rows).sort_values(["partners", "deals"], ascending=False).reset_index(drop=True)
