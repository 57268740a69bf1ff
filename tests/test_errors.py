import pytest
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as twisted_errors
from twisted.python.failure import Failure

from mali_news.errors import failure_reason


def http_error(status: int) -> HttpError:
    return HttpError(Response("http://edition.cnn.com/x", status=status), "not handled")


@pytest.mark.parametrize(("exception", "reason"), [
    (http_error(503), "http_503"),
    (http_error(404), "http_404"),
    (DownloadTimeoutError("took too long"), "timeout"),
    (twisted_errors.TimeoutError(), "timeout"),
    (CannotResolveHostError("edition.cnn.com"), "dns_failure"),
    (DownloadConnectionRefusedError("refused"), "connection_refused"),
    (ResponseDataLossError("lost"), "connection_lost"),
    (twisted_errors.ConnectionLost(), "connection_lost"),
    (DownloadCancelledError("Received 9000 bytes which is larger than download max size (10)"),
     "too_large"),
    (IgnoreRequest("max redirections reached"), "redirect_loop"),
    (IgnoreRequest("offsite redirect to http://example.org/"), "offsite_redirect"),
    (IgnoreRequest("Filtered offsite request to 'example.org'"), "offsite_redirect"),
    (IgnoreRequest("Forbidden by robots.txt"), "robots_disallowed"),
    (IgnoreRequest("not in the replay mirror: http://x"), "ignored"),
    (ValueError("odd"), "ValueError"),
])
def test_failure_reason(exception, reason):
    assert failure_reason(Failure(exception)) == reason
