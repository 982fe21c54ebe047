"""`python -m bioregions bench-network`: a synthetic network of 2,000 nodes and 5,000 edges drawn by the site's
own network view in headless Chromium; prints the drawing time and the page's inline data size."""
from __future__ import annotations

import os
import random
import re
import shutil
import tempfile
from pathlib import Path

import networkx as nx

from . import network
from .assets import vendor_scripts
from .page import start_page

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
EMBED_SCRIPT = Path(__file__).resolve().parents[3] / "assets" / "js" / "bioregions-embed.js"


def synthetic_view(nodes: int, edges: int) -> str:
    """A page block for a random graph, laid out in Python as the site's networks are."""
    rng = random.Random(7)
    graph = nx.gnm_random_graph(nodes, edges, seed=7)
    for node in graph.nodes:
        graph.nodes[node].update(label=f"Node {node}", title=f"Node {node}", size=8 + rng.random() * 10)
    start_page("bench.qmd", output="html")
    return network.NetworkView(network.pyvis_from_graph(graph), "bench network").to_html()


def draw_seconds(block: str) -> float:
    """Seconds from the page's first script to vis-network's first completed drawing."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        vendor_scripts(folder / "assets" / "vendor")
        (folder / "assets" / "js").mkdir(parents=True)
        shutil.copy(EMBED_SCRIPT, folder / "assets" / "js" / "bioregions-embed.js")
        (folder / "bench.html").write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>bench</title>'
                                           f"</head><body>{block}</body></html>", encoding="utf-8")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            # Time the site's own drawing path: from the embed script's start to the network's first frame.
            page.add_init_script("""document.addEventListener('DOMContentLoaded', () => { window.__t0 = performance.now(); },
                                     {capture: true, once: true});""")
            page.goto((folder / "bench.html").as_uri(), wait_until="load")
            page.wait_for_function("() => { const el = document.querySelector('.vis-network-view');"
                                   " return el && el.visNetwork; }", timeout=60000)
            seconds = page.evaluate("""() => new Promise(resolve => {
                const net = document.querySelector('.vis-network-view').visNetwork;
                const done = () => resolve((performance.now() - window.__t0) / 1000);
                if (net.body && net.canvas.frame.canvas.width) { requestAnimationFrame(done); }
                else net.once('afterDrawing', done); })""")
            browser.close()
    return seconds


def main(nodes: int = 2000, edges: int = 5000) -> None:
    block = synthetic_view(nodes, edges)
    inline = sum(len(m.encode()) for m in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', block, re.S))
    seconds = draw_seconds(block)
    ok = lambda good: "ok" if good else "OVER BUDGET"  # noqa: E731
    print(f"network {nodes} nodes {edges} edges: drawn in {seconds:.1f} s   (target under 1 s: {ok(seconds < 1)}); "
          f"inline data {inline / 1024:,.1f} KB (target under 1 MB: {ok(inline < 1024 * 1024)})")
