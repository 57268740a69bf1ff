"""Canonical story keys, URL kinds and the day an address names, for CNN addresses."""

import re
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

# Hosts that serve the same stories under one path: they collapse to one key.
MAIN_HOSTS = frozenset(
    {"cnn.com", "www.cnn.com", "edition.cnn.com", "us.cnn.com", "international.cnn.com"}
)
CANONICAL_HOST = "www.cnn.com"
# Other publications on cnn.com hosts (CNNMoney, Fortune and its blogs such as
# tech.fortune.cnn.com, Sports Illustrated, iReport) and CNN's editions in other languages:
# never stored. A host counts with every host under it. The default of MALI_NEWS_OTHER_PUBLICATIONS.
OTHER_PUBLICATIONS = (
    "money.cnn.com", "fortune.cnn.com", "sportsillustrated.cnn.com", "si.cnn.com", "ireport.cnn.com",
    "arabic.cnn.com", "cnnespanol.cnn.com", "mexico.cnn.com",
)
TRACKING_PARAMS = frozenset({"hpt", "iid", "iref", "eref", "sr", "cid", "ref", "rss", "xid", "s_cid"})

# /2013/01/25/world/africa/slug/index.html and the older forms /2010/POLITICS/08/13/slug/index.html
# and /2010/WORLD/africa/02/10/slug/index.html
_DATED_RE = re.compile(r"^/\d{4}/(?:[A-Za-z_]+/){0,2}\d{2}/\d{2}/.+")
# ";jsessionid=..." in a path segment; "index.htm" and "index.html/" spell index.html.
_SESSION_RE = re.compile(r";jsessionid=[^/;?]*", re.IGNORECASE)
_INDEX_RE = re.compile(r"/index\.html?/*$", re.IGNORECASE)
# /TRANSCRIPTS/1301/15/acd.01.html (www., edition. or transcripts.cnn.com), and the later
# transcripts.cnn.com/show/<show>/date/YYYY-MM-DD/segment/NN.
_TRANSCRIPT_RE = re.compile(r"^/(?:TRANSCRIPTS/\d{4}/\d{2}/[\w.-]+\.html"
                            r"|show/[\w-]+/date/\d{4}-\d{2}-\d{2}/segment/\d+/?)$")
TRANSCRIPT_HOST = "transcripts.cnn.com"
# CNN's WordPress blogs (news.blogs.cnn.com ...): a post is /YYYY/MM/DD/slug/, a day's
# listing /YYYY/MM/DD/.
BLOG_HOST_SUFFIX = ".blogs.cnn.com"
_BLOG_POST_RE = re.compile(r"^/\d{4}/\d{2}/\d{2}/[^/]+/?$")
_BLOG_DAY_RE = re.compile(r"^/\d{4}/\d{2}/\d{2}/?$")
_HUB_RE = re.compile(r"^/(?:SPECIALS|specials)(?:/|$)")
_SECTION_RE = re.compile(
    r"^/(?:world|africa|WORLD|WORLD/africa|world/africa|us|US|politics|POLITICS)?/?(?:index\.html)?$"
)


