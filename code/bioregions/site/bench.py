"""`python -m bioregions bench-network`: a synthetic network of 2,000 nodes and 5,000 edges drawn by the site's
own network explorer in headless Chromium; prints the drawing time and the page's inline data size."""
from __future__ import annotations

import os
import random
import re
import shutil
import tempfile
from pathlib import Path

from . import network
from .assets import vendor_scripts
from .page import start_page
from .profiles import PROFILES_DIR

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
EMBED_SCRIPT = Path(__file__).resolve().parents[3] / "assets" / "js" / "bioregions-embed.js"


def synthetic_tables(nodes: int, edges: int, firm_share: float = 0.3) -> dict:
    """Firm, partner and deal tables for a random network of `nodes` actors and `edges` firm-counterparty pairs,
    their rows drawn from the real tables (so every column holds real values) under new ids and names."""
    import pandas as pd

    from ..data import load_all
    from ..domain import alliances_only

    rng = random.Random(7)
    t = load_all()
    n_firms = int(nodes * firm_share)
    firms = t["firms"].sample(n_firms, replace=True, random_state=7).reset_index(drop=True)
    firms["firm_id"] = [f"bench-firm-{i}" for i in range(n_firms)]
    firms["name"] = [f"Firm {i}" for i in range(n_firms)]
    partners = t["partners"].sample(nodes - n_firms, replace=True, random_state=7).reset_index(drop=True)
    partners["partner_id"] = [f"bench-partner-{i}" for i in range(len(partners))]
    partners["name"] = [f"Partner {i}" for i in range(len(partners))]
    # Every actor in at least one pair (so the graph has `nodes` nodes), then random pairs up to `edges`.
    pairs = {(f"bench-firm-{i % n_firms}", f"bench-partner-{i}") for i in range(len(partners))}
    pairs |= {(f"bench-firm-{i}", f"bench-partner-{rng.randrange(len(partners))}") for i in range(n_firms)}
    while len(pairs) < edges:
        pairs.add((f"bench-firm-{rng.randrange(n_firms)}", f"bench-partner-{rng.randrange(len(partners))}"))
    deals = alliances_only(t["alliances"]).sample(len(pairs), replace=True, random_state=7).reset_index(drop=True)
    deals["firm_id"], deals["partner_id"] = zip(*sorted(pairs))
    deals["deal_id"] = [f"D9{i:06d}" for i in range(len(deals))]
    deals["year"] = pd.array([rng.randrange(1985, 2025) for _ in range(len(deals))], dtype="Int64")
    return {"firms": firms, "partners": partners, "alliances": deals}


def synthetic_view(nodes: int, edges: int) -> str:
    """The site's network explorer (search, filters, deal panel, label layout) on a synthetic network, laid out
    in Python as the site's networks are."""
    tables = synthetic_tables(nodes, edges)
    start_page("chapters/bench.qmd", output="html")
    return network.alliance_network(tables["firms"], tables["partners"], tables["alliances"]).to_html()


def draw_seconds(block: str) -> float:
    """Seconds from the page's first script to vis-network's first completed drawing."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        vendor_scripts(folder / "assets" / "vendor")
        (folder / "assets" / "js").mkdir(parents=True)
        shutil.copy(EMBED_SCRIPT, folder / "assets" / "js" / "bioregions-embed.js")
        (folder / "chapters").mkdir()
        (folder / "chapters" / "bench.html").write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>bench</title>'
                                           f"</head><body>{block}</body></html>", encoding="utf-8")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            # Time the site's own drawing path: from the embed script's start to the network's first frame.
            page.add_init_script("""document.addEventListener('DOMContentLoaded', () => { window.__t0 = performance.now(); },
                                     {capture: true, once: true});""")
            page.goto((folder / "chapters" / "bench.html").as_uri(), wait_until="load")
            page.wait_for_function("() => { const el = document.querySelector('.vis-network-view');"
                                   " return el && el.visNetwork; }", timeout=60000)
            # Drawn = the explorer set up and the labels placed, then the frame that shows them.
            seconds = page.evaluate("""() => new Promise(resolve => {
                const el = document.querySelector('.vis-network-view');
                const ready = () => el.explorer && el.labels && el.labels.shown.length;
                const done = () => resolve((performance.now() - window.__t0) / 1000);
                const wait = () => ready() ? requestAnimationFrame(done) : requestAnimationFrame(wait);
                wait(); })""")
            browser.close()
    return seconds


def main(nodes: int = 2000, edges: int = 5000) -> None:
    block = synthetic_view(nodes, edges)
    inline = sum(len(m.encode()) for m in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', block, re.S))
    seconds = draw_seconds(block)
    ok = lambda good: "ok" if good else "OVER BUDGET"  # noqa: E731
    print(f"network {nodes} nodes {edges} edges: drawn in {seconds:.1f} s   (target under 1 s: {ok(seconds < 1)}); "
          f"inline data {inline / 1024:,.1f} KB (target under 1 MB: {ok(inline < 1024 * 1024)})")


# ---- a data package ten times the real one -------------------------------------------------------

SCALED_TABLES = ("sources", "firms", "partners", "alliances", "sweep_log")
ID_COLUMNS = {"sources": "source_id", "firms": "firm_id", "partners": "partner_id", "alliances": "deal_id",
              "sweep_log": "sweep_id"}


def _scaled_id(table: str, value: str, copy: int) -> str:
    """The id of a row's `copy`-th duplicate: S-, D- and W-ids keep their pattern, slugs get a suffix."""
    if not value or copy == 0:
        return value
    if table in ("sources", "alliances", "sweep_log"):
        return f"{value[0]}{copy}{int(value[1:]):05d}"  # six or more digits: never an original id
    return f"{value}-x{copy}"


