"""`python -m sitebuild bench`: build times against their floor, page weights, shared scripts, the Quarto
build, a network of 2,000 nodes drawn in Chromium, and Lighthouse scores; every figure beside its target."""
from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .build import build_offline, build_with_quarto, find_quarto, quarto_environment
from .project import load_project
from .qmd import parse_qmd
from .render import markdown_to_fragment

INLINE_DATA = re.compile(r'<script type="application/json"[^>]*>(.*?)</script>', re.S)
LINKED = re.compile(r'<(?:script|link|img)\b[^>]*?(?:src|href)="([^"#?]+)[^"]*"[^>]*>', re.S)
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PAGE_BUDGET_KB = 300


def _kb(n: int) -> str:
    return f"{n / 1024:,.1f} KB"


def _verdict(ok: bool) -> str:
    return "ok" if ok else "OVER BUDGET"


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


FLOOR_SCRIPT = """
import json, os, sys, time
pages = json.loads(sys.argv[1])
started = time.perf_counter()
for directory, chunks, expressions in pages:
    os.chdir(directory)
    namespace = {"__name__": "__main__"}
    for code in chunks:
        exec(compile(code, "<chunk>", "exec"), namespace)
    for expression in expressions:
        eval(expression, namespace)
print(time.perf_counter() - started)
"""


def execution_floor(root: Path) -> float:
    """Every page's code run once in a single Python process (imports paid once): the least execution costs."""
    project = load_project(root)
    pages = []
    for page in project.pages + project.standalone:
        qmd = parse_qmd((root / page.source).read_text(encoding="utf-8"), page.source.as_posix())
        pages.append([str((root / page.source).parent), [c.code for c in qmd.chunks],
                      [e for e, _ in qmd.inline_expressions()]])
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", FLOOR_SCRIPT, json.dumps(pages)], check=True, capture_output=True)
    return time.perf_counter() - started


def pandoc_floor(root: Path) -> float:
    """pandoc converting every page's executed markdown once, one page after another."""
    project = load_project(root)
    cache = root / ".cache" / "sitebuild"
    started = time.perf_counter()
    for page in project.pages + project.standalone:
        entry = cache / (page.source.as_posix().replace("/", "__") + ".json")
        markdown = json.loads(entry.read_text())["markdown"] if entry.exists() else (root / page.source).read_text()
        markdown_to_fragment(markdown, project, page)
    return time.perf_counter() - started


def first_load_bytes(site: Path, page: Path) -> tuple[int, int]:
    """Raw and gzip bytes a first visit to `page` transfers: the HTML and every script, style and image it links."""
    html = page.read_text(encoding="utf-8")
    files = {page.resolve()}
    for link in LINKED.findall(html):
        if re.match(r"^[a-z]+:", link) or link.startswith("//"):
            continue
        target = (site / link.lstrip("/")) if link.startswith("/") else (page.parent / link)
        if target.resolve().is_file():
            files.add(target.resolve())
    raw = sum(f.stat().st_size for f in files)
    return raw, sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)


def page_weights(site: Path, root: Path) -> None:
    print(f"\npage (own = HTML with inline data; first load = with linked files)   own        inline     first load raw / gzip")
    every = site_pages(site)
    shown, note = sample_generated(site, every, generated_paths(root))
    worst = max((path.stat().st_size for path in every), default=0)
    if note:
        print(f"  (every page counts toward the largest; listed: {note})")
    for path in shown:
        html = path.read_text(encoding="utf-8")
        own = len(html.encode())
        inline = sum(len(m.encode()) for m in INLINE_DATA.findall(html))
        raw, gz = first_load_bytes(site, path)
        print(f"  {path.relative_to(site).as_posix():<40} {_kb(own):>10} {_kb(inline):>10}   {_kb(raw):>10} / {_kb(gz):>9}"
              f"   {_verdict(own <= PAGE_BUDGET_KB * 1024)}")
    print(f"  largest page: {_kb(worst)} (target at most {PAGE_BUDGET_KB} KB)  {_verdict(worst <= PAGE_BUDGET_KB * 1024)}")


def shared_scripts(site: Path) -> None:
    shared = sorted((site / "assets").rglob("*.js")) + sorted((site / "site_libs").rglob("*.js")) \
        + sorted((site / "site_libs").rglob("*.css")) + sorted((site / "assets").rglob("*.css"))
    raw_total = gz_total = 0
    print("\nshared script or style                   raw        gzip")
    for path in shared:
        data = path.read_bytes()
        raw, gz = len(data), len(gzip.compress(data, 9))
        raw_total += raw
        gz_total += gz
        print(f"  {path.relative_to(site).as_posix():<38} {_kb(raw):>10}  {_kb(gz):>10}")
    print(f"  {'total':<38} {_kb(raw_total):>10}  {_kb(gz_total):>10}")


