"""mali-news diff: what changed between two renderings of a story (its record and the latest other)."""

import argparse
import json
import sys
from typing import Any

from mali_news import UserError
from mali_news.cli.common import add_db_argument, corpus
from mali_news.corpus.diff import format_diff
from mali_news.corpus.renderings import compare, default_pair, renderings_of


class NoSuchRendering(UserError):
    status = 2


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "diff", help="what changed between two renderings of a story (2013 capture, later versions, today)",
        description="Story blocks added, removed or changed, and highlights changed, between two "
                    "renderings of a story: by default its record and the latest other rendering.")
    parser.add_argument("url", help="any address of the story")
    add_db_argument(parser)
    parser.add_argument("--from", dest="old", type=int, metavar="ID", help="the older rendering's id")
    parser.add_argument("--to", dest="new", type=int, metavar="ID", help="the newer rendering's id")
    parser.add_argument("--list", action="store_true", help="list the story's renderings and stop")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    engine = corpus(args)
    try:
        with engine.connect() as conn:
            renderings = renderings_of(conn, args.url)
    finally:
        engine.dispose()
    if not renderings:
        raise NoSuchRendering(f"the corpus holds no story at {args.url}")
    if args.list:
        for rendering in renderings:
            print(rendering.label)
        return 0
    by_id = {r.id: r for r in renderings}
    for given in (args.old, args.new):
        if given is not None and given not in by_id:
            raise NoSuchRendering(f"no rendering {given} of {renderings[0].url} "
                                  f"(it has {', '.join(map(str, by_id))}; see --list)")
    pair = default_pair(renderings)
    old = by_id[args.old] if args.old is not None else (pair[0] if pair else renderings[0])
    new = by_id[args.new] if args.new is not None else (pair[1] if pair else renderings[-1])
    if old is new:
        print(f"{renderings[0].url} has one rendering: {old.label}", file=sys.stderr)
        return 0
    changes = compare(old, new)
    if args.json:
        print(json.dumps({"url": old.url, "from": old.label, "to": new.label,
                          "changes": [c.as_dict() for c in changes]}, indent=2, ensure_ascii=False))
    else:
        print(format_diff(changes, old.label, new.label))
    return 0
