"""Mechanics shared by the template families: people, offsets, the roster CSV, the message loop.

Only mechanics live here. Sentences, name pools, address/phone/date/SSN formats and the voice
are each family's own module: a family that borrowed another's sentences or names would not be
an independent test of generalisation, and ``check_disjoint`` in ``__init__`` enforces that.
Everything is drawn from one ``random.Random`` seeded with a string, so a seed gives the same
files on every machine and Python version.
"""

from __future__ import annotations

import csv
import json
import random
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from bot.synthetic import FY2024_HEADER

TYPES = ("NAME", "DOB", "SSN", "PHONE", "EMAIL", "ADDRESS", "HIV")
# The forms for which score.py checks the client ID. A repeated name written in one of these needs a
# disambiguator in the same message (see ``_ambiguous``), or score.py would count a correct null as wrong.
ID_SCORED_FORMS = frozenset(
    {"full", "nick_full", "lower", "upper", "last_first", "middle", "typo", "typo_first"}
)
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
CYRILLIC = {
    "a": "а",
    "o": "о",
    "e": "е",
    "c": "с",
    "p": "р",
    "x": "х",
    "i": "і",
    "y": "у",
    "A": "А",
    "O": "О",
    "E": "Е",
    "C": "С",
    "P": "Р",
    "H": "Н",
    "K": "К",
    "M": "М",
    "T": "Т",
}
SLOT = re.compile(r"\{(\w+)\}")
PERSON_SLOTS = frozenset(
    {
        "name",
        "full",
        "first",
        "last",
        "nick",
        "spelled",
        "dob",
        "ssn",
        "ssn4",
        "phone",
        "email",
        "addr",
        "hiv",
        "name2",
    }
)
PRONOUN_SLOTS = frozenset({"pr", "pos", "obj", "hon", "Pr", "Pos", "Obj", "Hon"})
DISAMBIGUATING_SLOTS = frozenset({"dob", "ssn", "ssn4"})
FIRST_ALONE_STYLES = frozenset({"first_only", "nickname", "first_initial"})
UNROSTERED_STYLES = frozenset(
    {"full", "lower", "upper", "last_first", "multi_part", "deaccent", "surname_first"}
)
_FOLD_EXTRA = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "ı": "i", "æ": "ae", "œ": "oe"}
)


@dataclass(frozen=True, slots=True)
class Person:
    """A client (``personal_id`` set) or someone not on the roster (``personal_id`` None)."""

    personal_id: str | None
    first: str
    middle: str
    last: str
    gender: str  # "F" or "M"
    dob: date
    ssn: str  # nine digits, or "" when the roster has none


@dataclass(frozen=True, slots=True)
class Piece:
    """A PII value placed in a message; ``render`` turns it into a gold span at its exact offsets."""

    text: str
    type: str
    client_id: str | None = None
    form: str | None = None


Part = str | Piece


@dataclass(frozen=True, slots=True)
class Written:
    """A name as a family wrote it, and which given name / surname it spells, to find namesakes."""

    text: str
    form: str
    first: str | None = None
    last: str | None = None


