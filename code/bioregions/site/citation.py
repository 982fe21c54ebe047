""""Cite this" blocks: a formatted citation and a BibTeX entry for the page being rendered, from CITATION.cff."""
from __future__ import annotations

import html
import os
import re

import yaml

from ..domain import citation_authors, citation_record
from ..paths import PROJ_ROOT
from .page import current_page


def book_setting(name: str, root=PROJ_ROOT) -> str:
    """A `book:` setting of _quarto.yml, as the last QUARTO_PROFILE file that sets it overrides it."""
    files = ["_quarto.yml"] + [f"_quarto-{p.strip()}.yml" for p in os.environ.get("QUARTO_PROFILE", "").split(",")
                               if p.strip()]
    value = ""
    for file in files:
        path = root / file
        if path.exists():
            book = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("book") or {}
            value = book.get(name) or value
    return str(value)


def site_url(root=PROJ_ROOT) -> str:
    """The published address: `book.site-url` (the publishing workflow's profile sets the real one)."""
    return book_setting("site-url", root).rstrip("/") + "/"


def page_title(path: str, root=PROJ_ROOT) -> str:
    """The `title` of a page's front matter."""
    text = (root / path).read_text(encoding="utf-8")
    front = re.match(r"\A---\n(.*?)\n---\n", text, re.S)
    return str((yaml.safe_load(front.group(1)) or {}).get("title", "")) if front else ""


def _bibtex_value(text: str) -> str:
    # Braces keep capitals and protect LaTeX's special characters.
    return "{" + re.sub(r"([&%$#_])", r"\\\1", text) + "}"


def bibtex(key: str, fields: dict[str, str]) -> str:
    """A BibTeX `@misc` entry (fields in the order given)."""
    lines = [f"  {name} = {_bibtex_value(value)}," for name, value in fields.items() if value]
    return "@misc{" + key + ",\n" + "\n".join(lines) + "\n}"


def bibtex_authors(cff: dict) -> str:
    """Authors joined with "and": a group name braced (so BibTeX does not split it), people as "Family, Given"."""
    names = []
    for author in cff.get("authors") or []:
        if author.get("name"):
            names.append("{" + author["name"] + "}")
        else:
            names.append(", ".join(filter(None, [author.get("family-names"), author.get("given-names")])))
    return " and ".join(names)


def cite_this():
    """The block for the current page: how to cite it, as text and as BibTeX, and where CITATION.cff is."""
    from IPython.display import Markdown

    page = current_page()
    cff = citation_record()
    authors = citation_authors(cff)
    year = str(cff["date-released"])[:4]
    url = site_url() + page.output_path
    title = page_title(page.path)
    site = cff["title"]
    key = "bioregions-" + re.sub(r"[^a-z0-9]+", "-", page.path.rsplit(".", 1)[0].rsplit("/", 1)[-1].lower())
    text = f"{' and '.join(authors)} ({year}). “{title}”. In *{site}*, version {cff['version']}. {url}"
    entry = bibtex(key, {"author": bibtex_authors(cff), "title": title, "howpublished": site, "year": year,
                         "version": str(cff["version"]), "url": url,
                         "note": "Compiled open evidence, not the data of Segers' dissertation"})
    cff_link = page.link("CITATION.cff")
    return Markdown(
        f"{text}\n\n"
        f"```{{=html}}\n<details class=\"cite-bibtex\"><summary>BibTeX</summary>"
        f"<pre><code>{html.escape(entry)}</code></pre></details>\n```\n\n"
        f"The machine-readable record is [CITATION.cff]({cff_link}); for the dissertation's own findings, cite "
        "Segers [-@segers2017]. Add the date you read the page.")
