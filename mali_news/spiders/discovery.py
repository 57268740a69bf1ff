"""The spider's discovery routes, dispatched: each route is a strategy in discovery/routes.py."""

import logging
from collections.abc import Callable, Iterator
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from mali_news.db import candidates as candidate_db
from mali_news.db.crawldb import CrawlDatabase
from mali_news.discovery.routes import ROUTES, ListingRoute, Route
from mali_news.errors import LEFT, failure_reason
from mali_news.meta import DISCOVERY_ROUTE, FAILURE
from mali_news.spiders.arguments import CrawlArguments

logger = logging.getLogger(__name__)


class DiscoveryMixin:
    """Requests for the routes named by -a discover (sitemaps, wayback, commoncrawl), and the two
    callbacks every route's pages come back to. A candidate is a start point (hops 0) that the
    topic rule and date window still judge on the page itself. What a route found and how far
    it read an archive's index are kept in the corpus, so a run that stops is finished by the
    next one: candidates not yet fetched are fetched, index queries read on from their resume
    key, and candidates already stored or dropped are not fetched again."""

    crawler: Crawler
    args: CrawlArguments
    _request: Callable[..., Request | None]

    def discovery_requests(self) -> Iterator[Request]:
        names = sorted((self.args.routes or frozenset()) & ROUTES.keys(), key=list(ROUTES).index)
        if not names:
            return
        self.routes: dict[str, Route] = {}
        with CrawlDatabase.of(self.crawler).sessions() as session:
            conn = session.connection()
            self.settled = candidate_db.settled(conn)
            queued = candidate_db.queued(conn, frozenset(names))
            pending = {name: candidate_db.pending_listings(conn, name) for name in names}
        for name in names:
            self.routes[name] = route = ROUTES[name](self)
            yield from route.first_requests(pending[name] if isinstance(route, ListingRoute) else [])
        if queued:
            logger.info("%d candidates an earlier run found and did not fetch are fetched now", len(queued))
        for _key, found in queued:
            spec = self.routes[found.source].fetch(found.capture)
            if request := self._request(found.found_url, hops=0, wayback=spec, discovered=found.source,
                                        why=found.why):
                yield request

    def parse_discovery(self, response: Response) -> Iterator[Request]:
        yield from self.routes[response.meta[DISCOVERY_ROUTE]].read(response)

    def on_discovery_error(self, failure: Failure) -> Iterator[Request]:
        request: Any = failure.request
        reason = request.meta.get(FAILURE) or failure_reason(failure)
        if reason == LEFT:
            return  # the archive was out of reach: the query stays pending for the next run
        yield from self.routes[request.meta[DISCOVERY_ROUTE]].failed(request, reason)
