"""The report in a real browser (the system's headless Chromium, driven by Playwright), offline."""

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from mali_news.corpus.report import build_report
from mali_news.db.opening import open_corpus

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# As root in a sandbox with no network: no sandboxing, no GPU, and none of Chromium's own
# connections (updates, sync, safe browsing), which a closed network refuses.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="the chromium package is not installed")


@pytest.fixture(scope="module")
def report_file(fixture_corpus, tmp_path_factory) -> Path:
    engine = open_corpus(str(fixture_corpus))
    with engine.connect() as conn:
        html = build_report(conn, source="corpus.sqlite")
    engine.dispose()
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(html, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, report_file):
    # The network is off, and any request that is not the file itself is refused and kept.
    context = browser.new_context(offline=True, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.problems = []
    page.requests = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))

    def route(request_route):
        if request_route.request.url.startswith("file://"):
            return request_route.continue_()
        page.requests.append(request_route.request.url)
        return request_route.abort()

    page.route("**/*", route)
    page.goto(report_file.as_uri())
    assert page.evaluate("window.reportReady.then(() => true)")
    yield page
    context.close()


MARKS = {"timeline": ["g.mark-rect.role-mark path", "g.mark-rule.role-mark line"],
         "map": ["g.mark-shape.role-mark path", "g.mark-symbol.role-mark path", "g.mark-text.role-mark text"],
         "actors": ["g.mark-rect.role-mark path"],
         "graph": ["g.mark-rule.role-mark line", "g.mark-symbol.role-mark path"]}


def test_the_report_loads_offline_and_every_chart_draws(page):
    for chart, selectors in MARKS.items():
        for selector in selectors:
            assert page.locator(f"#{chart} svg {selector}").count() > 0, (chart, selector)
    assert page.problems == []
    assert page.requests == []


def test_the_map_filters_by_month(page):
    circles = page.locator("#map svg g.mark-symbol.role-mark path")
    every_month = circles.count()
    page.locator("#map select").select_option("2013-08")
    page.wait_for_function("n => document.querySelectorAll('#map svg g.mark-symbol.role-mark path')"
                           ".length < n", arg=every_month)
    # August 2013's one story, the election's, names Timbuktu, Gao and Kidal (Bamako only in a
    # photo caption, which is not story text).
    assert sorted(page.locator("#map svg g.mark-text.role-mark text").all_text_contents()) == [
        "Gao", "Kidal", "Timbuktu"]


def test_hovering_a_story_of_the_coverage_graph_shows_its_title(page, fixture_corpus):
    with sqlite3.connect(fixture_corpus) as db:
        (first,), = db.execute("SELECT title FROM articles ORDER BY published_at, id LIMIT 1").fetchall()
    page.locator("#graph svg g.mark-symbol.role-mark path").first.hover()
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible")
    assert first in tooltip.text_content()


def test_typing_in_the_filter_narrows_the_story_table(page):
    rows = page.locator("#stories tbody tr")
    assert rows.count() == 11
    visible = page.locator("#stories tbody tr:not([hidden])")
    assert visible.count() == 11
    page.locator("#filter").fill("Timbuktu")
    # The six stories that name Timbuktu, whether in a cell or among all their places and actors.
    assert visible.count() == 6
    searched = visible.evaluate_all("rows => rows.map(r => r.textContent + ' ' + (r.dataset.search || ''))")
    assert all("timbuktu" in text.lower() for text in searched)
    assert page.locator("#shown").text_content() == f"{visible.count()} of 11 stories"
    # Every word must match: Faith Karimi's three stories all name Kidal.
    page.locator("#filter").fill("Faith Karimi Kidal")
    assert visible.count() == 3
    page.locator("#filter").fill("Faith Karimi Konna")
    assert visible.count() == 1
    page.locator("#filter").fill("no such story anywhere")
    assert visible.count() == 0


def test_screenshot(page, tmp_path):
    """The README's picture of the report: MALI_NEWS_SCREENSHOT=docs/report.png keeps it."""
    shot = tmp_path / "report.png"
    page.locator("#map select").select_option("all")
    page.screenshot(path=shot, full_page=True)
    assert shot.stat().st_size > 50_000
    if target := os.environ.get("MALI_NEWS_SCREENSHOT"):
        shutil.copy(shot, target)
