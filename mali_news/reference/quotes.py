"""Who is quoted: each attributed statement of a story's text, its speaker, role and kind of source."""

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from mali_news.items import STORY_KINDS, Quote
from mali_news.reference.mentions import ActorFinder
from mali_news.reference.normalise import fold
from mali_news.reference.sources import (
    NAME,
    NAMED,
    PERSON,
    WORD,
    actor_categories,
    classify,
    data_rows,
    default_actors,
    source_terms,
    surnames,
    titles,
)

PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "He", "She", "They", "It", "We", "I"})
PERSONAL = frozenset({"he", "she"})
# A definite description that points back to the last source of its kind ("the company said").
ANAPHORS = {"the company": "business", "the firm": "business", "the group": None,
            "the organization": None, "the organisation": None, "the agency": None}
# Words before a speaker that belong to the sentence, not to the speaker's name.
_LEADING = re.compile(
    r"^(?:(?:but|and|yet|meanwhile|however|still|also|earlier|later|now|then|so|instead|separately|"
    r"in\s+\w+|on\s+\w+day|last\s+\w+|this\s+\w+)\s*,?\s+)+", re.I)
# Where a clause begins before its subject: "the day after militants said ...".
_CLAUSE = re.compile(r"(?:^|\s)(?:after|when|while|because|as|since|although|though|before|until|"
                     r"where|whereas|if|than|once)\s+", re.I)
# What may stand between a speaker and the speech verb, or after the verb, without being content.
_ADVERBIAL = (r"(?:\s+(?:on|late|early|last|this|next)\s+(?:\w+day|week|month|year|night|morning|"
              r"afternoon|evening)(?:\s+(?:night|morning|afternoon|evening))?|\s+(?:\w+day|yesterday|"
              r"today|also|later|earlier|previously|again|repeatedly|publicly|privately|separately|"
              r"recently|once|then|too|now)|\s+in\s+(?:a|an|his|her|its|their|the)\s+(?:[\w-]+\s+){0,3}?"
              r"(?:statement|interview|speech|address|message|video|posting|post|communique|"
              r"briefing|report|letter|broadcast|conference|tweet|e-mail|email)(?:\s+(?:on|to)\s+"
              r"[\w'’. -]+?)?|\s+(?:by|over\s+the)\s+(?:phone|telephone)|\s+on\s+(?:its|his|her|their)\s+"
              r"(?:website|Twitter|Facebook)(?:\s+account|\s+page)?|"
              r"\s+on\s+(?:[\w'’-]+\s+){0,2}(?:radio|television|TV)|\s+(?:at|during)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?"
              r"(?:conference|briefing|rally|summit|meeting|ceremony|funeral|hearing))")
# After the verb, a place is where it was said ("said in Bamako"); before it, part of the speaker
# ("a Western diplomat in Bamako").
_PLACED = (rf"(?:{_ADVERBIAL}|\s+(?:in|from|at|near|outside)\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*"
           r"|\s+of\s+(?:the|a|an|his|her|its|their|this|that)\s+[^,.;⟦]+)")
_OBJECTS = (r"(?:\s+(?:CNN|CNN's\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*|reporters|journalists|the\s+(?:AP|"
            r"Associated\s+Press|BBC|newspaper|agency|station|press)|Reuters|AFP|Agence\s+France-Presse|"
            r"Al\s+Jazeera|(?:a|the)\s+(?:news\s+)?(?:conference|briefing)|(?:him|her|them|us|me)|"
            r"state\s+(?:television|TV|radio|media)|(?:a|the)\s+(?:[\w'’-]+\s+){0,3}(?:newspaper|radio|"
            r"television|channel|station|website|parliament|assembly|crowd|agency|daily|weekly|magazine|"
            r"supporters|troops|soldiers)(?:\s+[A-Z][\w-]+)?|"
            r"(?:the\s+)?[A-Z][\w-]+(?:\s+(?:[A-Z][\w-]+|\d+))*(?:\s+(?:radio|television|TV|newspaper|channel))?))")
