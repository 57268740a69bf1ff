"""A generated offline CNN of 2012-2013: the fixture mirror plus sitemaps, blog posts, a transcript,
traps, and what the archive's index lists, with the truth of what is on topic."""

import shutil
from pathlib import Path

from fixtures.build_site import render_story
from tests.helpers import SITE

LEGACY = {"description": "", "meta_author": "CNN Wire Staff", "byline_html": "From CNN Wire Staff",
          "photo": ("130120-photo", "A photo."), "highlights": [], "note": "", "contributors": "",
          "coverage": [], "lastmod": "2013-01-22T12:00:00Z"}

BLOG = """<html><head><title>{title} &#8211; {blog} - CNN.com Blogs</title>
<link rel="canonical" href="http://{path}">
<script>var cnnSubSectionName = "{blog}"; var cnnContentType = "blog";</script></head><body>
<div class="cnnPostWrap"><div class="cnnRightPost">
<div class="cnnBlogContentDateHead">{day}</div><div class="cnnGryTmeStmp">{time}</div>
<h1 class="cnnBlogContentTitle"><a href="http://{path}">{title}</a></h1>
<div class="cnnBlogContentPost">{paragraphs}</div>
<div class="cnnPostFooter"><span class="cnnBlogFiledBy">Filed under: <a rel="category tag" href="/category/africa/">Africa</a></span></div>
</div></div></body></html>"""

TRANSCRIPT = """<html><head><title>CNN.com - Transcripts</title></head><body>
<table id="cnnArticleWireFrame"><tr><td>
<P class="cnnTransStoryHead">CNN NEWSROOM</P>
<P class="cnnTransSubHead">Americans Among Hostages in Algeria; Boeing Dreamliners Grounded; Football Star's Hoax</P>
<P class="cnnBodyText">Aired January 17, 2013 - 12:00 &nbsp; ET</P>
<P class="cnnBodyText">THIS IS A RUSH TRANSCRIPT. THIS COPY MAY NOT BE IN ITS FINAL FORM AND MAY BE UPDATED.</P>
<P class="cnnBodyText">SUZANNE MALVEAUX, CNN ANCHOR: Militants holding hostages at a gas plant in Algeria say they acted over the French intervention in Mali.
<br><br>MALVEAUX: French troops are fighting Islamists in northern Mali for a seventh day.
<br><br>MALVEAUX: Airlines around the world have grounded the Boeing 787 Dreamliner.
<br><br>MALVEAUX: And a college football star says his girlfriend never existed.</P>
</td></tr></table></body></html>"""


def _story(title: str, date: str, paragraphs: list[str]) -> dict:
    return {**LEGACY, "title": title, "pubdate": f"{date}T10:00:00Z",
            "timestamp": f"{date} -- Updated 1200 GMT (2000 HKT)",
            "body": [("p", text) for text in paragraphs]}


# Traps and stories only the discovery routes reach (path -> (story, on topic)).
STORIES = {
    "www.cnn.com/2013/01/20/world/asia/china-official-gao/index.html": (_story(
        "Chinese official Gao Yan under investigation", "2013-01-20",
        ["Mr. Gao, a provincial official, was detained on Sunday, state media said.",
         "Gao denies the accusations, his lawyer said."]), False),
    "www.cnn.com/2013/01/22/world/africa/niger-sahel-drought/index.html": (_story(
        "Drought grips Niger as the Sahel waits for rain", "2013-01-22",
        ["Farmers in Niger say the rains failed again across the Sahel.",
         "Aid groups warn of hunger in the region's villages."]), False),
    "edition.cnn.com/2013/01/18/world/africa/algeria-hostages/index.html": (_story(
        "Algeria hostage siege ends", "2013-01-18",
        ["The militants who seized the In Amenas gas plant said they acted against the French war in Mali.",
         "Their leader's brigade has fought in northern Mali for a decade, officials said."]), True),
}
BLOG_POSTS = {
    "news.blogs.cnn.com/2013/01/28/french-led-forces-in-mali-take-timbuktu-airport-enter-city/": (
        "French-led forces now 'control' Timbuktu, France says", "This Just In", "January 28th, 2013", "11:55 AM ET",
        ["French and Malian troops control access to Timbuktu, France's defense ministry said.",
         "The troops met no resistance at the airport in Mali's north."], True),
    "security.blogs.cnn.com/2013/01/18/france-says-cooperation-with-us-on-mali-is-strong/": (
        "France says cooperation with U.S. on Mali is strong", "Security Clearance", "January 18th, 2013", "08:46 AM ET",
        ["France's ambassador said U.S. help in Mali was welcome.",
         "American planes have flown French troops to Bamako."], True),
    "news.blogs.cnn.com/2013/01/19/red-sox-spring-training/": (
        "Red Sox pitchers report early", "This Just In", "January 19th, 2013", "09:00 AM ET",
        ["Pitchers arrived in Florida ahead of spring training."], False),
}
TRANSCRIPT_PATH = "edition.cnn.com/TRANSCRIPTS/1301/17/cnr.07.html"


