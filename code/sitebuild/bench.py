"""`python -m sitebuild bench`: clean build time, cached rebuild time, page weights, shared script sizes."""
from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

from .build import build_offline
from .project import load_project

INLINE_DATA = re.compile(r'<script type="application/json"[^>]*>(.*?)</script>', re.S)


def _kb(n: int) -> str:
    return f"{n / 1024:,.1f} KB"


def run_bench(root: Path, jobs: int = 2) -> None:
    shutil.rmtree(root / ".cache" / "sitebuild", ignore_errors=True)
    site = root / load_project(root).output_dir
    shutil.rmtree(site, ignore_errors=True)
    clean = build_offline(root, jobs=jobs, quiet=True)
    cached = build_offline(root, jobs=jobs, quiet=True)
    print(f"clean build:    {clean.seconds:6.1f} s  ({len(clean.executed)} pages executed; target < 30 s)")
    print(f"cached rebuild: {cached.seconds:6.1f} s  ({len(cached.executed)} pages executed; target < 3 s)")
    print("\npage                                  HTML       inline data")
    for result in clean.pages:
        html = (site / Path(result.source).with_suffix(".html")).read_text(encoding="utf-8")
        inline = sum(len(m.encode()) for m in INLINE_DATA.findall(html))
        print(f"{result.source:<36} {_kb(len(html.encode())):>10}  {_kb(inline):>10}")
    shared = sorted((site / "assets").rglob("*.js")) + sorted((site / "site_libs").rglob("*.js")) \
        + sorted((site / "site_libs").rglob("*.css"))
    raw_total = gz_total = 0
    print("\nshared script or style                 raw        gzip")
    for path in shared:
        data = path.read_bytes()
        raw, gz = len(data), len(gzip.compress(data, 9))
        raw_total += raw
        gz_total += gz
        print(f"{path.relative_to(site).as_posix():<36} {_kb(raw):>10}  {_kb(gz):>10}")
    print(f"{'total':<36} {_kb(raw_total):>10}  {_kb(gz_total):>10}   (target < 1.5 MB raw)")
