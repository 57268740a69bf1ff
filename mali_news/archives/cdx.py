"""The one reader of the Wayback Machine's CDX answers (the lookup of a story and the archive route)."""

import json
from dataclasses import dataclass, field

from mali_news.archives.wayback import Snapshot

_TIMESTAMP_LENGTHS = range(4, 15)


@dataclass
class CdxAnswer:
    """The captures of an answer (status 200 only), its resume key ("" on its last page), how
    many rows were malformed (too short, a timestamp that is not one): skipped, counted; and how
    many were revisits (warc/revisit, status "-": the same content as an earlier capture, whose
    status the row does not say): no capture to read."""

    captures: list[Snapshot] = field(default_factory=list)
    resume_key: str = ""
    malformed: int = 0
    revisits: int = 0


def _capture(timestamp: object, original: object) -> Snapshot | None:
    timestamp, original = str(timestamp), str(original)
    if not (timestamp.isdigit() and len(timestamp) in _TIMESTAMP_LENGTHS and original):
        return None
    return Snapshot(timestamp, original)


def _json(text: str) -> CdxAnswer:
    try:
        rows = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not CDX JSON: {exc}") from None
    if not isinstance(rows, list) or any(not isinstance(row, list) for row in rows):
        raise ValueError("not a CDX JSON answer")
    answer = CdxAnswer()
    # showResumeKey: the rows, then [], then ["<key>"].
    if len(rows) >= 2 and rows[-2] == [] and len(rows[-1]) == 1:
        answer.resume_key, rows = str(rows[-1][0]), rows[:-2]
    if not rows:
        return answer
    header = [str(name) for name in rows[0]]
    if "timestamp" not in header or "original" not in header:
        raise ValueError(f"CDX answer without timestamp/original columns: {header}")
    ts, original = header.index("timestamp"), header.index("original")
    status = header.index("statuscode") if "statuscode" in header else None
    for row in rows[1:]:
        capture = _capture(row[ts], row[original]) if len(row) == len(header) else None
        if capture is None:
            answer.malformed += 1
        elif status is None or str(row[status]) == "200":
            answer.captures.append(capture)
        elif str(row[status]) == "-":
            answer.revisits += 1
    return answer


def _plain(text: str) -> CdxAnswer:
    """The plain text form: space-separated default fields (urlkey timestamp original mimetype
    statuscode digest length), a blank line, then the resume key."""
    body, _, tail = text.partition("\n\n")
    answer = CdxAnswer(resume_key=tail.strip())
    lines = [line for line in body.splitlines() if line.strip()]
    for line in lines:
        fields = line.split()
        capture = _capture(fields[1], fields[2]) if len(fields) >= 5 else None
        if capture is None:
            answer.malformed += 1
        elif fields[4] == "200":
            answer.captures.append(capture)
        elif fields[4] == "-":
            answer.revisits += 1
    if lines and answer.malformed == len(lines):
        raise ValueError(f"not a CDX answer: {lines[0][:80]!r}")
    return answer


def parse_cdx(text: str) -> CdxAnswer:
    """A CDX answer, JSON (output=json) or plain text; an empty answer has no captures.

    Raises ValueError when the text is no CDX answer at all (an error page, a Java exception).
    """
    text = text.strip()
    if not text:
        return CdxAnswer()
    return _json(text) if text.startswith("[") else _plain(text)
