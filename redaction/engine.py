"""The Redactor: run every detector, reconcile overlaps, write the redacted text.

Order matters: shape detectors (email, phone, SSN, dates, addresses, health)
run first and their spans are masked out before names are looked for, so
"ilhan.patterson74@yahoo.com" is one EMAIL, not an email plus two names.
"""

from __future__ import annotations

import contextlib
import datetime
import re
from collections.abc import Iterable
from typing import NamedTuple

from redaction.address_labels import CARE_OF_MARK_RE, find_care_of, find_labelled_addresses
from redaction.chat_languages import not_chat_language_words
from redaction.colleagues import first_names, full_name_keys, without_colleagues
from redaction.conversation import conversation_clients, in_conversation
from redaction.dates import MONTHS, DateJudge, age_after_name, parse_date, year4
from redaction.findings import Finding, PiiType, Redaction
from redaction.forgotten import NO_FORGOTTEN_NAMES, ForgottenNames
from redaction.handles import find_handles
from redaction.health import find_health
from redaction.lexicon import FIRST_NAMES
from redaction.lexicon import warm as warm_lexicon
from redaction.list_slots import list_slot_names
from redaction.name_backstop import model_names
from redaction.name_labels import find_labelled_names
from redaction.name_model import DEFAULT_THRESHOLD, NameModel, default_model
from redaction.name_words import MAX_CANDIDATES
from redaction.named_again import clients_named_again, words_named_again
from redaction.names import NameFinder
from redaction.nicknames_given import with_nicknames_given
from redaction.normalize import Token, fold, tokenize
from redaction.not_people import brand_spans
from redaction.patterns import find_patterns
from redaction.quoted_nicknames import with_descriptors, with_nickname_before_surname, with_nicknames
from redaction.roster import RosterEntry, RosterIndex
from redaction.scan_noise import without_scan_noise
from redaction.slack_markup import with_slack_markup, without_emphasis
from redaction.sounded_names import looks_dictated, with_sounded_out_names
from redaction.spanish import not_spanish_words
from redaction.spelled import spelled_names
from redaction.spoken_numbers import digitise
from redaction.street_names import street_names
from redaction.table_columns import column_spans
from redaction.unicode_fold import Folded, fold_text
from redaction.world_places import is_place

PLACEHOLDER = "[redacted]"

# When two shape spans overlap, the merged span takes the type of the more specific one.
_PRIORITY = {
    PiiType.EMAIL: 0,
    PiiType.SSN: 1,
    PiiType.PHONE: 2,
    PiiType.DOB: 3,
    PiiType.ADDRESS: 4,
    PiiType.HEALTH: 5,
    PiiType.NAME: 6,
}


class Evidence(NamedTuple):
    """What a stretch of text says of who is meant, for telling namesakes apart."""

    known: set[str]  # clients whose full DOB or SSN is written there
    last4: set[str]
    years: set[int]
    month_days: set[tuple[int, int]]
    ages: set[int]


class RedactionError(RuntimeError):
    """Raised instead of any internal error; its message never contains the text being redacted."""


def _staff(
    index: RosterIndex, known_words: Iterable[str], colleagues: Iterable[str]
) -> tuple[NameFinder, frozenset[tuple[str, ...]]]:
    """The name finder with the known words and colleagues' first names, and the colleagues' full names."""
    colleagues = tuple(colleagues)
    known = {fold(w) for phrase in known_words for w in str(phrase).split() if w} | first_names(colleagues)
    return NameFinder(index, known_words=known), full_name_keys(colleagues)


