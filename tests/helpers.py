"""Paths and response builders shared by the tests; everything is found relative to this file."""

from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse, Request

from mali_news import settings as project_settings_module

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SITE = FIXTURES / "site"
SHARED = ROOT.parent / "shared"
SHARED_PAGES = SHARED / "cnn" / "pages"

# Stand-in archives have no limits: the real archive's paces would only slow the tests down.
FAST_ARCHIVE = ("-s", "MALI_NEWS_WAYBACK_INDEX_PER_MINUTE=60000",
                "-s", "MALI_NEWS_WAYBACK_CAPTURES_PER_MINUTE=60000",
                "-s", "MALI_NEWS_COMMONCRAWL_INDEX_PER_MINUTE=60000",
                "-s", "MALI_NEWS_COMMONCRAWL_DATA_PER_MINUTE=60000")
SEED_EDITION_URL = "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"
SEED_WWW_URL = "http://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"
SEED_KEY = "https://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"

needs_shared = pytest.mark.skipif(not SHARED_PAGES.is_dir(),
                                  reason="../shared/cnn/pages is not beside the checkout")


def file_response(path: Path | str, url: str, meta: dict | None = None) -> HtmlResponse:
    """An HtmlResponse for a saved page, as if it had been fetched from url."""
    path = Path(path)
    if not path.is_absolute():
        path = FIXTURES / path
    return HtmlResponse(url=url, body=path.read_bytes(), request=Request(url, meta=meta or {}))


def site_response(url: str, meta: dict | None = None) -> HtmlResponse:
    """The fixture mirror's page for url (wget --mirror layout)."""
    host_and_path = url.split("://", 1)[1].split("?", 1)[0]
    if host_and_path.endswith("/"):
        host_and_path += "index.html"
    return file_response(SITE / host_and_path, url, meta)


def shared_page(name: str, url: str) -> HtmlResponse:
    return file_response(SHARED_PAGES / name, url)


def project_settings(**overrides: Any) -> dict[str, Any]:
    """The project's settings.py as a dict, for get_crawler(), with overrides on top."""
    values = {name: getattr(project_settings_module, name)
              for name in dir(project_settings_module) if name.isupper()}
    values.update(overrides)
    return values