_HELPERS = r"(?:\s+(?:has|have|had|would|will|also|later|earlier|then|previously|once|again))*"
# A passive or idiom around a speech verb: not an attribution.
_NOT_BEFORE = re.compile(r"(?:\b(?:was|were|is|are|be|been|being|all|so|an|a|the|as)|-)\s*$", re.I)
_NOT_AFTER = re.compile(r"^\s*(?:to\s+be\b|to\s+have\s+been\b|responsibility\b|credit\b|the\s+lives\b|"
                        r"lives\b|killed\b|dead\b|missing\b|wounded\b|injured\b|control\b|"
                        r"(?:the|an|this|that)\s+(?:attacks?|kidnappings?|bombings?|raids?|assault|killings?|"
                        r"abductions?|hostage-taking)\b)", re.I)
_ACCORDING = re.compile(r"\baccording\s+to\s+", re.I)
_NOT_SOURCES = re.compile(r"^(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:plan|plans|schedule|law|laws|"
                          r"constitution|agreement|deal|tradition|custom|rules|timetable|script|Bible|"
                          r"Quran|Koran|Sharia|legend|lore|the\s+book|protocol)\b", re.I)
# A speaker phrase holds no finite verb ("the militants had burned the library" is content).
_FINITE = re.compile(r"\b(?:is|was|were|are|has|had|have|will|would|could|can|must|should|did|do|does)\b")
_VERB_LIKE = re.compile(r"\b(?:is|was|were|are|has|had|have|will|would|could|can|did|does|\w{3,}ed)\b")
_ABBREVIATIONS = frozenset({
    "U.S", "U.N", "U.K", "E.U", "Gen", "Gens", "Sen", "Rep", "Mr", "Mrs", "Ms", "Dr", "St", "Mt", "Lt", "Col",
    "Sgt", "Maj", "Capt", "Adm", "Brig", "Cmdr", "Cpl", "Pvt", "Gov", "Amb", "Prof", "Rev", "Fr", "Jr", "Sr",
    "Jan", "Feb", "Aug", "Sept", "Oct", "Nov", "Dec", "No", "a.m", "p.m", "vs"})
# What can end a sentence, or open or close a quotation.
_MARKS = re.compile(r"[.!?“”\"]")


@dataclass(frozen=True)
class Verb:
    form: str
    lemma: str
    needs: str