def build(root: Path) -> Path:
    """Write the world's mirror under root; its robots.txt names the sitemap index."""
    shutil.copytree(SITE, root)
    for path, (story, _) in STORIES.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render_story(path[path.index("/"):], story), encoding="utf-8")
    for path, (title, name, day, time, paragraphs, _) in BLOG_POSTS.items():
        target = root / path / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(BLOG.format(title=title, blog=name, path=path, day=day, time=time,
                                      paragraphs="".join(f"<p>{p}</p>" for p in paragraphs)), encoding="utf-8")
    (root / TRANSCRIPT_PATH).parent.mkdir(parents=True, exist_ok=True)
    (root / TRANSCRIPT_PATH).write_text(TRANSCRIPT, encoding="utf-8")
    (root / "www.cnn.com" / "robots.txt").write_text(
        "User-agent: *\nSitemap: http://www.cnn.com/sitemaps/cnn/index.xml\n")
    sitemaps = root / "www.cnn.com" / "sitemaps"
    (sitemaps / "cnn").mkdir(parents=True)
    months = sorted({p.split("/")[1] + "-" + p.split("/")[2] for p in sitemap_paths()})
    (sitemaps / "cnn" / "index.xml").write_text(
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<sitemap><loc>http://www.cnn.com/sitemaps/article-{m}.xml</loc></sitemap>"
                  for m in months) + "</sitemapindex>")
    for month in months:
        locs = [p for p in sitemap_paths() if f"/{month.replace('-', '/')}/" in p]
        (sitemaps / f"article-{month}.xml").write_text(
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<url><loc>http://{p}</loc></url>" for p in locs) + "</urlset>")
    return root


def sitemap_paths() -> list[str]:
    """What CNN's article sitemaps list: the world's stories (not blogs or transcripts)."""
    stories = [str(p.relative_to(SITE)) for p in SITE.rglob("index.html")
               if "/20" in str(p) and not str(p.relative_to(SITE)).startswith("money.")]
    return sorted({*stories, *STORIES, "www.cnn.com/2015/11/20/africa/mali-hotel-attack/index.html"})


def archive_index(root: Path) -> list[tuple[str, str, str, Path]]:
    """What the archive's index lists: every page of the world, captured the day after."""
    rows = []
    for path in [*sitemap_paths(), *BLOG_POSTS, TRANSCRIPT_PATH]:
        file = root / path / "index.html" if path.endswith("/") else root / path
        if file.is_file():
            rows.append(("20130201120000", f"http://{path}", "200", file))
    return rows


def on_topic(links_truth: set[str]) -> set[str]:
    """The world's Mali coverage: the fixture stories the links route stores, and what only the
    discovery routes reach."""
    from mali_news.urls import canonical_url

    extra = {canonical_url(f"http://{p}") for p, (_, yes) in STORIES.items() if yes}
    extra |= {canonical_url(f"http://{p}") for p, (*_, yes) in BLOG_POSTS.items() if yes}
    return links_truth | extra | {canonical_url(f"http://{TRANSCRIPT_PATH}")}
