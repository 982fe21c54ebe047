"""Execution cache: a page is re-executed only when its source, the library code, the installed packages,
the execution options, or one of the data files it opened last time has changed."""
from __future__ import annotations

import functools
import hashlib
import json
from importlib import metadata
from pathlib import Path

from . import __version__

CACHE_FORMAT = 2


@functools.cache
def installed_packages_hash() -> str:
    """A digest of every installed distribution and its version (a new pandas or Altair re-executes pages).
    Computed once per process: reading every package's metadata costs a tenth of a second."""
    names = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions() if d.metadata["Name"])
    return hashlib.sha256("\n".join(names).encode()).hexdigest()


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "missing"


def tree_hash(folder: Path, pattern: str = "**/*.py") -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.glob(pattern)):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def entry_name(page: Path) -> str:
    """The file that holds a page's cache entry: one per page, whatever its folder."""
    return page.as_posix().replace("/", "__") + ".json"


class ExecutionCache:
    """One JSON file per page under `.cache/sitebuild/` holding its key, data inputs and markdown."""

    def __init__(self, root: Path, library_dir: Path | None):
        self.root = root
        self.folder = root / ".cache" / "sitebuild"
        self.library_hash = tree_hash(library_dir) if library_dir else "no library"
        self.packages_hash = installed_packages_hash()

    def _entry_path(self, page: Path) -> Path:
        return self.folder / entry_name(page)

    def key(self, page: Path, source: str, options: dict) -> str:
        material = json.dumps([CACHE_FORMAT, __version__, page.as_posix(), source, self.library_hash,
                               self.packages_hash, options], sort_keys=True, default=str)
        return hashlib.sha256(material.encode()).hexdigest()

    def lookup(self, page: Path, key: str) -> dict | None:
        """The cached entry if its key matches and every data file it read is unchanged."""
        path = self._entry_path(page)
        if not path.exists():
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return None
        if entry.get("key") != key:
            return None
        for name, digest in entry.get("data_files", {}).items():
            if file_hash(self.root / name) != digest:
                return None
        return entry

    def store(self, page: Path, key: str, markdown: str, data_files: list[str], seconds: float) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        entry = {"key": key, "markdown": markdown, "seconds": seconds,
                 "data_files": {name: file_hash(self.root / name) for name in data_files}}
        self._entry_path(page).write_text(json.dumps(entry), encoding="utf-8")
