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


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    """The synthetic data package (tests/fixtures/synthetic) with the real schema, read-only for a module's tests
    (test_data.py has its own copy per test, for tests that break it)."""
    from bioregions.paths import DATA_DIR

    folder = tmp_path_factory.mktemp("synthetic") / "data"
    shutil.copytree(FIXTURES / "synthetic", folder)
    shutil.copy(DATA_DIR / "datapackage.json", folder / "datapackage.json")
    return folder


@pytest.fixture(scope="module")
def t(package) -> dict:
    """The synthetic package's tables, loaded and validated."""
    import bioregions as br

    return br.load_all(package)


@pytest.fixture
def mini_project(tmp_path) -> Path:
    """A fresh copy of tests/fixtures/miniproject (3 pages, one reading data/counts.csv)."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "miniproject", target)
    return target


# Both renderers build the same sources; every site test runs on each build.
ENGINES = ["offline", "quarto"]
QUARTO_OUTPUT = "_site-quarto"


@pytest.fixture(scope="session", params=ENGINES)
def engine(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def site(engine) -> Path:
    """The real site, built once per test session by each renderer: offline into _site, Quarto into
    _site-quarto. Quarto is required where ../shared/quarto exists (as in CI), else its builds are skipped."""
    from sitebuild.build import build, build_with_quarto, find_quarto

    if engine == "offline":
        build(ROOT, engine="offline", quiet=True)
        return ROOT / "_site"
    if find_quarto(ROOT) is None:
        if (ROOT.parent / "shared" / "quarto").is_dir():
            pytest.fail("Quarto is not installed: run `make quarto` (../shared/quarto is here)")
        pytest.skip("no Quarto CLI: install it to test the Quarto build")
    build_with_quarto(ROOT, quiet=True, output_dir=QUARTO_OUTPUT)
    return ROOT / QUARTO_OUTPUT


@pytest.fixture(scope="session")
def all_site_pages(site) -> list[Path]:
    """Every page of the built site, the firm profiles included (for the checks on files)."""
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts and "site_libs" not in p.parts)


def profile_sample() -> set[str]:
    """Three firm profiles stand for all of them in the browser checks (each is the same generated page): the
    firm with the most deal rows, the first German firm, and the first firm without any deal."""
    import bioregions as b

    firms, deals = b.load_firms(), b.load_alliances()
    counts = deals["firm_id"].astype(str).value_counts()
    ids = firms.sort_values("firm_id")
    german = ids.loc[ids["country"] == "Germany", "firm_id"].iloc[0]
    dealless = ids.loc[~ids["firm_id"].isin(counts.index), "firm_id"].iloc[0]
    return {f"{firm_id}.html" for firm_id in (counts.index[0], german, dealless)}


@pytest.fixture(scope="session")
def site_pages(all_site_pages) -> list[Path]:
    """The pages the browser checks open: every page but the firm profiles, and a sample of those."""
    sample = profile_sample()
    return [p for p in all_site_pages if p.parent.name != "firms" or p.name in sample]


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
