"""The offline renderer: chunk options, cross-references, cache invalidation, failing chunks."""
from __future__ import annotations

import nbformat
import pytest

from sitebuild import BuildError
from sitebuild.build import build_offline, stale_pages
from sitebuild.execute import render_chunk
from sitebuild.project import load_project
from sitebuild.qmd import parse_qmd
from sitebuild.render import markdown_to_fragment

PAGE = """---
title: "T"
---

Intro with `{python} 1 + 1`.

```{python}
#| label: fig-a
#| fig-cap: "Cap A"
#| echo: true
x = 1
```

Text.

```{python}
#| include: false
y = 2
```
"""


def cell_with(*outputs):
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [nbformat.from_dict(o) for o in outputs]
    return cell


STDOUT = {"output_type": "stream", "name": "stdout", "text": "hello\n"}
STDERR = {"output_type": "stream", "name": "stderr", "text": "careful\n"}
HTML = {"output_type": "display_data", "data": {"text/html": "<b>x</b>", "text/plain": "x"}, "metadata": {}}


def test_parse_qmd_reads_options_lines_and_inline():
    page = parse_qmd(PAGE, "p.qmd")
    assert page.front_matter == {"title": "T"}
    first, second = page.chunks
    assert first.options == {"label": "fig-a", "fig-cap": "Cap A", "echo": True}
    assert first.code == "x = 1"
    assert (first.line, second.line) == (7, 16)
    assert page.inline_expressions() == [("1 + 1", 5)]


def test_bad_chunk_options_name_the_line():
    with pytest.raises(BuildError, match=r"p.qmd:3: chunk options are not valid YAML"):
        parse_qmd("Text\n\n```{python}\n#| label: [oops\n1\n```\n", "p.qmd")


@pytest.mark.parametrize("options, expected, absent", [
    ({}, ["hello", "<b>x</b>", "careful"], ["print"]),
    ({"echo": True}, ["```python\nprint('hello')\n```", "hello"], []),
    ({"include": False}, [], ["hello", "<b>x</b>", "print"]),
    ({"output": False, "echo": True}, ["print('hello')"], ["hello\n", "<b>x</b>"]),
    ({"warning": False}, ["hello"], ["careful"]),
    ({"output": "asis"}, ["hello\n", "<b>x</b>"], ["```{=html}"]),
])
def test_render_chunk_honours_options(options, expected, absent):
    chunk = parse_qmd("```{python}\nprint('hello')\n```\n", "p.qmd").chunks[0]
    chunk.options = options
    text = render_chunk(chunk, cell_with(STDOUT, HTML, STDERR), defaults={})
    for piece in expected:
        assert piece in text
    for piece in absent:
        assert piece not in text


def test_figure_label_and_caption_become_a_numbered_float(mini_project):
    project = load_project(mini_project)
    page = project.pages[1]
    markdown = (
        "---\ntitle: X\n---\n\nSee @fig-one and @tbl-two and @sec-intro [@fig-one; @tbl-two].\n\n## Intro {#sec-intro}\n\n"
        '::: {#fig-one .quarto-float fig-alt="alt text"}\nbody\n\n::: {.float-caption}\nFirst.\n:::\n:::\n\n'
        "::: {#tbl-two .quarto-float}\n| a |\n|---|\n| 1 |\n\n::: {.float-caption}\nSecond.\n:::\n:::\n\n"
        "::: {.callout-warning}\n## Mind\nBody.\n:::\n"
    )
    fragment = markdown_to_fragment(markdown, project, page)
    assert '<a href="#fig-one" class="quarto-xref">Figure 2.1</a>' in fragment.body
    assert '<a href="#tbl-two" class="quarto-xref">Table 2.1</a>' in fragment.body
    assert '<a href="#sec-intro" class="quarto-xref">Intro</a>' in fragment.body
    assert "<strong>Figure 2.1:</strong> First." in fragment.body
    assert ('<a href="#fig-one" class="quarto-xref">Figure 2.1</a>, <a href="#tbl-two" class="quarto-xref">Table 2.1</a>'
            in fragment.body)
    assert 'aria-describedby="fig-one-alt"' in fragment.body
    assert 'class="callout callout-warning"' in fragment.body and "Mind" in fragment.body
    assert 'href="#sec-intro"' in fragment.toc
    # Numbered by chapter, as in a Quarto book: the home page has none, appendices letters.
    home = markdown_to_fragment("::: {#fig-a .quarto-float}\nx\n:::\n", project, project.pages[0])
    assert "<strong>Figure 1:</strong>" in home.body


