"""Values for inline prose: numbers, shares and untrusted text, rendered the same in Quarto and offline."""
from __future__ import annotations

import pandas as pd
from IPython.display import Markdown


def num(value, digits: int = 0) -> Markdown:
    """A number for inline prose, with thousands separators; renders the same in Quarto and offline."""
    return Markdown(f"{value:,.{digits}f}")


def share(part, whole) -> Markdown:
    """A percentage for inline prose."""
    return Markdown(f"{100 * part / whole:.0f}%" if whole else "n/a")


MARKDOWN_SPECIAL = "\\`*_{}[]<>()#+-.!|~$@^&"


def md_text(text) -> Markdown:
    """Untrusted text for inline prose: every markdown and HTML special character is escaped."""
    escaped = "".join("\\" + ch if ch in MARKDOWN_SPECIAL else ch for ch in str(text))
    return Markdown(" ".join(escaped.split()))
