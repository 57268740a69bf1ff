"""A generated CNN of 2012-2013 as the archive holds it and as cnn.com re-serves it today, with the truth of what is about Mali."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from urllib.parse import urlsplit

from fixtures.build_site import render_modern, render_story
from mali_news.urls import canonical_url
from tests.cdxserver import surt
from tests.cnnworld import BLOG

START, DAYS = date(2012, 1, 1), 731
COUNTRIES = ["kenya", "nigeria", "somalia", "zimbabwe", "egypt", "ghana", "sudan", "congo", "ethiopia",
             "uganda", "rwanda", "liberia", "senegal", "tanzania", "angola", "zambia", "malawi", "libya"]
TOPICS = ["election", "drought", "floods", "protests", "economy", "health", "football", "wildlife",
          "court", "oil", "music", "fashion", "schools", "railway", "port", "strike"]
WORDS = ["officials", "residents", "market", "capital", "ministry", "report", "weekend", "plans",
         "families", "council", "prices", "region", "workers", "vote", "farmers", "police"]
# Places whose name in a story address rules it in (the topic rule's strong words).
MALI_SLUGS = ["mali", "timbuktu", "bamako", "kidal", "konna", "mnla", "azawad", "diabaly"]
BLOG_HOST = "security.blogs.cnn.com"


@dataclass(frozen=True)
class Story:
    """A page of the world: where it lives, what it says, whether it is about Mali, what
    cnn.com does with its address today (served, gone: 404, front_page: a redirect to the front
    page, no_host: the blog is gone) and when the archive captured it (the first is what it
    was when published; a later one may hold a paragraph added that week; cnn.com's re-serve
    today may have its second paragraph rewritten)."""

    url: str
    title: str
    paragraphs: tuple[str, ...]
    published: date
    mali: bool
    live: str = "served"
    captures: tuple[str, ...] = ()
    added: str = ""
    kind: str = "story"
    rewritten: str = ""

    @property
    def key(self) -> str:
        return canonical_url(self.url)


def _text(rng: random.Random, place: str, n: int) -> tuple[str, ...]:
    return tuple(f"In {place}, " + " ".join(rng.choice(WORDS) for _ in range(18)) + f", officials said ({i})."
                 for i in range(n))


def _stamp(day: date, hour: int) -> str:
    return f"{day:%Y%m%d}{hour:02d}0000"


@dataclass
class World:
    stories: list[Story] = field(default_factory=list)

    @property
    def mali(self) -> set[str]:
        """The keys of the stories about Mali: what a crawl must store, and only that."""
        return {s.key for s in self.stories if s.mali}

    @cached_property
    def by_key(self) -> dict[str, Story]:
        return {s.key: s for s in self.stories}

    def index_rows(self) -> list[tuple[str, str, str, str, object]]:
        """The archive's index, sorted as it is: (urlkey, timestamp, original, status, story)."""
        rows = []
        for story in self.stories:
            for stamp in story.captures:
                rows.append((surt(story.url), stamp, story.url, "200", story))
            # A redirect the statuscode filter must keep out, and a line the index repeats.
            rows.append((surt(story.url), story.captures[0][:8] + "235959", story.url, "301", None))
        return sorted(rows, key=lambda row: (row[0], row[1]))

    def capture(self, story: Story, stamp: str) -> str:
        """The page as captured: CNN's 2012-2013 template (a later capture, the story updated)."""
        paragraphs = list(story.paragraphs)
        if story.added and stamp != story.captures[0]:
            paragraphs.append(story.added)
        if story.kind == "transcript":
            return _transcript(story, paragraphs)
        if story.kind == "blog_post":
            path = story.url.split("://", 1)[1]
            return BLOG.format(title=story.title, blog="Security Clearance", path=path,
                               day=f"{story.published:%B %-d}th, {story.published:%Y}", time="08:46 AM ET",
                               paragraphs="".join(f"<p>{p}</p>" for p in paragraphs))
        day = story.published
        return render_story(urlsplit(story.url).path, {
            "title": story.title, "description": story.title, "meta_author": "CNN Wire Staff",
            "byline_html": "From CNN Wire Staff", "photo": ("photo", "A photo."),
            "highlights": [f"{story.title}: what happened"], "note": "", "contributors": "",
            "coverage": [], "pubdate": f"{day:%Y-%m-%d}T10:00:00Z", "lastmod": f"{day:%Y-%m-%d}T12:00:00Z",
            "timestamp": f"{day:%B %-d, %Y} -- Updated 1200 GMT (2000 HKT)",
            "body": [("p", text) for text in paragraphs]})

    def live(self, url: str) -> tuple[int, dict[str, str], str]:
        """cnn.com's answer today: the story re-served in its 2022+ template, a 404, or a
        redirect to the front page."""
        parts = urlsplit(url)
        if parts.path in ("", "/"):
            return 200, {}, FRONT_PAGE
        if parts.path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, "User-agent: *\nAllow: /\n"
        story = self.by_key.get(canonical_url(url))
        if story is None or story.live == "gone":
            return 404, {}, "<html><body>Page not found</body></html>"
        if story.live == "front_page":
            return 302, {"Location": f"{parts.scheme}://{parts.netloc}/"}, ""
        day = story.published
        return 200, {}, render_modern(parts.path, {
            "title": story.title, "description": story.title, "meta_author": "CNN",
            "byline_html": "By CNN Staff", "ld_authors": [],
            "timestamp": f"Updated 12:00 PM EST, {day:%a %B %-d, %Y}",
            "published_time": f"{day:%Y-%m-%d}T10:00:00Z", "modified_time": f"{day:%Y-%m-%d}T12:00:00Z",
            "body": [("p", text) for text in self.served_paragraphs(story)], "contributors": ""})

    @staticmethod
    def served_paragraphs(story: Story) -> tuple[str, ...]:
        """The story's paragraphs as cnn.com re-serves them today."""
        if not story.rewritten:
            return story.paragraphs
        return (story.paragraphs[0], story.rewritten, *story.paragraphs[2:])


