"""Vendor the site's shared scripts (Vega bundle, vis-network) into assets/vendor, offline."""
from __future__ import annotations

from pathlib import Path

import pyvis
import vl_convert as vlc

from ..paths import PROJ_ROOT
from . import palette

VENDOR_DIR = PROJ_ROOT / "assets" / "vendor" if PROJ_ROOT else None

VIS_NETWORK_JS = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"


def amd_proof(script: str) -> str:
    """A UMD library wrapped so that it always sets its global (`window.vis`): with an AMD loader on the page
    (Quarto adds require.js to pages with HTML outputs) it would otherwise register as a module instead."""
    return ("/* Wrapped by bioregions: define, exports and module are hidden so that the library sets window.vis. */\n"
            f"(function (define, exports, module) {{\n{script}\n}}).call(window);\n")


def vendor_scripts(target: Path = VENDOR_DIR) -> list[Path]:
    """Write vega-bundle.js, vis-network.min.js and palette.css into `target` if missing or stale."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    vega = target / "vega-bundle.js"
    stamp = target / "vega-bundle.version"
    version = f"vl-convert {vlc.__version__}" if hasattr(vlc, "__version__") else "vl-convert"
    if not vega.exists() or not stamp.exists() or stamp.read_text() != version:
        vega.write_text(vlc.javascript_bundle(), encoding="utf-8")
        stamp.write_text(version)
    vis = target / "vis-network.min.js"
    wrapped = amd_proof(VIS_NETWORK_JS.read_text(encoding="utf-8"))
    if not vis.exists() or vis.read_text(encoding="utf-8") != wrapped:
        vis.write_text(wrapped, encoding="utf-8")
    colours = target / "palette.css"
    if not colours.exists() or colours.read_text(encoding="utf-8") != palette.css():
        colours.write_text(palette.css(), encoding="utf-8")
    return [vega, vis, colours]
