"""Layers point one way: the crawl (spiders, middlewares, pipelines, extensions, parsers, cleaning,
db) never imports the analyst layer (corpus, cli), and pipelines and extensions never each other."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mali_news"
CRAWL = ("spiders", "spidermiddlewares", "downloadermiddlewares", "pipelines", "extensions", "parsers",
         "cleaning", "db", "discovery", "reference")


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("mali_news")}


@pytest.mark.parametrize("package", CRAWL)
def test_the_crawl_never_imports_the_analyst_layer(package):
    wrong = {str(path.relative_to(PACKAGE)): sorted(name for name in imports(path)
                                                   if name.startswith(("mali_news.corpus", "mali_news.cli")))
             for path in (PACKAGE / package).rglob("*.py")}
    assert {path: names for path, names in wrong.items() if names} == {}


@pytest.mark.parametrize(("package", "other"), [("pipelines", "extensions"), ("extensions", "pipelines")])
def test_pipelines_and_extensions_do_not_import_each_other(package, other):
    wrong = {str(path.relative_to(PACKAGE)): sorted(name for name in imports(path)
                                                   if name.startswith(f"mali_news.{other}"))
             for path in (PACKAGE / package).rglob("*.py")}
    assert {path: names for path, names in wrong.items() if names} == {}
