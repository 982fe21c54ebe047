"""Shared HTML plumbing for charts and networks: safe inline JSON and once-per-page script tags."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .paths import ASSETS_DIR

# Scripts each kind of figure needs, relative to assets/. Order matters: the embed script runs on
# DOMContentLoaded, after every deferred library has executed.
SCRIPTS = {
    "vega": ["vendor/vega-bundle.js", "js/bioregions-embed.js"],
    "vis": ["vendor/vis-network.min.js", "js/bioregions-embed.js"],
}

# Which script paths this kernel (one page) has already emitted. A page is one kernel in both
# engines, so this is per-page state; loading a library twice would redeclare its globals.
_emitted: set[str] = set()


def reset_page_scripts() -> None:
    """Forget emitted scripts (for a new page in the same process, e.g. tests)."""
    _emitted.clear()


def script_tags(kind: str, page_dir: Path | None = None) -> str:
    """`<script defer>` tags for `kind`, relative to the page's folder, each path once per page."""
    page_dir = Path(page_dir or os.getcwd()).resolve()
    rel_assets = Path(os.path.relpath(ASSETS_DIR, page_dir)).as_posix()
    tags = []
    for script in SCRIPTS[kind]:
        if script in _emitted:
            continue
        _emitted.add(script)
        tags.append(f'<script defer src="{rel_assets}/{script}"></script>')
    return "".join(tags)


def script_json(obj) -> str:
    """JSON that is safe inside <script type="application/json"> whatever strings the data holds."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def stable_id(prefix: str, obj) -> str:
    """A short id derived from content, so rebuilds produce identical HTML."""
    digest = hashlib.sha1(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()[:10]
    return f"{prefix}-{digest}"


def embed_block(kind: str, element_id: str, payload, css_class: str, label: str) -> str:
    """A container div plus its JSON payload and the scripts that draw it."""
    from html import escape

    return (
        f'<div class="{css_class}" id="{element_id}" role="figure" aria-label="{escape(label, quote=True)}"></div>'
        f'<script type="application/json" class="{css_class}-data" data-target="{element_id}">'
        f"{script_json(payload)}</script>"
        f"{script_tags(kind)}"
    )
