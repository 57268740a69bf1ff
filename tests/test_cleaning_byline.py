import pytest

from mali_news.cleaning.byline import split_byline, strip_byline


@pytest.mark.parametrize(("byline", "authors"), [
    ("By Nima Elbagir and Ingrid Formanek, CNN", ["Nima Elbagir", "Ingrid Formanek"]),
    ("By Dana Ford and Tom Watkins, CNN", ["Dana Ford", "Tom Watkins"]),
    ("By Dana Ford  and Tom Watkins,  CNN", ["Dana Ford", "Tom Watkins"]),
    ("By Phil Black, Boriana Milanova and Laura Smith-Spark, CNN",
     ["Phil Black", "Boriana Milanova", "Laura Smith-Spark"]),
    ("Phil Black, Boriana Milanova and Laura Smith-Spark, CNN",
     ["Phil Black", "Boriana Milanova", "Laura Smith-Spark"]),
    ("By Jeremy Herb, Lauren del Valle, and Kara Scannell, CNN",
     ["Jeremy Herb", "Lauren del Valle", "Kara Scannell"]),
    ("By Faith Karimi, CNN", ["Faith Karimi"]),
    ("By Faith Karimi , CNN", ["Faith Karimi"]),
    ("By  Ed Hornick, CNN", ["Ed Hornick"]),
    ("From Jim Bittermann, CNN", ["Jim Bittermann"]),
    ("From Andrea de Georgio, for CNN", ["Andrea de Georgio"]),
    ("By Frida Ghitis, Special to CNN", ["Frida Ghitis"]),
    ("By Peter Bergen, CNN National Security Analyst", ["Peter Bergen"]),
    ("By Barbara Starr", ["Barbara Starr"]),
    ("By the CNN Wire Staff", []),
    ("CNN Wire Staff", []),
    ("By CNN Staff", []),
    ("", []),
    ("Analysis by Joan\xa0Biskupic, CNN Senior Supreme Court Analyst", ["Joan Biskupic"]),
    ("Analysis by Chris Cillizza, CNN Editor-at-large", ["Chris Cillizza"]),
    ("By Jill Disis, CNN Business", ["Jill Disis"]),
    ("Opinion by Frida Ghitis", ["Frida Ghitis"]),
    ("By Martin Luther King, Jr. and Coretta Scott King, CNN",
     ["Martin Luther King, Jr.", "Coretta Scott King"]),
    ("By Nima Elbagir and Nima Elbagir, CNN", ["Nima Elbagir"]),
])
def test_split_byline(byline, authors):
    assert split_byline(byline) == authors


@pytest.mark.parametrize(("byline", "names"), [
    ("By Nima Elbagir and Ingrid Formanek, CNN", "Nima Elbagir and Ingrid Formanek"),
    ("From Andrea de Georgio, for CNN", "Andrea de Georgio"),
    ("By the CNN Wire Staff", ""),
])
def test_strip_byline(byline, names):
    assert strip_byline(byline) == names