@dataclass(frozen=True, kw_only=True)
class Family:
    """Everything that makes a family different from the others; the loop below is the same for all."""

    key: str
    voice: str
    new_name: Callable[[random.Random], tuple[str, str, str, str]]  # first, middle, last, gender
    nicknames: Mapping[str, Sequence[str]]
    staff: Sequence[str]
    name_styles: Mapping[str, float]
    write_name: Callable[[Person, str, random.Random], Written | None]
    dob: Callable[[date, random.Random], list[Part]]
    ssn: Callable[[str, random.Random], list[Part]]
    ssn4: Callable[[str, random.Random], list[Part]]
    phone: Callable[[random.Random], list[Part]]
    email: Callable[[Person, random.Random], list[Part]]
    address: Callable[[random.Random], list[Part]]
    hiv: Callable[[random.Random], list[Part]]
    spell: Callable[[Person, random.Random], str] | None = None
    fillers: Mapping[str, Callable[[random.Random], str]]
    templates: Sequence[str]
    new_person_templates: Sequence[str]
    no_pii_templates: Sequence[str]
    race_weights: Mapping[str, float]
    obfuscate_rate: float = 0.04
    obfuscate_kinds: Sequence[str] = ("zw", "cyrillic")
    unrostered_rate: float = 0.12
    no_pii_rate: float = 0.12
    new_person_rate: float = 0.07
    namesake_pairs: int = 14
    repeat_rate: float = 0.08  # chance that a full name drawn again is kept (a natural namesake)
    roster_size: int = 2000
    n_messages: int = 1000
    dob_range: tuple[date, date] = (date(1942, 1, 1), date(2005, 12, 31))
    honorifics: tuple[str, str] = ("Ms.", "Mr.")  # women, men


@dataclass(slots=True)
class Corpus:
    people: list[Person]
    staff: list[str]
    messages: list[dict[str, object]] = field(default_factory=list)


# ---------------------------------------------------------------- text helpers


def fold(text: str) -> str:
    """Case-, accent- and invisible-character-blind key: namesakes are found the way a reader would."""
    text = "".join(c for c in text if unicodedata.category(c) != "Cf").translate(_FOLD_EXTRA)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def ascii_fold(text: str) -> str:
    """Letters only, accents dropped: how people type a name into an email address."""
    return re.sub(r"[^a-z]", "", fold(text))


def tokens(text: str) -> list[str]:
    return [w for w in re.split(r"[\s\-']+", fold(text)) if w]


def typo(word: str, rng: random.Random) -> str:
    """One slip of the fingers (swap, drop, double, neighbour) inside a word of four or more letters."""
    if len(word) < 4:
        return word
    k = rng.randrange(1, len(word) - 2)
    kind = rng.choice(("swap", "drop", "double", "vowel"))
    if kind == "swap" and word[k] != word[k + 1]:
        return word[:k] + word[k + 1] + word[k] + word[k + 2 :]
    if kind == "drop":
        return word[:k] + word[k + 1 :]
    if kind == "vowel" and word[k] in "aeiou":
        return word[:k] + rng.choice([v for v in "aeiou" if v != word[k]]) + word[k + 1 :]
    return word[:k] + word[k] + word[k:]


def obfuscate(text: str, rng: random.Random, kinds: Sequence[str]) -> str:
    """An invisible character or a look-alike letter/digit inside a value, as pasted text often has."""
    kind = rng.choice(list(kinds))
    inner = [k for k in range(1, len(text)) if text[k - 1].isalnum() and text[k].isalnum()]
    if kind == "zw" and inner:
        k = rng.choice(inner)
        return text[:k] + rng.choice(ZERO_WIDTH) + text[k:]
    if kind == "cyrillic":
        spots = [k for k, c in enumerate(text) if c in CYRILLIC]
        if spots:
            k = rng.choice(spots)
            return text[:k] + CYRILLIC[text[k]] + text[k + 1 :]
    if kind == "fullwidth" and any(c.isdigit() for c in text):
        return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)
    if inner:
        k = rng.choice(inner)
        return text[:k] + "\u200b" + text[k:]
    return text


