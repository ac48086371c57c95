"""The roster (by-name list) and its in-memory lookup index.

The index is what lets casebot do better than a generic detector: it knows
*these* clients, so it can map "Bob", "GARCIA, ROBERTO", "Mr. Garcia" or
"Robert Garica" to one HMIS PersonalID. It is built from decrypted rows, lives
in memory only, and is rebuilt when the roster changes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

import jellyfish

from redaction.lexicon import nickname_variants, short_forms
from redaction.name_words import PARTICLES
from redaction.normalize import fold, name_parts


@dataclass(frozen=True, slots=True)
class RosterEntry:
    client_id: str
    first_name: str | None
    last_name: str | None
    middle_name: str | None = None
    dob: datetime.date | None = None
    ssn: str | None = None


def _fused_particles(parts: tuple[str, ...]) -> tuple[str, ...]:
    """A surname's leading particles as people also write them, fused: "de la Cruz" is written "dela Cruz"
    and "delacruz", "van der Berg" "vander Berg" and "vanderberg"."""
    n = 0
    while n < len(parts) - 1 and parts[n] in PARTICLES:
        n += 1
    if n == 0:
        return ()
    out = ["".join(parts[: len(parts) if "-" not in parts[-1] else -1])]
    if n > 1:
        out.append("".join(parts[:n]))
    return tuple(w for w in out if w not in parts)


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


# Fuzzy matching only for tokens this long: shorter names ("Pa", "Lee") have too
# many one-edit neighbours among ordinary words.
FUZZY_MIN_LEN = 4


class RosterIndex:
    """Token-level lookups over the roster.

    Every name is reduced to folded tokens (casefold, no diacritics, hyphenated
    and multi-word names split into parts as well as kept whole), so lookups at
    redaction time are plain dict hits. Typos are found with a symmetric-delete
    map (each token and its one-character deletions), verified by edit distance,
    which keeps fuzzy lookups O(length of the word) instead of O(roster).
    """

    __slots__ = (
        "by_first",
        "by_initials",
        "by_last",
        "by_middle",
        "by_nick",
        "by_sound",
        "deletes",
        "dobs",
        "first_initial",
        "last_initial",
        "last_key",
        "n_clients",
        "ssns",
        "traits",
    )

    def __init__(self, entries: Iterable[RosterEntry]) -> None:
        self.by_first: dict[str, set[str]] = {}
        self.by_last: dict[str, set[str]] = {}
        self.by_middle: dict[str, set[str]] = {}
        self.by_nick: dict[str, set[str]] = {}
        # how a whole name sounds (Metaphone of given name + surname run together) -> clients, for
        # names a dictation engine split into words it knows (redaction.sounded_names)
        self.by_sound: dict[str, set[str]] = {}
        self.first_initial: dict[str, str] = {}
        # "mk" -> clients whose first and last names start with M and K ("MK no-show", "L.N.")
        self.by_initials: dict[str, set[str]] = {}
        self.last_initial: dict[str, str] = {}
        self.last_key: dict[str, str] = {}  # client -> whole folded surname, to rank exact over partial
        self.deletes: dict[str, str | tuple[str, ...]] = {}
        self.ssns: dict[str, str] = {}
        self.dobs: dict[datetime.date, set[str]] = {}
        # client -> (DOB, last four of the SSN): evidence that can tell namesakes apart
        self.traits: dict[str, tuple[datetime.date | None, str | None]] = {}
        self.n_clients = 0
        vocab: set[str] = set()
        nick_cache: dict[str, frozenset[str]] = {}
        for entry in entries:
            cid = str(entry.client_id)
            self.n_clients += 1
            firsts = name_parts(entry.first_name)
            if len(firsts) > 1:  # "Seo-yeon", "Ji Hoon" written as one word: "seoyeon", "jihoon"
                joined = "".join(p for p in firsts if "-" not in p)
                if joined not in firsts:
                    firsts = (*firsts, joined)
            lasts = name_parts(entry.last_name)
            lasts = (*lasts, *_fused_particles(lasts))
            middles = name_parts(entry.middle_name)
            for tok in firsts:
                self.by_first.setdefault(tok, set()).add(cid)
                nicks = nick_cache.get(tok)
                if nicks is None:
                    nicks = nick_cache[tok] = nickname_variants(tok) | short_forms(tok)
                for nick in nicks:
                    self.by_nick.setdefault(nick, set()).add(cid)
            for tok in lasts:
                self.by_last.setdefault(tok, set()).add(cid)
            for tok in middles:
                self.by_middle.setdefault(tok, set()).add(cid)
            if firsts:
                self.first_initial[cid] = firsts[0][0]
            if firsts and lasts:
                for last in lasts:
                    self.by_initials.setdefault(firsts[0][0] + last[0], set()).add(cid)
                    if middles:
                        self.by_initials.setdefault(firsts[0][0] + middles[0][0] + last[0], set()).add(cid)
            # the given names alone: "JH" for Ji-hoon, "JC" for Juan Carlos (first and middle name)
            given = [p for p in firsts if "-" not in p and " " not in p][:2]
            if len(given) == 1 and middles:
                given.append(middles[0])
            if len(given) == 2:
                self.by_initials.setdefault(given[0][0] + given[1][0], set()).add(cid)
            for first in firsts[:1]:
                for last in lasts:
                    self.by_sound.setdefault(name_sound(first + last), set()).add(cid)
            if lasts:
                self.last_initial[cid] = lasts[0][0]
                self.last_key[cid] = lasts[-1] if len(lasts) > 1 and "-" in lasts[-1] else lasts[0]
            vocab.update(firsts)
            vocab.update(lasts)
            last4 = None
            if entry.ssn:
                digits = "".join(c for c in entry.ssn if c.isdigit())
                if len(digits) == 9:
                    self.ssns[digits] = cid
                    last4 = digits[5:]
            if entry.dob:
                self.dobs.setdefault(entry.dob, set()).add(cid)
            if entry.dob or last4:
                self.traits[cid] = (entry.dob, last4)
        deletes: dict[str, list[str]] = {}
        for word in vocab:
            if len(word) < FUZZY_MIN_LEN or " " in word:
                continue
            deletes.setdefault(word, []).append(word)
            for d in _deletes(word):
                deletes.setdefault(d, []).append(word)
        self.deletes = {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in deletes.items()}

    def fuzzy_tokens(self, key: str) -> list[str]:
        """Roster name tokens within one edit (insert, delete, substitute, swap) of ``key``."""
        if len(key) < FUZZY_MIN_LEN - 1:
            return []
        found: set[str] = set()
        for probe in (key, *_deletes(key)):
            hit = self.deletes.get(probe)
            if hit is None:
                continue
            if isinstance(hit, str):
                found.add(hit)
            else:
                found.update(hit)
        return [w for w in found if w != key and _within_one_edit(key, w)]


def name_sound(key: str) -> str:
    """Metaphone of a folded name with its spaces, hyphens and apostrophes taken out."""
    return jellyfish.metaphone("".join(c for c in key if c.isalpha()))


def _within_one_edit(a: str, b: str) -> bool:
    """Optimal-string-alignment distance <= 1, without allocating a matrix."""
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1 :] == b[i + 1 :]:
            return True
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    if la > lb:
        return a[i + 1 :] == b[i:]
    return a[i:] == b[i + 1 :]


within_one_edit = _within_one_edit

__all__ = ["FUZZY_MIN_LEN", "RosterEntry", "RosterIndex", "fold", "within_one_edit"]
