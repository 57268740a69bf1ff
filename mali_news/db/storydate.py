"""The date of a story, one rule for every reader: report, enrich, coverage, Datasette, views."""

# First publication; else the last update the page printed; else the day the crawl first saw
# the page (a story whose page gives no time at all still has a place in time).
_DATE = "coalesce({a}.published_at, {a}.updated_at, {a}.first_seen_at)"


def story_date(alias: str = "a") -> str:
    """SQL for a story's date, the articles table aliased as alias."""
    return _DATE.format(a=alias)


def story_month(alias: str = "a", dialect: str = "sqlite") -> str:
    """SQL for a story's month, 'YYYY-MM', from story_date()."""
    if dialect == "postgresql":
        return f"to_char({story_date(alias)}, 'YYYY-MM')"
    return f"substr(CAST({story_date(alias)} AS TEXT), 1, 7)"
