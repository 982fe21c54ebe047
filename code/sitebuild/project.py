"""Read `_quarto.yml` into the few things the offline renderer needs."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from . import BuildError


@dataclass
class Page:
    source: Path            # relative to the project root, e.g. chapters/synthesis.qmd
    part: str | None        # book part (or "Appendices") the page belongs to

    @property
    def output(self) -> Path:
        return self.source.with_suffix(".html")


@dataclass
class Project:
    root: Path
    config: dict
    pages: list[Page] = field(default_factory=list)
    # Pages outside the book's order and navigation (Quarto's 404 page).
    standalone: list[Page] = field(default_factory=list)

    @property
    def site_url(self) -> str | None:
        url = self.book.get("site-url") or self.config.get("website", {}).get("site-url")
        return url if not url or url.endswith("/") else url + "/"

    @property
    def book(self) -> dict:
        return self.config.get("book", {})

    @property
    def title(self) -> str:
        return self.book.get("title") or self.config.get("website", {}).get("title", "")

    @property
    def output_dir(self) -> str:
        return self.config.get("project", {}).get("output-dir", "_site")

    @property
    def renderer_settings(self) -> dict:
        """The offline renderer's own section of `_quarto.yml` (`sitebuild:`; Quarto ignores it)."""
        return dict(self.config.get("sitebuild") or {})

    @property
    def library_dir(self) -> Path | None:
        """Folder of the Python code the pages import (`sitebuild.library`): hashed into the cache key."""
        library = self.renderer_settings.get("library")
        return self.root / library if library else None

    @property
    def own_packages(self) -> list[str]:
        """Packages a page kernel must import from `library_dir`, not from another installed copy."""
        return list(self.renderer_settings.get("packages") or [])

    @property
    def execute_defaults(self) -> dict:
        return dict(self.config.get("execute", {}))

    @property
    def html_format(self) -> dict:
        return dict((self.config.get("format") or {}).get("html") or {})

    @property
    def stylesheets(self) -> list[str]:
        """`format.html.css`, as paths from the project root (Quarto's reading of the option)."""
        css = self.html_format.get("css") or []
        return [css] if isinstance(css, str) else list(css)

    @cached_property
    def after_body(self) -> list[str]:
        """The HTML of `format.html.include-after-body` files, in order (raw HTML, as Quarto includes it)."""
        files = self.html_format.get("include-after-body") or []
        blocks = []
        for name in [files] if isinstance(files, str) else files:
            path = self.root / name
            if not path.is_file():
                raise BuildError(f"_quarto.yml: include-after-body {name!r} does not exist")
            blocks.append(path.read_text(encoding="utf-8"))
        return blocks

    @property
    def resources(self) -> list[str]:
        return list(self.config.get("project", {}).get("resources", []))

    @property
    def bibliography(self) -> Path | None:
        bib = self.config.get("bibliography")
        return self.root / bib if bib else None

    @property
    def csl(self) -> Path | None:
        csl = self.config.get("csl")
        return self.root / csl if csl else None


def _collect(entries, part, pages: list[Page], root: Path, where: str) -> None:
    for entry in entries or []:
        if isinstance(entry, str):
            path = root / entry
            if not path.exists():
                raise BuildError(f"_quarto.yml: {where} lists {entry!r}, which does not exist")
            pages.append(Page(Path(entry), part))
        elif isinstance(entry, dict) and "part" in entry:
            _collect(entry.get("chapters"), entry["part"], pages, root, where)
        else:
            raise BuildError(f"_quarto.yml: {where}: cannot read entry {entry!r} (expected a path or a part)")


def _read_yaml(path: Path) -> dict:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise BuildError(f"{path}: invalid YAML: {exc}") from exc


def _merge(base: dict, override: dict) -> dict:
    """Quarto's profile merge: mappings merge key by key, anything else is replaced."""
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _merge(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
    return merged


def _merge_metadata(base: dict, extra: dict) -> dict:
    """A metadata file merged as Quarto merges one (observed with Quarto 1.11): mappings key by key, lists
    concatenated (a generated file can add a part to book.chapters), anything else replaced."""
    merged = dict(base)
    for key, value in extra.items():
        old = merged.get(key)
        if isinstance(value, dict) and isinstance(old, dict):
            merged[key] = _merge_metadata(old, value)
        elif isinstance(value, list) and isinstance(old, list):
            merged[key] = old + value
        else:
            merged[key] = value
    return merged


def load_project(root: Path, metadata_files: bool = True) -> Project:
    """Parse `_quarto.yml` at `root`, merged with `_quarto-<profile>.yml` for each profile QUARTO_PROFILE names
    (as Quarto does); errors name the file and what is wrong."""
    config_path = root / "_quarto.yml"
    if not config_path.exists():
        raise BuildError(f"{config_path}: not found (is this a Quarto project?)")
    config = _read_yaml(config_path)
    for profile in filter(None, (p.strip() for p in os.environ.get("QUARTO_PROFILE", "").split(","))):
        profile_path = root / f"_quarto-{profile}.yml"
        if profile_path.exists():
            config = _merge(config, _read_yaml(profile_path))
    # Files named by metadata-files may be written by the pre-render step; a missing one is skipped (as Quarto
    # does), and the build reads the project again after pre-render. Before it (metadata_files=False), a stale
    # one from an earlier build is not read: it may list pages the pre-render step is about to write.
    for name in (config.get("metadata-files") or []) if metadata_files else []:
        if (root / name).is_file():
            config = _merge_metadata(config, _read_yaml(root / name))
    project = Project(root=root, config=config)
    if project.own_packages and project.library_dir is None:
        raise BuildError(f"{config_path}: sitebuild.packages needs sitebuild.library (the folder they live in)")
    if project.library_dir is not None and not project.library_dir.is_dir():
        raise BuildError(f"{config_path}: sitebuild.library {project.renderer_settings['library']!r} is not a folder")
    book = config.get("book") or {}
    _collect(book.get("chapters"), None, project.pages, root, "book.chapters")
    _collect(book.get("appendices"), "Appendices", project.pages, root, "book.appendices")
    if not project.pages:
        raise BuildError(f"{config_path}: book.chapters lists no pages")
    # Quarto renders a 404 page found at the project root outside the book's chapters.
    project.standalone = [Page(Path(f"404{ext}"), None) for ext in (".qmd", ".md") if (root / f"404{ext}").exists()][:1]
    return project
