"""Cut the country outlines the 2016 map draws out of world-atlas's countries-50m.json (TopoJSON).

Usage: python assets/geo/cut_outlines.py path/to/world-atlas/countries-50m.json
Writes assets/geo/outlines-be-de.geo.json: a GeoJSON FeatureCollection of Belgium, Germany and their
neighbours, coordinates rounded to 0.01 degree (about 1 km) and repeated points dropped, so that the page
that embeds it stays light. Standard library only."""
from __future__ import annotations

import json
import sys
from pathlib import Path

# ISO 3166-1 numeric codes, as world-atlas ids: Belgium, Germany, and the neighbours drawn for context.
KEEP = {"056": "Belgium", "276": "Germany", "528": "Netherlands", "442": "Luxembourg", "250": "France",
        "208": "Denmark", "040": "Austria", "756": "Switzerland", "203": "Czechia", "616": "Poland"}
# Parts of a kept country outside this box (overseas territories) are dropped.
BOX = (-6.0, 41.0, 25.0, 58.0)


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)
    return arcs


def ring(arcs, indexes) -> list[list[float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        part = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(part if not points else part[1:])
    out: list[list[float]] = []
    for x, y in points:
        rounded = [round(x, 2), round(y, 2)]
        if not out or out[-1] != rounded:
            out.append(rounded)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def inside(polygon) -> bool:
    xs = [p[0] for p in polygon[0]]
    ys = [p[1] for p in polygon[0]]
    return BOX[0] <= sum(xs) / len(xs) <= BOX[2] and BOX[1] <= sum(ys) / len(ys) <= BOX[3]


def main(source: str) -> None:
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") not in KEEP:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        shapes = [[ring(arcs, r) for r in polygon] for polygon in polygons]
        shapes = [[r for r in shape if len(r) >= 4] for shape in shapes if inside(shape)]
        features.append({"type": "Feature", "id": geometry["id"], "properties": {"name": KEEP[geometry["id"]]},
                         "geometry": {"type": "MultiPolygon", "coordinates": shapes}})
    features.sort(key=lambda feature: feature["id"])
    target = Path(__file__).with_name("outlines-be-de.geo.json")
    target.write_text(json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")) + "\n",
                      encoding="utf-8")
    print(f"{target}: {target.stat().st_size} bytes, {len(features)} countries")


if __name__ == "__main__":
    main(sys.argv[1])