def scale_package(source: Path, target: Path, factor: int) -> None:
    """Write into `target` the data package at `source` with firms, partners, deals, sources and sweep reads
    repeated `factor` times under new ids, every reference pointing into its own copy (so it validates)."""
    import pandas as pd

    target.mkdir(parents=True, exist_ok=True)
    for path in source.iterdir():
        if path.suffix != ".csv" or path.stem not in SCALED_TABLES:
            shutil.copy(path, target / path.name)
    frames = {name: pd.read_csv(source / f"{name}.csv", dtype=str, keep_default_na=False) for name in SCALED_TABLES}
    # Copies of sources are needed only for the rows that are copied (every source must be cited).
    cited = {s for name in SCALED_TABLES if name != "sources" for cell in frames[name]["source_ids"]
             for s in cell.split(";") if s}
    for name, frame in frames.items():
        copies = []
        for copy in range(factor):
            rows = frame if copy == 0 or name != "sources" else frame[frame["source_id"].isin(cited)]
            rows = rows.copy()
            rows[ID_COLUMNS[name]] = rows[ID_COLUMNS[name]].map(lambda v: _scaled_id(name, v, copy))
            for column, table in (("firm_id", "firms"), ("partner_id", "partners"), ("relates_to", "alliances")):
                if column in rows and column != ID_COLUMNS[name]:
                    rows[column] = rows[column].map(lambda v: _scaled_id(table, v, copy))
            if "source_ids" in rows:
                rows["source_ids"] = rows["source_ids"].map(
                    lambda cell: ";".join(_scaled_id("sources", s, copy) for s in cell.split(";") if s))
            if name in ("firms", "partners"):  # names are unique per table
                rows["name"] = rows["name"] + ("" if copy == 0 else f" ({copy})")
            copies.append(rows)
        pd.concat(copies).to_csv(target / f"{name}.csv", index=False)


