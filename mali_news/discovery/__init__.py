"""Routes that find story addresses beyond the seed's links: CNN's sitemaps and the archives' indexes."""

from mali_news.archives.registry import NAMES

# Each archive's index is a route of the archive's name: wayback, the Wayback Machine's index;
# commoncrawl, the indexes of Common Crawl's crawls.
ROUTES = ("links", "sitemaps", *NAMES)
# Names a route had before: "archive", from before Common Crawl, stays accepted for crontabs.
OLD_NAMES = {"archive": "wayback"}


def parse_routes(spec: str | list[str] | tuple[str, ...]) -> frozenset[str]:
    """{"links", "sitemaps"} from "links,sitemaps"; "all" names every route.

    Raises ValueError naming an unknown route.
    """
    names = spec.split(",") if isinstance(spec, str) else list(spec)
    routes = {OLD_NAMES.get(name.strip().lower(), name.strip().lower()) for name in names if name.strip()}
    if "all" in routes:
        return frozenset(ROUTES)
    unknown = sorted(routes - set(ROUTES))
    if unknown:
        raise ValueError(f"discover takes {', '.join(ROUTES)} or all (comma-separated), "
                         f"not {', '.join(unknown)}")
    return frozenset(routes or {"links"})
