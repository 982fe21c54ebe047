"""Build the site: `quarto render` when Quarto is on PATH, otherwise the offline renderer.
Either way the site is built in a temporary folder and replaces `_site/` only on success."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import BuildError
from .cache import ExecutionCache
from .execute import execute_pages_in_one_kernel
from .project import Page, Project, load_project
from .qmd import parse_qmd
from .render import FragmentCache, page_title, render_page, write

STATIC = Path(__file__).parent / "static"


@dataclass
class PageResult:
    source: str
    status: str          # executed | cached | static
    seconds: float
    html_bytes: int = 0


@dataclass
class BuildReport:
    engine: str
    seconds: float = 0.0
    pages: list[PageResult] = field(default_factory=list)

    @property
    def executed(self) -> list[str]:
        return [p.source for p in self.pages if p.status == "executed"]


def log(message: str, quiet: bool) -> None:
    if not quiet:
        print(message, flush=True)


def run_pre_render(project: Project) -> None:
    """Run the project's `pre-render` scripts, as Quarto does before rendering."""
    scripts = project.config.get("project", {}).get("pre-render") or []
    for script in [scripts] if isinstance(scripts, str) else scripts:
        result = subprocess.run([sys.executable, script], cwd=project.root, capture_output=True, text=True)
        if result.returncode != 0:
            raise BuildError(f"_quarto.yml: pre-render script {script} failed:\n{result.stderr.strip()}")


def _execute_worker(root: str, sources: list[str], defaults: list[dict], skip_dirs: tuple, own_packages: dict):
    """One worker process: its share of the pages, one after another in one kernel."""
    pages = [parse_qmd((Path(root) / source).read_text(encoding="utf-8"), source) for source in sources]
    results = execute_pages_in_one_kernel(pages, Path(root), defaults, skip_dirs=skip_dirs, own_packages=own_packages)
    return [(result.markdown, result.data_files, result.seconds) for result in results]


def own_package_dirs(project: Project) -> dict[str, Path]:
    """Each of the project's own packages and the folder it must be imported from."""
    return {name: project.library_dir / name for name in project.own_packages}


def untraced_dirs(project: Project) -> tuple[Path, ...]:
    """Folders whose files are not page inputs: the library (hashed as a whole) and the build output."""
    folders = [project.root / project.output_dir, project.root / f".{project.output_dir}.building"]
    return tuple(([project.library_dir] if project.library_dir else []) + folders)


def page_options(project: Project, front_matter: dict) -> dict:
    return {**project.execute_defaults, **(front_matter.get("execute") or {})}


def plan_pages(project: Project, cache: ExecutionCache, quiet: bool, report: BuildReport):
    """Every page parsed; the markdown of pages with no code or a valid cache entry; the rest pending, with
    their cache key and execution options."""
    parsed, markdown, pending = {}, {}, {}
    for page in project.pages + project.standalone:
        source_text = (project.root / page.source).read_text(encoding="utf-8")
        qmd = parse_qmd(source_text, page.source.as_posix())
        parsed[page.source] = qmd
        options = page_options(project, qmd.front_matter)
        if not qmd.chunks and not qmd.inline_expressions():
            markdown[page.source] = "\n\n".join(
                [qmd.front_matter_text] + [b[1] for b in qmd.blocks if b[0] == "markdown"])
            report.pages.append(PageResult(page.source.as_posix(), "static", 0.0))
            continue
        key = cache.key(page.source, source_text, options)
        entry = cache.lookup(page.source, key)
        if entry:
            markdown[page.source] = entry["markdown"]
            report.pages.append(PageResult(page.source.as_posix(), "cached", 0.0))
            log(f"  cached    {page.source}", quiet)
        else:
            pending[page.source] = (key, options)
    return parsed, markdown, pending


def prepared_project(root: Path) -> Project:
    """The project after its pre-render step, read again (as Quarto 1.5 and later do: the step may write pages
    and the metadata files that list them)."""
    run_pre_render(load_project(root, metadata_files=False))
    return load_project(root)


def stale_pages(root: Path) -> list[str]:
    """The pages the next offline build would execute (the pre-render step runs first, as in a build)."""
    project = prepared_project(root)
    _, _, pending = plan_pages(project, ExecutionCache(root, project.library_dir), True, BuildReport(engine="plan"))
    return [source.as_posix() for source in pending]


def execute_pages(project: Project, cache: ExecutionCache, jobs: int, quiet: bool, report: BuildReport):
    """Markdown for every page: from the cache when its inputs are unchanged, else executed."""
    parsed, markdown, pending = plan_pages(project, cache, quiet, report)
    if pending:
        # Kernels start once per worker, not once per page: each worker runs its share of the pages in one
        # kernel, every page from an empty namespace (see execute_pages_in_one_kernel).
        workers = max(1, min(jobs, len(pending)))
        shares = [list(pending)[i::workers] for i in range(workers)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_execute_worker, str(project.root), [s.as_posix() for s in share],
                                   [pending[s][1] for s in share], untraced_dirs(project), own_package_dirs(project))
                       for share in shares]
            try:
                for share, future in zip(shares, futures):
                    for source, (md, data_files, seconds) in zip(share, future.result()):
                        cache.store(source, pending[source][0], md, data_files, seconds)
                        markdown[source] = md
                        report.pages.append(PageResult(source.as_posix(), "executed", seconds))
                        log(f"  executed  {source}  {seconds:.1f}s  (reads {len(data_files)} input file(s))", quiet)
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
    return parsed, markdown


