"""One interactive HTML page of the corpus that works offline: Vega-Lite charts with Vega inlined."""

import json
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from html import escape
from typing import Any
from urllib.parse import quote

import altair as alt
import vl_convert
from sqlalchemy import Connection, text

from mali_news.corpus.renderings import changed_stories
from mali_news.corpus.stats import corpus_stats, last_crawl_line, percent, sample_warning
from mali_news.db.storydate import story_date, story_month
from mali_news.reference.gazetteer import Event, events, outline
from mali_news.reference.sources import CATEGORIES

# The map's frame: Mali and the neighbours' places the coverage names (lon, lat).
MAP_FRAME = ((-13.0, 8.0), (9.0, 26.0))
# Actors drawn over time: the most named.
TOP_ACTORS = 15
KIND_COLOURS = {"story": "#34495e", "blog_post": "#16a085", "transcript": "#d35400"}
LINK_COLOURS = {"complete_coverage": "#c0392b", "coverage_hub": "#8e44ad", "read_more": "#2471a3",
                "related": "#7f8c8d"}


def _day(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])


def _week(day: date) -> str:
    return (day - timedelta(days=day.weekday())).isoformat()


def _stories(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(text(f"""
        SELECT a.id, a.url, a.title, a.kind, a.layout, a.word_count, {story_date("a")} AS day,
               o.authors, bg.background_share, a.citation
        FROM articles a JOIN article_overview o ON o.id = a.id
        LEFT JOIN article_background bg ON bg.article_id = a.id
        ORDER BY day, a.id""")).all()
    places: dict[int, list[str]] = defaultdict(list)
    for article_id, name in conn.execute(text("""
            SELECT pm.article_id, p.name FROM place_mentions pm JOIN places p ON p.id = pm.place_id
            ORDER BY pm.article_id, pm.count DESC, p.name""")):
        places[article_id].append(name)
    actors: dict[int, list[str]] = defaultdict(list)
    for article_id, name in conn.execute(text("""
            SELECT am.article_id, ac.name FROM actor_mentions am JOIN actors ac ON ac.id = am.actor_id
            ORDER BY am.article_id, am.count DESC, ac.name""")):
        actors[article_id].append(name)
    sources: dict[int, Counter[str]] = defaultdict(Counter)
    for article_id, category in conn.execute(text("SELECT article_id, category FROM quotes")):
        sources[article_id][category] += 1
    return [{"id": row.id, "url": row.url, "title": row.title, "kind": row.kind, "layout": row.layout,
             "words": row.word_count, "day": (_day(row.day) or date.min).isoformat(),
             "authors": row.authors or "", "background": float(row.background_share or 0),
             "places": places[row.id], "actors": actors[row.id], "citation": row.citation or "",
             "sources": dict(sources[row.id].most_common())}
            for row in rows]


def _quoted(conn: Connection) -> alt.Chart:
    """Who is quoted, month by month: statements by kind of source."""
    rows = conn.execute(text(f"""
        SELECT {story_month("a", conn.dialect.name)} AS month, q.category, count(*) AS statements,
               count(DISTINCT q.article_id) AS stories
        FROM quotes q JOIN articles a ON a.id = q.article_id GROUP BY 1, 2""")).all()
    values = [{"month": row.month, "source": row.category, "statements": row.statements,
               "stories": row.stories} for row in rows]
    return alt.Chart(alt.Data(values=values)).mark_bar().encode(
        x=alt.X("month:O", title="month"), y=alt.Y("statements:Q", title="attributed statements"),
        color=alt.Color("source:N", title="kind of source", scale=alt.Scale(domain=list(CATEGORIES))),
        tooltip=["month:O", "source:N", "statements:Q", "stories:Q"]).properties(
        width="container", height=220, title="Who is quoted (statements by kind of source, each month)")


def _timeline(stories: list[dict[str, Any]]) -> alt.LayerChart:
    weeks = Counter(_week(date.fromisoformat(s["day"])) for s in stories)
    bars = alt.Chart(alt.Data(values=[{"week": w, "stories": n} for w, n in sorted(weeks.items())])).mark_bar(
        color="#2471a3", width=5).encode(
        x=alt.X("week:T", title="week (Monday, UTC)"), y=alt.Y("stories:Q", title="stories"),
        tooltip=[alt.Tooltip("week:T", title="week of"), "stories:Q"])
    marks = alt.Chart(alt.Data(values=[{"date": e.date.isoformat(), "event": e.title,
                                        "what": e.description} for e in events()])).mark_rule(
        color="#c0392b", strokeDash=[4, 3], strokeWidth=1.5).encode(
        x="date:T", tooltip=[alt.Tooltip("date:T", title="date"), "event:N", "what:N"])
    return alt.layer(bars, marks).properties(width="container", height=240,
                                             title="Stories per week, with the conflict's key dates")


def _map(conn: Connection) -> alt.LayerChart:
    (west, south), (east, north) = MAP_FRAME
    rows = conn.execute(text(f"""
        SELECT p.name, p.latitude, p.longitude, {story_date("a")} AS day,
               pm.count FROM place_mentions pm JOIN places p ON p.id = pm.place_id
        JOIN articles a ON a.id = pm.article_id
        WHERE p.longitude BETWEEN :west AND :east AND p.latitude BETWEEN :south AND :north"""),
                        {"west": west, "east": east, "south": south, "north": north}).all()
    mentions = [{"place": row.name, "lat": row.latitude, "lon": row.longitude,
                 "month": str(row.day)[:7], "count": row.count} for row in rows]
    months = sorted({m["month"] for m in mentions})
    month = alt.param(name="month", value="all", bind=alt.binding_select(
        options=["all", *months], name="Month: "))
    projection = {"type": "mercator", "center": [-3.5, 16.5], "scale": 1750}
    shapes = alt.Chart(alt.Data(values=outline()["features"])).mark_geoshape(
        stroke="#7f8c8d", strokeWidth=0.8).encode(
        color=alt.condition("datum.properties.iso === 'ML'", alt.value("#f5e6c8"), alt.value("#f4f4f4")),
        tooltip=alt.Tooltip("properties.name:N", title="country")).project(**projection)
    points = alt.Chart(alt.Data(values=mentions)).mark_circle(
        color="#c0392b", opacity=0.7, stroke="white", strokeWidth=0.5).transform_filter(
        "month === 'all' || datum.month === month").transform_aggregate(
        mentions="sum(count)", stories="count()", groupby=["place", "lat", "lon"]).encode(
        longitude="lon:Q", latitude="lat:Q",
        size=alt.Size("mentions:Q", scale=alt.Scale(range=[30, 1500]), title="mentions"),
        tooltip=["place:N", "mentions:Q", "stories:Q"]).add_params(month).project(**projection)
    labels = points.mark_text(align="left", dx=8, dy=-6, fontSize=11, color="#333").encode(
        text="place:N", size=alt.value(11))
    return alt.layer(shapes, points, labels).properties(
        width=620, height=520, title="Places named, sized by mentions (pick a month)")


def _actors(conn: Connection) -> alt.Chart:
    rows = conn.execute(text(f"""
        SELECT ac.name, ac.kind, {story_month("a", conn.dialect.name)} AS month, count(*) AS stories,
               sum(am.count) AS mentions
        FROM actor_mentions am JOIN actors ac ON ac.id = am.actor_id JOIN articles a ON a.id = am.article_id
        GROUP BY ac.name, ac.kind, month""")).all()
    totals = Counter()
    for row in rows:
        totals[row.name] += row.stories
    top = [name for name, _ in totals.most_common(TOP_ACTORS)]
    values = [{"actor": row.name, "kind": row.kind, "month": row.month, "stories": row.stories,
               "mentions": row.mentions} for row in rows if row.name in top]
    return alt.Chart(alt.Data(values=values)).mark_rect().encode(
        x=alt.X("month:O", title="month"), y=alt.Y("actor:N", sort=top, title=None),
        color=alt.Color("stories:Q", scale=alt.Scale(scheme="oranges"), title="stories"),
        tooltip=["actor:N", "kind:N", "month:O", "stories:Q", "mentions:Q"]).properties(
        width="container", height=max(120, 22 * len(top)), title="Actors over time (stories naming each)")


def _graph(conn: Connection, stories: list[dict[str, Any]]) -> alt.LayerChart:
    # A story sits at its publication day, stacked above the others of its week: links then
    # run back in time, from the later story to the earlier one.
    slots: Counter[str] = Counter()
    nodes = {}
    for story in stories:
        week = _week(date.fromisoformat(story["day"]))
        slots[week] += 1
        nodes[story["id"]] = {"id": story["id"], "title": story["title"], "kind": story["kind"],
                              "day": story["day"], "slot": slots[week], "url": story["url"]}
    linked_in = Counter()
    edges = []
    for row in conn.execute(text("""
            SELECT from_id, to_id, kind FROM coverage_links
            WHERE to_id IS NOT NULL AND from_id != to_id""")):
        source, target = nodes.get(row.from_id), nodes.get(row.to_id)
        if source and target:
            linked_in[row.to_id] += 1
            edges.append({"day": source["day"], "slot": source["slot"], "day2": target["day"],
                          "slot2": target["slot"], "link": row.kind})
    for node_id, node in nodes.items():
        node["linked_from"] = linked_in[node_id]
    x = alt.X("day:T", title="published")
    y = alt.Y("slot:Q", title="stories of the week", axis=alt.Axis(tickMinStep=1))
    lines = alt.Chart(alt.Data(values=edges)).mark_rule(opacity=0.55, strokeWidth=1.4).encode(
        x=x, y=y, x2="day2:T", y2="slot2:Q",
        color=alt.Color("link:N", title="link kind", scale=alt.Scale(
            domain=list(LINK_COLOURS), range=list(LINK_COLOURS.values()))))
    dots = alt.Chart(alt.Data(values=list(nodes.values()))).mark_circle(
        opacity=0.9, stroke="white", strokeWidth=1).encode(
        x=x, y=y, size=alt.Size("linked_from:Q", scale=alt.Scale(range=[60, 500]), title="linked from"),
        color=alt.Color("kind:N", title="kind", scale=alt.Scale(
            domain=list(KIND_COLOURS), range=list(KIND_COLOURS.values()))),
        href="url:N", tooltip=[alt.Tooltip("title:N", title="title"), "day:T", "kind:N", "linked_from:Q"])
    return alt.layer(lines, dots).resolve_scale(color="independent", size="independent").properties(
        width="container", height=300, title="Coverage graph: which stored story links to which")


def _table(stories: list[dict[str, Any]]) -> str:
    # The filter searches every place and actor a story names, not only the four the cell shows.
    rows = "\n".join(
        f'<tr data-search="{escape("; ".join([*s["places"], *s["actors"]]))}">'
        f'<td>{escape(s["day"])}</td><td><a href="{escape(s["url"])}">{escape(s["title"])}</a></td>'
        f'<td>{escape(s["kind"])}</td><td>{escape(s["authors"])}</td><td class=n>{s["words"]}</td>'
        f'<td class=n>{100 * s["background"]:.0f}%</td><td>{escape(", ".join(s["places"][:4]))}</td>'
        f'<td>{escape(", ".join(f"{kind} {n}" for kind, n in s["sources"].items()))}</td>'
        f'<td class=cite>{escape(s["citation"])}</td></tr>'
        for s in stories)
    return ('<input id="filter" type="search" placeholder="Filter stories: title, author, place ..." '
            'aria-label="Filter stories">\n<p class="meta" id="shown"></p>\n'
            '<table id="stories"><thead><tr><th>published</th><th>title</th><th>kind</th>'
            '<th>authors</th><th>words</th><th>background</th><th>places</th><th>sources quoted</th>'
            '<th>citation (APA)</th>'
            "</tr></thead>"
            f"<tbody>\n{rows}\n</tbody></table>")


def _check(event: Event) -> str:
    if not event.checked:
        return "not stated in a stored CNN story"
    return (f'stated in <a href="{escape(event.checked_in)}" title="{escape(event.check_quote)}">'
            "a CNN story</a>")


def _source(event: Event) -> str:
    note = f" {escape(event.date_note)}" if event.date_note else ""
    return (f'source: <a href="{escape(event.source_url)}">{escape(event.source)}</a>, which gives '
            f"{escape(event.source_date)}.{note}")


def _changed(changed: list[dict[str, Any]]) -> str:
    """Each rendering whose story text differs from its story's record: a later 2013 version, or
    cnn.com's re-serve today; `mali-news diff URL` shows the blocks."""
    if not changed:
        return ('<p class="meta" id="changed">No rendering of a stored story differs from its record '
                "(each story's 2013 capture, else the page read).</p>")
    rows = "\n".join(
        f'<tr><td><a href="{escape(c["url"])}">{escape(c["title"])}</a></td><td>{escape(c["source"])}</td>'
        f'<td>{escape(c["captured_at"])}</td><td class=n>{c["changed"]}</td><td class=n>{c["added"]}</td>'
        f'<td class=n>{c["removed"]}</td></tr>' for c in changed)
    return ('<p class="meta">Renderings whose story text differs from the story of record; '
            "<code>mali-news diff URL</code> shows what changed.</p>\n"
            '<table id="changed"><thead><tr><th>story</th><th>rendering</th><th>captured</th>'
            "<th>changed</th><th>added</th><th>removed</th></tr></thead>"
            f"<tbody>\n{rows}\n</tbody></table>")


def _banner(origins: dict[str, int]) -> str:
    """A banner no reader can miss when the stories are the bundled sample, not CNN's text."""
    warning = sample_warning(origins)
    return f'<p class="banner" id="sample-banner">{escape(warning)}</p>\n' if warning else ""


def _events() -> str:
    found = events()
    items = "\n".join(f"<li><time>{e.date.isoformat()}</time> "
                      f"<b>{escape(e.title)}</b>: {escape(e.description)} "
                      f'<span class="meta">({_source(e)} Also {_check(e)}.)</span></li>' for e in found)
    corrected = sum(e.date_note.startswith("Corrected") for e in found)
    return (f'<p class="meta">Each date was read by hand in the source it names; {corrected} were '
            "corrected to their source, and a date kept against its source says why.</p>\n"
            f'<ul id="events">\n{items}\n</ul>')


STYLE = """body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{margin-bottom:.2em}.meta{color:#666}.chart{width:100%;margin:1em 0 2em}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{border-bottom:1px solid #ddd;
padding:4px 6px;text-align:left;vertical-align:top}td.n{text-align:right}th{background:#f4f4f4}
#filter{font-size:15px;padding:6px;width:24em;max-width:100%}#events{font-size:14px}
#events time{font-variant-numeric:tabular-nums;color:#c0392b}
.banner{background:#fff3cd;border:1px solid #e0b400;padding:.6em 1em;font-weight:600}
td.cite{font-size:12px;color:#444;min-width:16em}"""

SCRIPT = """
const specs = %s;
const shown = () => {
  const rows = [...document.querySelectorAll('#stories tbody tr')];
  const words = document.getElementById('filter').value.toLowerCase().split(/\\s+/).filter(Boolean);
  let n = 0;
  for (const row of rows) {
    const text = (row.textContent + ' ' + (row.dataset.search || '')).toLowerCase();
    const hit = words.every(w => text.includes(w));
    row.hidden = !hit; n += hit;
  }
  document.getElementById('shown').textContent = n + ' of ' + rows.length + ' stories';
};
document.getElementById('filter').addEventListener('input', shown);
shown();
window.reportReady = Promise.all(Object.entries(specs).map(([id, spec]) =>
  vegaEmbed('#' + id, spec, {renderer: 'svg', actions: false})));
"""


def _datasheet_link(name: str) -> str:
    if not name:
        return ""
    return (f' What the corpus holds, from where, its gaps and how to cite it: '
            f'<a id="datasheet" href="{escape(quote(name))}">the datasheet</a>.')


def _last_crawl(run: dict[str, Any] | None) -> str:
    """The last crawl as the summary and `stats` count it: stored, dropped and failed by reason."""
    if run is None:
        return ""
    return f'<p class="meta" id="last-crawl">Last crawl: {escape(last_crawl_line(run))}.</p>\n'


def build_report(conn: Connection, source: str, datasheet: str = "") -> str:
    """The report's HTML; datasheet names the corpus's datasheet written beside it, linked at the top."""
    stats = corpus_stats(conn, top_authors=15)
    stories = _stories(conn)
    charts = {"timeline": _timeline(stories), "map": _map(conn), "actors": _actors(conn),
              "quoted": _quoted(conn), "graph": _graph(conn, stories)}
    specs = json.dumps({name: chart.to_dict() for name, chart in charts.items()}).replace("</", "<\\/")
    bundle = vl_convert.javascript_bundle(
        vl_version=".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])).replace("</script", "<\\/script")
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>mali_news corpus report</title>
<style>{STYLE}</style>
<script>{bundle}</script></head>
<body>
<h1>CNN's Mali coverage: corpus report</h1>
{_banner(stats["origins"])}<p class="meta">{stats['articles']} stories, {stats['words']:,} words, published
{escape(str(stats['first_published'] or '-'))[:10]} to {escape(str(stats['last_published'] or '-'))[:10]};
{percent(stats['background']['share'])} of story text is recycled background.
Source: {escape(source)}. Generated {generated}.{_datasheet_link(datasheet)}</p>
{_last_crawl(stats["last_crawl"])}<h2>Timeline</h2>
<div class="chart" id="timeline"></div>
<h3>Key dates</h3>
{_events()}
<h2>Where the coverage looks</h2>
<div class="chart" id="map"></div>
<h2>Whom it talks about</h2>
<div class="chart" id="actors"></div>
<h2>Who is quoted</h2>
<div class="chart" id="quoted"></div>
<h2>Coverage graph</h2>
<div class="chart" id="graph"></div>
<h2>Stories</h2>
{_table(stories)}
<h2>Stories that changed</h2>
{_changed(changed_stories(conn))}
<script>{SCRIPT % specs}</script>
</body></html>
"""
