"""mali-news diff: what changed between two renderings of a story (its record and the latest other)."""

import argparse
import sys
from typing import Any

from mali_news import UsageError
from mali_news.cli.common import JSON_HELP, corpus_command, reading, show
from mali_news.corpus.diff import format_diff
from mali_news.corpus.renderings import chosen_pair, compare, renderings_of


def add_parser(commands: Any) -> None:
    parser = corpus_command(
        commands, "diff", run,
        "what changed between two renderings of a story (2013 capture, later versions, today)",
        json=JSON_HELP)
    parser.add_argument("url", help="any address of the story")
    parser.add_argument("--from", dest="old", type=int, metavar="ID", help="the older rendering's id")
    parser.add_argument("--to", dest="new", type=int, metavar="ID", help="the newer rendering's id")
    parser.add_argument("--list", action="store_true", help="list the story's renderings and stop")


def run(args: argparse.Namespace) -> int:
    """Story blocks added, removed or changed, and highlights changed, between two renderings of
    a story: by default its record and the latest other rendering."""
    with reading(args) as conn:
        renderings = renderings_of(conn, args.url)
    if not renderings:
        raise UsageError(f"the corpus holds no story at {args.url}")
    if args.list:
        for rendering in renderings:
            print(rendering.label)
        return 0
    try:
        old, new = chosen_pair(renderings, args.old, args.new)
    except KeyError as exc:
        raise UsageError(f"no rendering {exc.args[0]} of {renderings[0].url} (it has "
                              f"{', '.join(str(r.id) for r in renderings)}; see --list)") from None
    if old is new:
        print(f"{renderings[0].url} has one rendering: {old.label}", file=sys.stderr)
        return 0
    changes = compare(old, new)
    return show(args, changes, lambda found: format_diff(found, old.label, new.label),
                lambda found: {"url": old.url, "from": old.label, "to": new.label,
                               "changes": [c.as_dict() for c in found]})
