"""Vendor the site's shared scripts (Vega bundle, vis-network, DataTables) into assets/vendor, offline."""
from __future__ import annotations

import html
import subprocess
from pathlib import Path

import pyvis
import vl_convert as vlc

from ..paths import PROJ_ROOT
from . import palette

VENDOR_DIR = PROJ_ROOT / "assets" / "vendor" if PROJ_ROOT else None

VIS_NETWORK_JS = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
# Committed copies of jQuery and DataTables (see assets/lib/datatables/README.md).
DATATABLES_DIR = PROJ_ROOT / "assets" / "lib" / "datatables" if PROJ_ROOT else None
DATATABLES_PARTS = ("jquery.min.js", "dataTables.min.js")


def amd_proof(script: str, globals_: str = "window.vis") -> str:
    """A UMD library wrapped so that it always sets its global (`window.vis`): with an AMD loader on the page
    (Quarto adds require.js to pages with HTML outputs) it would otherwise register as a module instead."""
    return (f"/* Wrapped by bioregions: define, exports and module are hidden so that the library sets {globals_}. */\n"
            f"(function (define, exports, module) {{\n{script}\n}}).call(window);\n")


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def vendor_scripts(target: Path = VENDOR_DIR) -> list[Path]:
    """Write vega-bundle.js, vis-network.min.js, datatables.js and palette.css into `target` if missing or stale."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    vega = target / "vega-bundle.js"
    stamp = target / "vega-bundle.version"
    version = f"vl-convert {vlc.__version__}" if hasattr(vlc, "__version__") else "vl-convert"
    if not vega.exists() or not stamp.exists() or stamp.read_text() != version:
        vega.write_text(vlc.javascript_bundle(), encoding="utf-8")
        stamp.write_text(version)
    vis = target / "vis-network.min.js"
    _write_if_changed(vis, amd_proof(VIS_NETWORK_JS.read_text(encoding="utf-8")))
    datatables = target / "datatables.js"
    # jQuery first: DataTables' browser branch reads the global jQuery the first part sets.
    parts = "\n;\n".join((DATATABLES_DIR / name).read_text(encoding="utf-8") for name in DATATABLES_PARTS)
    _write_if_changed(datatables, amd_proof(parts, "window.jQuery and window.DataTable"))
    colours = target / "palette.css"
    _write_if_changed(colours, palette.css())
    return [vega, vis, datatables, colours]


def build_info(root: Path = PROJ_ROOT) -> str:
    """The footer line every page carries: version (CITATION.cff), the commit built and its date, and, where the
    publishing profile names the repository, links to the source and to report an error."""
    from ..domain import citation_record
    from .citation import book_setting

    version = citation_record(root / "CITATION.cff")["version"]
    try:
        commit = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%h %cs"], capture_output=True,
                                text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        commit = []
    built = (f"built from commit <code>{html.escape(commit[0])}</code> of {html.escape(commit[1])}" if len(commit) == 2
             else "built outside a git checkout")
    parts = [f"Version {html.escape(str(version))}, {built}"]
    repo = book_setting("repo-url", root).rstrip("/")
    if repo:
        parts.append(f'<a href="{html.escape(repo, quote=True)}">Source code and data</a>')
        parts.append(f'<a href="{html.escape(repo, quote=True)}/issues/new">Report an error</a>')
    # A labelled aside: outside the page's main and footer landmarks, its text still sits in a landmark.
    return (f'<aside class="build-info" aria-label="Version and source" data-pagefind-ignore>'
            f'<p>{" · ".join(parts)}</p></aside>\n')


SHELL_DIR = PROJ_ROOT / "shell" if PROJ_ROOT else None


def write_build_info(target: Path = SHELL_DIR) -> Path:
    """shell/build-info.html, which both renderers include after every page's body (shell/ is not copied into
    the site, so the fragment is not published as a page of its own)."""
    path = Path(target) / "build-info.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_if_changed(path, build_info())
    return path