def test_tabsets_and_tables_render_the_same_every_time(mini_project):
    """Filter output must not depend on Lua's per-process key order (rebuilds stay byte-identical)."""
    project = load_project(mini_project)
    page = project.pages[1]
    markdown = ("::: {.panel-tabset}\n### One\n\nFirst.\n\n### Two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n:::\n")
    bodies = {markdown_to_fragment(markdown, project, page).body for _ in range(6)}
    assert len(bodies) == 1, bodies
    body = bodies.pop()
    assert 'role="tabpanel" aria-labelledby="tabset-1-2-tab" tabindex="0" hidden=""' in body
    assert '<div class="table-scroll" tabindex="0" role="region" aria-label="Table 1: a, b">' in body


def test_unresolved_cross_reference_fails_the_page(mini_project):
    project = load_project(mini_project)
    with pytest.raises(BuildError, match="unresolved cross-reference @fig-missing"):
        markdown_to_fragment("See @fig-missing.\n", project, project.pages[0])


def test_build_executes_then_caches_then_reexecutes_on_data_change(mini_project):
    first = build_offline(mini_project, quiet=True)
    assert sorted(first.executed) == ["pages/no-data.qmd", "pages/reads-data.qmd"]
    html = (mini_project / "_site" / "pages" / "reads-data.html").read_text()
    assert "The table has 2 rows" in html and "Table 2.1:" in html
    assert "Answer: 42." in (mini_project / "_site" / "pages" / "no-data.html").read_text()

    second = build_offline(mini_project, quiet=True)
    assert second.executed == []

    with open(mini_project / "data" / "counts.csv", "a") as handle:
        handle.write("c,3\n")
    third = build_offline(mini_project, quiet=True)
    assert third.executed == ["pages/reads-data.qmd"]
    assert "The table has 3 rows" in (mini_project / "_site" / "pages" / "reads-data.html").read_text()

    (mini_project / "pages" / "no-data.qmd").write_text(
        (mini_project / "pages" / "no-data.qmd").read_text().replace("6 * 7", "6 * 8"))
    assert stale_pages(mini_project) == ["pages/no-data.qmd"]


def test_failing_chunk_names_page_and_line_and_keeps_previous_site(mini_project):
    build_offline(mini_project, quiet=True)
    before = (mini_project / "_site" / "pages" / "no-data.html").read_text()
    page = mini_project / "pages" / "no-data.qmd"
    page.write_text(page.read_text() + "\n```{python}\n#| label: broken\nundefined_name + 1\n```\n")
    line = page.read_text().split("\n").index("```{python}", 10) + 1
    with pytest.raises(BuildError) as failure:
        build_offline(mini_project, quiet=True)
    message = str(failure.value)
    assert f"pages/no-data.qmd:{line}" in message
    assert "'broken'" in message and "NameError" in message
    assert (mini_project / "_site" / "pages" / "no-data.html").read_text() == before
    assert not (mini_project / "._site.building").exists()


def test_failing_inline_expression_names_its_line(mini_project):
    page = mini_project / "pages" / "no-data.qmd"
    page.write_text(page.read_text() + "\nBroken: `{python} 1 / 0`.\n")
    line = len(page.read_text().rstrip("\n").split("\n"))
    with pytest.raises(BuildError, match=rf"pages/no-data.qmd:{line}: inline expression `1 / 0` failed: ZeroDivisionError"):
        build_offline(mini_project, quiet=True)