class Redactor:
    """Roster-aware redactor. Build once per roster (the index is the costly part), call often.

    ``known_words`` are words never to treat as names on their own: agency and
    program names, staff first names. ``colleagues``: staff members' names; their first names become
    known words and their full names stay readable whole (``colleagues.py``). ``name_model``: the
    learned backstop for names no rule found (``name_backstop.py``): as ``CASEBOT_NAME_MODEL`` says
    (True; on unless it says off), none (False), or the given tagger.
    """

    __slots__ = ("_colleagues", "_forgotten", "_index", "_judge", "_model", "_names", "_threshold", "_today")

    def __init__(
        self,
        roster: Iterable[RosterEntry] = (),
        *,
        known_words: Iterable[str] = (),
        colleagues: Iterable[str] = (),
        today: datetime.date | None = None,
        forgotten: ForgottenNames = NO_FORGOTTEN_NAMES,
        name_model: NameModel | bool = True,
        name_threshold: float = DEFAULT_THRESHOLD,
    ) -> None:
        self._index = RosterIndex(roster)
        self._forgotten = forgotten  # de-identified clients' old names (redaction.forgotten)
        if isinstance(name_model, NameModel):
            self._model: NameModel | None = name_model
        else:
            self._model = default_model() if name_model else None
        self._threshold = name_threshold
        warm_lexicon()  # build the typo table now, not on the first unknown word of the first message
        self._names, self._colleagues = _staff(self._index, known_words, colleagues)
        self._judge = DateJudge(today=today)
        self._today = today

    def with_known_words(self, known_words: Iterable[str], *, colleagues: Iterable[str] = ()) -> Redactor:
        """The same roster index with other known words (staff names change more often than the
        roster, and rebuilding the index means decrypting every client)."""
        other = object.__new__(Redactor)
        other._index = self._index
        other._judge = self._judge
        other._today = self._today
        other._forgotten = self._forgotten
        other._model = self._model
        other._threshold = self._threshold
        other._names, other._colleagues = _staff(self._index, known_words, colleagues)
        return other

    @property
    def roster_size(self) -> int:
        return self._index.n_clients

    def find(self, text: str, *, conversation_clients: Iterable[str] = ()) -> tuple[Finding, ...]:
        """Findings only (sorted, non-overlapping, offsets into ``text``).

        Detectors see a folded copy (no invisible characters, no look-alike letters, ASCII digits,
        numbers written in words as digits); each finding is mapped back so that it covers the
        original characters, invisible ones included. ``conversation_clients``: see :meth:`redact`.
        """
        if conversation_clients:
            with in_conversation(conversation_clients):
                return with_slack_markup(text, self._find_folded(text))
        return with_slack_markup(text, self._find_folded(text))

    def _find_folded(self, text: str) -> tuple[Finding, ...]:
        folded = fold_text(text)
        base = folded.text if folded is not None else text
        plain = without_emphasis(base)  # the same length: every offset still holds
        plain = without_scan_noise(plain)  # "58O-9l-3327", "ssn.....473": the same length too
        if plain is not base and folded is not None:
            folded = Folded(plain, folded.origin, folded.origin_end)
        spoken = digitise(plain)
        dictated = looks_dictated(plain)  # read before the number words become digits
        if spoken is not None:
            folded = folded.then(spoken) if folded is not None else spoken
        if folded is None:
            return self._find(plain, dictated=dictated)
        return tuple(_unfold(f, folded) for f in self._find(folded.text, dictated=dictated))

    def _find(self, text: str, *, dictated: bool = False) -> tuple[Finding, ...]:
        low = text.lower()
        toks = tokenize(text)
        words = {t.key.rstrip(".") for t in toks}
        spans = find_patterns(text, self._judge, lowered=low, words=words)
        spans.extend(find_health(text, lowered=low, words=words))
        spans.extend(find_handles(text))
        columns = column_spans(text) if "\n" in text else []
        spans.extend(c for c in columns if c[2] is not PiiType.NAME)  # a table's DOB, age, phone, address
        if "Client " in text:
            spans = _outside_client_refs(text, spans)
        shape = _merge(spans)
        blocked = _blocked(text, toks, shape)
        brands = brand_spans(text, toks)
        if brands:  # "Wells Fargo", "Johnson & Johnson": name words that are not a person
            marks = [(a, b, PiiType.NAME) for a, b in brands]
            blocked = [a or b for a, b in zip(blocked, _blocked(text, toks, marks), strict=True)]
        if "c/o" in low:  # "c/o Rosa Flores": the "o" of "care of" is no initial
            marks = [(m.start(), m.end(), PiiType.ADDRESS) for m in CARE_OF_MARK_RE.finditer(text)]
            blocked = [a or b for a, b in zip(blocked, _blocked(text, toks, marks), strict=True)]
        if "Client " in text or PLACEHOLDER in text:  # our own replacements are not names either
            refs = [(m.start(), m.end(), PiiType.NAME) for m in _OWN_MARK_RE.finditer(text)]
            blocked = [a or b for a, b in zip(blocked, _blocked(text, toks, refs), strict=True)]
        names = self._names.find(text, toks, blocked)
        if self._model is not None:  # the learned backstop: names no rule settled (name_backstop.py)
            extra = model_names(
                text, toks, blocked, names, model=self._model, finder=self._names, threshold=self._threshold
            )
            if extra:
                names = sorted([*names, *extra], key=lambda f: f.start)
        if names:  # "died in Fresno, California": a well-known place is no one's name (world_places.py)
            names = [f for f in names if not (_a_place(text, f, shape) or _a_street(text, f))]
            names = without_colleagues(text, names, colleagues=self._colleagues, index=self._index)
            names = not_spanish_words(toks, names)  # "lo confirmé con su acta": words, not a name
            names = not_chat_language_words(text, toks, names)  # "tsis txhob txhawj", "Chị ấy", "Boozhoo all"
            names = with_nicknames(text, names)  # 'Margaret Anne "Peggy" Kowalczyk' is one name
            names = with_descriptors(text, names)  # "Big Mike", "Lil Dre"
            names = with_nickname_before_surname(text, toks, names, self._index)  # "Smoke Johnson"
        findings = [Finding(s, e, t) for s, e, t in shape]
        if names and any(f.candidates for f in names):
            names = self._disambiguate(text, names, shape)
            names = _in_this_conversation(names)
            names = [_shortened(f) for f in names]
        findings.extend(names)
        if names:
            findings = with_sounded_out_names(text, toks, findings, self._index, dictated=dictated)
            findings.extend(words_named_again(text, toks, findings))
        findings = with_nicknames_given(text, toks, findings, self._index, low=low)  # "call her Boo"
        if names and "\n" in text:  # "bed 18 D-Free" on a bed board of names (list_slots.py)
            findings.extend(list_slot_names(text, toks, findings, self._index))
        if " " in text or "-" in text:
            findings.extend(spelled_names(text, names, self._index))  # "Begay, B-E-G-A-Y"
        if columns:  # a cell under "Patient", "Name" ...: the words no rule took are a name all the same
            findings.extend(_uncovered(text, [c for c in columns if c[2] is PiiType.NAME], findings))
        # a form's fields ("Address: Kebele 14", "Surname: Hussain") and mail in someone's care ("c/o Rosa
        # Flores, 1288 Arcade St"): what no rule took in them is the address, or the name
        fields = find_labelled_addresses(text) if ":" in text else []
        if "c/o" in low:
            fields += find_care_of(text, shape)
        if fields:
            findings.extend(_uncovered(text, fields, findings, kind=PiiType.ADDRESS))
        fields = find_labelled_names(text) if ":" in text else []
        if fields:
            findings.extend(_uncovered(text, fields, findings))
        findings.extend(_ages_after(text, [f for f in findings if f.type is PiiType.NAME]))
        findings.extend(street_names(text, toks, findings, words=words))  # "smoke came by 4 his mail"
        findings.extend(self._forgotten.find(text, toks))
        findings.sort(key=lambda f: (f.start, f.end))
        found = tuple(_drop_overlaps([_with_glued_age_unit(text, f) for f in findings]))
        if names:  # a client named in full and then by first name alone: a second look (named_again.py)
            current = conversation_clients()
            again = clients_named_again(toks, found, self._index, already=current)
            if again:
                with in_conversation(current | again):
                    return self._find(text, dictated=dictated)
        return found

    def _disambiguate(self, text: str, names: list[Finding], shape) -> list[Finding]:
        """Clients with the same name: other evidence in the same message can tell them apart.

        In order, each applied only if it leaves exactly one candidate: a full DOB or SSN written in the
        message (a numeric DOB read both month-first and day-first); the last four of an SSN; a birth
        year ("b. 1975"); an age ("56 y/o", "age 56", "Lue Xiong, 56,"). The nearest evidence is
        weighed first: a birth year or age right after the mention ("Kou Vang (1966, ours)"), then
        the mention's own line (a table or list that names both namesakes gives each row its own DOB),
        then the whole message, which may name both. Otherwise the mention keeps its candidates: a
        guess would put the wrong client's ID in the channel. Pronouns are deliberately NOT evidence:
        they need not match the HMIS gender record, and a wrong ID is worse than none.
        """
        whole = self._evidence(text, shape)
        lines: dict[int, Evidence] = {}
        out = []
        for f in names:
            if f.candidates:
                pool, settled = set(f.candidates), False
                own = age_after_name(text, f.end)
                if own is not None:
                    raw = text[own[0] : own[1]]
                    n = year4(raw) if raw[0] in "'’" else int(raw)  # ("Marisol R. '99": a birth year)
                    years, ages = ({n}, set()) if n > 200 else (set(), {n})
                    pool, settled = self._narrowed(pool, Evidence(set(), set(), years, set(), ages))
                if not settled and "\n" in text:
                    pool, settled = self._narrowed(pool, self._line_evidence(text, shape, f, lines))
                if not settled:
                    pool, settled = self._narrowed(pool, whole)
                if settled:
                    f = Finding(f.start, f.end, f.type, client_id=pool.pop())
                elif len(pool) < len(f.candidates):
                    f = Finding(f.start, f.end, f.type, candidates=tuple(sorted(pool)))
            out.append(f)
        return out

    def _line_evidence(self, text: str, shape, f: Finding, cache: dict[int, Evidence]) -> Evidence:
        """The evidence on the line that holds ``f`` (worked out once a line)."""
        a = text.rfind("\n", 0, f.start) + 1
        if a not in cache:
            b = text.find("\n", f.end)
            b = len(text) if b < 0 else b
            cache[a] = self._evidence(
                text[a:b], [(s - a, e - a, t) for s, e, t in shape if a <= s and e <= b]
            )
        return cache[a]

    def _evidence(self, text: str, shape) -> Evidence:
        """What ``text`` says of who is meant: clients with a DOB or SSN written there, SSN last fours,
        birth years, month-days of birth, ages."""
        known: set[str] = set()
        last4: set[str] = set()
        years: set[int] = set()
        month_days: set[tuple[int, int]] = set()
        spoken_ages: set[int] = set()
        for s, e, t in shape:
            frag = text[s:e]
            if t is PiiType.DOB:
                days = _date_readings(frag)
                for day in days:
                    known |= self._index.dobs.get(day, set())
                year = _BIRTH_YEAR_RE.search(frag) if not days else None
                if year:  # "b. 1975", "born March 1975": the year alone still tells namesakes apart
                    years.add(year4(year.group(1)))
                elif not days:
                    month_days |= _month_day_readings(frag)  # "DOB 3/4", "birthday March 4"
                elif frag.strip().isdigit() and len(frag.strip()) <= 3:
                    spoken_ages.add(int(frag.strip()))  # "she is 56": an age found as a DOB
            elif t is PiiType.SSN:
                digits = "".join(c for c in frag if c.isdigit())
                cid = self._index.ssns.get(digits)
                if cid:
                    known.add(cid)
                elif len(digits) == 4:
                    last4.add(digits)
        ages = {int(m.group(1) or m.group(2) or m.group(3)) for m in _AGE_RE.finditer(text)} | spoken_ages
        return Evidence(known, last4, years, month_days, ages)

    def _narrowed(self, pool: set[str], ev: Evidence) -> tuple[set[str], bool]:
        """``pool`` cut down by each kind of evidence in turn, as long as some candidate is left; and
        whether the evidence settled it on one client."""
        traits = self._index.traits
        today = self._today or datetime.date.today()
        tests = (
            lambda c: c in ev.known,
            lambda c: (traits.get(c) or (None, None))[1] in ev.last4,
            lambda c: _birth_year(traits.get(c)) in ev.years,
            lambda c: _month_day(traits.get(c)) in ev.month_days,
            lambda c: _age(traits.get(c), today) in ev.ages,
        )
        for test, active in zip(tests, ev, strict=True):
            if not active:
                continue
            hit = {c for c in pool if test(c)}
            if len(hit) == 1:
                return hit, True
            if hit:
                pool = hit  # narrowed: the next kind of evidence may finish the job
        return pool, False

    def redact(self, text: str, *, conversation_clients: Iterable[str] = ()) -> Redaction:
        """Redact one message. Never lets PII escape in an error: any internal failure is re-raised
        as a bare ``RedactionError`` with no message text and no chained exception.

        ``conversation_clients``: IDs of clients already named in this conversation (earlier in the
        thread, the channel's by-name list). Their first names and nicknames then need less evidence
        to be read as them, and a first name shared by several clients gets the ID of the one among
        them who is in the conversation."""
        try:
            findings = self.find(text, conversation_clients=conversation_clients)
        except Exception:
            raise RedactionError("redaction failed; details withheld because they may contain PII") from None
        if not findings:
            return Redaction(text=text, findings=())
        parts: list[str] = []
        pos = 0
        for f in findings:
            parts.append(text[pos : f.start])
            parts.append(replacement(f))
            pos = f.end
        parts.append(text[pos:])
        return Redaction(text="".join(parts), findings=findings)


