"""Read a .qmd page: front matter, markdown and `{python}` chunks with their `#|` options and lines."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import jupytext
import yaml

from . import BuildError

FENCE = re.compile(r"^```+\s*\{python[^}]*\}\s*$")
INLINE = re.compile(r"`\{python\}\s+([^`]+)`")


@dataclass
class Chunk:
    code: str               # source without `#|` option lines
    options: dict
    line: int               # 1-based line of the opening fence in the .qmd


@dataclass
class QmdPage:
    path: str
    front_matter: dict
    front_matter_text: str
    # Document order: ("markdown", text, first_line) or ("chunk", Chunk)
    blocks: list = field(default_factory=list)

    @property
    def chunks(self) -> list[Chunk]:
        return [b[1] for b in self.blocks if b[0] == "chunk"]

    def inline_expressions(self) -> list[tuple[str, int]]:
        """Every inline `{python} expr`, with the line it stands on."""
        found = []
        for block in self.blocks:
            if block[0] == "markdown":
                _, text, first_line = block
                for match in INLINE.finditer(text):
                    found.append((match.group(1).strip(), first_line + text[: match.start()].count("\n")))
        return found


def split_options(source: str, path: str, line: int) -> tuple[dict, str]:
    """Split leading `#| key: value` lines (YAML) from a chunk's code."""
    lines = source.split("\n")
    option_lines = []
    while lines and lines[0].startswith("#|"):
        option_lines.append(lines.pop(0)[2:].strip())
    try:
        options = (yaml.safe_load("\n".join(option_lines)) or {}) if option_lines else {}
    except yaml.YAMLError as exc:
        raise BuildError(f"{path}:{line}: chunk options are not valid YAML: {exc}") from exc
    if not isinstance(options, dict):
        raise BuildError(f"{path}:{line}: chunk options must be `#| key: value` lines")
    return options, "\n".join(lines)


def parse_qmd(text: str, path: str) -> QmdPage:
    """Parse .qmd text (jupytext reads the cells; we add line numbers for error messages)."""
    fence_lines = [i + 1 for i, line in enumerate(text.split("\n")) if FENCE.match(line)]
    # jupytext is given the text, not the file: a .qmd file name makes it call the quarto binary.
    notebook = jupytext.reads(text, fmt="Rmd")
    page = QmdPage(path=path, front_matter={}, front_matter_text="")
    code_index = 0
    search_from = 0
    for cell in notebook.cells:
        if cell.cell_type == "raw" and not page.blocks and cell.source.startswith("---"):
            page.front_matter_text = cell.source
            try:
                page.front_matter = yaml.safe_load(cell.source.strip().strip("-")) or {}
            except yaml.YAMLError as exc:
                raise BuildError(f"{path}:1: front matter is not valid YAML: {exc}") from exc
            continue
        if cell.cell_type == "code":
            if code_index >= len(fence_lines):
                raise BuildError(f"{path}: could not locate chunk {code_index + 1} in the source")
            line = fence_lines[code_index]
            code_index += 1
            options, code = split_options(cell.source, path, line)
            page.blocks.append(("chunk", Chunk(code=code, options=options, line=line)))
            search_from = text.find("\n", _nth_line_offset(text, line)) + 1
        else:
            offset = text.find(cell.source[:40], search_from) if cell.source else -1
            first_line = text.count("\n", 0, offset) + 1 if offset >= 0 else 0
            page.blocks.append(("markdown", cell.source, first_line))
    if code_index != len(fence_lines):
        raise BuildError(f"{path}:{fence_lines[code_index]}: a `{{python}}` chunk is not closed or not readable")
    return page


def _nth_line_offset(text: str, line: int) -> int:
    offset = 0
    for _ in range(line - 1):
        offset = text.index("\n", offset) + 1
    return offset
