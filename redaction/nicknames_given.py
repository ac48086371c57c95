"""Nicknames a message gives for the person it names: 'Terrance Bledsoe ("Tiny")', '"Red" is
Clayton Hollis', "D-Free = Darius Freeman", "Kolya aka Mykola Hnatiuk".

Street names are often words ("Tiny", "Red", "Country", "Smoke") and no list or roster holds them.
When the message itself ties one to a name it found, the nickname is that person: hidden with the
same client ID, there and wherever else the message writes it. A nickname that is an ordinary
word counts again only with the same capital ("Red", not "red"); one that is no word counts in any
case.

A name found with a client's ID may hold a word that is none of that client's names: the street
name written before the surname ("Country Tackett"), a misspelt surname ("Lensa Gudeat"). The
message has said who that word is, so "Charlene + Country go to the CoC units" further on is the
same person; and so is the client's surname written again with its capital, even when it is a word
("Jail list: Toe, Whitfield, Ruiz. Toe released at 2pm"). A lower-case ordinary word in such a
name is not taken: a dictated name is often heard as words ("mercy flow mo"), and "flow" is no
nickname.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from redaction.findings import Finding, PiiType
from redaction.lexicon import ACRONYMS, COMMON_WORDS, FIRST_NAMES, ORG_WORDS, TITLES
from redaction.name_words import FUNCTION_WORDS
from redaction.normalize import Token, covered
from redaction.quoted_nicknames import DESCRIBING_WORDS
from redaction.roster import RosterIndex

_FIELD_RE = re.compile(
    r"name$|^(?:client|dob|id|ssn|phone|address|email|first|last|full|member|contact|caller|patient|pt"
    r"|resident|tenant|guest|participant|hoh)$"
)
_KIN = frozenset(
    "mom dad mother father sister brother son daughter aunt uncle cousin grandma grandpa wife husband partner"
    " girlfriend boyfriend baby spouse child guardian payee self minor friend roommate neighbor neighbour"
    " landlord caseworker worker".split()
)
_NICK = r"[A-Za-z][\w'’]*(?:-[\w'’]+)?(?:[ \t][A-Z][\w'’]*)?"
_QUOTED = rf"[\"“']({_NICK})[\"”']"
# right after the name: ("Tiny"), (Sasha), "Tiny", aka Tiny
_AFTER_RE = re.compile(
    rf"[ \t]*(?:\([ \t]*{_QUOTED}[ \t]*\)|\((?P<bracketed>[A-Z][\w'’-]*)\)|{_QUOTED}"
    rf"|,?[ \t]+a\.?k\.?a\.?[ \t]+[\"“]?({_NICK})[\"”]?)"
)
# right before the name: "Red" is ..., D-Free = ..., Kolya aka ...
_BEFORE_RE = re.compile(
    rf"(?:{_QUOTED}[ \t]+(?:is|=|means|was)"
    rf"|(?<![\w'’])(?P<equated>{_NICK})[ \t]*="
    rf"|\b({_NICK})[ \t]+a\.?k\.?a\.?)[ \t]+$"
)
# inside a name: Michael Anthony "Smoke" Johnson (quoted_nicknames.py made it one finding)
_INSIDE_RE = re.compile(rf"[ \t]{_QUOTED}[ \t]")
# before the name in brackets: Country (William Tucker), Mama K (Faith), 'Tiny' (Combs)
_BRACKETED_AFTER_RE = re.compile(rf"(?:{_QUOTED}|(?<![\w'’])(?P<before_bracket>{_NICK}))[ \t]*\([ \t]*$")
# who is named in brackets after their role: "Agent (Priscilla)", "Interpreter (Pashto, Dari)"
# (kin and the roles in _KIN are no nicknames anywhere)
_ROLES = frozenset(
    """agent customer interpreter interp staff volunteer driver officer nurse doctor dr cm sw rn manager
    supervisor owner caretaker advocate navigator coordinator counselor counsellor therapist teacher pastor
    priest chaplain attorney lawyer judge po applicant co-applicant user requester sender recipient""".split()
)
# what people call someone: "we all call her Boo", "folks call her Mama K", "he goes by country now",
# "known as Preacher"
_CALLED_RE = re.compile(
    rf"(?i:\b(?:call|calls|called|calling)[ \t]+(?:him|her|them)|\bgoes[ \t]+by|\bgo[ \t]+by|\bknown[ \t]+as)"
    rf"[ \t]+[\"“']?(?P<called>{_NICK})[\"”']?"
)
# after a lower-case word, what ends the clause a nickname closes ("goes by country now")
_CLAUSE_END_RE = re.compile(r"[\"”']?[ \t]*(?:$|[,.;:!?)\n—–]|now\b|btw\b|lol\b|anyway\b|these[ \t]+days\b)")
# words that follow "call her" and are no name: "call her back", "call him tomorrow"
_NOT_CALLED = frozenset(
    """back later tomorrow tonight today again asap first soon instead anyway now when if and or but at on
    in to from before after about yourself myself directly please pls thru through""".split()
)


def _nickname(m: re.Match[str]) -> str | None:
    nick = next(g for g in m.groups() if g)
    key = nick.lower()
    if len(nick) < 2 or key in FUNCTION_WORDS or key in ACRONYMS or key in TITLES or key in _KIN:
        return None
    bracketed = nick == m.groupdict().get("bracketed")
    if bracketed and key in COMMON_WORDS and key not in FIRST_NAMES:
        return None  # "(Mom)", "(Older)": in brackets without quotes, only a name-like word
    if bracketed and len(nick) <= 4 and not (nick[1:].islower() or nick.isupper()):
        return None  # "(HoH)", "(CoC)": a short word with capitals inside is an abbreviation
    if nick == m.groupdict().get("equated") and any(_FIELD_RE.search(w) for w in key.split()):
        return None  # "First Name = Yasmin", "client = ...": a form field ("smoke = ..." is a nickname)
    if nick == m.groupdict().get("before_bracket") and (
        not nick[0].isupper()
        or any(_FIELD_RE.search(w) or w in ORG_WORDS or w in _ROLES for w in key.split())
        or key.split()[0] in FIRST_NAMES
    ):
        # "interp (Pa)", "Agent (Priscilla)", "Hennepin Healthcare (Dr. ...)"; "Maria (Santos)" is a name
        # and a surname, judged by the other rules
        return None
    return nick


def _nicknames_called(text: str, findings: list[Finding]) -> dict[str, str | None]:
    """Nicknames the message says people call someone, each with the client ID of the name found last
    before it in the message, if any: "Joy P. — we all call her Boo"."""
    out: dict[str, str | None] = {}
    names = sorted((f.start, f.client_id) for f in findings if f.type is PiiType.NAME)
    for m in _CALLED_RE.finditer(text):
        nick = m.group("called")
        key = nick.lower()
        first = key.split()[0]
        if first in _NOT_CALLED or _nickname(m) is None:
            continue
        if nick[0].islower() and not _CLAUSE_END_RE.match(text, m.end()):
            continue  # "call her mom's", "goes by bus": a lower-case word must close the clause
        before = [cid for start, cid in names if start < m.start()]
        out.setdefault(nick, before[-1] if before else None)
    return out


def _start(t: Token) -> int:
    return t.start


def _nicknames_inside(toks: list[Token], findings: list[Finding], index: RosterIndex) -> dict[str, str]:
    """The words of names found with a client ID that are none of that client's names, as written:
    "Country" of "Country Tackett" (client 70208), "Gudeat" of a misspelt "Lensa Gudeat"; and the
    client's surname when it is a word ("Toe")."""
    named = sorted((f.start, f.end, f.client_id) for f in findings if f.type is PiiType.NAME and f.client_id)
    if not named:
        return {}
    lookups = (index.by_first, index.by_middle, index.by_nick)
    by_last = index.by_last
    inside: dict[str, str] = {}
    for start, end, cid in named:
        first = bisect_left(toks, start, key=_start)
        for t in toks[first : bisect_left(toks, end, lo=first, key=_start)]:
            key = t.key
            surname = cid in by_last.get(key, ())
            if (
                t.end > end
                or len(key) < 3
                # "Jail list: Toe, Whitfield ... Toe released": a surname that is a word, again with its
                # capital (one that is no word is found wherever it is written)
                or (surname and not (t.cap and key in COMMON_WORDS))
                or (not surname and any(cid in by.get(key, ()) for by in lookups))
                or key in FUNCTION_WORDS
                or key in TITLES
                or key in _KIN
                or key in DESCRIBING_WORDS
                or key in ACRONYMS
                or (not t.cap and key in COMMON_WORDS)
            ):
                continue
            inside.setdefault(t.text, cid)
    return inside