def replacement(finding: Finding) -> str:
    """What stands in for a finding: the client ID for a known client, else a neutral mark."""
    if finding.type is PiiType.NAME and finding.client_id is not None:
        return f"Client {finding.client_id}"
    return PLACEHOLDER


_CLIENT_REF_RE = re.compile(r"\bClient (\d+)\b")
_OWN_MARK_RE = re.compile(r"\bClient \d+\b|\[redacted\]")
# "age 56", "aged 56", "56 y/o", "56yo", "56 years old", and a bare age set off by commas or
# parentheses right after a name ("Lue Xiong, 56, ...", "Lue Xiong (56)")
_AGE_RE = re.compile(
    r"(?i)\bage[ds]?\s*:?\s*(\d{1,3})\b|\b(\d{1,3})\s*(?:y/?o|yrs?\s+old|years?\s+old|yo)\b"
    r"|[^\W\d_],\s*(\d{2})\s*(?:,|\)|$)"
)


def _shortened(f: Finding) -> Finding:
    """At most MAX_CANDIDATES candidates in what the caller sees (a statewide roster has hundreds of
    Maria Garcias; the list is a hint for a person, not a census)."""
    if len(f.candidates) <= MAX_CANDIDATES:
        return f
    return Finding(f.start, f.end, f.type, candidates=f.candidates[:MAX_CANDIDATES])