def test_cli_exits_non_zero_on_failure(mini_project):
    import subprocess
    import sys

    (mini_project / "index.qmd").write_text("---\ntitle: X\n---\n\n```{python}\nraise ValueError('nope')\n```\n")
    result = subprocess.run([sys.executable, "-m", "sitebuild", "build", "--engine", "offline",
                             "--root", str(mini_project)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "index.qmd:5" in result.stderr and "ValueError: nope" in result.stderr


FAKE_QUARTO = """#!/usr/bin/env bash
# Stands in for the Quarto CLI: records its arguments and writes a one-page site to --output-dir.
echo "$@" > "$PWD/quarto-args.txt"
[ -n "${FAKE_QUARTO_FAIL:-}" ] && { echo "render failed" >&2; exit 1; }
out="${@: -1}"
mkdir -p "$out" && echo '<!DOCTYPE html><html lang="en"><head><title>q</title></head><body><main><p>from quarto</p></main></body></html>' > "$out/index.html"
"""


def test_quarto_on_path_is_used_and_a_failure_keeps_the_site(mini_project, tmp_path, monkeypatch):
    from sitebuild.build import build

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "quarto"
    fake.write_text(FAKE_QUARTO)
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{__import__('os').environ['PATH']}")
    monkeypatch.delenv("SITEBUILD_OFFLINE", raising=False)

    report = build(mini_project, quiet=True)
    assert report.engine == "quarto"
    assert (mini_project / "quarto-args.txt").read_text().startswith("render --output-dir")
    assert "from quarto" in (mini_project / "_site" / "index.html").read_text()
    assert (mini_project / "_site" / "pagefind").is_dir()

    monkeypatch.setenv("FAKE_QUARTO_FAIL", "1")
    with pytest.raises(BuildError, match=r"(?s)quarto render failed \(exit 1\).*\nrender failed"):
        build(mini_project, quiet=True)
    assert "from quarto" in (mini_project / "_site" / "index.html").read_text()

    monkeypatch.setenv("SITEBUILD_OFFLINE", "1")
    assert build(mini_project, quiet=True).engine.startswith("offline")


# ---- a generic renderer: folders from configuration, the project's own library, a complete cache key ----

@pytest.fixture
def with_library(mini_project, monkeypatch):
    """The mini project's pages import its own library (lib/minilib), found through PYTHONPATH."""
    monkeypatch.setenv("PYTHONPATH", str(mini_project / "lib"))
    page = mini_project / "pages" / "no-data.qmd"
    page.write_text(page.read_text() + "\n```{python}\nfrom minilib import answer\n```\n\nLibrary: `{python} answer()`.\n")
    return mini_project


def test_a_library_change_reexecutes_the_pages(with_library):
    build_offline(with_library, quiet=True)
    assert "Library: 42." in (with_library / "_site" / "pages" / "no-data.html").read_text()
    assert stale_pages(with_library) == []
    library = with_library / "lib" / "minilib" / "__init__.py"
    library.write_text(library.read_text().replace("6 * 7", "6 * 9"))
    rebuilt = build_offline(with_library, quiet=True)
    assert "pages/no-data.qmd" in rebuilt.executed
    assert "Library: 54." in (with_library / "_site" / "pages" / "no-data.html").read_text()


def test_another_installed_copy_of_the_library_stops_the_build(with_library, tmp_path, monkeypatch):
    other = tmp_path / "elsewhere" / "minilib"
    other.mkdir(parents=True)
    (other / "__init__.py").write_text("def answer():\n    return 0\n")
    monkeypatch.setenv("PYTHONPATH", str(other.parent))
    with pytest.raises(BuildError, match=r"pages/no-data.qmd: the page's kernel imported minilib from .*elsewhere"):
        build_offline(with_library, quiet=True)
    assert not (with_library / "_site").exists()


def test_execute_options_and_installed_packages_are_part_of_the_cache_key(mini_project, monkeypatch):
    from sitebuild import cache

    build_offline(mini_project, quiet=True)
    assert stale_pages(mini_project) == []
    config = mini_project / "_quarto.yml"
    original = config.read_text()
    config.write_text(original.replace("  echo: false", "  echo: true"))
    assert sorted(stale_pages(mini_project)) == ["pages/no-data.qmd", "pages/reads-data.qmd"]
    config.write_text(original)
    assert stale_pages(mini_project) == []
    monkeypatch.setattr(cache, "installed_packages_hash", lambda: "another environment")
    assert sorted(stale_pages(mini_project)) == ["pages/no-data.qmd", "pages/reads-data.qmd"]


def test_output_folder_comes_from_the_configuration(mini_project):
    config = mini_project / "_quarto.yml"
    config.write_text(config.read_text().replace("  type: book", "  type: book\n  output-dir: public"))
    build_offline(mini_project, quiet=True)
    assert (mini_project / "public" / "index.html").exists() and not (mini_project / "_site").exists()


def test_a_library_setting_that_names_no_folder_is_refused(mini_project):
    config = mini_project / "_quarto.yml"
    config.write_text(config.read_text().replace("library: lib", "library: nowhere"))
    with pytest.raises(BuildError, match="sitebuild.library 'nowhere' is not a folder"):
        load_project(mini_project)


def test_chapter_chunks_are_calls_not_programs():
    """Logic lives in the library: no chunk of the home page or a chapter has more than six lines of code."""
    from conftest import ROOT

    long = []
    for path in [ROOT / "index.qmd", *sorted((ROOT / "chapters").glob("*.qmd"))]:
        for chunk in parse_qmd(path.read_text(encoding="utf-8"), path.name).chunks:
            lines = [line for line in chunk.code.splitlines() if line.strip() and not line.lstrip().startswith("#")]
            if len(lines) > 6:
                long.append(f"{path.name}:{chunk.line} has {len(lines)} lines")
    assert not long, long


def test_every_chunk_of_the_book_has_a_label():
    """Quarto names an unlabelled cell with a random id, so its pages would differ from one render to the next."""
    from conftest import ROOT

    unnamed = [f"{path.name}:{chunk.line}" for path in [ROOT / "index.qmd", *sorted((ROOT / "chapters").glob("*.qmd"))]
               for chunk in parse_qmd(path.read_text(encoding="utf-8"), path.name).chunks if not chunk.options.get("label")]
    assert not unnamed, unnamed


def test_pages_sharing_a_kernel_start_from_an_empty_namespace_in_their_own_folder(mini_project):
    """Workers run several pages in one kernel: no page sees another's variables, each runs in its own folder
    and records only the files it opened itself."""
    from sitebuild.execute import execute_pages_in_one_kernel

    first = parse_qmd("```{python}\nsecret = open('../data/counts.csv').read()\nimport os\n```\n\n"
                      "Folder `{python} os.path.basename(os.getcwd())`.\n", "pages/a.qmd")
    second = parse_qmd("```{python}\nimport os\nseen = 'secret' in globals()\n```\n\n"
                       "Seen: `{python} seen`; folder `{python} os.path.basename(os.getcwd())`.\n", "index.qmd")
    a, b = execute_pages_in_one_kernel([first, second], mini_project, [{}, {}])
    assert "Folder pages." in a.markdown and a.data_files == ["data/counts.csv"]
    assert "Seen: False" in b.markdown and f"folder {mini_project.name}" in b.markdown and b.data_files == []


def test_a_failure_in_a_shared_kernel_names_its_page_and_line(mini_project):
    from sitebuild.execute import execute_pages_in_one_kernel

    good = parse_qmd("```{python}\nx = 1\n```\n", "index.qmd")
    bad = parse_qmd("Text.\n\n```{python}\nraise ValueError('broken page')\n```\n", "pages/bad.qmd")
    with pytest.raises(BuildError, match=r"pages/bad.qmd:3: chunk failed: ValueError: broken page"):
        execute_pages_in_one_kernel([good, bad], mini_project, [{}, {}])


def test_a_file_the_page_wrote_going_missing_reexecutes_the_page(mini_project):
    """A paged table's rows are written while its page executes: if that file is deleted, a cached page
    would link to nothing, so the page runs again."""
    page = mini_project / "pages" / "no-data.qmd"
    page.write_text(page.read_text() + "\n```{python}\nimport pathlib\n"
                    "out = pathlib.Path('../assets/generated/rows.js')\nout.parent.mkdir(parents=True, exist_ok=True)\n"
                    "out.write_text('rows')\n```\n")
    assert "pages/no-data.qmd" in build_offline(mini_project, quiet=True).executed
    written = mini_project / "assets" / "generated" / "rows.js"
    assert written.read_text() == "rows"
    assert stale_pages(mini_project) == []
    written.unlink()
    assert stale_pages(mini_project) == ["pages/no-data.qmd"]
    assert build_offline(mini_project, quiet=True).executed == ["pages/no-data.qmd"]
    assert written.exists()


def test_pandoc_converts_a_page_again_only_when_its_markdown_or_what_pandoc_reads_changed(mini_project, monkeypatch):
    from sitebuild import render

    config = mini_project / "_quarto.yml"
    config.write_text(config.read_text() + "bibliography: refs.bib\n")
    bibliography = mini_project / "refs.bib"
    bibliography.write_text("@book{a, title = {First}, author = {Doe, J.}, year = {2001}}\n")
    calls = []
    real = render.markdown_to_fragment
    monkeypatch.setattr(render, "markdown_to_fragment", lambda *args: calls.append(args[0]) or real(*args))
    project = load_project(mini_project)
    page = project.pages[1]

    first = render.FragmentCache(project).fragment("See @a.", page)
    assert "First" in first.body and len(calls) == 1
    assert render.FragmentCache(project).fragment("See @a.", page) == first and len(calls) == 1
    render.FragmentCache(project).fragment("See @a again.", page)
    assert len(calls) == 2
    bibliography.write_text(bibliography.read_text().replace("First", "Second"))
    assert "Second" in render.FragmentCache(project).fragment("See @a again.", page).body and len(calls) == 3
