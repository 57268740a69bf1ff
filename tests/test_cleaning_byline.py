import pytest

from mali_news.cleaning.byline import credits_from_names, is_full_name, parse_credits, split_byline
from mali_news.items import Credit


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
    ("Reuters", []),
    ("By Salma Abdelaziz, CNN, and Farida Fawzy, for CNN", ["Salma Abdelaziz", "Farida Fawzy"]),
    ("By Erin Burnett, Host, CNN's Erin Burnett OutFront", ["Erin Burnett"]),
    ("By Bill Neely, NBC News", ["Bill Neely"]),
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


@pytest.mark.parametrize(("byline", "credits"), [
    ("By Salma Abdelaziz, CNN, and Farida Fawzy, for CNN",
     [Credit("Salma Abdelaziz", outlet="CNN"), Credit("Farida Fawzy", role="for CNN")]),
    ("By Erin Burnett, Host, CNN's Erin Burnett OutFront",
     [Credit("Erin Burnett", role="Host, CNN's Erin Burnett OutFront")]),
    ("By Bill Neely, NBC News", [Credit("Bill Neely", outlet="NBC News")]),
    # A role CNN printed before the name, as early blog posts did.
    ("Posted by: CNN.com writer Lisa Respers France",
     [Credit("Lisa Respers France", role="CNN.com writer")]),
    ("By Senior International Correspondent Nima Elbagir and producer Ingrid Formanek",
     [Credit("Nima Elbagir", role="Senior International Correspondent"),
      Credit("Ingrid Formanek", role="producer")]),
    ("Post by: CNN's Jason Hanna", [Credit("Jason Hanna", outlet="CNN")]),
    ("Reuters", [Credit("Reuters", "agency")]),
    ("By CNN Wire Staff", [Credit("CNN Wire Staff", "staff")]),
    ("By the CNN Wire Staff", [Credit("CNN Wire Staff", "staff")]),
    ("CNN Wire", [Credit("CNN Wire", "staff")]),
    ("By CNN Staff", [Credit("CNN Staff", "staff")]),
    ("By The Associated Press", [Credit("The Associated Press", "agency")]),
    ("AFP", [Credit("AFP", "agency")]),
    ("By Nima Elbagir and Ingrid Formanek, CNN",
     [Credit("Nima Elbagir", outlet="CNN"), Credit("Ingrid Formanek", outlet="CNN")]),
    ("By Faith Karimi, CNN, and Reuters",
     [Credit("Faith Karimi", outlet="CNN"), Credit("Reuters", "agency")]),
    ("By John Smith, Reuters", [Credit("John Smith", outlet="Reuters")]),
    ("By Jill Disis, CNN Business", [Credit("Jill Disis", outlet="CNN Business")]),
    ("By Frida Ghitis, Special to CNN", [Credit("Frida Ghitis", role="Special to CNN")]),
    ("Analysis by Chris Cillizza, CNN Editor-at-large",
     [Credit("Chris Cillizza", role="CNN Editor-at-large")]),
    ("By Barbara Starr", [Credit("Barbara Starr")]),
    ("By", []),
    ("", []),
    # Partner content, 2008-2014: what follows the name is a role or an outlet, never a person.
    ("By Martha Beck, O, The Oprah Magazine", [Credit("Martha Beck", outlet="O, The Oprah Magazine")]),
    ("By Ethan Trex, Mental Floss", [Credit("Ethan Trex", outlet="Mental Floss")]),
    ("By Shane Smith, Founder of VICE and VBS.TV",
     [Credit("Shane Smith", role="Founder of VICE and VBS.TV")]),
    ("By David Rothkopf, Foreign Policy", [Credit("David Rothkopf", outlet="Foreign Policy")]),
    ("By Tracey Shelton, GlobalPost", [Credit("Tracey Shelton", outlet="GlobalPost")]),
    ("By Christopher Dickey, Newsweek and The Daily Beast",
     [Credit("Christopher Dickey", outlet="Newsweek and The Daily Beast")]),
    ("By Sarah Kliff, Health.com", [Credit("Sarah Kliff", outlet="Health.com")]),
    ("By Jane Smith, Special to CNN, and John Doe, Reuters",
     [Credit("Jane Smith", role="Special to CNN"), Credit("John Doe", outlet="Reuters")]),
    ("By Peter Bergen, CNN National Security Analyst, and Jennifer Rowland, Special to CNN",
     [Credit("Peter Bergen", role="CNN National Security Analyst"),
      Credit("Jennifer Rowland", role="Special to CNN")]),
    # Blog credits: "Post by:", "Posted by", "CNN's X".
    ("Post by: CNN's Josh Levs", [Credit("Josh Levs", outlet="CNN")]),
    ("Post by: CNN’s Josh Levs and CNN's Ashley Hayes",
     [Credit("Josh Levs", outlet="CNN"), Credit("Ashley Hayes", outlet="CNN")]),
    ("Posted by Kate Bolduan", [Credit("Kate Bolduan")]),
    ("By Barbara Starr, CNN", [Credit("Barbara Starr", outlet="CNN")]),
])
def test_parse_credits(byline, credits):
    assert parse_credits(byline) == credits


@pytest.mark.parametrize(("piece", "full"), [
    ("Lauren del Valle", True), ("John D. Sutter", True), ("Laura Smith-Spark", True),
    ("Iyad Ag Ghaly", True), ("O", False), ("VBS.TV", False), ("The Oprah Magazine", False),
    ("Health.com", False), ("Founder of VICE", False),
])
def test_is_full_name(piece, full):
    assert is_full_name(piece) is full


def test_credits_from_structured_names():
    assert credits_from_names(["Joan Biskupic", " CNN Wire Staff", "Reuters", "Joan Biskupic", ""]) == [
        Credit("Joan Biskupic"), Credit("CNN Wire Staff", "staff"), Credit("Reuters", "agency")]
