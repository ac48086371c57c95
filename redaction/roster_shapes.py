"""Multi-word name shapes tied to the roster: title + surname, Last, First, First [Middle] Last, initials."""

from __future__ import annotations

import re

from redaction.lexicon import (
    COMMON_WORDS,
    FIRST_NAMES,
    STOP_WORDS,
    SURNAMES,
    TITLES,
    is_unknown_word,
)
from redaction.name_words import (
    ADJ_RE,
    COMMA_RE,
    INITIAL_GAP_RE,
    NEVER_NAME,
    PARTICLES,
    Hit,
)
from redaction.normalize import Token


class RosterShapes:
    """Mixin of :class:`redaction.names.NameFinder` (uses its ``index`` and ``known``)."""

    __slots__ = ()

    def _title(self, text: str, toks: list[Token], blocked: list[bool], i: int) -> Hit | None:
        t = toks[i]
        if t.key not in TITLES or t.possessive:
            return None
        j = i + 1
        if j >= len(toks) or blocked[j]:
            return None
        if not re.fullmatch(r"\.?[ \t]+", self._gap(text, t, toks[j])):
            return None
        full = self._full(text, toks, blocked, j)
        if full is not None and full[2]:
            return t.start, full[1], full[2], full[3]
        k = j
        # particles: "Mr. de la Cruz"
        while (
            toks[k].key in PARTICLES
            and k + 1 < len(toks)
            and not blocked[k + 1]
            and self._adjacent(text, toks, k, k + 1)
        ):
            if toks[k].key in self.index.by_last:
                break
            k += 1
        last = toks[k]
        ids = self._last(last.key)
        if ids:
            k, ids = self._extend_last(text, toks, blocked, k, ids)
            return t.start, toks[k].end, ids, k + 1
        if (
            last.cap
            or last.upper
            or (  # lower-case chat: "ms begay", "mr. smith"
                last.lower
                and len(last.key) > 2
                and (last.key in SURNAMES or is_unknown_word(last.key))
                and last.key not in STOP_WORDS
                and last.key not in NEVER_NAME
            )
        ):
            ids = set(self._fuzzy(last.key, first=False))
            if ids or last.key not in COMMON_WORDS or last.key in SURNAMES:
                # an unrostered (or misspelt) surname after a title is still a person
                while (
                    k + 1 < len(toks)
                    and not blocked[k + 1]
                    and self._adjacent(text, toks, k, k + 1)
                    and self._surname_like(toks[k + 1])
                ):
                    k += 1
                return t.start, toks[k].end, ids, k + 1
        return None

    def _last_first(self, text: str, toks: list[Token], blocked: list[bool], i: int) -> Hit | None:
        t = toks[i]
        j = i + 1
        if t.possessive or j >= len(toks) or blocked[j]:
            return None
        if "," not in self._gap(text, t, toks[j]):
            if j + 1 < len(toks) and "," in self._gap(text, toks[j], toks[j + 1]):
                return self._two_surnames_first(text, toks, blocked, i)
            return None
        if not COMMA_RE.fullmatch(self._gap(text, t, toks[j])):
            return None
        first = toks[j]
        initial = (
            len(first.text) == 1
            and (
                (first.text.isupper() and (t.cap or t.upper))
                # lower-case chat: "shevchenko, o."
                or (first.lower and t.lower and text[first.raw_end : first.raw_end + 1] == ".")
            )
        )
        if initial and len(t.key) > 2:
            return self._last_comma_initial(text, toks, i)
        ids = self._pair_ids(first, t)
        if not ids:
            return self._unrostered_last_first(text, toks, blocked, i)
        end_i = j
        # optional middle initial / middle name after the first name
        k = j + 1
        if k < len(toks) and not blocked[k] and not first.possessive:
            gap = self._gap(text, first, toks[k])
            mid = toks[k]
            if ADJ_RE.fullmatch(gap) and (
                (len(mid.text) == 1 and mid.text.isupper())
                or (self.index.by_middle.get(mid.key, set()) & ids)
            ):
                end_i = k
        end = toks[end_i].end
        if len(toks[end_i].text) == 1 and text[toks[end_i].raw_end : toks[end_i].raw_end + 1] == ".":
            end += 1
        return t.start, end, ids, end_i + 1

    def _two_surnames_first(self, text: str, toks: list[Token], blocked: list[bool], i: int) -> Hit | None:
        """ "Hernández Ortiz, José Luis": two surnames, a comma, the given name(s) — one client."""
        j, f = i + 1, i + 2
        if f >= len(toks) or blocked[f] or blocked[j] or not self._adjacent(text, toks, i, j):
            return None
        if not COMMA_RE.fullmatch(self._gap(text, toks[j], toks[f])):
            return None
        ids = self._pair_ids(toks[f], toks[i]) & self._last(toks[j].key)
        if not ids:
            return None
        k = f
        if k + 1 < len(toks) and not blocked[k + 1] and self._adjacent(text, toks, k, k + 1):
            more = ids & (self._first(toks[k + 1].key) | (self.index.by_middle.get(toks[k + 1].key) or set()))
            if more:
                ids, k = more, k + 1
        return toks[i].start, toks[k].end, ids, k + 1

    def _last_comma_initial(self, text: str, toks: list[Token], i: int) -> Hit | None:
        """ "Dalton, T.", "Kowalczyk-Nowak, M.": a surname and the first initial."""
        t, init = toks[i], toks[i + 1]
        last_ids = self._last(t.key) or set()
        if "-" in t.key and not last_ids:
            for part in t.key.split("-"):
                last_ids |= self._last(part)
        if not last_ids and not (t.key in SURNAMES and t.key not in COMMON_WORDS):
            return None
        ids = {c for c in last_ids if self.index.first_initial.get(c) == init.key}
        end = init.end + (1 if text[init.raw_end : init.raw_end + 1] == "." else 0)
        return t.start, end, ids, i + 2

    def _unrostered_last_first(self, text: str, toks: list[Token], blocked: list[bool], i: int) -> Hit | None:
        """ "Xiong, Mai Nou": a known surname, a comma, then capitalised given name(s)."""
        t, u = toks[i], toks[i + 1]
        lower_pair = (  # lower-case chat: "yellowhair, marlene"
            t.lower and u.lower and self._listed_name_word(t.key) and self._listed_name_word(u.key)
        )
        if not ((self._name_like(t) and self._name_like(u)) or lower_pair):
            return None
        if self._blocked_word(t) or self._blocked_word(u):
            return None
        if i > 0 and toks[i - 1].cap and text[toks[i - 1].raw_end : t.start].strip() == ",":
            return None  # "Rose, Peggy, Pat, Liz, Tigist": items of a list, not a surname and its given name
        tk, uk = t.key, u.key
        if tk in COMMON_WORDS or not (tk in SURNAMES or tk in self.index.by_last):
            return None
        if uk in COMMON_WORDS or not (uk in FIRST_NAMES or uk in self.index.by_first):
            return None
        k = i + 1
        while (
            k + 1 < len(toks)
            and not blocked[k + 1]
            and self._adjacent(text, toks, k, k + 1)
            and self._name_like(toks[k + 1])
            and toks[k + 1].key not in COMMON_WORDS
        ):
            k += 1
        return t.start, toks[k].end, set(), k + 1

    def _full(self, text: str, toks: list[Token], blocked: list[bool], i: int) -> Hit | None:
        t = toks[i]
        if t.possessive or len(t.key) < 2:
            return None
        j = i + 1
        if not (j < len(toks) and not blocked[j] and self._adjacent(text, toks, i, j)):
            return None
        candidates = []
        # First Middle Last / First M. Last
        k = j + 1
        if k < len(toks) and not blocked[k]:
            mid = toks[j]
            gap = self._gap(text, mid, toks[k])
            if (
                len(mid.text) == 1 and mid.text.isalpha() and INITIAL_GAP_RE.fullmatch(gap) and gap.strip()
            ) or (
                (mid.key in self.index.by_middle or mid.key in self.index.by_first) and ADJ_RE.fullmatch(gap)
            ):
                candidates.append(k)
        candidates.append(j)
        for k in candidates:
            last = toks[k]
            ids = self._pair_ids(t, last)
            if ids:
                k2, ids = self._extend_last(text, toks, blocked, k, ids)
                return t.start, toks[k2].end, ids, k2 + 1
        # family name first, no comma ("Nguyen Minh", "Xiong Mai"): exact matches only
        u = toks[j]
        last_ids = self._last(t.key)
        ids = last_ids & self._first(u.key)
        # and the given name's second part, or a middle name then the given name: "park seo yeon", "tran van
        # minh", "nguyen thi huong"
        pool = ids or (last_ids & (self.index.by_middle.get(u.key) or set()) if last_ids else set())
        if pool and (t.cap or t.upper or t.lower == u.lower):
            end_j, k = j, j + 1
            if k < len(toks) and not blocked[k] and self._adjacent(text, toks, j, k):
                more = pool & self._first(toks[k].key)
                if more:
                    ids, end_j = more, k
            if ids:
                return t.start, toks[end_j].end, ids, end_j + 1
        # given name and middle name, the surname left out: "4 Ivy Dawn (hold til 9pm)"
        ids = (self.index.by_first.get(t.key) or set()) & (self.index.by_middle.get(u.key) or set())
        if ids and t.lower == u.lower and t.upper == u.upper:
            return t.start, u.end, set(ids), j + 1
        # First + initial: "Rhonda V."
        nxt = toks[j]
        hit = self._last_then_initial(text, toks, j)
        if hit is not None:
            return hit
        lower_ok = t.lower and text[nxt.raw_end : nxt.raw_end + 1] == "."
        # lower-case chat: "tony d asked", a single letter that a verb or the end of a clause follows, or the
        # initial of the surname of a client with that first name ("maria g dob ...", "deshawn c no show")
        bare_lower = (
            t.lower
            and len(nxt.text) == 1
            and nxt.lower
            and nxt.text not in "aiou"
            and (
                self._subject_of_verb(toks, j)
                or re.match(r"[ \t]*(?:[,.;:!?)]|$)", text[nxt.raw_end :]) is not None
                or any(self.index.last_initial.get(c) == nxt.key for c in self._first(t.key))
            )
        )
        if (
            (self._is_initial(text, nxt) or bare_lower)
            and (t.cap or t.upper or lower_ok or bare_lower)
            and (not self._blocked_word(t) or t.key in self.known)  # "Ashley P." is a person, not staff
        ):
            f = self._first(t.key)
            if f or (t.key in FIRST_NAMES and t.key not in COMMON_WORDS) or t.key in self.known:
                init = nxt.key
                ids = {c for c in f if self.index.last_initial.get(c) == init} or f
                end = nxt.end + (1 if text[nxt.raw_end : nxt.raw_end + 1] == "." else 0)
                return t.start, end, ids, j + 1
        return None

    def _last_then_initial(self, text: str, toks: list[Token], j: int) -> Hit | None:
        """Surname + given-name initial without a comma: "warsame a called", "Nguyen H.", "xiong l is
        moving" — a rostered surname and a single letter that is the initial of a client with that surname
        (and of no client who has the word as first name and the letter as surname initial: that reading
        goes first). "a" and "i" are words too: they need a full stop, the end of the clause or a verb."""
        t, nxt = toks[j - 1], toks[j]
        if len(nxt.text) != 1 or not nxt.text.isalpha() or len(t.key) < 2:
            return None
        if not (t.cap or t.upper or (t.lower and nxt.lower)):
            return None
        if any(self.index.last_initial.get(c) == nxt.key for c in self._first(t.key)):
            return None
        ids = {c for c in self._last(t.key) if self.index.first_initial.get(c) == nxt.key}
        if not ids:
            return None
        dot = text[nxt.raw_end : nxt.raw_end + 1] == "."
        if nxt.key in ("a", "i") and not (
            dot
            or self._subject_of_verb(toks, j)
            or re.match(r"[ \t]*(?:[,;:!?)]|$)", text[nxt.raw_end :]) is not None
        ):
            return None
        return t.start, nxt.end + (1 if dot else 0), ids, j + 1

    def _initial_last(self, text: str, toks: list[Token], blocked: list[bool], i: int) -> Hit | None:
        t = toks[i]
        j = i + 1
        if len(t.text) != 1 or j >= len(toks) or blocked[j]:
            return None
        if not t.text.isupper():
            return self._lower_initial_last(text, toks, i)
        gap = self._gap(text, t, toks[j])
        dotted = INITIAL_GAP_RE.fullmatch(gap) and gap.strip(" \t") == "." and gap != "."
        if not dotted and not (t.text not in "IA" and ADJ_RE.fullmatch(gap)):
            return None
        while (  # "R. van der Berg", "S. de Jesús"
            j + 1 < len(toks)
            and toks[j].key in PARTICLES
            and toks[j].lower
            and not blocked[j + 1]
            and ADJ_RE.fullmatch(self._gap(text, toks[j], toks[j + 1]))
        ):
            j += 1
        last = toks[j]
        if not (last.cap or last.upper):
            return None
        if not dotted and j == i + 1 and (self._full(text, toks, blocked, j) or (0, 0, ()))[2]:
            return None  # "À Rosa de la Cruz": a client's full name starts at the next word
        ids = self._last(last.key)
        if j > i + 1 and not ids:
            return t.start, last.end, set(), j + 1  # an initial, particles, a capitalised word: a name
        if ids:
            narrowed = {c for c in ids if self.index.first_initial.get(c) == t.key}
            k, narrowed2 = self._extend_last(text, toks, blocked, j, narrowed or ids)
            return t.start, toks[k].end, (narrowed2 if narrowed else set()), k + 1
        if last.key in SURNAMES and last.key not in COMMON_WORDS and self._name_like(last):
            return t.start, last.end, set(), j + 1
        return None

    def _lower_initial_last(self, text: str, toks: list[Token], i: int) -> Hit | None:
        """Chat in lower case: "j. nguyen", "j.nguyen", "j nguyen". A lower-case letter is a word or a list
        marker as often as an initial, so it counts only before a rostered surname, and only when a client
        with that surname has that first initial (then the ID is theirs alone if they are the only one)."""
        t, last = toks[i], toks[i + 1]
        if not t.text.isalpha() or len(last.key) < 2:
            return None
        gap = self._gap(text, t, last)
        if not (INITIAL_GAP_RE.fullmatch(gap) and gap.strip(" \t") in (".", "")) or not gap:
            return None
        if t.text in "ai" and not gap.startswith("."):
            return None  # "a nguyen", "i le": the article and the pronoun
        ids = {c for c in self._last(last.key) if self.index.first_initial.get(c) == t.key}
        if not ids:
            return None
        return t.start, last.end, ids, i + 2