def render(template: str, slots: Mapping[str, Sequence[Part]]) -> tuple[str, list[dict[str, object]]]:
    """Build the text and its spans together, so every offset is exact by construction (and asserted)."""
    out: list[str] = []
    spans: list[dict[str, object]] = []
    pos = 0
    last = 0
    placed: list[tuple[int, int, Piece]] = []
    for m in SLOT.finditer(template):
        out.append(template[last : m.start()])
        pos += m.start() - last
        last = m.end()
        for part in slots[m.group(1)]:
            if isinstance(part, Piece):
                placed.append((pos, pos + len(part.text), part))
                out.append(part.text)
                pos += len(part.text)
            else:
                out.append(part)
                pos += len(part)
    out.append(template[last:])
    text = "".join(out)
    for start, end, piece in placed:
        assert text[start:end] == piece.text, (template, piece)
        assert piece.text == piece.text.strip() and piece.text, (template, piece)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        assert not before.isalnum() and not after.isalnum(), f"span cuts a word: {text!r} {piece.text!r}"
        span: dict[str, object] = {
            "start": start,
            "end": end,
            "type": piece.type,
            "client_id": piece.client_id,
        }
        if piece.type == "NAME":
            span["form"] = piece.form
        spans.append(span)
    return text, spans


# ---------------------------------------------------------------- roster


def _ssn(rng: random.Random) -> str:
    area = rng.randint(1, 898)
    area += area >= 666  # never 000, 666 or 9xx
    return f"{area:03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"


def random_ssn(rng: random.Random) -> str:
    """An SSN of a valid shape (never 000, 666 or 9xx area) for people the roster has none for."""
    return _ssn(rng)


def _person(fam: Family, rng: random.Random, pid: str | None) -> Person:
    first, middle, last, gender = fam.new_name(rng)
    lo, hi = fam.dob_range
    dob = lo + timedelta(days=rng.randrange((hi - lo).days))
    return Person(pid, first, middle, last, gender, dob, _ssn(rng) if rng.random() < 0.85 else "")


def build_people(fam: Family, rng: random.Random) -> list[Person]:
    """The roster: people from the family's pools, a full name drawn twice kept only at the family's
    ``repeat_rate`` (small pools would otherwise repeat names far more than a 2,000-client CoC does),
    plus ``namesake_pairs`` deliberate namesakes with their own DOB and SSN."""
    ids = rng.sample(range(10000, 999999), fam.roster_size)
    people: list[Person] = []
    seen: set[tuple[str, str]] = set()
    while len(people) < fam.roster_size - fam.namesake_pairs:
        p = _person(fam, rng, str(ids[len(people)]))
        key = (fold(p.first), fold(p.last))
        if key in seen and rng.random() >= fam.repeat_rate:
            continue
        seen.add(key)
        people.append(p)
    for k in range(fam.roster_size - fam.namesake_pairs, fam.roster_size):
        twin = rng.choice(people)
        other = _person(fam, rng, str(ids[k]))
        people.append(replace(other, first=twin.first, last=twin.last, gender=twin.gender))
    return people


def write_roster(
    path: Path, people: Iterable[Person], *, rng: random.Random, race_weights: Mapping[str, float]
) -> None:
    """HMIS CSV FY2024 Client.csv with plausible data-quality, race, gender and veteran columns."""
    races = list(race_weights)
    weights = list(race_weights.values())
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=FY2024_HEADER, lineterminator="\r\n")
        writer.writeheader()
        for p in people:
            row = dict.fromkeys(FY2024_HEADER, "")
            created = date(2019, 1, 1) + timedelta(days=rng.randrange(1800))
            row.update(
                PersonalID=p.personal_id or "",
                FirstName=p.first,
                MiddleName=p.middle,
                LastName=p.last,
                NameDataQuality="1",
                SSN=p.ssn,
                SSNDataQuality="1" if p.ssn else rng.choice(("8", "9", "99")),
                DOB=p.dob.isoformat(),
                DOBDataQuality="1",
                DateCreated=f"{created.isoformat()} 09:{rng.randrange(60):02d}:00",
                DateUpdated=f"{(created + timedelta(days=rng.randrange(1, 400))).isoformat()} 14:05:00",
                UserID=f"U{rng.randrange(100, 140)}",
                ExportID="FAM2024",
            )
            chosen = set(rng.choices(races, weights))
            if rng.random() < 0.12:
                chosen.add(rng.choice(races))
            for col in (
                "AmIndAKNative",
                "Asian",
                "BlackAfAmerican",
                "HispanicLatinaeo",
                "MidEastNAfrican",
                "NativeHIPacific",
                "White",
            ):
                row[col] = "1" if col in chosen else "0"
            for col in (
                "Woman",
                "Man",
                "NonBinary",
                "CulturallySpecific",
                "Transgender",
                "Questioning",
                "DifferentIdentity",
            ):
                row[col] = "0"
            row["Woman" if p.gender == "F" else "Man"] = "1"
            if p.dob.year <= 1990 and rng.random() < 0.06:
                entered = p.dob.year + 19
                row.update(
                    VeteranStatus="1",
                    YearEnteredService=str(entered),
                    YearSeparated=str(min(entered + rng.randint(2, 8), 2023)),
                    MilitaryBranch=rng.choice("1234"),
                    DischargeStatus=rng.choice(("1", "2", "4")),
                )
                for col in (
                    "WorldWarII",
                    "KoreanWar",
                    "VietnamWar",
                    "DesertStorm",
                    "AfghanistanOEF",
                    "IraqOIF",
                    "IraqOND",
                    "OtherTheater",
                ):
                    row[col] = "0"
            else:
                row["VeteranStatus"] = rng.choice(("0", "0", "0", "99"))
            writer.writerow(row)


