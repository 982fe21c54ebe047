"""Execute a page's chunks in one Jupyter kernel and turn the outputs into pandoc markdown."""
from __future__ import annotations

import base64
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from traitlets.config import Config
from nbclient.exceptions import CellExecutionError

from . import BuildError
from .qmd import INLINE, Chunk, QmdPage

ANSI = re.compile(r"\x1b\[[0-9;]*m")

# First hidden cell: records which project files the page opens (data tables, CITATION.cff...), so the
# cache knows its inputs. Library code is hashed separately; environments and build output are skipped.
TRACE_CELL = """\
import sys as _sb_sys, os as _sb_os, types as _sb_types
if "_sb_trace" not in _sb_sys.modules:
    # The trace lives in a module of its own: a page's namespace is cleared before the next page runs.
    _sb_trace = _sb_types.ModuleType("_sb_trace")
    _sb_trace.root, _sb_trace.skip, _sb_trace.opened = {root!r}, {skip!r}, set()
    def _sb_hook(event, args, trace=_sb_trace, os=_sb_os):
        if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
            try:
                p = os.path.realpath(os.fsdecode(args[0]))
            except Exception:
                return
            # A file the page writes counts too (a paged table's rows): if it goes missing, the page runs again.
            writes = len(args) > 1 and isinstance(args[1], str) and any(c in args[1] for c in "wax")
            if p.startswith(trace.root + os.sep) and not p.startswith(trace.skip) and (writes or os.path.isfile(p)):
                rel = p[len(trace.root) + 1:]
                if not any(part.startswith(".") or part == "__pycache__" for part in rel.split(os.sep)):
                    trace.opened.add(p)
    _sb_sys.addaudithook(_sb_hook)
    _sb_sys.modules["_sb_trace"] = _sb_trace
"""

# Before each page when several pages share a kernel: an empty namespace, the page's folder, a fresh trace.
PAGE_START_CELL = """\
%reset -f
import os as _sb_os, sys as _sb_sys, time as _sb_time
_sb_os.chdir({folder!r})
_sb_sys.modules["_sb_trace"].opened = set()
_sb_sys.modules["_sb_trace"].started = _sb_time.perf_counter()
"""

# Last hidden cell: evaluates the inline `{python}` expressions with the page's final state.
INLINE_CELL = """\
import json as _sb_json
def _sb_inline(expr):
    try:
        value = eval(expr, globals())
    except Exception as exc:
        return {{"error": f"{{type(exc).__name__}}: {{exc}}"}}
    rich = getattr(value, "_repr_markdown_", None)
    return {{"value": rich() if rich else (value if isinstance(value, str) else repr(value))}}
import sys as _sb_sys, time as _sb_time
_sb_modules = {{name: getattr(_sb_sys.modules.get(name), "__file__", None) for name in {packages!r}}}
_sb_t = _sb_sys.modules["_sb_trace"]
print(_sb_json.dumps({{"inline": [_sb_inline(e) for e in {exprs!r}], "opened": sorted(_sb_t.opened),
                      "modules": _sb_modules, "seconds": _sb_time.perf_counter() - getattr(_sb_t, "started", 0.0)}}))
"""


@dataclass
class ExecutedPage:
    markdown: str           # pandoc markdown with outputs in place of chunks
    data_files: list[str]   # project files the page opened (data, CITATION.cff...), relative to the root
    seconds: float


def option(chunk: Chunk, defaults: dict, name: str, fallback):
    return chunk.options.get(name, defaults.get(name, fallback))


def execute_page(page: QmdPage, project_root: Path, defaults: dict, timeout: int = 300,
                 skip_dirs: tuple[Path, ...] = (), own_packages: dict[str, Path] | None = None) -> ExecutedPage:
    """Run every chunk of `page` (cwd = the page's folder) in a kernel of its own and assemble its markdown."""
    return execute_pages_in_one_kernel([page], project_root, [defaults], timeout, skip_dirs, own_packages)[0]


