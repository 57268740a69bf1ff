"""The README and the MkDocs guide: the guide builds strictly, and their commands and queries run."""

import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

README = ROOT / "README.md"
DOCS = ROOT / "docs"
BIN = Path(sys.executable).parent


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


def statements(block: str) -> list[str]:
    lines = "\n".join(line for line in block.splitlines() if not line.startswith("--"))
    return [query.strip() for query in lines.split(";") if query.strip()]


def test_the_readme_is_a_quick_start():
    lines = README.read_text().splitlines()
    assert len(lines) <= 250
    # The two set-up commands come first, the real corpus's command right after them.
    text = "\n".join(lines)
    assert text.index("pip install -q -e '.[test]'") < text.index("mali-news harvest")


def test_the_guide_builds_strictly(tmp_path):
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(tmp_path / "site")],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "analysts" / "index.html").is_file()


def test_every_link_of_the_readme_leads_to_a_file():
    for target in re.findall(r"\]\(((?!https?:)[^)#]+)", README.read_text()):
        assert (ROOT / target).exists(), target


def test_every_example_query_answers(fixture_corpus):
    guide = (DOCS / "database.md").read_text()
    queries = statements(blocks(guide[guide.index("## Example queries"):], "sql")[0])
    queries += [q for block in blocks(README.read_text(), "sql") for q in statements(block)]
    assert len(queries) >= 11
    with sqlite3.connect(fixture_corpus) as conn:
        for query in queries:
            assert conn.execute(query).fetchall(), query


def _first_look() -> list[list[str]]:
    text = README.read_text()
    block = blocks(text[text.index("## A first look"):], "sh")[0]
    return [shlex.split(line.split("  #")[0]) for line in block.splitlines() if line.strip()]


# A whole crawl: pytest -m "not slow" leaves it out.
@pytest.mark.slow
def test_the_readmes_first_look_runs_on_the_sample(fixture_corpus, tmp_path):
    shutil.copy(fixture_corpus, tmp_path / "mali_news.sqlite")
    commands = _first_look()
    assert {argv[1] for argv in commands} >= {"stats", "search", "export", "serve", "coverage"}
    for argv in commands:
        result = subprocess.run([str(BIN / Path(argv[0]).name), *argv[1:]], cwd=tmp_path,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, (argv, result.stderr)
        assert "Traceback" not in result.stderr
    assert (tmp_path / "corpus.csv").read_text().startswith("id,url,kind,")
    assert (tmp_path / "mali.json").read_text().startswith("[")


@pytest.mark.parametrize("page", sorted(p.name for p in DOCS.glob("*.md")))
def test_each_guide_page_is_in_the_navigation(page):
    assert f": {page}" in (ROOT / "mkdocs.yml").read_text()


def test_the_readmes_pandas_example_runs_after_the_analysis_extra(fixture_corpus, tmp_path):
    (example,) = blocks(README.read_text(), "python")
    shutil.copy(fixture_corpus, tmp_path / "mali_news.sqlite")
    check = "\nprint(len(stories), stories['published_at'].dtype)"
    result = subprocess.run([sys.executable, "-c", example + check], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    count, dtype = result.stdout.split()
    assert int(count) > 5 and dtype.startswith("datetime64")


def test_the_r_examples_queries_answer_without_r(fixture_corpus):
    (example,) = blocks((DOCS / "analysts.md").read_text(), "r")
    queries = re.findall(r'dbGetQuery\(con, "(.*?)"\)', example, re.S)
    assert len(queries) == 2
    with sqlite3.connect(fixture_corpus) as conn:
        stories, places = (conn.execute(query).fetchall() for query in queries)
    assert len(stories) == 11 and all(row[4] for row in stories)
    assert places[0][0] == "Bamako" and len(places) == 10


def test_the_analysts_r_example_runs_where_r_is_installed(fixture_corpus, tmp_path):
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("R is not installed (Rscript not on PATH)")
    if subprocess.run([rscript, "-e", "library(RSQLite)"], capture_output=True).returncode != 0:
        pytest.skip("R has no RSQLite: install.packages('RSQLite')")
    (example,) = blocks((DOCS / "analysts.md").read_text(), "r")
    shutil.copy(fixture_corpus, tmp_path / "mali_news.sqlite")
    check = '\ncat("stories", nrow(stories), sum(per_month), class(stories$published_at)[1], "\\n")'
    result = subprocess.run([rscript, "-e", example + check], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["stories", "11", "11", "POSIXct"]
    assert "Bamako" in result.stdout


def test_the_project_says_how_to_cite_it_and_under_which_licence():
    import tomllib

    import yaml

    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert citation["cff-version"] == "1.2.0" and citation["type"] == "software"
    assert citation["version"] == project["version"] and citation["license"] == project["license"] == "MIT"
    assert citation["title"] and citation["authors"] and citation["message"]
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
