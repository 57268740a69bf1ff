"""Read a printed CNN byline as credits (NAME [, ROLE] [, OUTLET]): people, staff and agencies."""

import re

from mali_news.cleaning.text import normalize_space
from mali_news.items import Credit

_PREFIX_RE = re.compile(
    r"^(?:(?:analysis|opinion|commentary|review|interview|story|written|reporting|photographs?|"
    r"text|post|posted)\s+)?(?:by|from)\b[:\s]*",
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


# A word of a person's name: capitalised (initials, hyphens, apostrophes), or a particle.
_NAME_WORD_RE = re.compile(r"^(?:[A-Z][\w'’-]*\.?|[A-Z]\.(?:[A-Z]\.)*|de|del|della|der|den|van|von|da|"
                           r"dos|du|la|le|al|el|bin|ibn|ben|ag|ould)$")
_NOT_NAMES = frozenset({"the", "of", "for", "and", "to", "at", "in"})
# "CNN's Josh Levs" (a blog's "Post by:" line): one of CNN's people.
_CNNS_RE = re.compile(r"^CNN['’]s\s+(?P<name>.+)$")


def is_full_name(piece: str) -> bool:
    """A name of its own: two or more name words, the first and last capitalised ("Lauren del
    Valle", "John D. Sutter"); not "O", "VBS.TV" or "The Oprah Magazine"."""
    words = piece.split()
    return (len(words) >= 2 and words[0][0].isupper() and words[-1][0].isupper()
            and words[0].lower() not in _NOT_NAMES and all(_NAME_WORD_RE.match(w) for w in words)
            and not any("." in w[:-1] and not re.match(r"^(?:[A-Z]\.)+$", w) for w in words))


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


# Words a role printed before a name may hold beside role words: "CNN.com writer", "Senior
# International Correspondent" (only there: "Foreign Policy" after a comma is an outlet).
_BEFORE_NAME_WORDS = _ROLE_WORDS | {"cnn", "cnn.com", "cnn's", "cnn’s", "cnn.com's", "hln", "international",
                                    "national", "foreign", "political", "military", "medical", "legal",
                                    "security"}


def role_before_name(piece: str) -> tuple[str, str] | None:
    """("CNN.com writer", "Lisa Respers France") for a role printed before the name; None when
    the piece is not role words followed by a full name."""
    words = piece.split()
    for cut in range(len(words) - 2, 0, -1):  # the longest role first
        role, name = words[:cut], " ".join(words[cut:])
        lowered = [word.lower().strip(".,") for word in role]
        if (any(word in _ROLE_WORDS for word in lowered)
                and all(word in _BEFORE_NAME_WORDS for word in lowered)
                and is_full_name(name)):
            return " ".join(role), name
    return None


def parse_credits(byline: str) -> list[Credit]:
    """The credits of a printed byline, in order.

    A piece after a comma that is a role ("Host", "Special to CNN", "Founder of VICE") or an
    outlet ("CNN", "Mental Floss", "O, The Oprah Magazine") belongs to the names before it. A
    new person comes after "and", or after a comma in a list that goes on to "and" ("A, B and
    C"), and only with a full name of their own: "and VBS.TV" goes on the role or outlet before
    it. Staff credits ("CNN Wire Staff") and agencies standing alone are credits of their own.
    """
    pieces = _pieces(_strip_prefix(byline))
    credits: list[Credit] = []
    waiting: list[Credit] = []  # people not yet given an outlet
    outlet_of: list[Credit] = []  # the people the last outlet went to, while it may go on
    last_role = False  # the piece before was a role, which "and X" may continue
    for index, (piece, follows_and) in enumerate(pieces):
        if (not credits or follows_and) and (split := role_before_name(piece)):
            # "CNN.com writer Lisa Respers France": the role CNN printed before the name.
            role, name = split
            if all(credit.name != name for credit in credits):
                credits.append(Credit(name, role=role))
            waiting, outlet_of, last_role = [], [], False
            continue
        kind = credit_kind(piece)
        continues, last_role = last_role, False
        cnns = _CNNS_RE.match(piece) if not credits or follows_and else None
        if cnns and is_full_name(cnns["name"]):
            if all(credit.name != cnns["name"] for credit in credits):
                credits.append(Credit(cnns["name"], outlet="CNN"))
            waiting, outlet_of = [], []
        elif kind == "staff" and _staff_name(piece).lower() == "cnn" and waiting and not follows_and:
            for credit in waiting:
                credit.outlet = "CNN"
            waiting, outlet_of = [], []
        elif kind == "staff":
            credits.append(Credit(_staff_name(piece), "staff"))
            waiting, outlet_of = [], []
        elif kind == "agency" and waiting and not follows_and:
            for credit in waiting:
                credit.outlet = AGENCIES[piece.lower()]
            waiting, outlet_of = [], []
        elif kind == "agency":
            credits.append(Credit(AGENCIES[piece.lower()], "agency"))
            waiting, outlet_of = [], []
        elif credits and not follows_and and outlet_of and not _is_role(piece) and not is_full_name(piece):
            for credit in outlet_of:  # "O, The Oprah Magazine": one outlet written with a comma
                credit.outlet = f"{credit.outlet}, {piece}"
        elif credits and not follows_and and _is_role(piece):
            last = credits[-1]
            last.role = f"{last.role}, {piece}" if last.role else piece
            # A person with a role of their own does not share a later person's outlet.
            waiting = [credit for credit in waiting if credit is not last]
            last_role = True
        elif credits and follows_and and not is_full_name(piece) and (continues or outlet_of):
            # "Founder of VICE and VBS.TV": the role or outlet goes on.
            for credit in outlet_of or credits[-1:]:
                if continues:
                    credit.role = f"{credit.role} and {piece}"
                else:
                    credit.outlet = f"{credit.outlet} and {piece}"
            last_role = continues
        elif credits and not follows_and and not (is_full_name(piece) and _list_goes_on(pieces, index)):
            # "Ethan Trex, Mental Floss": an outlet, not a second person.
            targets = waiting or credits[-1:]
            for credit in targets:
                credit.outlet = piece
            waiting, outlet_of = [], targets
        elif _is_role(piece):
            continue  # a role with no name before it names nobody
        elif all(credit.name != piece for credit in credits):
            credit = Credit(piece)
            credits.append(credit)
            waiting.append(credit)
            outlet_of = []
    return credits


def _list_goes_on(pieces: list[tuple[str, bool]], index: int) -> bool:
    """A comma piece is one more name when the list ends with "and" and a full name."""
    return any(follows_and and is_full_name(piece) for piece, follows_and in pieces[index + 1:])


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
