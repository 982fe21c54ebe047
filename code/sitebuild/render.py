"""Render executed markdown to HTML with pandoc, then wrap it in the site's page shell."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pypandoc

from . import BuildError
from .cache import entry_name
from .project import Page, Project

HERE = Path(__file__).parent
FILTERS = [HERE / "filters" / name for name in ("crossref.lua", "callout.lua", "tabset.lua", "links.lua", "tables.lua")]
FRAGMENT_TEMPLATE = HERE / "templates" / "fragment.html"
SHELL = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=jinja2.select_autoescape(["html"]),
    trim_blocks=True, lstrip_blocks=True,
).get_template("page.html")


@dataclass
class Fragment:
    highlighting_css: str
    toc: str
    body: str


def pandoc_args(project: Project) -> list[str]:
    html = project.html_format
    args = [
        "--standalone", f"--template={FRAGMENT_TEMPLATE}", "--section-divs",
        "--wrap=none", "--mathml", "--metadata=link-citations:true", "--metadata=reference-section-title:References",
        # Code shown on the page takes the text colour (bold and italic only): every colour theme's tokens
        # failed contrast in light or dark mode.
        "--syntax-highlighting=monochrome",
    ]
    if html.get("toc", True):
        args += ["--toc", f"--toc-depth={int(html.get('toc-depth', 3))}"]
    args += [f"--lua-filter={f}" for f in FILTERS]
    if project.bibliography:
        args += ["--citeproc", f"--bibliography={project.bibliography}"]
        if project.csl:
            args.append(f"--csl={project.csl}")
    return args


def chapter_number(project: Project, page: Page) -> str:
    """The page's number in a Quarto book: the home page none, chapters 2, 3..., appendices A, B..."""
    if page not in project.pages or page == project.pages[0]:
        return ""
    chapters = [p for p in project.pages if p.part != "Appendices"]
    if page in chapters:
        return str(chapters.index(page) + 1)
    appendices = [p for p in project.pages if p.part == "Appendices"]
    return chr(ord("A") + appendices.index(page))


def markdown_to_fragment(markdown: str, project: Project, page: Page) -> Fragment:
    """pandoc: citations, footnotes, callouts, cross-references, tabsets, table of contents."""
    result = subprocess.run(
        [pypandoc.get_pandoc_path(), "--from=markdown", "--to=html5", *pandoc_args(project),
         f"--metadata=crossref-chapter:{chapter_number(project, page)}"],
        input=markdown, capture_output=True, text=True, cwd=(project.root / page.source).parent,
    )
    if result.returncode != 0:
        raise BuildError(f"{page.source}: pandoc failed: {result.stderr.strip()}")
    if result.stderr.strip():
        # Unknown citations and the like: pandoc warns and carries on; a book must not.
        raise BuildError(f"{page.source}: pandoc warned: {result.stderr.strip()}")
    html = result.stdout
    head, _, rest = html.partition("<!--SB:TOC-->")
    toc, _, body = rest.partition("<!--SB:BODY-->")
    css = head.strip().removeprefix("<style>").removesuffix("</style>").strip()
    return Fragment(highlighting_css=css, toc=toc.strip(), body=body.strip())


class FragmentCache:
    """pandoc's output for each page under `.cache/sitebuild/fragments/`, reused while the page's markdown, its
    chapter number, the pandoc arguments, the files they name (filters, template, bibliography, style) and
    pandoc itself are unchanged: a rebuild after a small change converts only the pages that changed."""

    def __init__(self, project: Project):
        self.project = project
        self.folder = project.root / ".cache" / "sitebuild" / "fragments"
        args = pandoc_args(project)
        named = [Path(a.split("=", 1)[1]) for a in args if a.startswith(("--template=", "--lua-filter=",
                                                                           "--bibliography=", "--csl="))]
        material = [pypandoc.get_pandoc_path(), pypandoc.get_pandoc_version(), args,
                    [hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing" for path in named]]
        self.salt = hashlib.sha256(json.dumps(material).encode()).hexdigest()

    def fragment(self, markdown: str, page: Page) -> Fragment:
        key = hashlib.sha256(json.dumps([self.salt, page.source.as_posix(), chapter_number(self.project, page),
                                         markdown]).encode()).hexdigest()
        entry = self.folder / entry_name(page.source)
        try:
            stored = json.loads(entry.read_text(encoding="utf-8"))
            if stored.get("key") == key:
                return Fragment(**stored["fragment"])
        except (OSError, ValueError, TypeError):
            pass
        fragment = markdown_to_fragment(markdown, self.project, page)
        self.folder.mkdir(parents=True, exist_ok=True)
        entry.write_text(json.dumps({"key": key, "fragment": dataclasses.asdict(fragment)}), encoding="utf-8")
        return fragment


def relative_root(page: Page, project: Project | None = None) -> str:
    """The way from a page back to the site root. A standalone page (404) may be served at any depth, so its
    links start from the site's own path, as Quarto's do."""
    if project is not None and page in project.standalone:
        from urllib.parse import urlparse

        return urlparse(project.site_url).path if project.site_url else ""
    depth = len(page.output.parts) - 1
    return "../" * depth


def page_title(project: Project, page: Page, front_matter: dict) -> str:
    return str(front_matter.get("title") or page.source.stem)


def build_nav(project: Project, titles: dict[Path, str], current: Page) -> list[dict]:
    """Sidebar groups: top-level pages, each book part, and the appendices."""
    root = relative_root(current, project)
    groups: list[dict] = []
    for page in project.pages:
        if not groups or groups[-1]["part"] != page.part:
            groups.append({"part": page.part, "items": []})
        groups[-1]["items"].append({
            "title": titles[page.source], "href": root + page.output.as_posix(), "active": page == current,
        })
    return groups


def render_page(project: Project, page: Page, fragment: Fragment, front_matter: dict,
                titles: dict[Path, str]) -> str:
    """The complete HTML page: navbar, sidebar, title block, body, table of contents, prev/next."""
    index = project.pages.index(page) if page in project.pages else None
    root = relative_root(page, project)
    neighbour = lambda p: {"title": titles[p.source], "href": root + p.output.as_posix()} if p else None  # noqa: E731
    site = project.config.get("book", {})
    return SHELL.render(
        site_title=project.title,
        site=site,
        repo_url=site.get("repo-url"),
        favicon=site.get("favicon"),
        # Quarto's `page-layout: full` front matter: the body takes the table of contents' column too.
        full_width=front_matter.get("page-layout") == "full",
        title=page_title(project, page, front_matter),
        subtitle=front_matter.get("subtitle"),
        description=front_matter.get("description"),
        part=page.part,
        nav=build_nav(project, titles, page),
        toc=fragment.toc,
        body=fragment.body,
        highlighting_css=fragment.highlighting_css,
        prev=neighbour(project.pages[index - 1] if index else None),
        next=neighbour(project.pages[index + 1] if index is not None and index + 1 < len(project.pages) else None),
        # Open Graph metadata, as Quarto writes it with `open-graph: true`.
        open_graph=site.get("open-graph") and {
            "title": page_title(project, page, front_matter), "site_name": project.title,
            "description": front_matter.get("description") or site.get("description"),
            "url": (project.site_url + page.output.as_posix()) if project.site_url else None},
        root=root,
        source_path=page.source.as_posix(),
        lang=project.config.get("lang", "en"),
        stylesheets=project.stylesheets,
        after_body=project.after_body,
    )


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
