import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from mali_news.downloadermiddlewares.offsiteredirect import OffsiteRedirectMiddleware

URL = "http://edition.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"


@pytest.mark.parametrize(("status", "location"), [
    (301, "https://www.cnn.com/2013/01/25/world/africa/mali-unrest/index.html"),
    (302, "/2013/01/25/world/africa/mali-unrest/index.html?hpt=1"),
    (200, "http://example.org/"),
    (301, None),
])
def test_redirects_within_cnn_and_other_responses_pass(status, location):
    headers = {"Location": location} if location else {}
    response = Response(URL, status=status, headers=headers)
    assert OffsiteRedirectMiddleware().process_response(Request(URL), response) is response


@pytest.mark.parametrize("location", ["http://example.org/moved", "//evil.example/x",
                                      "https://cnn.com.evil.example/"])
def test_redirect_away_from_cnn_is_refused(location):
    response = Response(URL, status=301, headers={"Location": location})
    with pytest.raises(IgnoreRequest, match="offsite redirect"):
        OffsiteRedirectMiddleware().process_response(Request(URL), response)
