"""Every example query of the README runs on the fixture corpus and finds something."""

import re
import sqlite3

from tests.helpers import ROOT


def _queries() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("### Example queries"):]
    block = re.search(r"```sql\n(.*?)```", section, re.S).group(1)
    lines = "\n".join(line for line in block.splitlines() if not line.startswith("--"))
    return [query.strip() for query in lines.split(";") if query.strip()]


def test_every_example_query_answers(fixture_corpus):
    queries = _queries()
    assert len(queries) >= 10
    with sqlite3.connect(fixture_corpus) as conn:
        for query in queries:
            assert conn.execute(query).fetchall(), query