def publication_of(url: str, publications: tuple[str, ...] | list[str] = OTHER_PUBLICATIONS) -> str:
    """The listed publication whose host (or a host under it) serves url, else ""."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    for publication in publications:
        publication = publication.lower().strip().strip(".")
        if publication and (host == publication or host.endswith("." + publication)):
            return publication
    return ""


def is_cnn_host(host: str | None) -> bool:
    host = (host or "").lower().rstrip(".")
    return host == "cnn.com" or host.endswith(".cnn.com")


# Pages link to the same stories again and again; the key is a pure function of the address.
@lru_cache(maxsize=1 << 16)
def canonical_url(url: str) -> str:
    """The one key a story has, whatever host, scheme, tracking query, session id or index
    file spelling it was reached by.

    w3lib does the generic part (query order, percent-encoding, fragment); CNN's own rules
    follow: its news hosts serve one story under one path, which ends in index.html.
    """
    url = url_query_cleaner(url.strip(), sorted(TRACKING_PARAMS), remove=True)
    parts = urlsplit(canonicalize_url(url))
    host = (parts.hostname or "").lower().rstrip(".")
    path = _SESSION_RE.sub("", parts.path or "/")
    path = _INDEX_RE.sub("/index.html", re.sub(r"/{2,}", "/", path))
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k.lower() not in TRACKING_PARAMS and not k.lower().startswith("utm_")]
    if host in MAIN_HOSTS | {TRANSCRIPT_HOST} and _TRANSCRIPT_RE.match(path):
        # A transcript is one page under any of CNN's hosts.
        host, query = TRANSCRIPT_HOST, []
    elif host.endswith(BLOG_HOST_SUFFIX) and _BLOG_POST_RE.match(path):
        # A WordPress post: one address, with its trailing slash, whatever query it was linked with.
        query = []
        path = path.rstrip("/") + "/"
    elif host in MAIN_HOSTS:
        host = CANONICAL_HOST
        if _DATED_RE.match(path):
            # Story paths carry no meaningful query; the canonical link sometimes drops index.html.
            query = []
            if not path.endswith(".html"):
                path = path.rstrip("/") + "/index.html"
    scheme = "https" if parts.scheme in ("http", "https", "") else parts.scheme.lower()
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def url_kind(url: str) -> str:
    """Classify a URL by its shape: article, blog_post, transcript, hub, video, gallery,
    out_of_scope or other."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not is_cnn_host(parts.hostname):
        return "other"
    host = (parts.hostname or "").lower()
    path = parts.path or "/"
    if publication_of(url):
        return "out_of_scope"
    if host in MAIN_HOSTS | {TRANSCRIPT_HOST} and _TRANSCRIPT_RE.match(path):
        return "transcript"
    if host.endswith(BLOG_HOST_SUFFIX):
        if _BLOG_POST_RE.match(path):
            return "blog_post"
        return "hub" if _BLOG_DAY_RE.match(path) else "other"
    if host not in MAIN_HOSTS:
        return "other"
    if path.startswith(("/video", "/videos/")) or path.endswith(".cnn.html"):
        return "video"
    if "/gallery/" in path:
        return "gallery"
    if path.startswith(("/TRANSCRIPTS/", "/transcripts/")):
        return "other"
    if _DATED_RE.match(path):
        return "article"
    if _HUB_RE.match(path) or _SECTION_RE.match(path):
        return "hub"
    return "other"


# The media types a page is read from (the content gate, the triage, an archive's capture).
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


# /2013/01/25/..., and the older forms with a section, or a section and a subsection, before the
# month: /2010/POLITICS/08/13/..., /2010/WORLD/africa/02/10/...
_URL_DATE_RE = re.compile(
    r"/(?P<year>(?:19|20)\d{2})/(?:[A-Za-z_]+/){0,2}(?P<month>\d{2})/(?P<day>\d{2})/")


# Transcripts: /TRANSCRIPTS/1301/17/cnr.07.html and /show/ampr/date/2012-08-10/segment/01
_TRANSCRIPT_DATE_RE = re.compile(r"/TRANSCRIPTS/(?P<yy>\d{2})(?P<month>\d{2})/(?P<day>\d{2})/"
                                 r"|/date/(?P<year>(?:19|20)\d{2})-(?P<month2>\d{2})-(?P<day2>\d{2})(?:/|$)")


def date_from_url(url: str | None) -> datetime | None:
    """The date in a CNN story, blog or transcript address, as midnight UTC of that day; None
    if it has none."""
    if m := _URL_DATE_RE.search(url or ""):
        parts = (m["year"], m["month"], m["day"])
    elif m := _TRANSCRIPT_DATE_RE.search(url or ""):
        parts = ((f"20{m['yy']}", m["month"], m["day"]) if m["yy"]
                 else (m["year"], m["month2"], m["day2"]))
    else:
        return None
    try:
        return datetime(int(parts[0]), int(parts[1]), int(parts[2]), tzinfo=UTC)
    except ValueError:
        return None
