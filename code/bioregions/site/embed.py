"""Safe inline JSON and the container markup that the site's embed script draws charts and networks from."""
from __future__ import annotations

import hashlib
import json
from html import escape

from .page import Page


def script_json(obj) -> str:
    """JSON that is safe inside `<script type="application/json">` whatever strings the data holds. A NaN has no
    JSON form: it stops the build here rather than break the page's script in the browser."""
    try:
        text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str, allow_nan=False)
    except ValueError as exc:
        raise ValueError(f"a figure's data hold NaN or infinity, which JSON cannot carry (use None): {exc}") from None
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def stable_id(prefix: str, obj) -> str:
    """A short id derived from content, so rebuilds produce identical HTML."""
    digest = hashlib.sha1(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()[:10]
    return f"{prefix}-{digest}"


def embed_block(page: Page, kind: str, element_id: str, payload, css_class: str, label: str) -> str:
    """A container div plus its JSON payload and the scripts that draw it (each script once per page)."""
    return (
        f'<div class="{css_class}" id="{element_id}" role="figure" aria-label="{escape(label, quote=True)}"></div>'
        f'<script type="application/json" class="{css_class}-data" data-target="{element_id}">'
        f"{script_json(payload)}</script>"
        f"{page.script_tags(kind)}"
    )
