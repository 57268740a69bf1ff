"""Headlines without the site's name that CNN appended in <title> and og:title."""

import re

from mali_news.cleaning.text import normalize_space

# " - CNN.com", " | CNN", " - CNNPolitics.com", " | CNN Politics", " - CNN.com Blogs",
# " - CNNArabic.com": a separator, then CNN's name and nothing else.
_SITE_RE = re.compile(r"\s*(?:^|\s)[-–—|]\s*CNN(?:\.com|\s?[A-Z][A-Za-z]*(?:\.com)?)*\s*$")
_BLOGS_RE = re.compile(r"\s+[-–—]\s+CNN\.com Blogs\s*$")
# WordPress joins the post's title and the blog's name with an en dash (&#8211;).
_BLOG_NAME_RE = re.compile(r"\s+–\s+[^–]+$")


def strip_site_suffix(title: str | None, blog: str = "") -> str:
    """The headline alone: "Mali: the stakes - CNN.com" and "Mali: the stakes – This Just In
    - CNN.com Blogs" are both "Mali: the stakes"; a headline that is only the site's name is ""."""
    title = normalize_space(title)
    if _BLOGS_RE.search(title):
        title = _BLOGS_RE.sub("", title)
        if blog and title.endswith(blog) and re.search(r"\s[-–—|]\s+$", title[: -len(blog)]):
            return title[: -len(blog)].rstrip(" -–—|")
        return _BLOG_NAME_RE.sub("", title)
    stripped = _SITE_RE.sub("", title)
    if blog and stripped.endswith(blog) and re.search(r"\s[-–—|]\s+$", stripped[: -len(blog)]):
        stripped = stripped[: -len(blog)].rstrip(" -–—|")
    return "" if re.fullmatch(r"CNN(?:\.com)?", stripped) else stripped
