"""Project paths: the one place that knows where things live."""
from __future__ import annotations

import os
from pathlib import Path


def _find_root() -> Path:
    # An installed (non-editable) package cannot see the checkout, so an env var may point at it.
    env = os.environ.get("BIOREGIONS_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "_quarto.yml").exists():
            return parent
    return Path.cwd().resolve()


PROJ_ROOT = _find_root()
DATA_DIR = PROJ_ROOT / "data"
DATAPACKAGE = DATA_DIR / "datapackage.json"
FIGURES_DIR = PROJ_ROOT / "figures"
ASSETS_DIR = PROJ_ROOT / "assets"
VENDOR_DIR = ASSETS_DIR / "vendor"
CODE_DIR = PROJ_ROOT / "code"
# The data appendix, where every source id has a row (output path mirrors chapters/data.qmd).
SOURCES_PAGE = PROJ_ROOT / "chapters" / "data.html"
