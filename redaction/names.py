"""Person names: roster names first (to the client's ID), then names not on the roster.

The matcher walks the message's words once, left to right, and at each word
tries the most specific shape first, so a longer reading wins over a shorter
one ("Garcia, Maria E." before "Maria"):

1. title + surname ........ "Ms. Garcia", "Mr. de la Cruz"
2. Last, First ............ "GARCIA, Maria"
3. First [Middle] Last .... "Maria E. Garcia", "Bob Garica" (nickname, one typo)
4. initial + surname ...... "M. Garcia"; first + initial: "Maria G."
5. unrostered full names .. capitalised pairs that look like given name + surname
6. single words ........... a roster first name / surname, or a known given name

A roster match needs first and last name to belong to the SAME client, which is
what makes it safe in any letter case. Single words are weaker evidence, so they
are gated: ordinary English words ("Will", "Hope") need a cue, a name said to
someone ("Thanks Maria!") is a chat participant, not a client.
"""

from __future__ import annotations

from collections.abc import Iterable

from redaction.findings import Finding, PiiType
from redaction.initials import Candidates, Initials
from redaction.lexicon import (
    COMMON_WORDS,
    FIRST_NAMES,
    TITLES,
)
from redaction.name_context import TokenContext
from redaction.name_edges import NameEdges
from redaction.name_lookup import RosterLookup
from redaction.name_words import (
    PARTICLES,
)
from redaction.normalize import Token
from redaction.person_context import PersonContext
from redaction.roster import RosterIndex
from redaction.roster_shapes import RosterShapes
from redaction.single_names import SingleNames
from redaction.unrostered_names import UnrosteredNames


class NameFinder(
    RosterShapes,
    UnrosteredNames,
    SingleNames,
    Initials,
    NameEdges,
    PersonContext,
    TokenContext,
    RosterLookup,
):
    """Finds person names in tokenised text. Stateless per call; the index is shared.

    The shapes live in their own modules (one mixin each); this class holds the state they share
    and the walk that tries them in order.
    """

    __slots__ = ("_fuzzy_cache", "index", "known")

    def __init__(self, index: RosterIndex, *, known_words: Iterable[str] = ()) -> None:
        self.index = index
        self.known = frozenset(known_words)
        self._fuzzy_cache: dict[tuple[str, bool], frozenset[str]] = {}

    # --- the walk --------------------------------------------------------------------------------
    def find(self, text: str, toks: list[Token], blocked: list[bool]) -> list[Finding]:
        out: list[Finding] = []
        i = 0
        n = len(toks)
        idx = self.index
        while i < n:
            if blocked[i]:
                i += 1
                continue
            t = toks[i]
            k = t.key
            if len(k) == 1 and t.lower and i + 1 < n and not blocked[i + 1]:
                hit = self._lower_initial_last(text, toks, i)  # "j. nguyen": before "j" is skipped as a word
                if hit is not None:
                    out.append(_finding(hit[0], hit[1], hit[2]))
                    i = hit[3]
                    continue
            if (
                t.lower
                and k in COMMON_WORDS
                and k not in idx.by_first
                and k not in idx.by_nick
                and k not in idx.by_last
                and k not in TITLES
                and k not in FIRST_NAMES
            ):
                i += 1  # an ordinary lower-case word cannot start a name
                continue
            if (
                (t.cap or toks[i - 1].lower)
                and self._place_context(text, toks, blocked, i)
                and not blocked[i - 1]
                and text[toks[i - 1].raw_end : t.start] in (" ", ". ")
                and not (self._full(text, toks, blocked, i) or (0, 0, ()))[2]  # a client's full name wins
            ):
                i += 1  # "St. Vincent de Paul", "Lake Washington": skip the whole place name
                while (
                    i < n
                    and (
                        toks[i].cap
                        or toks[i].key in PARTICLES
                        or (t.lower and toks[i].key not in COMMON_WORDS)
                    )
                    and self._adjacent(text, toks, i - 1, i)
                ):
                    i += 1
                continue
            one_letter = len(t.text) == 1
            hit = (
                (k in TITLES and self._title(text, toks, blocked, i))
                or self._last_first(text, toks, blocked, i)
                or self._full(text, toks, blocked, i)
                or (one_letter and self._dotted_initials(text, toks, blocked, i))
                or (one_letter and self._initial_last(text, toks, blocked, i))
                or (
                    t.upper
                    and len(k) <= 3
                    and (
                        self._initials_last(text, toks, blocked, i) or self._initials(text, toks, blocked, i)
                    )
                )
                or (k in PARTICLES and self._particle_surname(text, toks, blocked, i))
                or self._unrostered_full(text, toks, blocked, i)
                or self._single(text, toks, blocked, i)
            )
            if hit is None:
                i += 1
                continue
            if not hit[2] and _next_is_a_client(self, text, toks, blocked, i, hit[1]):
                # "Ø Rosa de la Cruz": the client's full name starts at the next word and wins; this word
                # is still a name on its own if it is one ("wilfredo maria garcia")
                hit = self._single_word(text, toks, blocked, i)
                if hit is None or hit[1] > toks[i].end:
                    i += 1
                    continue
            start, end, ids, nxt = hit
            start = self._particles_before(text, toks, blocked, i, ids, start)
            end, ids, nxt = self._unknown_after(text, toks, blocked, nxt, end, ids)
            end, ids, nxt = self._surname_tail(text, toks, blocked, nxt, end, ids)
            i0 = i
            while i0 > 0 and toks[i0].start > start:
                i0 -= 1
            if i0 > 0 and (not out or out[-1].end <= toks[i0 - 1].start):
                start, ids = self._unknown_before(text, toks, blocked, i0, start, end, ids)
            out.append(_finding(start, end, ids))
            i = nxt
        return out


def _next_is_a_client(
    finder: NameFinder, text: str, toks: list[Token], blocked: list[bool], i: int, end: int
) -> bool:
    """Does a rostered client's full name start at the next word and reach ``end`` or past it?"""
    if i + 1 >= len(toks) or blocked[i + 1] or toks[i + 1].start >= end:
        return False
    full = finder._full(text, toks, blocked, i + 1)
    return bool(full and full[2] and full[1] >= end)


def _finding(start: int, end: int, ids: set[str] | frozenset[str]) -> Finding:
    if len(ids) == 1 and not isinstance(ids, Candidates):
        return Finding(start, end, PiiType.NAME, client_id=next(iter(ids)))
    if ids:
        # every candidate, not the first few: evidence in the message (a DOB, an age) must be able to pick
        # the right one among them all; the engine shortens the list after that
        return Finding(start, end, PiiType.NAME, candidates=tuple(sorted(ids)))
    return Finding(start, end, PiiType.NAME)
