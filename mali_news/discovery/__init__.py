"""Routes that find story addresses beyond the seed's links: CNN's sitemaps and the archives' indexes."""

# archive: the Wayback Machine's index; commoncrawl: the indexes of Common Crawl's crawls.
ROUTES = ("links", "sitemaps", "archive", "commoncrawl")


def parse_routes(spec: str | list[str] | tuple[str, ...]) -> frozenset[str]:
    """{"links", "sitemaps"} from "links,sitemaps"; "all" names every route.

    Raises ValueError naming an unknown route.
    """
    names = spec.split(",") if isinstance(spec, str) else list(spec)
    routes = {name.strip().lower() for name in names if name.strip()}
    if "all" in routes:
        return frozenset(ROUTES)
    unknown = sorted(routes - set(ROUTES))
    if unknown:
        raise ValueError(f"discover takes {', '.join(ROUTES)} or all (comma-separated), "
                         f"not {', '.join(unknown)}")
    return frozenset(routes or {"links"})