def _in_this_conversation(names: list[Finding]) -> list[Finding]:
    """A mention whose candidates include exactly one client of this conversation is that client."""
    talked_of = conversation_clients()
    if not talked_of:
        return names
    out = []
    for f in names:
        mine = set(f.candidates) & talked_of
        if len(mine) == 1:
            f = Finding(f.start, f.end, f.type, client_id=mine.pop())
        out.append(f)
    return out


def _ages_after(text: str, names: list[Finding]) -> list[Finding]:
    """ "Lue Xiong, 56, ..." : an age right after a name says who as much as a birth date does."""
    out = []
    for f in names:
        span = age_after_name(text, f.end)
        if span is not None:
            out.append(Finding(span[0], span[1], PiiType.DOB))
    return out


def _unfold(finding: Finding, folded: Folded) -> Finding:
    start, end = folded.span(finding.start, finding.end)
    return Finding(start, end, finding.type, client_id=finding.client_id, candidates=finding.candidates)


# A birth year alone: four digits, or two after an apostrophe (a bare "56" may be an age)
_BIRTH_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2}|'\d{2})(?!\d)")


_MONTH_DAY_RE = re.compile(r"(\d{1,2})\s?[/\-.]\s?(\d{1,2})")


def _month_day_readings(frag: str) -> set[tuple[int, int]]:
    """(month, day) of a birthday written without its year, both ways round when it could be either."""
    m = _MONTH_DAY_RE.fullmatch(frag.strip())
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        return {(x, y) for x, y in ((a, b), (b, a)) if 1 <= x <= 12 and 1 <= y <= 31}
    words = frag.lower().split()
    month = next((MONTHS[w.strip(".,")] for w in words if w.strip(".,") in MONTHS), None)
    day = next((int(w.rstrip("stndrh,.")) for w in words if w.rstrip("stndrh,.").isdigit()), None)
    return {(month, day)} if month and day and 1 <= day <= 31 else set()


