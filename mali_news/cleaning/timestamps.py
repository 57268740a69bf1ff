"""Parse CNN's printed and machine timestamps into UTC datetimes."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from mali_news.cleaning.text import normalize_space

_EASTERN = ZoneInfo("America/New_York")
_FIXED_OFFSETS = {"GMT": 0, "UTC": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "PST": -8,
                  "PDT": -7}
_MONTHS = {name: i for i, name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTHS.update({name[:3]: i for name, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9

_DATE = r"(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"
_WEEKDAY = r"(?:[A-Za-z]{3,9},?\s+)?"
_CLOCK12 = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?)"
_ZONE = r"(?P<zone>GMT|UTC|E[SD]T|ET|C[SD]T|P[SD]T)"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # transcripts: "Aired January 15, 2013 - 20:00   ET", "Aired August 6, 2012 - 15:00:00 ET"
    ("aired", re.compile(
        r"(?P<kind>Aired)\s+" + _DATE + r"\s*(?:--|—|–|-)\s*(?P<hour24>\d{1,2}):(?P<minute>\d{2})"
        r"(?::\d{2})?\s*" + _ZONE, re.IGNORECASE)),
    # legacy edition: "January 25, 2013 -- Updated 2147 GMT (0547 HKT)"
    ("date_hhmm", re.compile(
        _DATE + r"\s*(?:--|—|–|-)\s*(?P<kind>Updated|Published|Posted)\s+(?P<hhmm>\d{4})\s*"
        r"(?P<zone>GMT|UTC)", re.IGNORECASE)),
    # zn edition: "Updated 1354 GMT (2154 HKT) November 13, 2015"
    ("hhmm_date", re.compile(
        r"(?P<kind>Updated|Published|Posted)\s+(?P<hhmm>\d{4})\s*(?P<zone>GMT|UTC)"
        r"(?:\s*\(\d{4}\s*[A-Z]{2,4}\))?,?\s+" + _WEEKDAY + _DATE, re.IGNORECASE)),
    # www: "updated 4:47 PM EST, Fri January 25, 2013"; modern "Updated 9:22 PM EST, Mon ..."
    ("clock_date", re.compile(
        r"(?:(?P<kind>Updated|Published|Posted)\s+)?" + _CLOCK12 + r"\s+" + _ZONE + r",?\s+"
        + _WEEKDAY + _DATE, re.IGNORECASE)),
    # CNN's blogs: "January 28th, 2013 / 11:55 AM ET" (when the post went up)
    ("blog", re.compile(
        _DATE + r"\s*/\s*(?:Posted\s*:?\s*)?" + _CLOCK12 + r"\s+" + _ZONE, re.IGNORECASE)),
    # 2010 US: "August 13, 2010 7:08 p.m. EDT"
    ("date_clock", re.compile(
        r"(?:(?P<kind>Updated|Published|Posted)\s+)?" + _DATE + r",?\s+(?:at\s+)?" + _CLOCK12
        + r"\s+" + _ZONE, re.IGNORECASE)),
)


# CNN Arabic: "الأحد، 04 آب/اغسطس 2013، آخر تحديث 02:21 (GMT+0400)" (the Levantine month name,
# a slash, the Egyptian one; "آخر تحديث" is "last updated").
_ARABIC_MONTHS = {
    "كانون الثاني": 1, "يناير": 1, "شباط": 2, "فبراير": 2, "آذار": 3, "مارس": 3, "نيسان": 4,
    "أبريل": 4, "ابريل": 4, "أيار": 5, "ايار": 5, "مايو": 5, "حزيران": 6, "يونيو": 6, "تموز": 7,
    "يوليو": 7, "آب": 8, "اب": 8, "أغسطس": 8, "اغسطس": 8, "أيلول": 9, "ايلول": 9, "سبتمبر": 9,
    "تشرين الأول": 10, "تشرين الاول": 10, "أكتوبر": 10, "اكتوبر": 10, "تشرين الثاني": 11,
    "نوفمبر": 11, "كانون الأول": 12, "كانون الاول": 12, "ديسمبر": 12,
}
_ARABIC_RE = re.compile(
    r"(?P<day>\d{1,2})\s+(?P<month>[^\d/،,]+?)(?:\s*/\s*[^\d/،,]+?)?\s+(?P<year>\d{4})\s*[،,]?\s*"
    r"(?P<kind>آخر تحديث|نشر)?\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})\s*"
    r"\(GMT(?P<sign>[+-])(?P<oh>\d{2}):?(?P<om>\d{2})\)")


def _parse_arabic(text: str) -> tuple[datetime | None, str]:
    m = _ARABIC_RE.search(text)
    month = _ARABIC_MONTHS.get(m["month"].strip()) if m else None
    if not m or month is None:
        return None, ""
    offset = timedelta(hours=int(m["oh"]), minutes=int(m["om"])) * (1 if m["sign"] == "+" else -1)
    try:
        local = datetime(int(m["year"]), month, int(m["day"]), int(m["hour"]), int(m["minute"]))
    except ValueError:
        return None, ""
    return (local - offset).replace(tzinfo=UTC), "published" if m["kind"] == "نشر" else "updated"


def _month(name: str) -> int | None:
    return _MONTHS.get(name.lower().rstrip("."))


def _to_utc(year: int, month: int, day: int, hour: int, minute: int, zone: str,
            second: int = 0) -> datetime:
    zone = zone.upper()
    if zone == "ET":
        # "ET" leaves standard or daylight time to the calendar.
        return datetime(year, month, day, hour, minute, second, tzinfo=_EASTERN).astimezone(UTC)
    naive = datetime(year, month, day, hour, minute, second)
    return (naive - timedelta(hours=_FIXED_OFFSETS[zone])).replace(tzinfo=UTC)


def parse_printed_timestamp(text: str | None, bare: str = "updated") -> tuple[datetime | None, str]:
    """(UTC datetime, kind) from a printed CNN timestamp; (None, "") when it cannot be read.

    kind is "updated" or "published"; a time with neither word is of the kind bare: on a
    story CNN prints the latest update there, on a blog post when it went up.
    """
    text = normalize_space(text)
    if not text:
        return None, ""
    for name, pattern in _PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        groups = m.groupdict()
        month = _month(groups["month"])
        if month is None:
            return None, ""
        if groups.get("hhmm"):
            hour, minute = int(groups["hhmm"][:2]), int(groups["hhmm"][2:])
        elif groups.get("hour24"):
            hour, minute = int(groups["hour24"]), int(groups["minute"])
        else:
            hour, minute = int(groups["hour"]), int(groups["minute"])
            if not 1 <= hour <= 12:
                return None, ""
            is_pm = groups["ampm"].lower().startswith("p")
            hour = hour % 12 + (12 if is_pm else 0)
        # A blog post prints when it went up; elsewhere a bare time is the latest update.
        kind = (groups.get("kind") or ("posted" if name == "blog" else bare)).lower()
        kind = "published" if kind in ("published", "posted", "aired") else "updated"
        try:
            value = _to_utc(int(groups["year"]), month, int(groups["day"]), hour, minute,
                            groups["zone"])
        except ValueError:
            # "February 30, 2013" or "Updated 2547 GMT": never guess a date.
            return None, ""
        return value, kind
    return _parse_arabic(text)


# A page script's Date: cnnFirstPub = new Date('Tue Feb 02 02:39:37 EST 2010') (2010 legacy);
# the weekday may be spelled out ("Tuesday Feb 9 17:04:04 EST 2010").
_SCRIPT_DATE_RE = re.compile(
    r"^(?:[A-Za-z]{3,9},?\s+)?(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2}),?\s+"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s+" + _ZONE + r"\s+(?P<year>\d{4})$",
    re.IGNORECASE)


def parse_script_date(text: str | None) -> datetime | None:
    """UTC datetime from a JavaScript Date string as CNN's scripts wrote it; None if unreadable."""
    m = _SCRIPT_DATE_RE.match(normalize_space(text))
    month = _month(m["month"]) if m else None
    if m is None or month is None:
        return None
    try:
        return _to_utc(int(m["year"]), month, int(m["day"]), int(m["hour"]), int(m["minute"]), m["zone"],
                       int(m["second"] or 0))
    except ValueError:
        return None