class Roster:
    """Namesake look-up: who else on the roster would a written name fit."""

    def __init__(self, people: Sequence[Person], nicknames: Mapping[str, Sequence[str]]) -> None:
        self.people = list(people)
        self.by_token: dict[str, list[Person]] = defaultdict(list)
        self.keys = {(fold(p.first), fold(p.last)) for p in people}
        self.nicks = {p.first: {fold(n) for n in nicknames.get(p.first, ())} for p in people}
        for p in people:
            for t in set(tokens(p.last)):
                self.by_token[t].append(p)
        groups: dict[tuple[str, str], list[Person]] = defaultdict(list)
        for p in people:
            groups[(fold(p.first), fold(p.last))].append(p)
        self.namesakes = [p for g in groups.values() if len(g) > 1 for p in g]

    def candidates(self, written: Written) -> list[Person]:
        if written.first is None or written.last is None:
            return []
        want_last = tokens(written.last)
        want_first = fold(written.first)
        if not want_last:
            return []
        return [
            p
            for p in self.by_token.get(want_last[0], ())
            if set(want_last) <= set(tokens(p.last))
            and (want_first == fold(p.first) or want_first in self.nicks[p.first])
        ]


# ---------------------------------------------------------------- messages


def _stamp(parts: Sequence[Part], client_id: str | None) -> list[Part]:
    return [replace(p, client_id=client_id) if isinstance(p, Piece) else p for p in parts]