def execute_pages_in_one_kernel(pages: list[QmdPage], project_root: Path, defaults: list[dict], timeout: int = 300,
                                skip_dirs: tuple[Path, ...] = (),
                                own_packages: dict[str, Path] | None = None) -> list[ExecutedPage]:
    """Run several pages one after another in one kernel, each from an empty namespace in its own folder (as if
    in a kernel of its own, but paying the kernel start and the imports once), and assemble their markdown.
    Files opened under `skip_dirs` (library code, build output) are not recorded as a page's inputs; each of
    `own_packages` must be imported from its folder."""
    root = project_root.resolve()
    own_packages = own_packages or {}
    skip = tuple(str(Path(folder).resolve()) + os.sep for folder in skip_dirs)
    cells = [nbformat.v4.new_code_cell(TRACE_CELL.format(root=str(root), skip=skip))]
    spans = []  # per page: (index of its start cell, index of its inline cell)
    for page, page_defaults in zip(pages, defaults):
        start = len(cells)
        folder = str((project_root / page.path).parent.resolve())
        cells.append(nbformat.v4.new_code_cell(PAGE_START_CELL.format(folder=folder)))
        for chunk in page.chunks:
            cell = nbformat.v4.new_code_cell(chunk.code)
            if option(chunk, page_defaults, "error", False):
                cell.metadata["tags"] = ["raises-exception"]  # nbclient's per-cell "errors allowed"
            cells.append(cell)
        cells.append(nbformat.v4.new_code_cell(INLINE_CELL.format(exprs=[e for e, _ in page.inline_expressions()],
                                                                  packages=sorted(own_packages))))
        spans.append((start, len(cells) - 1))
    notebook = nbformat.v4.new_notebook(cells=cells)
    # The kernel talks over Unix sockets in a folder of its own: TCP ports picked at the same moment by two
    # builds (or two test workers) can clash, and a socket needs no port.
    sockets = tempfile.mkdtemp(prefix="sitebuild-kernel-")
    client = NotebookClient(
        notebook, timeout=timeout, kernel_name="python3", allow_errors=False,
        resources={"metadata": {"path": str((project_root / pages[0].path).parent)}},
        config=Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(sockets, "kernel")}}),
    )
    try:
        # The kernel's own stderr is only start-up chatter; failures arrive as error outputs.
        client.execute(stderr=subprocess.DEVNULL)
    except CellExecutionError as exc:
        _raise_first_error(pages[0], notebook.cells[0], None, "page set-up")
        for page, page_defaults, (start, end) in zip(pages, defaults, spans):
            _raise_first_error(page, notebook.cells[start], None, "page set-up")
            for chunk, cell in zip(page.chunks, notebook.cells[start + 1:end]):
                if not option(chunk, page_defaults, "error", False):
                    _raise_first_error(page, cell, chunk, "chunk")
            _raise_first_error(page, notebook.cells[end], None, "inline expressions")
        raise BuildError(f"{pages[0].path}: execution failed: {exc}") from exc
    except Exception as exc:
        raise BuildError(f"{pages[0].path}: the Jupyter kernel failed: {type(exc).__name__}: {exc}") from exc
    finally:
        shutil.rmtree(sockets, ignore_errors=True)

    results = []
    for page, page_defaults, (start, end) in zip(pages, defaults, spans):
        final = notebook.cells[end]
        report = json.loads("".join(o.get("text", "") for o in final.outputs if o.get("name") == "stdout"))
        check_own_packages(page, report["modules"], own_packages)
        inline_values = []
        for (expr, line), result in zip(page.inline_expressions(), report["inline"]):
            if "error" in result:
                raise BuildError(f"{page.path}:{line}: inline expression `{expr}` failed: {result['error']}")
            inline_values.append(str(result["value"]))
        markdown = assemble_markdown(page, notebook.cells[start + 1:end], page_defaults, inline_values)
        data_files = sorted(str(Path(p).relative_to(root)) for p in report["opened"])
        results.append(ExecutedPage(markdown=markdown, data_files=data_files, seconds=report["seconds"]))
    return results


def check_own_packages(page: QmdPage, imported: dict[str, str | None], own_packages: dict[str, Path]) -> None:
    """Refuse a page whose kernel imported another installed copy of one of the project's packages."""
    for name, folder in own_packages.items():
        location = imported.get(name)
        if location is None:
            continue  # the page does not use it
        folder = Path(folder).resolve()
        if folder not in Path(location).resolve().parents:
            raise BuildError(f"{page.path}: the page's kernel imported {name} from {location}, not from this project's "
                             f"{folder}; install the project into the kernel's environment (make setup) or fix "
                             "PYTHONPATH, so that the site is built from its own code")