def lighthouse(site: Path, npm_dir: Path, root: Path) -> None:
    """Lighthouse (desktop and mobile) on every page of `site`, served on 127.0.0.1, if it can be installed."""
    binary = npm_dir / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        npm_dir.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(["npm", "install", "--prefix", str(npm_dir), "--no-audit", "--no-fund", "lighthouse@12"],
                                capture_output=True, text=True)
        if result.returncode != 0 or not binary.exists():
            print(f"\nlighthouse: could not be installed ({result.stderr.strip()[:200]})")
            return
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    targets = {"performance": 0.95, "accessibility": 1.0, "best-practices": 0.95, "seo": 0.95}
    print("\nlighthouse (desktop: performance / accessibility / best practices / SEO; mobile: performance)")
    pages, note = sample_generated(site, site_pages(site), generated_paths(root))
    if note:
        print(f"  (sampled: {note})")
    misses = 0
    for path in pages:
        rel = path.relative_to(site).as_posix()
        scores = {}
        for preset in ("desktop", "mobile"):
            args = [str(binary), f"{base}/{rel}", "--quiet", "--output=json", "--output-path=stdout",
                    "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run",
                    "--only-categories=performance,accessibility,best-practices,seo"]
            if preset == "desktop":
                args.append("--preset=desktop")
            result = subprocess.run(args, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
            try:
                categories = json.loads(result.stdout)["categories"]
                scores[preset] = {k: (v["score"] or 0.0) for k, v in categories.items()}
            except (json.JSONDecodeError, KeyError):
                scores[preset] = None
        desktop, mobile = scores["desktop"], scores["mobile"]
        if desktop is None:
            print(f"  {rel:<40} lighthouse failed")
            misses += 1
            continue
        below = [k for k, target in targets.items() if desktop.get(k, 0) < target]
        misses += bool(below)
        print(f"  {rel:<40} {desktop['performance']:.2f} / {desktop['accessibility']:.2f} / "
              f"{desktop['best-practices']:.2f} / {desktop['seo']:.2f}   mobile {mobile['performance'] if mobile else float('nan'):.2f}"
              f"   {'ok' if not below else 'below target: ' + ', '.join(below)}")
    server.shutdown()
    print(f"  targets: performance >= 0.95, accessibility 1.00, best practices and SEO >= 0.95; "
          f"{len(pages) - misses} of {len(pages)} pages meet them")


def differing_files(first: Path, second: Path) -> list[str]:
    """Files present in only one of two folders, or in both with other bytes."""
    def listing(folder: Path) -> dict[str, Path]:
        return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}
    a, b = listing(first), listing(second)
    return sorted(name for name in a.keys() | b.keys()
                  if name not in a or name not in b or a[name].read_bytes() != b[name].read_bytes())


def determinism(root: Path, jobs: int, first_build: Path, quarto: str | None) -> None:
    """A second clean offline build against the first, byte for byte; two Quarto renders of the chapter with the
    most code, against each other."""
    out = root / load_project(root).output_dir
    start_clean(root)
    build_offline(root, jobs=jobs, quiet=True)
    differ = differing_files(first_build, out)
    total = sum(1 for p in out.rglob("*") if p.is_file())
    print(f"\ndeterminism\n  offline: two clean builds, {total:,} files, {len(differ)} differ"
          + (f" ({', '.join(differ[:5])})" if differ else "") + f"   {'ok' if not differ else 'NOT DETERMINISTIC'}")
    if not quarto:
        return
    project = load_project(root)
    chapter = max((p.source for p in project.pages),
                  key=lambda source: len(parse_qmd((root / source).read_text(encoding="utf-8"), source.as_posix()).chunks))
    renders = []
    with tempfile.TemporaryDirectory(dir=root) as tmp:
        for i in range(2):
            target = Path(tmp) / f"render{i}"
            subprocess.run([quarto, "render", chapter.as_posix(), "--output-dir", str(target)], cwd=root,
                           env=quarto_environment(), capture_output=True, text=True)
            page = target / chapter.with_suffix(".html")
            renders.append(page.read_bytes() if page.exists() else None)
    same = renders[0] is not None and renders[0] == renders[1]
    print(f"  Quarto: two renders of {chapter.as_posix()} {'are identical' if same else 'differ'}   {'ok' if same else 'NOT DETERMINISTIC'}")