def _month_day(trait) -> tuple[int, int] | None:
    return (trait[0].month, trait[0].day) if trait is not None and trait[0] is not None else None


def _birth_year(trait) -> int | None:
    return trait[0].year if trait is not None and trait[0] is not None else None


def _age(trait, today: datetime.date) -> int | None:
    if trait is None or trait[0] is None:
        return None
    dob = trait[0]
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


def _date_readings(frag: str) -> set[datetime.date]:
    """A written date and, when the day could be the month (5/3/88), the other reading too."""
    day = parse_date(frag)
    out = {day} if day else set()
    if day and day.day <= 12 and day.month != day.day and not any(c.isalpha() for c in frag):
        with contextlib.suppress(ValueError):
            out.add(day.replace(month=day.day, day=day.month))
    return out


def _outside_client_refs(text: str, spans: list[tuple[int, int, PiiType]]) -> list[tuple[int, int, PiiType]]:
    """Drop shape matches that overlap the id of our own "Client 1455" replacements (redacting twice
    must find nothing new: "Client 1455 0000000" is not a phone number)."""
    refs = [m.span(1) for m in _CLIENT_REF_RE.finditer(text)]
    if not refs:
        return spans
    return [sp for sp in spans if not any(sp[0] < b and a < sp[1] for a, b in refs)]


