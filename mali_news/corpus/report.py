"""One self-contained HTML page that shows the corpus: timeline, authors, coverage graph, stories."""

import base64
import io
import math
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from html import escape
from typing import Any

# Figures made directly (no pyplot): no global backend is chosen, no display is needed, and
# nothing outlives the page it is drawn for.
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator
from sqlalchemy import Connection, text

from mali_news.corpus.stats import corpus_stats

KIND_COLOURS = {"complete_coverage": "#c0392b", "coverage_hub": "#8e44ad", "read_more": "#2471a3",
                "related": "#7f8c8d"}


def _png(figure: Figure, alt: str) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img class="chart" alt="{escape(alt)}" src="data:image/png;base64,{data}">'


def _day(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])


def _timeline(days: list[date]) -> str:
    weeks = Counter(day - timedelta(days=day.weekday()) for day in days)
    figure = Figure(figsize=(9, 3.2))
    axes = figure.subplots()
    if weeks:
        start, end = min(weeks), max(weeks)
        span = [start + timedelta(weeks=i) for i in range((end - start).days // 7 + 1)]
        axes.bar(span, [weeks.get(week, 0) for week in span], width=6, color="#2471a3")
        figure.autofmt_xdate()
    axes.set_title("Stories per week (by publication date, UTC)")
    axes.set_ylabel("stories")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    return _png(figure, "Stories per week")


def _authors(authors: dict[str, int]) -> str:
    top = list(authors.items())[:15][::-1]
    figure = Figure(figsize=(9, max(2.0, 0.35 * len(top) + 1)))
    axes = figure.subplots()
    axes.barh([name for name, _ in top], [n for _, n in top], color="#c0392b")
    axes.set_title("Stories per author")
    axes.set_xlabel("stories")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    return _png(figure, "Stories per author")


def _graph(conn: Connection) -> str:
    nodes = [row.url for row in conn.execute(text("SELECT url FROM articles ORDER BY "
                                                  "coalesce(published_at, updated_at), id"))]
    edges = conn.execute(text("SELECT from_url, to_url, kind FROM coverage_links "
                              "WHERE to_id IS NOT NULL AND from_url != to_url")).all()
    kinds = Counter(row.kind for row in conn.execute(text("SELECT kind FROM links")))
    figure = Figure(figsize=(11, 5))
    graph, bars = figure.subplots(1, 2, width_ratios=[3, 2])
    position = {url: (math.cos(2 * math.pi * i / max(len(nodes), 1)),
                      math.sin(2 * math.pi * i / max(len(nodes), 1))) for i, url in enumerate(nodes)}
    in_degree = Counter(edge.to_url for edge in edges)
    for edge in edges:
        (x0, y0), (x1, y1) = position[edge.from_url], position[edge.to_url]
        graph.annotate("", xy=(x1, y1), xytext=(x0, y0), arrowprops={
            "arrowstyle": "->", "color": KIND_COLOURS.get(edge.kind, "#999"), "alpha": 0.6})
    if nodes:
        graph.scatter([position[u][0] for u in nodes], [position[u][1] for u in nodes],
                      s=[40 + 60 * in_degree[u] for u in nodes], color="#34495e", zorder=3)
    graph.set_title(f"Links between stored stories ({len(nodes)} stories, {len(edges)} links; "
                    "larger dot: more often linked)", fontsize=10)
    graph.legend(handles=[Line2D([0], [0], color=colour, label=kind)
                          for kind, colour in KIND_COLOURS.items()],
                 loc="lower left", fontsize=8, frameon=False)
    graph.set_axis_off()
    graph.set_aspect("equal")
    names = sorted(kinds)
    bars.bar(names, [kinds[name] for name in names],
             color=[KIND_COLOURS.get(name, "#999") for name in names])
    bars.set_title("All links by kind")
    bars.tick_params(axis="x", rotation=30)
    bars.yaxis.set_major_locator(MaxNLocator(integer=True))
    return _png(figure, "Coverage graph")


def _table(conn: Connection) -> str:
    rows = conn.execute(text("""
        SELECT url, title, authors, published_at, updated_at, word_count, layout, n_highlights,
               n_links FROM article_overview ORDER BY coalesce(published_at, updated_at), id""")).all()
    body = "\n".join(
        "<tr>"
        f"<td>{escape(str(row.published_at or row.updated_at or '')[:16])}</td>"
        f'<td><a href="{escape(row.url)}">{escape(row.title)}</a></td>'
        f"<td>{escape(row.authors or '')}</td><td class=n>{row.word_count}</td>"
        f"<td class=n>{row.n_highlights}</td><td class=n>{row.n_links}</td>"
        f"<td>{escape(row.layout)}</td></tr>" for row in rows)
    return ('<table id="stories"><thead><tr><th>published (UTC)</th><th>title</th><th>authors</th>'
            "<th>words</th><th>highlights</th><th>links</th><th>layout</th></tr></thead>"
            f"<tbody>\n{body}\n</tbody></table>")


STYLE = """body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}
h1{margin-bottom:.2em}.meta{color:#666}.chart{max-width:100%;display:block;margin:1em 0}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{border-bottom:1px solid #ddd;
padding:4px 6px;text-align:left;vertical-align:top}td.n{text-align:right}th{background:#f4f4f4}"""


def build_report(conn: Connection, source: str) -> str:
    stats = corpus_stats(conn, top_authors=15)
    days = [day for (value,) in conn.execute(text(
        "SELECT coalesce(published_at, updated_at) FROM articles")) if (day := _day(value))]
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>mali_news corpus report</title>
<style>{STYLE}</style></head>
<body>
<h1>CNN's Mali coverage: corpus report</h1>
<p class="meta">{stats['articles']} stories, {stats['words']:,} words, published
{escape(str(stats['first_published'] or '-'))[:10]} to {escape(str(stats['last_published'] or '-'))[:10]};
{stats['revisions']} earlier versions kept. Source: {escape(source)}. Generated {generated}.</p>
<h2>Timeline</h2>
{_timeline(days)}
<h2>Authors</h2>
{_authors(stats['authors'])}
<h2>Coverage graph</h2>
{_graph(conn)}
<h2>Stories</h2>
{_table(conn)}
</body></html>
"""