def _raise_first_error(page: QmdPage, cell, chunk: Chunk | None, what: str) -> None:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            trace = ANSI.sub("", "\n".join(output.get("traceback", [])))
            where = f"{page.path}:{chunk.line}" if chunk else page.path
            label = f" '{chunk.options['label']}'" if chunk and chunk.options.get("label") else ""
            raise BuildError(
                f"{where}: {what}{label} failed: {output.get('ename')}: {output.get('evalue')}\n{trace}"
            )


def assemble_markdown(page: QmdPage, cells, defaults: dict, inline_values: list[str]) -> str:
    """Interleave the page's markdown with each chunk's rendered outputs."""
    values = iter(inline_values)
    parts = [page.front_matter_text] if page.front_matter_text else []
    code_cells = iter(cells)
    for block in page.blocks:
        if block[0] == "markdown":
            parts.append(INLINE.sub(lambda _m: next(values), block[1]))
        else:
            parts.append(render_chunk(block[1], next(code_cells), defaults))
    return "\n\n".join(p for p in parts if p) + "\n"


def render_chunk(chunk: Chunk, cell, defaults: dict) -> str:
    """Markdown for one chunk, honouring include, echo, output, warning, label and captions."""
    if not option(chunk, defaults, "include", True):
        return ""
    pieces = []
    if option(chunk, defaults, "echo", False):
        pieces.append(f"```python\n{chunk.code.strip()}\n```")
    output_mode = option(chunk, defaults, "output", True)
    if output_mode:
        for output in cell.get("outputs", []):
            rendered = render_output(output, asis=output_mode == "asis",
                                     warnings=option(chunk, defaults, "warning", True))
            if rendered:
                pieces.append(rendered)
    body = "\n\n".join(pieces)
    label = str(chunk.options.get("label", ""))
    if label.startswith("fig-") or label.startswith("tbl-"):
        kind = "fig" if label.startswith("fig-") else "tbl"
        caption = chunk.options.get(f"{kind}-cap", "")
        alt = chunk.options.get("fig-alt", "")
        attrs = f'#{label} .quarto-float' + (f' fig-alt="{_attr(alt)}"' if alt else "")
        caption_div = f"\n\n::: {{.float-caption}}\n{caption}\n:::" if caption else ""
        return f"::: {{{attrs}}}\n{body}{caption_div}\n:::"
    if label:
        return f"::: {{#{label} .cell}}\n{body}\n:::" if body else ""
    return body


def _attr(text: str) -> str:
    return str(text).replace("\\", "\\\\").replace('"', '\\"')


def render_output(output, asis: bool, warnings: bool) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        if output.get("name") == "stderr" and not warnings:
            return ""
        text = ANSI.sub("", output.get("text", ""))
        if asis:
            return text
        css = "cell-output-stderr" if output.get("name") == "stderr" else "cell-output"
        return output_block(text.rstrip(), css) if text.strip() else ""
    if kind in ("display_data", "execute_result"):
        data = output.get("data", {})
        if "text/markdown" in data:
            return data["text/markdown"]
        if "text/html" in data:
            return data["text/html"] if asis else f"```{{=html}}\n{data['text/html']}\n```"
        if "image/svg+xml" in data:
            return f"```{{=html}}\n{data['image/svg+xml']}\n```"
        if "image/png" in data:
            b64 = data["image/png"] if isinstance(data["image/png"], str) else base64.b64encode(data["image/png"]).decode()
            return f"![](data:image/png;base64,{b64.strip()})"
        if "text/plain" in data:
            return output_block(data["text/plain"], "cell-output")
    return ""


def output_block(text: str, css: str) -> str:
    """Printed output as the HTML pandoc writes for a code block of class `css`, but raw: pandoc looks up a
    syntax for any class it does not know, a third of a second per page."""
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
    escaped = html.escape(text, quote=False).replace('"', "&quot;").replace("'", "&#39;")  # as pandoc escapes
    return f'{fence}{{=html}}\n<pre class="{css}"><code>{escaped}</code></pre>\n{fence}'