FRONT_PAGE = ("<!DOCTYPE html><html><head><title>CNN - Breaking News</title></head><body>"
              '<h1>CNN</h1><ul class="cnn_bulletbin"><li><a href="/world">World</a></li></ul></body></html>')


def _transcript(story: Story, paragraphs: list[str]) -> str:
    turns = "<br><br>".join(f"ANDERSON COOPER, CNN ANCHOR: {p}" for p in paragraphs)
    return (f"<html><head><title>CNN.com - Transcripts</title></head><body><table id=\"cnnArticleWireFrame\">"
            f"<tr><td><P class=\"cnnTransStoryHead\">ANDERSON COOPER 360</P><P class=\"cnnTransSubHead\">"
            f"{story.title}</P><P class=\"cnnBodyText\">Aired {story.published:%B %-d, %Y} - 20:00 &nbsp; ET</P>"
            f"<P class=\"cnnBodyText\">THIS IS A RUSH TRANSCRIPT.</P><P class=\"cnnBodyText\">{turns}</P>"
            "</td></tr></table></body></html>")


def generate(n_stories: int = 1521, n_mali: int = 14, seed: int = 2013) -> World:
    """n_stories pages of 2012-2013, n_mali of them about Mali: most of those name a Mali place
    in their address, some only their section (france-troops-...), one is a blog post on a blog
    that no longer exists and one a transcript. The rest are world/africa stories about other
    countries (the section makes them candidates) and stories of other sections (the index's
    filter leaves them out). cnn.com re-serves 97% of the stories, answers 404 for 2% and sends
    1% to its front page."""
    rng = random.Random(seed)
    world = World()
    used: set[str] = set()

    def day() -> date:
        return START + timedelta(days=rng.randrange(DAYS))

    def captures(published: date, later: bool) -> tuple[str, ...]:
        first = _stamp(published + timedelta(days=1), rng.randrange(24))
        return (first, _stamp(published + timedelta(days=rng.randrange(3, 20)), 12)) if later else (first,)

    def live() -> str:
        roll = rng.random()
        return "gone" if roll < 0.02 else "front_page" if roll < 0.03 else "served"

    def story_url(published: date, section: str, slug: str) -> str:
        while slug in used:
            slug += "-2"
        used.add(slug)
        host = rng.choice(["www.cnn.com", "edition.cnn.com"])
        return f"http://{host}/{published:%Y/%m/%d}/{section}/{slug}/index.html"

    for i in range(n_mali):
        published = day()
        place = ["Timbuktu", "Gao", "Kidal", "Bamako", "Mopti", "Konna"][i % 6]
        text = (f"Malian and French troops moved on {place} in northern Mali on day {i}.",
                *_text(rng, place, 3), "Islamist militants of Ansar Dine withdrew from the town, Malian officials said.")
        added = f"NEW: Malian forces reached the outskirts of {place} on Friday, residents of Mali said."
        if i == n_mali - 2:
            url = f"http://{BLOG_HOST}/{published:%Y/%m/%d}/mali-security-briefing-{i}/"
            world.stories.append(Story(url, f"Mali briefing {i}", text, published, True, "no_host",
                                       captures(published, False), kind="blog_post"))
        elif i == n_mali - 1:
            url = f"http://transcripts.cnn.com/TRANSCRIPTS/{published:%y%m}/{published:%d}/acd.01.html"
            world.stories.append(Story(url, f"Fighting in Mali; {place}", text, published, True, "gone",
                                       captures(published, False), kind="transcript"))
        elif i % 4 == 3:
            # Filed under its section, its address naming no place: found through world/africa.
            url = story_url(published, "world/africa", f"france-troops-west-africa-{i}")
            world.stories.append(Story(url, f"French troops press north in Mali ({i})", text, published, True,
                                       "served", captures(published, True), added))
        else:
            url = story_url(published, "world/africa", f"{MALI_SLUGS[i % len(MALI_SLUGS)]}-{place.lower()}-{i}")
            # Some of them cnn.com re-serves today with their second paragraph rewritten.
            rewritten = f"{place} was calm again by the weekend, an updated account of day {i} says." \
                if i % 3 == 1 else ""
            world.stories.append(Story(url, f"Mali: troops reach {place} ({i})", text, published, True,
                                       live(), captures(published, i % 2 == 0), added, rewritten=rewritten))
    others = n_stories - n_mali
    for j in range(others):
        published = day()
        country, topic = rng.choice(COUNTRIES), rng.choice(TOPICS)
        section = "world/africa" if j % 30 else rng.choice(["us", "politics", "sport"])
        url = story_url(published, section, f"{country}-{topic}-{j}")
        name = country.replace("-", " ").title()
        world.stories.append(Story(url, f"{name}: {topic} makes news ({j})", _text(rng, name, 4), published,
                                   False, live(), captures(published, False)))
    return world