@cache
def speech_verbs() -> dict[str, Verb]:
    """The verbs that report speech (data/speech_verbs.csv), by form: said, told, warned ..."""
    return {row["form"]: Verb(row["form"], row["lemma"], row["needs"] or "")
            for row in data_rows("speech_verbs.csv")}


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph; a quotation of several sentences stays whole, and an
    abbreviation ("U.S.", "Gen.") or an initial ends none."""
    found, start, inside = [], 0, False
    for mark in _MARKS.finditer(text):
        i, char = mark.start(), mark.group(0)
        if char == "“":
            inside = True
        elif char == "”":
            inside = False
        elif char == '"':
            inside = not inside
        if char not in ".!?" or inside:
            continue
        end = i + 1
        while end < len(text) and text[end] in "\"”’'":
            end += 1
        if end >= len(text) or not text[end].isspace():
            continue
        following = text[end:].lstrip()
        if not following or not (following[0].isupper() or following[0].isdigit() or following[0] in "“\"‘'"):
            continue
        word = re.search(r"([\w.]+)\.$", text[start:i + 1])
        abbreviated = word is not None and (word.group(1) in _abbreviations()
                                            or re.fullmatch(r"[A-Z]", word.group(1)) is not None)
        if char == "." and abbreviated:
            continue
        if end < len(text) and text[end - 1] in "\"”" and text[end:].lstrip()[:1].islower():
            continue
        found.append(text[start:end].strip())
        start = end
    if text[start:].strip():
        found.append(text[start:].strip())
    return found


@cache
def _abbreviations() -> frozenset[str]:
    """Words a period ends that end no sentence: "U.S.", "Gen." and every title of data/sources.csv."""
    titles = {t.term.rstrip(".") for t in source_terms() if t.term.endswith(".")}
    return _ABBREVIATIONS | titles


@dataclass
class _Sentence:
    """A sentence with its quotations replaced by ⟦0⟧, ⟦1⟧ ... (so that commas inside them are not read)."""

    text: str
    template: str
    quotes: list[str]

    @classmethod
    def of(cls, text: str) -> "_Sentence":
        quotes: list[str] = []

        def keep(match: re.Match[str]) -> str:
            quotes.append(match.group(1).strip())
            return f"⟦{len(quotes) - 1}⟧"

        template = re.sub(r"[“\"]([^”\"]+)[”\"]", keep, text)
        return cls(text, template, quotes)

    def restore(self, template_part: str) -> str:
        return re.sub(r"⟦(\d+)⟧", lambda m: f"\"{self.quotes[int(m.group(1))]}\"", template_part).strip()

    def kind_of(self, content: str) -> str:
        """direct when the content is quotation only, mixed when it holds some, else indirect."""
        stripped = re.sub(r"[\s,.:;—-]+", "", re.sub(r"⟦\d+⟧", "", content))
        if "⟦" in content:
            return "direct" if not stripped else "mixed"
        return "indirect"


@dataclass
class Found:
    speaker: str
    role: str
    verb: str
    kind: str
    text: str


@cache
def _verbs() -> re.Pattern[str]:
    forms = sorted(speech_verbs(), key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(forms)})(?![\w-])")





def _clean_speaker(text: str) -> str:
    text = re.sub(rf"{_ADVERBIAL}+\s*$", "", " " + text.strip(" ,;:")).strip()
    text = re.sub(rf"{_HELPERS}\s*$", "", " " + text).strip()
    text = _LEADING.sub("", text).strip(" ,;:—-")
    return text


def _split_subject(pre: str) -> tuple[str, str]:
    """(speaker, role) from the words before a speech verb: the last clause's subject, an
    appositive or relative clause after a name kept as the role."""
    pre = pre.rstrip()
    chunks = [c.strip() for c in re.split(r",(?![^⟦]*⟧)", pre)]
    role = ""
    if len(chunks) >= 3 and chunks[-1] == "":
        # "Said Djinnit, who heads the U.N. Office for West Africa, said": name, appositive;
        # "A soldier, who gave only his first name, Olivier, said": the head before the clause.
        start = len(chunks) - 3
        while start > 0 and re.match(r"^(?:who|which|whose)\b", chunks[start]):
            start -= 1
        subject, role = chunks[start], ", ".join(chunks[start + 1:-1])
    else:
        subject = chunks[-1]
    subject = re.split(r"[;:—⟧]|\s--\s", subject)[-1]
    if re.search(r"\sand$", subject) and (first := _VERB_LIKE.search(subject)):
        # "A spokesman for the group appeared on state television and said": the subject is
        # before the first verb of the two.
        subject = subject[:first.start()]
    subject, role = _split_relative(subject, role)
    parts = _CLAUSE.split(" " + subject)
    subject = parts[-1].strip() if parts[-1].strip() else subject
    subject = _clean_speaker(subject)
    named, title = _role_and_name(role, "") if role else ("", "")
    if role and NAMED.match(named) and not NAMED.match(subject) and not re.match(r"^(?:who|which)\b", role):
        # "Chad's president, Idriss Deby, said" / "The AFISMA commander, Nigerian Maj. Gen. Shehu
        # Usman Abdulkadir, said": the name is the speaker, the head (and title) its role.
        head = re.sub(r"^(?:the|a|an)\s+", "", subject, flags=re.I)
        subject, role = named, f"{head}, {title}" if title else head
    return subject, role


def _split_inverted(post: str, after_quote: bool) -> tuple[str, str]:
    """(speaker, role) after a verb that comes first ("said Said Djinnit, who heads ..."), when
    what follows the verb is only a speaker: a short phrase, then an appositive or the end."""
    match = re.match(rf"^(?:{_ADVERBIAL})*\s+((?:the|a|an|one|two|three|[A-Z])[^,;:⟦]*?)"
                     rf"(?:,\s*([^;⟦]*?))?(?:{_ADVERBIAL})*\s*[.!?]?\s*$", post)
    if not match:
        return "", ""
    speaker, role = _split_relative(_clean_speaker(match.group(1)), (match.group(2) or "").strip(" ,."))
    speaker, role = _role_and_name(speaker, role)
    # After a quotation only a speaker can follow; after a clause, a long phrase is content.
    longest = 12 if after_quote else 6
    if _FINITE.search(speaker) or (not match.group(2) and len(speaker.split()) > longest):
        return "", ""
    if not after_quote and _FINITE.search(match.group(0)):
        return "", ""  # "X, appositive, said the soldiers would be punished": that is content
    return speaker, role


def _split_relative(subject: str, role: str) -> tuple[str, str]:
    """"a resident of Gao who asked not to be named" -> ("a resident of Gao", "asked not to be named")."""
    relative = re.search(r"\s(?:who|which|that|whose)\s", subject)
    if relative and relative.start() > 0:
        role = role or subject[relative.start():].strip()
        subject = subject[:relative.start()]
    return subject.strip(), re.sub(r"^(?:who|which|that)\s+", "", role).strip()


def _role_and_name(speaker: str, role: str) -> tuple[str, str]:
    """"U.S. State Department spokeswoman Victoria Nuland" -> ("Victoria Nuland", "U.S. State
    Department spokeswoman"): a person's name after a title word keeps the title as the role."""
    best = None
    for match in titles().finditer(speaker):
        rest = speaker[match.end():].strip()
        if rest and NAMED.match(rest):
            best = (rest, speaker[:match.end()].strip())
    if best is None:
        possessive = re.match(r"^(.+?['’]s)\s+(.+)$", speaker)
        if possessive and NAMED.match(possessive.group(2)):
            best = (possessive.group(2), possessive.group(1))
    if best is None:
        of = re.match(r"^(.+?)\s+of\s+(the\s+[A-Z].*)$", speaker)
        if of and PERSON.match(of.group(1)) and not titles().search(of.group(1)):
            # "Florent Geel of the International Federation for Human Rights"
            return of.group(1), (f"{of.group(2)}, {role}" if role else of.group(2))
        return speaker, role
    name, title = best
    title = re.sub(r"^(?:the|a|an)\s+", "", title, flags=re.I)
    return name, (f"{title}, {role}" if role else title)


def _plausible(speaker: str) -> bool:
    if not speaker or len(speaker.split()) > 14 or "⟦" in speaker:
        return False
    if speaker in PRONOUNS:
        return True
    first = speaker.split()[0]
    if re.search(r"\b(?:is|was|were|are|has been|had been|will|would|could|can|must|should|did|do|does|"
                 r"not)\b", speaker):
        return False
    if any(word[:1].isupper() for word in speaker.split()[1:]):
        return True  # "interim President Dioncounda Traore"
    return first[0].isupper() or first[0].isdigit() or first.lower() in (
        "a", "an", "the", "one", "two", "three", "four", "some", "many", "several", "most", "few",
        "other", "others", "another", "both", "local", "senior", "top", "military", "government",
        "rebel", "residents", "witnesses", "officials", "sources", "analysts", "experts", "refugees",
        "militants", "soldiers", "security", "aid", "human", "his", "her", "their", "its", "western",
        "french", "malian", "u.s.")


def _content(sentence: _Sentence, part: str) -> str:
    return sentence.restore(part.strip(" ,;:")).rstrip(",;:").strip()


def _needs(verb: Verb, post: str) -> bool:
    if verb.needs == "object":
        return re.match(_OBJECTS, post) is not None
    if verb.needs == "that_or_quote":
        return re.match(r"^\s*(?:(?:to\s+\w+\s+)?that\b|[:,]?\s*⟦)", post) is not None
    if verb.needs == "quote_or_for":
        return re.match(r"^\s*(?:(?:for|on|upon)\b|(?:[\w'’-]+\s+){0,4}⟦)", post) is not None
    return True


def _attribution(sentence: _Sentence) -> Iterator[Found]:
    """The attributions of one sentence (one, or none)."""
    template = sentence.template
    according = _ACCORDING.search(template)
    if according:
        yield from _according(sentence, according)
        return
    verbs = speech_verbs()
    # A passive or idiom is read from the few words around the verb, not the whole sentence.
    matches = [m for m in _verbs().finditer(template)
               if not (_NOT_BEFORE.search(template[max(m.start() - 12, 0):m.start()])
                       or _NOT_AFTER.match(template[m.end():m.end() + 40])
                       or not _needs(verbs[m.group(0)], template[m.end():]))]
    # "The hostage-takers said ..., Mauritania's news agency reported.": the attribution that ends
    # the sentence is the one the story gives; what it reports is its content.
    last_speaker = re.search(r",\s*([^,⟦⟧]*)$", template[:matches[-1].start()]) if matches else None
    if len(matches) > 1 and re.match(f"^{_TAIL}", template[matches[-1].end():]) and last_speaker \
            and not _VERB_LIKE.search(last_speaker.group(1)):
        matches = [matches[-1], *matches[:-1]]
    for match in matches:
        found = _around(sentence, verbs[match.group(0)], template[:match.start()], template[match.end():])
        if found is not None:
            yield found
            return


def _according(sentence: _Sentence, match: re.Match[str]) -> Iterator[Found]:
    template = sentence.template
    after = template[match.end():]
    source = re.match(r"^([^,;]+?)(?:,\s*|\s*[.;]?\s*$)", after)
    if not source or _NOT_SOURCES.match(source.group(1)):
        return
    speaker, role = _role_and_name(*_split_relative(_clean_speaker(source.group(1)), ""))
    content = (template[:match.start()] + " " + after[source.end():]).strip(" ,.")
    if not content or not _plausible(speaker):
        return
    yield Found(speaker, role, "according to", sentence.kind_of(content), _content(sentence, content))


# What may follow a verb that ends an attribution: where and when it was said, then the end, a
# participle ("adding that ..."), or the rest of a quotation split around its speaker.
_TAIL = (rf"(?:{_PLACED})*\s*(?:[.!?]\s*$|$|,\s*(?:adding|citing|noting|saying|referring|according|in\s+a\b)"
         r"|,?\s*[.!?]?\s*⟦)")


def _around(sentence: _Sentence, verb: Verb, pre: str, post: str) -> Found | None:
    pre_stripped = pre.rstrip()
    # "..., said Said Djinnit, who heads ..." / "⟦0⟧ said the spokesman."
    # After "told" comes the listener ("..., Haidara told CNN"), never the speaker.
    after_quote = pre_stripped.rstrip(",").endswith("⟧")
    # "Konna was retaken, said the army": the words before the comma are a clause (they have a
    # verb); "Mossa Ag Attaher, a spokesman for the MNLA, said ..." has none: its subject.
    clause = after_quote or _VERB_LIKE.search(pre_stripped) is not None
    if pre_stripped.endswith((",", "⟧")) and verb.lemma != "tell" and clause:
        speaker, role = _split_inverted(post, after_quote)
        content = pre_stripped.rstrip(",")
        if speaker and content.strip() and _plausible(speaker):
            speaker, role = _role_and_name(speaker, role)
            return Found(speaker, role, verb.form, sentence.kind_of(content), _content(sentence, content))
    # Only "told" has a listener after it ("told CNN", "told Reuters").
    listener = f"(?:{_OBJECTS})?" if verb.lemma == "tell" else ""
    tail = re.match(f"^{listener}{_TAIL}", post)
    if tail is None and "⟧" in pre_stripped:
        # '"...," Traore said as he greeted Hollande': what follows is when, not what.
        tail = re.match(rf"^{listener}(?:{_PLACED})*\s+(?:as|while|when|after|before|during)\s+[^⟦]*?()$",
                        post)
    if tail:
        # "Content, a military official told CNN on Friday." / "⟦0⟧ he said. ⟦1⟧"
        # The speaker after the content's last comma; "Name, appositive," when a comma ends it.
        shape = (r"(?:,|⟧)\s*([^,⟦⟧]*,[^,⟦⟧]*,)\s*$" if pre_stripped.endswith(",")
                 else r"(?:,|⟧)\s*([^,⟦⟧]*)$")
        split = re.search(shape, pre_stripped)
        if split:
            content = pre_stripped[:split.start() + (1 if pre_stripped[split.start()] == "⟧" else 0)]
            speaker, role = _split_subject(split.group(1))
            after = post[tail.end() - 1:] if post[tail.end() - 1:tail.end()] == "⟦" else ""
            full = (content + " " + after).strip()
            if content.strip(" ,") and _plausible(speaker):
                speaker, role = _role_and_name(speaker, role)
                return Found(speaker, role, verb.form, sentence.kind_of(full), _content(sentence, full))
    # "Norwegian oil company Statoil on Friday said that two ..." / "He stressed that ..."
    speaker, role = _split_subject(pre)
    body = re.sub(rf"^{listener}(?:{_PLACED})*\s*(?:that\s+|:\s*|,\s*)?", "", post).strip()
    if not body or not _plausible(speaker):
        return None
    speaker, role = _role_and_name(speaker, role)
    return Found(speaker, role, verb.form, sentence.kind_of(body), _content(sentence, body))


def _named_people(text: str) -> Iterator[tuple[str, str]]:
    """(title, name) of the people a sentence names after a title ("President", "Francois Hollande")."""
    for match in titles().finditer(text):
        rest = re.match(rf"\s+({NAME}(?:\s+{WORD}){{1,3}})(?![\w-])", text[match.end():])
        if rest:
            yield match.group(0), rest.group(1)


Person = tuple[str, str, str, str | None]  # name, role, kind of source, actor


@dataclass
class _Context:
    """What a story has said so far that a later attribution points back to. The people its
    sentences name after a title are read only when a pronoun or a bare surname needs them."""

    quotes: list[Quote]
    actors: ActorFinder | None = None
    # (sequence, person) for each person named so far; sentences not read for names yet.
    people: list[tuple[int, Person]] = field(default_factory=list)
    unread: list[tuple[int, str]] = field(default_factory=list)
    # Every sentence so far, and the sequence number of the last one that held a quote.
    said: list[str] = field(default_factory=list)
    quoted_last: int = -1

    def named(self, seq: int, person: Person) -> None:
        self.people.append((seq, person))

    def _read(self) -> list[Person]:
        for seq, text in self.unread:
            quoted = {person[0] for at, person in self.people if at == seq}
            for title, name in _named_people(text):
                if name not in quoted:  # the speaker of that sentence, known with their role
                    self.people.append((seq, (name, title, *classify(name, title, self.actors))))
        self.unread.clear()
        return [person for _, person in sorted(self.people, key=lambda p: p[0])]

    def person(self) -> Person | None:
        """The person named last."""
        people = self._read()
        return people[-1] if people else None

    def by_surname(self, surname: str) -> Person | None:
        """The person named before whose name ends so; else a listed person whose surname it is,
        when the story named them in full before ("Cisse" after "Soumaila Cisse")."""
        found = next((p for p in reversed(self._read()) if p[0].split()[-1] == surname), None)
        actor = surnames().get(fold(surname).lower())
        if found is None and actor is not None and \
                actor in {m.id for m in (self.actors or default_actors()).find(" ".join(self.said))}:
            found = (surname, "", actor_categories()[actor], actor)
        return found

    def earlier(self, wanted: str | None, head: str = "") -> Quote | None:
        """The last quote of a named source of that kind (or whose words hold head)."""
        for quote in reversed(self.quotes):
            named = quote.speaker not in PRONOUNS and quote.speaker.lower() not in ANAPHORS
            if named and (wanted is None or quote.category == wanted) and \
                    (not head or head in f"{quote.role} {quote.speaker}".lower()):
                return quote
        return None


def _resolved(hit: Found, context: _Context, actors: ActorFinder | None) -> Quote:
    speaker, role = hit.speaker, hit.role
    lowered = speaker.lower()
    category, actor = classify(speaker, role, actors)
    if lowered in PERSONAL and (person := context.person()) is not None:
        speaker, role, category, actor = person
    elif lowered in ANAPHORS and (earlier := context.earlier(ANAPHORS[lowered])) is not None:
        # "the company said": the company last quoted, named again.
        speaker, role, category, actor = earlier.speaker, earlier.role, earlier.category, earlier.actor_id
    elif speaker in PRONOUNS:
        category, actor = "unknown", None
    elif category == "unknown" and NAMED.match(speaker) and \
            (known := context.by_surname(speaker.split()[-1])) and \
            (len(speaker.split()) == 1 or speaker == known[0]):
        # "Guillaud told Europe 1": the admiral named before.
        category, actor = known[2], known[3]
    elif (head := re.fullmatch(r"the\s+([a-z]+)", lowered)) and \
            (earlier := context.earlier(None, head.group(1))):
        # "The spokesman added": kept as printed, of the kind of the spokesman quoted before.
        category, actor = earlier.category, earlier.actor_id
    return Quote(block=0, speaker=speaker, role=role, category=category, actor_id=actor, kind=hit.kind,
                 verb=hit.verb, text=_spoken(hit))


def _spoken(hit: Found) -> str:
    """The quoted words of a direct quote without their marks; a report's words as printed."""
    text = hit.text.rstrip(" .")
    if hit.kind == "direct":
        return " ".join(re.findall(r'"([^"]+)"', text)) or text
    return text


def find_quotes(blocks: Sequence[tuple[int, str]], actors: ActorFinder | None = None) -> list[Quote]:
    """Every attributed statement of a story's text blocks, as (block position, text), in order.
    A pronoun speaker ("he said") is the person last named before it; "the company" the last
    company quoted; else the pronoun stays."""
    context = _Context([], actors)
    seq = 0
    for position, block in blocks:
        for text in sentences(block):
            seq += 1
            sentence = _Sentence.of(text)
            previous = context.quotes[-1] if context.quotes else None
            alone = sentence.template.strip(" .") == "⟦0⟧"
            if alone and previous is not None and previous.block == position and previous.kind == "direct" \
                    and context.quoted_last == seq - 1:
                # '"...," said a resident of Gao. "Everyone had to watch."': the same quotation.
                context.quotes[-1] = replace(previous, text=f"{previous.text} {sentence.quotes[0]}".strip())
                context.quoted_last = seq
                continue
            for hit in _attribution(sentence):
                quote = replace(_resolved(hit, context, actors), block=position)
                context.quotes.append(quote)
                context.quoted_last = seq
                titled = bool(quote.role) and NAMED.match(quote.speaker) is not None
                if quote.speaker not in PRONOUNS and (PERSON.match(quote.speaker) or titled):
                    context.named(seq, (quote.speaker, quote.role, quote.category, quote.actor_id))
            # A person the sentence names after a title is "he" or "she" of the next one.
            context.unread.append((seq, text))
            context.said.append(text)
    return context.quotes


def story_blocks(blocks: Iterable[tuple[int, str, str]]) -> list[tuple[int, str]]:
    """(position, text) of a story's own blocks (paragraphs, list items, subheads, quotations) among
    (position, kind, text): captions, promos and notes quote nobody for the story."""
    return [(position, text) for position, kind, text in blocks if kind in STORY_KINDS and text]
