import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse

from mali_news import meta
from mali_news.downloadermiddlewares.contentgate import ContentGateMiddleware
from tests.pipeline_helpers import make_pipeline, stat

URL = "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"


def page_request(**extra):
    return Request(URL, meta={meta.HOPS: 0, **extra})


@pytest.mark.parametrize(("content_type", "key"), [
    (b"application/pdf", "application_pdf"), (b"application/json; charset=utf-8", "application_json"),
    (b"image/png", "image_png")])
def test_declared_non_html_is_counted_and_ignored(content_type, key, caplog):
    gate = make_pipeline(ContentGateMiddleware)
    response = Response(URL, body=b"%PDF-1.4", headers={"Content-Type": content_type})
    with pytest.raises(IgnoreRequest, match="not an HTML page"):
        gate.process_response(page_request(), response)
    assert stat(gate, f"pages/not_html/{key}") == 1
    assert f"skipped: {URL}" in caplog.text


def test_html_passes_and_a_page_cut_off_is_flagged_but_kept():
    gate = make_pipeline(ContentGateMiddleware)
    whole = HtmlResponse(URL, body=b"<html><body><p>x</p></body></html>",
                         headers={"Content-Type": "text/html; charset=utf-8"})
    assert gate.process_response(page_request(), whole) is whole
    cut = HtmlResponse(URL, body=b"<html><body><p>x</p>", headers={"Content-Type": "text/html"})
    assert gate.process_response(page_request(), cut) is cut
    assert stat(gate, "pages/truncated") == 1


def test_undeclared_type_is_judged_by_content():
    gate = make_pipeline(ContentGateMiddleware)
    html = HtmlResponse(URL, body=b"<html></html>")
    assert gate.process_response(page_request(), html) is html
    with pytest.raises(IgnoreRequest):
        gate.process_response(page_request(), TextResponse(URL, body=b"plain", encoding="utf-8"))
    assert stat(gate, "pages/not_html/unknown") == 1


@pytest.mark.parametrize("request_", [
    Request("http://edition.cnn.com/robots.txt"),
    page_request(**{meta.WAYBACK_STAGE: "cdx"})])
def test_robots_txt_and_archive_index_answers_are_not_pages(request_):
    gate = make_pipeline(ContentGateMiddleware)
    answer = Response(request_.url, body=b"[]", headers={"Content-Type": "application/json"})
    assert gate.process_response(request_, answer) is answer


def test_redirects_and_errors_pass_to_the_middlewares_after():
    gate = make_pipeline(ContentGateMiddleware)
    moved = Response(URL, status=301, headers={"Content-Type": "text/plain", "Location": "/x"})
    assert gate.process_response(page_request(), moved) is moved