def copy_resources(project: Project, target: Path) -> None:
    """Copy `project.resources` globs and the shell's static files into the site."""
    # A leading "/" anchors a glob at the project root (Quarto matches other globs at any depth; the offline
    # renderer matches every glob from the root, so anchored and plain patterns copy the same files here).
    for pattern in [*project.resources, *project.stylesheets]:
        for match in sorted(project.root.glob(pattern.lstrip("/"))):
            for path in [match] if match.is_file() else sorted(match.rglob("*")):
                if not path.is_file():
                    continue
                dest = target / path.relative_to(project.root)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, dest)
    shutil.copytree(STATIC, target / "site_libs" / "sitebuild", dirs_exist_ok=True)


def write_sitemap(project: Project, site: Path) -> None:
    """sitemap.xml with every book page's address under `site-url`, and a robots.txt naming it (as Quarto
    writes them; none without a site-url)."""
    if not project.site_url:
        return
    from xml.sax.saxutils import escape

    entries = "".join(f"  <url><loc>{escape(project.site_url + page.output.as_posix())}</loc></url>\n"
                      for page in project.pages)
    write(site / "sitemap.xml", '<?xml version="1.0" encoding="UTF-8"?>\n'
          '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + entries + "</urlset>\n")
    write(site / "robots.txt", f"Sitemap: {project.site_url}sitemap.xml\n")


def index_search(site: Path) -> None:
    """Pagefind builds the search index offline into site/pagefind."""
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site)], capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(f"pagefind failed:\n{result.stdout}\n{result.stderr}")


def swap_into_place(tmp: Path, out: Path) -> None:
    old = out.with_name(out.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    if old.exists():
        shutil.rmtree(old)


def build_offline(root: Path, jobs: int = 2, quiet: bool = False) -> BuildReport:
    started = time.perf_counter()
    report = BuildReport(engine="offline renderer (Jupyter + pandoc)")
    project = prepared_project(root)
    cache = ExecutionCache(root, project.library_dir)
    out = root / project.output_dir
    tmp = root / f".{project.output_dir}.building"
    if tmp.exists():
        shutil.rmtree(tmp)
    try:
        parsed, markdown = execute_pages(project, cache, jobs, quiet, report)
        every_page = project.pages + project.standalone
        titles = {p.source: page_title(project, p, parsed[p.source].front_matter) for p in every_page}

        fragments = FragmentCache(project)

        def render(page: Page) -> int:
            fragment = fragments.fragment(markdown[page.source], page)
            html = render_page(project, page, fragment, parsed[page.source].front_matter, titles)
            write(tmp / page.output, html)
            return len(html.encode())

        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            sizes = dict(zip([p.source.as_posix() for p in every_page], pool.map(render, every_page)))
        for result in report.pages:
            result.html_bytes = sizes[result.source]
        write_sitemap(project, tmp)
        copy_resources(project, tmp)
        index_search(tmp)
        swap_into_place(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    report.seconds = time.perf_counter() - started
    log(f"Built {len(project.pages)} pages into {out} in {report.seconds:.1f}s "
        f"({len(report.executed)} executed).", quiet)
    return report


# Where a project keeps its own Quarto (`make quarto` installs it there); Quarto on PATH comes first.
PROJECT_QUARTO = Path(".tools") / "quarto" / "bin" / "quarto"


def find_quarto(root: Path) -> str | None:
    """The Quarto CLI to use: one on PATH, else the project's own copy, else None."""
    on_path = shutil.which("quarto")
    if on_path:
        return on_path
    own = root / PROJECT_QUARTO
    return str(own) if own.is_file() and os.access(own, os.X_OK) else None


def quarto_environment() -> dict:
    """Quarto runs the pre-render step and the page kernels with the project's Python (this interpreter)."""
    python = Path(sys.executable)
    return {**os.environ, "QUARTO_PYTHON": str(python), "PATH": f"{python.parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def build_with_quarto(root: Path, quiet: bool = False, output_dir: str | None = None,
                      quarto: str | None = None) -> BuildReport:
    """`quarto render` into a temporary folder, then Pagefind, then swap into the output folder."""
    started = time.perf_counter()
    project = load_project(root)
    quarto = quarto or find_quarto(root)
    if quarto is None:
        raise BuildError("no Quarto CLI found: install it (quarto.org, or `make quarto` where ../shared/quarto "
                         "exists), or build with the offline renderer (SITEBUILD_OFFLINE=1)")
    out = root / (output_dir or project.output_dir)
    tmp = root / f".{out.name}.building"
    shutil.rmtree(tmp, ignore_errors=True)
    # Quarto reports progress on stderr: quiet keeps it, to show only if the render fails.
    result = subprocess.run([quarto, "render", "--output-dir", str(tmp)], cwd=root, env=quarto_environment(),
                            stdout=subprocess.DEVNULL if quiet else None, stderr=subprocess.PIPE if quiet else None,
                            text=True)
    if result.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        said = "\n".join((result.stderr or "").strip().splitlines()[-40:])
        raise BuildError(f"quarto render failed (exit {result.returncode}); {out} was left as it was"
                         + (f"\n{said}" if said else ""))
    index_search(tmp)
    swap_into_place(tmp, out)
    report = BuildReport(engine="quarto", seconds=time.perf_counter() - started)
    log(f"Built {len(project.pages)} pages with Quarto into {out} in {report.seconds:.1f}s.", quiet)
    return report


def build(root: Path, engine: str = "auto", jobs: int = 2, quiet: bool = False) -> BuildReport:
    """Build with Quarto if available (or asked for), else offline; SITEBUILD_OFFLINE=1 forces offline."""
    if engine == "quarto" or (engine == "auto" and find_quarto(root) and not os.environ.get("SITEBUILD_OFFLINE")):
        return build_with_quarto(root, quiet)
    return build_offline(root, jobs=jobs, quiet=quiet)
