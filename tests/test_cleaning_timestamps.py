from datetime import UTC, datetime

import pytest

from mali_news.cleaning.timestamps import (
    parse_iso_timestamp,
    parse_machine_timestamp,
    parse_printed_timestamp,
    parse_script_date,
    time_on_day,
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(("text", "expected", "kind"), [
    # legacy edition.cnn.com: the date is the GMT date; HKT may be the next day
    ("January 25, 2013 -- Updated 2147 GMT (0547 HKT)", utc(2013, 1, 25, 21, 47), "updated"),
    ("October 24, 2012 -- Updated 0147 GMT (0947 HKT)", utc(2012, 10, 24, 1, 47), "updated"),
    ("August 13, 2013 -- Updated 0228 GMT (1028 HKT)", utc(2013, 8, 13, 2, 28), "updated"),
    ("\nApril 26, 2014 -- Updated 1358 GMT (2158 HKT)\n", utc(2014, 4, 26, 13, 58), "updated"),
    # legacy www.cnn.com: US Eastern, standard and daylight time
    ("updated 4:47 PM EST, Fri January 25, 2013", utc(2013, 1, 25, 21, 47), "updated"),
    ("updated 11:21 AM EDT, Tue May 28, 2013", utc(2013, 5, 28, 15, 21), "updated"),
    ("updated 11:45 AM EST, Mon January 28, 2013", utc(2013, 1, 28, 16, 45), "updated"),
    ("updated 12:05 AM EST, Sat January 26, 2013", utc(2013, 1, 26, 5, 5), "updated"),
    ("updated 12:30 PM EDT, Mon July 1, 2013", utc(2013, 7, 1, 16, 30), "updated"),
    # 2010 script-written US form
    ("August 13, 2010 7:08 p.m. EDT", utc(2010, 8, 13, 23, 8), "updated"),
    ("August 13, 2010 -- Updated 2308 GMT (0708 HKT)", utc(2010, 8, 13, 23, 8), "updated"),
    # zn and modern
    ("Updated 1354 GMT (2154 HKT) November 13, 2015", utc(2015, 11, 13, 13, 54), "updated"),
    ("Updated 9:55 AM ET, Tue November 29, 2016", utc(2016, 11, 29, 14, 55), "updated"),
    ("Updated 9:55 AM ET, Mon August 1, 2016", utc(2016, 8, 1, 13, 55), "updated"),
    ("Updated\n        4:48 PM EST, Mon November 6, 2023", utc(2023, 11, 6, 21, 48), "updated"),
    ("Published 8:00 AM EDT, Wed May 1, 2024", utc(2024, 5, 1, 12, 0), "published"),
    # CNN Arabic: Sunday 4 August 2013, last updated 02:21 at GMT+4.
    ("الأحد، 04 آب/اغسطس 2013، آخر تحديث 02:21 (GMT+0400)", utc(2013, 8, 3, 22, 21), "updated"),
    ("الخميس، 17 كانون الثاني/يناير 2013، آخر تحديث 14:05 (GMT+0400)", utc(2013, 1, 17, 10, 5),
     "updated"),
])
def test_printed_timestamps(text, expected, kind):
    assert parse_printed_timestamp(text) == (expected, kind)


@pytest.mark.parametrize("text", [
    "February 30, 2013 -- Updated 2147 GMT (0547 HKT)",
    "January 25, 2013 -- Updated 2547 GMT (0547 HKT)",
    "January 25, 2013 -- Updated 2170 GMT (0547 HKT)",
    "updated 13:47 PM EST, Fri January 25, 2013",
    "Smarch 25, 2013 -- Updated 2147 GMT",
    "الأحد، 31 شباط/فبراير 2013، آخر تحديث 02:21 (GMT+0400)",
    "الأحد، 04 فلان 2013، آخر تحديث 02:21 (GMT+0400)",
    "",
    None,
    "no time here",
])
def test_unreadable_timestamps_never_become_a_date(text):
    assert parse_printed_timestamp(text) == (None, "")


@pytest.mark.parametrize(("text", "expected"), [
    ("2013-02-15T08:45:05Z", utc(2013, 2, 15, 8, 45, 5)),
    ("2023-11-06T13:00:15.055Z", utc(2023, 11, 6, 13, 0, 15)),
    ("2016-11-29T09:55:00-05:00", utc(2016, 11, 29, 14, 55)),
    ("2016-02-01 01:28:49", utc(2016, 2, 1, 1, 28, 49)),
    ("2013-02-30T08:45:05Z", None),
    ("yesterday", None),
    ("", None),
])
def test_iso_timestamps(text, expected):
    assert parse_iso_timestamp(text) == expected


@pytest.mark.parametrize(("text", "bare", "expected", "kind"), [
    # 2010 legacy, both strings the page's script writes (edition, then www): the last update.
    ("February 9, 2010 -- Updated 2204 GMT (0604 HKT)", "updated", utc(2010, 2, 9, 22, 4), "updated"),
    ("February 9, 2010 5:04 p.m. EST", "updated", utc(2010, 2, 9, 22, 4), "updated"),
    ("August 13, 2010 7:08 p.m. EDT", "updated", utc(2010, 8, 13, 23, 8), "updated"),
    # Blog posts: when the post went up.
    ("October 13th, 2010 08:19 PM ET", "published", utc(2010, 10, 14, 0, 19), "published"),
    ("January 28th, 2013 / 11:55 AM ET", "updated", utc(2013, 1, 28, 16, 55), "published"),
    ("May 3rd, 2011 / 07:36 AM ET", "published", utc(2011, 5, 3, 11, 36), "published"),
    # A word printed with the time wins over the page's default.
    ("Updated 1946 GMT (0346 HKT) January 25, 2013", "published", utc(2013, 1, 25, 19, 46), "updated"),
    ("January 25, 2013 -- Updated 1946 GMT (0346 HKT)", "published", utc(2013, 1, 25, 19, 46), "updated"),
])
def test_printed_timestamps_of_a_kind(text, bare, expected, kind):
    assert parse_printed_timestamp(text, bare) == (expected, kind)


@pytest.mark.parametrize(("text", "expected"), [
    ("Tue Feb 02 02:39:37 EST 2010", utc(2010, 2, 2, 7, 39, 37)),
    ("Tuesday Feb 9 17:04:04 EST 2010", utc(2010, 2, 9, 22, 4, 4)),
    ("Fri Aug 13 19:08:33 EDT 2010", utc(2010, 8, 13, 23, 8, 33)),
    ("Mon Feb 01 00:02:38 EST 2010", utc(2010, 2, 1, 5, 2, 38)),
    ("Feb 30 10:00:00 EST 2010", None),
    ("Tue Feb 02 2010", None),
    ("", None),
])
def test_script_dates(text, expected):
    assert parse_script_date(text) == expected


def test_machine_timestamps_read_iso_and_script_dates():
    assert parse_machine_timestamp("2013-02-15T08:45:05Z") == utc(2013, 2, 15, 8, 45, 5)
    assert parse_machine_timestamp("Tue Feb 02 02:39:37 EST 2010") == utc(2010, 2, 2, 7, 39, 37)
    assert parse_machine_timestamp("soon") is None


@pytest.mark.parametrize(("text", "expected", "kind"), [
    ("Posted: 02:33 PM ET", utc(2010, 10, 13, 18, 33), "published"),
    ("Posted by 02:33 PM ET", None, ""),
    ("[Posted at 4:30 a.m. ET]", utc(2010, 10, 13, 8, 30), "published"),
    ("[Updated 11:55 a.m. ET]", utc(2010, 10, 13, 15, 55), "updated"),
    ("02:33 PM ET", utc(2010, 10, 13, 18, 33), "published"),
    ("13:33 PM ET", None, ""),
])
def test_a_time_of_day_on_the_posts_day(text, expected, kind):
    assert time_on_day(text, utc(2010, 10, 13)) == (expected, kind)
    assert time_on_day(text, None) == (None, "")