def _merge(spans: list[tuple[int, int, PiiType]]) -> list[tuple[int, int, PiiType]]:
    """Union overlapping spans so no part of any detected value survives a partial overlap."""
    if not spans:
        return []
    spans.sort(key=lambda s: (s[0], -s[1]))
    out: list[list] = []
    for s, e, t in spans:
        if s >= e:
            continue
        if out and s < out[-1][1]:
            cur = out[-1]
            cur[1] = max(cur[1], e)
            if _PRIORITY[t] < _PRIORITY[cur[2]]:
                cur[2] = t
        else:
            out.append([s, e, t])
    return [(s, e, t) for s, e, t in out]


def _blocked(text: str, toks: list[Token], shape: list[tuple[int, int, PiiType]]) -> list[bool]:
    """Tokens no name may use: inside a shape span, or glued to a digit ("4B", "AO0": a code, not a name)."""
    blocked = [False] * len(toks)
    n = len(text)
    k = 0
    for i, tok in enumerate(toks):
        if (tok.raw_end < n and text[tok.raw_end].isdigit()) or (
            tok.start > 0 and text[tok.start - 1].isdigit()
        ):
            blocked[i] = True
            continue
        while k < len(shape) and shape[k][1] <= tok.start:
            k += 1
        if k < len(shape) and shape[k][0] < tok.raw_end:
            blocked[i] = True
    return blocked


# A street's type, abbreviated or not, closing what looked like a name: "the Hennepin Ave church", "Sibley
# Hwy inspection" (with no house number, a street is a place, not an address).
_STREET_END_RE = re.compile(r"[ \t](?:Ave|Av|St|Hwy|Blvd|Rd|Pkwy|Avenue|Boulevard|Highway|Parkway|Road)\.?$")


def _a_street(text: str, f: Finding) -> bool:
    unclaimed = f.client_id is None and not f.candidates
    return unclaimed and _STREET_END_RE.search(text, f.start, f.end) is not None