class _Builder:
    def __init__(self, fam: Family, people: list[Person], rng: random.Random) -> None:
        self.fam = fam
        self.rng = rng
        self.roster = Roster(people, fam.nicknames)
        self.rostered = people
        self.staff_first = {fold(s.split()[0]) for s in fam.staff}

    def outsider(self) -> Person:
        while True:
            p = _person(self.fam, self.rng, None)
            if (fold(p.first), fold(p.last)) not in self.roster.keys:
                return p

    def style(self) -> str:
        styles = list(self.fam.name_styles)
        return self.rng.choices(styles, list(self.fam.name_styles.values()))[0]

    def _obf(self, text: str) -> str:
        if self.rng.random() < self.fam.obfuscate_rate:
            return obfuscate(text, self.rng, self.fam.obfuscate_kinds)
        return text

    def name_piece(self, person: Person, style: str, *, forced: bool = False) -> tuple[Piece, Written] | None:
        """The name written in ``style``; for someone off the roster only as a stranger's name is written
        (nobody abbreviates or nicknames a person they just met), unless the template forces the style."""
        if person.personal_id is None and not forced and style not in UNROSTERED_STYLES:
            style = "full"
        written = self.fam.write_name(person, style, self.rng)
        if written is None:
            return None
        if style in FIRST_ALONE_STYLES and fold(tokens(written.text)[0]) in self.staff_first:
            return None  # a bare first name that a colleague also has: the gold could not say which was meant
        form = written.form if person.personal_id else "unrostered"
        return Piece(self._obf(written.text), "NAME", person.personal_id, form), written

    def _ambiguous(self, person: Person, written: Written, disambiguated: bool) -> bool:
        if person.personal_id is None:
            return False
        cands = self.roster.candidates(written)
        if written.form in ID_SCORED_FORMS and len(cands) > 1:
            return not disambiguated
        return False

    def pick(self, *, unrostered: bool, need_nick: bool, prefer_namesake: bool) -> Person:
        if unrostered:
            return self.outsider()
        pool = self.roster.namesakes if prefer_namesake and self.roster.namesakes else self.rostered
        while True:
            p = self.rng.choice(pool)
            if not need_nick or self.fam.nicknames.get(p.first):
                return p

    def fill(self, template: str, *, unrostered: bool) -> tuple[str, list[dict[str, object]]]:
        fam, rng = self.fam, self.rng
        names = SLOT.findall(template)
        need = set(names)
        has_dob = bool(need & DISAMBIGUATING_SLOTS)  # the template could say which namesake is meant
        unrostered = unrostered and "nick" not in need  # only the roster knows whose nickname it is
        for _attempt in range(200):
            style = self.style()
            need_nick = "nick" in need or style in ("nickname", "nick_full")
            p1 = self.pick(
                unrostered=unrostered,
                need_nick=need_nick and not unrostered,
                prefer_namesake=has_dob and rng.random() < 0.3,
            )
            # An SSN disambiguates only if it is the roster's; a DOB always is (namesakes' DOBs differ).
            told = "dob" in need or (bool(need & {"ssn", "ssn4"}) and bool(p1.ssn))
            slots: dict[str, list[Part]] = {}
            ok = True
            for slot, sty in (
                ("name", style),
                ("full", "full"),
                ("first", "first_only"),
                ("last", "last_only"),
                ("nick", "nickname"),
            ):
                if slot in need:
                    got = self.name_piece(p1, sty, forced=slot != "name")
                    if got is None or self._ambiguous(p1, got[1], told):
                        ok = False
                        break
                    slots[slot] = [got[0]]
            if not ok:
                continue
            if "spelled" in need:
                if fam.spell is None:
                    raise ValueError(f"{fam.key}: template uses {{spelled}} without a spell function")
                slots["spelled"] = [
                    Piece(
                        fam.spell(p1, rng),
                        "NAME",
                        p1.personal_id,
                        "last_only" if p1.personal_id else "unrostered",
                    )
                ]
            if "name2" in need:
                p2 = self.outsider() if rng.random() < 0.15 else rng.choice(self.rostered)
                got = self.name_piece(p2, self.style())
                if (
                    got is None
                    or self._ambiguous(p2, got[1], False)
                    or (fold(p2.first), fold(p2.last)) == (fold(p1.first), fold(p1.last))
                ):
                    continue
                slots["name2"] = [got[0]]
            cid = p1.personal_id
            ssn = p1.ssn or random_ssn(rng)
            made: dict[str, list[Part]] = {}
            if "dob" in need:
                made["dob"] = fam.dob(p1.dob, rng)
            if "ssn" in need:
                made["ssn"] = [self._obf_piece(x) for x in fam.ssn(ssn, rng)]
            if "ssn4" in need:
                made["ssn4"] = fam.ssn4(ssn, rng)
            if "phone" in need:
                made["phone"] = [self._obf_piece(x) for x in fam.phone(rng)]
            if "email" in need:
                made["email"] = fam.email(p1, rng)
            if "addr" in need:
                made["addr"] = fam.address(rng)
            if "hiv" in need:
                made["hiv"] = fam.hiv(rng)
            for slot, parts in made.items():
                slots[slot] = _stamp(parts, cid)
            she, her, him = ("she", "her", "her") if p1.gender == "F" else ("he", "his", "him")
            for slot, word in (
                ("pr", she),
                ("pos", her),
                ("obj", him),
                ("hon", fam.honorifics[p1.gender == "M"]),
            ):
                if slot in need:
                    slots[slot] = [word]
                if slot.capitalize() in need:
                    slots[slot.capitalize()] = [word[:1].upper() + word[1:]]
            for slot in sorted(need - PERSON_SLOTS - PRONOUN_SLOTS):  # sorted: set order varies by process
                if slot not in fam.fillers:
                    raise KeyError(f"family {fam.key}: no filler for {{{slot}}} in {template!r}")
                slots[slot] = [fam.fillers[slot](rng)]
            return render(template, slots)
        raise RuntimeError(f"family {fam.key}: no person fits {template!r}")

    def _obf_piece(self, part: Part) -> Part:
        if isinstance(part, Piece):
            return replace(part, text=self._obf(part.text))
        return part

    def no_pii(self, template: str) -> tuple[str, list[dict[str, object]]]:
        need = set(SLOT.findall(template))
        if need & (PERSON_SLOTS | PRONOUN_SLOTS):
            raise ValueError(f"family {self.fam.key}: a no-PII template has a PII slot: {template!r}")
        return render(template, {s: [self.fam.fillers[s](self.rng)] for s in sorted(need)})


