"""Graphs of the deal table (networkx) and their measures; drawing lives in `bioregions.site.network`."""
from __future__ import annotations

import networkx as nx
import pandas as pd

from .domain import NOT_ALLIANCES, alliances_only


def alliance_graph(firms, partners, alliances, exclude_types=NOT_ALLIANCES) -> nx.Graph:
    """Firms and their counterparties: an edge per pair, weighted by the number of agreed deals
    (acquisitions left out unless `exclude_types` says otherwise). A counterparty that is itself a firm
    of the table (argenx, Galapagos...) is that firm's node, so each actor appears once."""
    graph = nx.Graph()
    firm_rows = firms.set_index("firm_id")
    partner_rows = partners.set_index("partner_id")
    deals = alliances_only(alliances, exclude_types)

    def add_firm(firm_id: str) -> str:
        firm = firm_rows.loc[firm_id]
        graph.add_node(f"firm:{firm_id}", label=str(firm["name"]), kind="firm", region=str(firm["region"]),
                       role=str(firm.get("role", "")), record_id=firm_id)
        return f"firm:{firm_id}"

    for (firm_id, partner_id), pair in deals.groupby(["firm_id", "partner_id"], observed=True):
        source = add_firm(firm_id)
        if partner_id in firm_rows.index:
            target = add_firm(partner_id)
        else:
            partner = partner_rows.loc[partner_id]
            target = f"partner:{partner_id}"
            graph.add_node(target, label=str(partner["name"]), kind="partner",
                           partner_type=str(partner["partner_type"]), record_id=partner_id)
        years = [int(y) for y in pair["year"]]
        kinds = set(pair["deal_type"].astype(str))
        if graph.has_edge(source, target):  # two firms of the table that dealt in both directions
            edge = graph.edges[source, target]
            edge["years"] += years
            edge["kinds"] |= kinds
        else:
            graph.add_edge(source, target, years=years, kinds=kinds)
    for _, _, edge in graph.edges(data=True):
        edge["years"] = sorted(edge["years"])
        edge["weight"] = len(edge["years"])
    return graph


def nodes_of_kind(graph: nx.Graph, kind: str) -> list[str]:
    """Node ids of one kind ("firm" or "partner")."""
    return [node for node, attrs in graph.nodes(data=True) if attrs["kind"] == kind]


def largest_component(graph: nx.Graph) -> list[str]:
    """Sorted node ids of the largest connected component (ties broken by the first node id)."""
    if graph.number_of_nodes() == 0:
        return []
    return sorted(str(n) for n in min(nx.connected_components(graph), key=lambda c: (-len(c), min(map(str, c)))))


def layout_positions(graph: nx.Graph, seed: int = 7, scale: float = 90.0) -> dict:
    """Fixed-seed spring layout in drawing units, so a browser does no physics and every build is the same."""
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
            positions[node] = (round(cursor_x + (float(x) + 1) / 2 * size, 1),
                               round(cursor_y + (float(y) + 1) / 2 * size, 1))
        cursor_x += size + 40
        row_height = max(row_height, size)
    return positions


def firm_centrality(graph: nx.Graph) -> pd.DataFrame:
    """Per firm: role, region, distinct partners (degree), deals, and betweenness centrality."""
    betweenness = nx.betweenness_centrality(graph, weight=None, seed=7)
    rows = []
    for node, attrs in graph.nodes(data=True):
        if attrs["kind"] != "firm":
            continue
        rows.append({"firm": attrs["label"], "firm_id": attrs["record_id"], "region": attrs["region"],
                     "role": attrs.get("role", ""), "partners": graph.degree(node),
                     "deals": int(sum(d["weight"] for *_, d in graph.edges(node, data=True))),
                     "betweenness": betweenness[node]})
    columns = ["firm", "firm_id", "region", "role", "partners", "deals", "betweenness"]
    return (pd.DataFrame(rows, columns=columns).sort_values(["partners", "deals", "firm"], ascending=[False, False, True])
            .reset_index(drop=True))


def ego_graph(graph: nx.Graph, firm_id: str) -> nx.Graph:
    """A firm and its direct counterparties, with the ties among them (a copy: attributes can be changed), in the
    order of `graph`: a subgraph view would list them in set order, which differs from one process to the next."""
    members = set(nx.ego_graph(graph, f"firm:{firm_id}", radius=1))
    ego = nx.Graph()
    ego.add_nodes_from((node, dict(attrs)) for node, attrs in graph.nodes(data=True) if node in members)
    ego.add_edges_from((a, b, dict(attrs)) for a, b, attrs in graph.edges(data=True) if a in members and b in members)
    return ego


def shared_partner_projection(graph: nx.Graph) -> nx.Graph:
    """Firms linked by the counterparties they share, weighted by how many (networkx's bipartite projection of
    the firm-partner ties; a direct alliance between two firms of the table is not a shared partner)."""
    firms = nodes_of_kind(graph, "firm")
    ties = nx.Graph()
    ties.add_nodes_from(firms)
    ties.add_edges_from((a, b) for a, b in graph.edges() if graph.nodes[a]["kind"] != graph.nodes[b]["kind"])
    projected = nx.bipartite.weighted_projected_graph(ties, firms)
    projected.remove_nodes_from([n for n in list(projected) if projected.degree(n) == 0])
    return projected