def scale_bench(factor: int = 10) -> None:
    """Build the site on a copy of the project whose data package is `factor` times the real one."""
    import subprocess
    import sys
    import time

    root = Path(__file__).resolve().parents[3]
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "project"
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns(
            ".venv", ".git", ".tools", ".cache", "_site*", "._site*", "node_modules", "__pycache__", "data"))
        scale_package(root / "data", copy / "data", factor)
        env = {**os.environ, "PYTHONPATH": str(copy / "code"), "BIOREGIONS_ROOT": str(copy)}
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "sitebuild", "build", "--engine", "offline", "--root", str(copy)],
                                env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if result.returncode != 0:
            print(f"data x{factor}: the build failed:\n{result.stderr[-2000:]}")
            return
        real, scaled = root / "_site", copy / "_site"
        pages = lambda site: {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")  # noqa: E731
                              if not {"pagefind", "site_libs", "assets"} & set(p.relative_to(site).parts)}
        before, after = pages(real), pages(scaled)
        print(f"data x{factor} ({sum(1 for _ in open(copy / 'data' / 'alliances.csv')) - 1:,} deal rows, "
              f"{len(after):,} pages): clean build {seconds:.1f} s; page sizes, real -> x{factor}:")
        kb = lambda n: f"{n / 1024:,.1f} KB"  # noqa: E731
        generated = (PROFILES_DIR, "reference")  # the firm profiles and the API reference (see _quarto.yml)
        for folder in generated:  # one line per folder of generated pages
            mine = [n for rel, n in after.items() if rel.startswith(folder + "/")]
            theirs = [n for rel, n in before.items() if rel.startswith(folder + "/")]
            if mine:
                print(f"  {folder + '/*.html':<40} {len(theirs):>5} pages, largest {kb(max(theirs, default=0)):>10} -> "
                      f"{len(mine):>5} pages, largest {kb(max(mine)):>10}")
        for rel in sorted(r for r in after if r.split("/")[0] not in generated):
            print(f"  {rel:<40} {kb(before.get(rel, 0)):>10} -> {kb(after[rel]):>11}")
        added = sum(r.startswith(PROFILES_DIR + "/") for r in after) - sum(r.startswith(PROFILES_DIR + "/") for r in before)
        if added > 0 and "index.html" in before and "index.html" in after:
            print(f"  (every page lists every firm profile in its sidebar: the home page grows by "
                  f"{(after['index.html'] - before['index.html']) / added:,.0f} bytes for each added firm)")


# ---- Vega-Lite compiled to Vega at build time: weighed ----------------------------------------------

VEGA_DATA = re.compile(r'<script type="application/json" class="vega-chart-data"[^>]*>(.*?)</script>', re.S)


def vega_report(site: Path) -> None:
    """What compiling every chart's Vega-Lite to Vega with vl-convert would save: the shared script without
    Vega-Lite and Vega-Embed, against the larger Vega specs each page would carry."""
    import gzip
    import json

    import vl_convert as vlc

    from .embed import script_json

    gz = lambda text: len(gzip.compress(text.encode(), 9))  # noqa: E731
    kb = lambda n: f"{n / 1024:,.1f} KB"  # noqa: E731
    bundle = (site / "assets" / "vendor" / "vega-bundle.js").read_text(encoding="utf-8")
    runtime = vlc.javascript_bundle("window.vega = vega;")  # Vega alone: what pages of compiled specs need
    lite_total = vega_total = lite_gz = vega_gz = charts = pages = 0
    largest = (None, 0, 0)  # page, own bytes now, own bytes with Vega specs
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        specs = VEGA_DATA.findall(html)
        if not specs:
            continue
        compiled = [script_json(vlc.vegalite_to_vega(json.loads(spec))) for spec in specs]
        charts, pages = charts + len(specs), pages + 1
        lite, vega = sum(len(s.encode()) for s in specs), sum(len(s.encode()) for s in compiled)
        lite_total, vega_total = lite_total + lite, vega_total + vega
        lite_gz, vega_gz = lite_gz + sum(gz(s) for s in specs), vega_gz + sum(gz(s) for s in compiled)
        own = len(html.encode())
        if own + vega - lite > largest[2]:
            largest = (page.relative_to(site).as_posix(), own, own + vega - lite)
    print("\nVega-Lite compiled to Vega at build time (weighed, not adopted)")
    print(f"  shared script: vega-bundle.js {kb(len(bundle.encode()))} ({kb(gz(bundle))} gzip) -> Vega alone "
          f"{kb(len(runtime.encode()))} ({kb(gz(runtime))} gzip): saves {kb(len(bundle.encode()) - len(runtime.encode()))}"
          f" ({kb(gz(bundle) - gz(runtime))} gzip), once per visit")
    print(f"  chart specs: {charts} charts on {pages} pages, Vega-Lite {kb(lite_total)} ({kb(lite_gz)} gzip) -> "
          f"Vega {kb(vega_total)} ({kb(vega_gz)} gzip): {kb(vega_total - lite_total)} more, on the pages themselves")
    if largest[0]:
        print(f"  largest page with Vega specs: {largest[0]} {kb(largest[1])} -> {kb(largest[2])} "
              f"(budget 300 KB: {'ok' if largest[2] <= 300 * 1024 else 'OVER BUDGET'})")
    print("  kept as Vega-Lite: Vega alone has no vega-embed, whose tooltip handler and actions the charts use;"
          " the figures above are what a switch would trade")