def generate(fam: Family, *, seed: int) -> Corpus:
    """The family's roster, staff list and messages for one seed (same seed, same bytes)."""
    rng = random.Random(f"casebot-family-{fam.key}-{seed}")
    people = build_people(fam, rng)
    corpus = Corpus(people=people, staff=list(fam.staff))
    builder = _Builder(fam, people, rng)
    for i in range(fam.n_messages):
        r = rng.random()
        if r < fam.no_pii_rate:
            text, spans = builder.no_pii(rng.choice(fam.no_pii_templates))
        elif r < fam.no_pii_rate + fam.new_person_rate:
            text, spans = builder.fill(rng.choice(fam.new_person_templates), unrostered=True)
        else:
            text, spans = builder.fill(
                rng.choice(fam.templates), unrostered=rng.random() < fam.unrostered_rate
            )
        corpus.messages.append(
            {"id": f"fam-{fam.key}-{i:04d}", "text": text, "spans": spans, "voice": fam.voice}
        )
    return corpus


def write_corpus(
    corpus: Corpus, out_dir: Path, *, rng: random.Random, race_weights: Mapping[str, float]
) -> None:
    """Client.csv, staff.txt and messages.jsonl, the layout quality.py and validate.py read."""
    out_dir.mkdir(parents=True, exist_ok=True)
    write_roster(out_dir / "Client.csv", corpus.people, rng=rng, race_weights=race_weights)
    (out_dir / "staff.txt").write_text("".join(s + "\n" for s in corpus.staff), encoding="utf-8")
    with (out_dir / "messages.jsonl").open("w", encoding="utf-8") as fh:
        for m in corpus.messages:
            fh.write(json.dumps(m, ensure_ascii=True) + "\n")


def words_of(texts: Iterable[str]) -> set[str]:
    """Folded name words, for the check that no two families share a name."""
    return {t for text in texts for t in tokens(text)}


def slack_user_id(rng: random.Random) -> str:
    """A Slack member mention as the API writes it (``<@U…>``): a colleague, never PII."""
    return "<@U" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(10)) + ">"


def pool(text: str) -> list[str]:
    """A pool written as words; "_" stands for a space inside a name ("van_der_Berg")."""
    return [w.replace("_", " ") for w in text.split()]
