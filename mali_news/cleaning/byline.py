"""Read a printed CNN byline as credits (NAME [, ROLE] [, OUTLET]): people, staff and agencies."""

import re

from mali_news.items import Credit
from mali_news.text import normalize_space

_PREFIX_RE = re.compile(
    r"^(?:(?:analysis|opinion|commentary|review|interview|story|written|reporting|photographs?|"
    r"text)\s+)?(?:by|from)\b[:\s]*",
    re.IGNORECASE,
)
# Separators between credits or between a name and its role or outlet; ", and" is one "and".
_SEPARATOR_RE = re.compile(r"\s*(?:,\s*and\s+|,|;|\s&\s|\s+and\s+)\s*", re.IGNORECASE)
_AND_RE = re.compile(r"and|&|;", re.IGNORECASE)
# "Martin Luther King, Jr." must not be split at its comma.
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md", "m.d."})
_STAFF_RE = re.compile(
    r"^(?:the\s+)?CNN(?:\s+(?:wire|staff|wire\s+staff|wire\s+service|staff\s+reports?|newsource))*$",
    re.IGNORECASE,
)
AGENCIES = {
    "reuters": "Reuters", "associated press": "The Associated Press",
    "the associated press": "The Associated Press", "ap": "The Associated Press",
    "afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP",
    "dpa": "dpa", "xinhua": "Xinhua", "upi": "UPI", "united press international": "UPI",
    "efe": "EFE", "ansa": "ANSA", "kyodo": "Kyodo News", "kyodo news": "Kyodo News",
    "bloomberg": "Bloomberg", "bloomberg news": "Bloomberg",
}
_ROLE_WORDS = frozenset({
    "host", "co-host", "anchor", "co-anchor", "correspondent", "producer", "editor",
    "editor-at-large", "reporter", "writer", "contributor", "analyst", "columnist",
    "commentator", "director", "chief", "president", "professor", "fellow", "author",
    "journalist", "photographer", "photojournalist", "researcher", "intern", "bureau",
    "executive", "senior", "managing", "associate", "special", "freelance", "freelancer",
    "contributing", "founder", "ceo", "chair", "chairman", "member", "lecturer", "scholar",
})
_OUTLET_RE = re.compile(
    r"\b(?:News|Times|Post|Journal|Magazine|Radio|TV|Television|Network|Press|Herald|Tribune|"
    r"Guardian|Telegraph|Economist|Monitor|Daily|Weekly|Wire|Media|Channel|Broadcasting|"
    r"Newsweek|Politico|Gazette|Chronicle|Independent|Observer|Affiliate|University|Institute|"
    r"Council|Foundation|Center|Centre)\b|^[A-Z]{2,6}$|^CNN\b"
)


def _strip_prefix(text: str) -> str:
    return _PREFIX_RE.sub("", normalize_space(text)).strip(" ,;")


def _pieces(text: str) -> list[tuple[str, bool]]:
    """(piece, follows_and) for each part between separators, name suffixes kept on their name."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    follows_and = False
    for m in [*_SEPARATOR_RE.finditer(text), None]:
        end = m.start() if m else len(text)
        piece = text[position:end].strip(" ,;.")
        if piece and piece.lower() in _NAME_SUFFIXES and pieces:
            pieces[-1] = (f"{pieces[-1][0]}, {piece}.".replace("..", "."), pieces[-1][1])
        elif piece:
            pieces.append((piece, follows_and))
        if m:
            follows_and = bool(_AND_RE.search(m.group()))
            position = m.end()
    return pieces


def credit_kind(name: str) -> str:
    """"staff", "agency" or "person" for a credited name on its own."""
    if _STAFF_RE.match(name):
        return "staff"
    if name.lower() in AGENCIES:
        return "agency"
    return "person"


def _staff_name(name: str) -> str:
    return re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)


def _is_role(piece: str) -> bool:
    lowered = piece.lower()
    if lowered.startswith(("for cnn", "special to cnn", "cnn's", "cnn’s")) or not piece[0].isupper():
        return True
    words = {word.strip(".,()'’") for word in lowered.split()}
    return bool(words & _ROLE_WORDS)


def parse_credits(byline: str) -> list[Credit]:
    """The credits of a printed byline, in order.

    A piece after a comma that is a role ("Host", "Special to CNN", "CNN's Erin Burnett
    OutFront") or an outlet ("CNN", "NBC News", "Reuters") belongs to the names before it; a
    piece after "and", or any other piece, is a new credit. Staff credits ("CNN Wire Staff")
    and agencies standing alone are credits of their own kind.
    """
    credits: list[Credit] = []
    waiting: list[Credit] = []  # people not yet given an outlet
    for piece, follows_and in _pieces(_strip_prefix(byline)):
        kind = credit_kind(piece)
        if kind == "staff" and _staff_name(piece).lower() == "cnn" and waiting and not follows_and:
            for credit in waiting:
                credit.outlet = "CNN"
            waiting = []
        elif kind == "staff":
            credits.append(Credit(_staff_name(piece), "staff"))
            waiting = []
        elif kind == "agency" and waiting and not follows_and:
            for credit in waiting:
                credit.outlet = AGENCIES[piece.lower()]
            waiting = []
        elif kind == "agency":
            credits.append(Credit(AGENCIES[piece.lower()], "agency"))
            waiting = []
        elif credits and not follows_and and _is_role(piece):
            last = credits[-1]
            last.role = f"{last.role}, {piece}" if last.role else piece
        elif waiting and not follows_and and _OUTLET_RE.search(piece):
            for credit in waiting:
                credit.outlet = piece
            waiting = []
        elif _is_role(piece):
            continue  # a role with no name before it names nobody
        elif all(credit.name != piece for credit in credits):
            credit = Credit(piece)
            credits.append(credit)
            waiting.append(credit)
    return credits


def credits_from_names(names: list[str]) -> list[Credit]:
    """Credits for names given one by one (structured data): staff and agencies recognised."""
    credits: list[Credit] = []
    for name in map(normalize_space, names):
        if not name:
            continue
        kind = credit_kind(name)
        if kind == "staff":
            name = _staff_name(name)
        elif kind == "agency":
            name = AGENCIES[name.lower()]
        if all(credit.name != name for credit in credits):
            credits.append(Credit(name, kind))
    return credits


def split_byline(text: str) -> list[str]:
    """The people a byline names, in order (no staff or agency credits)."""
    return [credit.name for credit in parse_credits(text) if credit.kind == "person"]
