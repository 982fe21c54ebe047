"""Where the project's data package lives: the one place in the research core that knows a path.

The core never looks at the working directory: the project is the folder holding `_quarto.yml` above
this package (an editable install), or the folder `BIOREGIONS_ROOT` names (any other install)."""
from __future__ import annotations

import os
from pathlib import Path


def find_project_root() -> Path | None:
    """The project folder, or None when this copy of the package sits outside any project."""
    env = os.environ.get("BIOREGIONS_ROOT")
    if env:
        return Path(env).resolve()
    for parent in Path(__file__).resolve().parents:
        if (parent / "_quarto.yml").exists() and (parent / "data" / "datapackage.json").exists():
            return parent
    return None


PROJ_ROOT = find_project_root()
DATA_DIR = PROJ_ROOT / "data" if PROJ_ROOT else None
DATAPACKAGE = DATA_DIR / "datapackage.json" if DATA_DIR else None
CITATION_FILE = PROJ_ROOT / "CITATION.cff" if PROJ_ROOT else None