def start_clean(root: Path) -> None:
    """Remove the renderer's caches and what the pre-render step wrote: the next build starts as on a fresh clone."""
    shutil.rmtree(root / ".cache" / "sitebuild", ignore_errors=True)
    for name in generated_paths(root):
        path = root / name
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)


def site_pages(site: Path) -> list[Path]:
    """The built site's pages (not Pagefind's, the shell's or the assets' own HTML)."""
    return sorted(p for p in site.rglob("*.html") if not {"pagefind", "site_libs", "assets"} & set(p.parts))


def generated_paths(root: Path) -> list[str]:
    """What the project's pre-render step writes (`sitebuild.generated` in _quarto.yml)."""
    return list(load_project(root).renderer_settings.get("generated") or [])


def sample_generated(site: Path, pages: list[Path], generated: list[str]) -> tuple[list[Path], str]:
    """All hand-written pages, and three of the pages in each generated folder (first, middle, last)."""
    kept, note = [], []
    folders = {g for g in generated if not Path(g).suffix}
    by_folder: dict[str, list[Path]] = {}
    for page in pages:
        top = page.relative_to(site).parts[0]
        (by_folder.setdefault(top, []) if top in folders else kept).append(page)
    for folder, items in sorted(by_folder.items()):
        sample = sorted({items[0], items[len(items) // 2], items[-1]})
        kept += sample
        note.append(f"{len(sample)} of the {len(items)} generated pages in {folder}/")
    return sorted(kept), "; ".join(note)


def run_bench(root: Path, jobs: int = 2, skip: tuple[str, ...] = ()) -> None:
    out = root / load_project(root).output_dir
    shutil.rmtree(out, ignore_errors=True)
    start_clean(root)
    clean = build_offline(root, jobs=jobs, quiet=True)
    snapshot = Path(tempfile.mkdtemp(prefix="sitebuild-bench-"))
    shutil.copytree(out, snapshot / "site")
    cached = build_offline(root, jobs=jobs, quiet=True)
    chapter = root / "chapters" / "methods.qmd"
    original = chapter.read_text(encoding="utf-8")
    try:
        chapter.write_text(original + "\n<!-- bench: one chapter changed -->\n", encoding="utf-8")
        one_changed = build_offline(root, jobs=jobs, quiet=True)
    finally:
        chapter.write_text(original, encoding="utf-8")
    build_offline(root, jobs=jobs, quiet=True)  # back to the committed source
    floor = execution_floor(root) + pandoc_floor(root)
    ratio = clean.seconds / floor
    print("build (offline renderer)                    seconds   target")
    print(f"  clean build of the whole site           {clean.seconds:7.1f}   <= 60    {_verdict(clean.seconds <= 60)}"
          f"   ({len(clean.executed)} pages executed)")
    print(f"  cached rebuild                          {cached.seconds:7.1f}   <= 3     {_verdict(cached.seconds <= 3)}")
    print(f"  one chapter changed                     {one_changed.seconds:7.1f}   <= 8     {_verdict(one_changed.seconds <= 8)}")
    print(f"  floor (all code in one process + pandoc once a page)  {floor:5.1f}")
    print(f"  clean build / floor                     {ratio:7.2f}   <= 1.5   {_verdict(ratio <= 1.5)}")
    quarto = find_quarto(root)
    if quarto and "quarto" not in skip:
        with tempfile.TemporaryDirectory(dir=root) as tmp:
            seconds = build_with_quarto(root, quiet=True, output_dir=Path(tmp).name + "/site").seconds
        print(f"  Quarto build of the same site           {seconds:7.1f}   (printed beside it; no target)")
    else:
        print("  Quarto build: no Quarto CLI found (make quarto)")
    determinism(root, jobs, snapshot / "site", quarto if "quarto" not in skip else None)
    shutil.rmtree(snapshot, ignore_errors=True)
    page_weights(out, root)
    shared_scripts(out)
    # The project's own benchmarks, named in _quarto.yml (sitebuild.bench), each a command that prints its figures.
    for command in load_project(root).renderer_settings.get("bench") or []:
        print()
        # With this interpreter's folder first on PATH, `python` is the project's Python (as for Quarto).
        subprocess.run(command, shell=True, cwd=root, check=False, env=quarto_environment())
    if "lighthouse" not in skip:
        lighthouse(out, root / ".tools" / "lighthouse", root)
