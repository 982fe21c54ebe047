"""Shared fixtures: project paths, a copy of the mini project, the built site, a local server, Chromium."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture
def mini_project(tmp_path) -> Path:
    """A fresh copy of tests/fixtures/miniproject (3 pages, one reading data/counts.csv)."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "miniproject", target)
    return target


@pytest.fixture(scope="session")
def site() -> Path:
    """The real site, built once per test session with the offline renderer."""
    from sitebuild.build import build

    build(ROOT, engine="offline", quiet=True)
    return ROOT / "_site"


@pytest.fixture(scope="session")
def site_pages(site) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


@pytest.fixture(scope="session")
def server(site):
    """Serve _site on 127.0.0.1 at a free port for the whole session."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (bash .ci/run does)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