def _a_place(text: str, f: Finding, shape: list[tuple[int, int, PiiType]]) -> bool:
    """A name finding no client stands behind that is, whole, a well-known place, and not the town of an
    address next to it ("..., Bengaluru 560003": hidden with the address all the same)."""
    if f.client_id or f.candidates or not text[f.start : f.start + 1].isupper():
        return False
    if any(f.start - 4 <= e <= f.start or f.end <= s <= f.end + 4 for s, e, _ in shape):
        return False
    if _DIGIT_NEAR_RE.match(text, f.end) or _DIGIT_BEFORE_RE.search(text, max(0, f.start - 4), f.start):
        return False
    first = fold(text[f.start : f.end].split()[0])
    return is_place(text, f.start, f.end, given_name=first in FIRST_NAMES)


_DIGIT_NEAR_RE = re.compile(r"[ \t,]{0,3}\d")
_DIGIT_BEFORE_RE = re.compile(r"\d[ \t,]{0,3}$")


def _uncovered(
    text: str, cells: list[tuple[int, int, PiiType]], findings: list[Finding], *, kind: PiiType = PiiType.NAME
) -> list[Finding]:
    """Findings of ``kind`` for what of each cell no finding covers yet (a finding already there keeps
    its client ID): its words for a NAME, the rest of it less edge punctuation for anything else."""
    out: list[Finding] = []
    taken = sorted((f.start, f.end) for f in findings)
    run = _word_run if kind is PiiType.NAME else _rest_run
    for s, e, _ in cells:
        pos = s
        for a, b in taken:
            if b <= pos or a >= e:
                continue
            if a > pos:
                out.extend(run(text, pos, a, kind))
            pos = max(pos, b)
        if pos < e:
            out.extend(run(text, pos, e, kind))
    return out


def _word_run(text: str, start: int, end: int, kind: PiiType) -> list[Finding]:
    words = [m for m in _LETTERS_RE.finditer(text, start, end)]
    return [Finding(words[0].start(), words[-1].end(), kind)] if words else []


def _rest_run(text: str, start: int, end: int, kind: PiiType) -> list[Finding]:
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return [Finding(start, end, kind)] if start < end else []


_LETTERS_RE = re.compile(r"[^\W\d_]+(?:[’'\-.][^\W\d_]+)*")


_GLUED_AGE_UNIT_RE = re.compile(r"(?i)(?:yo|y/o|yrs?|yoa|y)(?![^\W_])")


def _with_glued_age_unit(text: str, f: Finding) -> Finding:
    """An age typed with its unit glued on ("34yo", "9yrs") is one word: hidden whole, or the scorer and a
    reader still see "yo" stuck to a gap."""
    if f.type is not PiiType.DOB or f.end >= len(text) or not text[f.end].isalpha():
        return f
    m = _GLUED_AGE_UNIT_RE.match(text, f.end)
    if m is None or not text[f.start : f.end].isdigit():
        return f
    return Finding(f.start, m.end(), f.type, client_id=f.client_id, candidates=f.candidates)


def _drop_overlaps(findings: list[Finding]) -> list[Finding]:
    out: list[Finding] = []
    for f in findings:
        if out and f.start < out[-1].end:
            prev = out[-1]
            if f.type is PiiType.NAME and prev.type is not PiiType.NAME:
                if f.end > prev.end:
                    out[-1] = Finding(prev.start, f.end, prev.type)
                continue
            if prev.type is f.type is PiiType.NAME and f.client_id is None and not f.candidates:
                # the second says nothing of who ("Watchman, W A T C H M A N"): the first's client stays
                who = {"client_id": prev.client_id, "candidates": prev.candidates}
                out[-1] = Finding(prev.start, max(prev.end, f.end), f.type, **who)
                continue
            # a name overlapping a shape span: keep the shape, widened to cover both
            out[-1] = Finding(
                prev.start, max(prev.end, f.end), prev.type if prev.type is not PiiType.NAME else f.type
            )
            continue
        out.append(f)
    return out
