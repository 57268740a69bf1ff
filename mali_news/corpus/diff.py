"""What changed between two renderings of a story, by typed block: story blocks added, removed, changed."""

from dataclasses import asdict, dataclass
from difflib import SequenceMatcher
from typing import Any


@dataclass(frozen=True)
class Change:
    """One difference: kind is added, removed or changed; part is story or highlights;
    position is the block's place in the newer rendering (in the older one for a removal)."""

    kind: str
    part: str
    position: int
    old: str = ""
    new: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _changes(part: str, old: list[str], new: list[str]) -> list[Change]:
    found: list[Change] = []
    matcher = SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        paired = min(a2 - a1, b2 - b1) if op == "replace" else 0
        for i in range(paired):
            found.append(Change("changed", part, b1 + i, old[a1 + i], new[b1 + i]))
        found += [Change("removed", part, a1 + i, old=old[a1 + i]) for i in range(paired, a2 - a1)]
        found += [Change("added", part, b1 + i, new=new[b1 + i]) for i in range(paired, b2 - b1)]
    return found


def diff(old_blocks: list[str], new_blocks: list[str], old_highlights: list[str] | None = None,
         new_highlights: list[str] | None = None) -> list[Change]:
    """The story blocks' changes, in order, then the highlights' (only where both renderings
    carry highlights: a template that prints none has not removed them). Two renderings of the
    same blocks in different templates have no changes."""
    changes = _changes("story", old_blocks, new_blocks)
    if old_highlights and new_highlights:
        changes += _changes("highlights", old_highlights, new_highlights)
    return changes


def format_diff(changes: list[Change], old_label: str, new_label: str) -> str:
    """A diff a person reads: "- " what only the older rendering says, "+ " what only the newer does."""
    if not changes:
        return f"No difference in story text or highlights between {old_label} and {new_label}."
    lines = [f"--- {old_label}", f"+++ {new_label}"]
    for change in changes:
        where = f"{change.part} block {change.position + 1}"
        lines.append(f"@@ {change.kind}: {where}")
        if change.old:
            lines.append(f"- {change.old}")
        if change.new:
            lines.append(f"+ {change.new}")
    return "\n".join(lines)