def parse_machine_timestamp(text: str | None) -> datetime | None:
    """UTC datetime from a machine-written time: an ISO 8601 meta or a page script's Date."""
    return parse_iso_timestamp(text) or parse_script_date(text)


# A time printed without its day: "Posted: 02:33 PM ET", "[Posted at 4:30 a.m. ET]".
_TIME_OF_DAY_RE = re.compile(
    r"^\[?\s*(?:(?P<kind>Updated|Published|Posted)(?:\s*:|\s+at)?\s+)?" + _CLOCK12 + r"\s+" + _ZONE
    + r"\s*\]?$", re.IGNORECASE)


def time_on_day(text: str | None, day: datetime | None,
                bare: str = "published") -> tuple[datetime | None, str]:
    """(UTC datetime, kind) of a time printed without its day ("Posted: 02:33 PM ET"), on the
    day given (a post's address or date heading); (None, "") when either is missing."""
    m = _TIME_OF_DAY_RE.match(normalize_space(text))
    if m is None or day is None or not 1 <= int(m["hour"]) <= 12:
        return None, ""
    hour = int(m["hour"]) % 12 + (12 if m["ampm"].lower().startswith("p") else 0)
    kind = (m["kind"] or bare).lower()
    try:
        value = _to_utc(day.year, day.month, day.day, hour, int(m["minute"]), m["zone"])
    except ValueError:
        return None, ""
    return value, "updated" if kind == "updated" else "published"


def parse_iso_timestamp(text: str | None) -> datetime | None:
    """UTC datetime from an ISO 8601 meta value ("2013-02-15T08:45:05Z"); None if unreadable."""
    text = normalize_space(text)
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0)
