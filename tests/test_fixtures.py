"""The bundled mirror is what fixtures/build_site.py writes, and none of it is a shared CNN page."""

import hashlib
import importlib.util

from tests.helpers import FIXTURES, SHARED_PAGES, needs_shared


def load_builder():
    spec = importlib.util.spec_from_file_location("build_site", FIXTURES / "build_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_fixtures_match_their_builder(tmp_path):
    written = load_builder().build(tmp_path)
    expected = {p.relative_to(tmp_path): p.read_bytes() for p in written}
    committed = {p.relative_to(FIXTURES): p.read_bytes()
                 for folder in ("site", "pages") for p in (FIXTURES / folder).rglob("*")
                 if p.is_file()}
    assert committed == expected


@needs_shared
def test_no_reference_page_is_copied_into_the_project():
    digest = lambda data: hashlib.sha1(data).hexdigest()  # noqa: E731
    shared = {digest(p.read_bytes()) for p in SHARED_PAGES.glob("*.html")}
    ours = {digest(p.read_bytes()) for p in FIXTURES.rglob("*") if p.is_file()}
    assert not shared & ours