def with_nicknames_given(
    text: str, toks: list[Token], findings: list[Finding], index: RosterIndex, *, low: str
) -> list[Finding]:
    """``findings`` with each nickname the message ties to a found name hidden as that person, there
    and at its other mentions (a mention some rule found already gets the person's ID). ``low``: the
    text in lower case."""
    given: dict[str, str | None] = dict(_nicknames_inside(toks, findings, index))
    if "call" in low or " by " in low or "known as" in low:
        for nick, cid in _nicknames_called(text, findings).items():
            given.setdefault(nick, cid)
    if '"' in text or "(" in text or "=" in text or "“" in text or "aka" in low:
        for f in findings:
            if f.type is not PiiType.NAME:
                continue
            after = _AFTER_RE.match(text, f.end)
            window = max(0, f.start - 30)
            before = _BEFORE_RE.search(text, window, f.start)
            bracketed = _BRACKETED_AFTER_RE.search(text, window, f.start) if "(" in low else None
            inside = _INSIDE_RE.finditer(text, f.start, f.end) if f.end - f.start > 8 else ()
            for m in (after, before, bracketed, *inside):
                nick = _nickname(m) if m is not None else None
                if nick is not None:
                    given.setdefault(nick, f.client_id)
    if not given:
        return findings
    out = list(findings)
    for k, f in enumerate(out):  # a mention found without an ID: the person the message says
        cid = given.get(text[f.start : f.end])
        if f.type is PiiType.NAME and cid and f.client_id is None and not f.candidates:
            out[k] = Finding(f.start, f.end, f.type, client_id=cid)
    free = [not h for h in covered(toks, ((f.start, f.end) for f in out))]
    at: dict[str, list[int]] = {}  # each word, in lower case, and where it is written
    for i, t in enumerate(toks):
        at.setdefault(t.text.lower(), []).append(i)
    for nick, cid in given.items():
        parts = nick.split()
        ordinary = all(p.lower() in COMMON_WORDS for p in parts)
        for i in at.get(parts[0].lower(), ()):
            if i + len(parts) > len(toks) or not all(free[i : i + len(parts)]):
                continue
            run = toks[i : i + len(parts)]
            written = [text[u.start : u.end] for u in run]
            if written == parts or (
                not ordinary and [w.lower() for w in written] == [p.lower() for p in parts]
            ):
                if i > 0 and toks[i - 1].key in DESCRIBING_WORDS and toks[i - 1].end + 1 == run[0].start:
                    # "Big Red is someone else": another person, by another name
                    out.append(Finding(toks[i - 1].start, run[-1].end, PiiType.NAME))
                else:
                    out.append(Finding(run[0].start, run[-1].end, PiiType.NAME, client_id=cid))
                free[i : i + len(parts)] = [False] * len(parts)
    return out
