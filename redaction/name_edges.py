"""Words that join a found name on either side: particles, unknown words, a family name first."""

from __future__ import annotations

from redaction.lexicon import (
    FIRST_NAMES,
    SURNAMES,
    is_unknown_word,
)
from redaction.name_words import (
    NEVER_NAME,
    PARTICLES,
)
from redaction.normalize import Token


class NameEdges:
    """Mixin of :class:`redaction.names.NameFinder` (uses its ``index`` and ``known``)."""

    __slots__ = ()

    def _unknown_after(
        self, text: str, toks: list[Token], blocked: list[bool], nxt: int, end: int, ids: set[str]
    ) -> tuple[int, set[str], int]:
        """A word no list knows right after a name is more of that name ("beeh duar", "Wung Thai");
        and a client's given name followed by a surname no list knows is not that client."""
        k = nxt
        if (
            0 < k < len(toks)
            and not blocked[k]
            and toks[k].start >= end
            and self._adjacent(text, toks, k - 1, k)
            and not toks[k].upper
            and is_unknown_word(toks[k].key)
        ):
            return toks[k].end, set(), k + 1
        # lower-case chat, a name of three parts: "naw eh ku", "nguyen thi lan"
        if (
            not ids
            and 0 < k < len(toks)
            and not blocked[k]
            and toks[k].start >= end
            and toks[k].lower
            and toks[k - 1].lower
            and self._adjacent(text, toks, k - 1, k)
            and self._listed_name_word(toks[k].key)
        ):
            return toks[k].end, ids, k + 1
        return end, ids, nxt

    def _unknown_before(
        self, text: str, toks: list[Token], blocked: list[bool], i: int, start: int, ids: set[str]
    ) -> tuple[int, set[str]]:
        k = i - 1
        if (
            not blocked[k]
            and toks[k].raw_end <= start
            and self._adjacent(text, toks, k, i)
            and not toks[k].upper
            and (
                (is_unknown_word(toks[k].key) and toks[k].lower == toks[i].lower)
                # "Keisha Lee", "maria cruz": a colleague's first name right before a found name is
                # part of that person's full name: redact it whole
                or (toks[k].key in self.known and not self._vocative(text, toks, k))
                # a listed surname before a found given name, family name first: "Nguyen Thi Lan",
                # "tran van minh"
                or (
                    toks[k].key in SURNAMES
                    and toks[k].lower == toks[i].lower
                    and toks[k].cap == toks[i].cap
                    and self._listed_name_word(toks[k].key)
                    and not self._vocative(text, toks, k)
                )
                or (  # "loop in See Quaxung": a capitalised given name before a capitalised unknown word
                    toks[k].cap
                    and toks[k].key in FIRST_NAMES
                    and toks[k].key not in NEVER_NAME
                    and not self._sentence_initial(text, toks[k])
                    and is_unknown_word(toks[i].key)
                )
            )
        ):
            return toks[k].start, set()
        return start, ids

    def _particles_before(
        self, text: str, toks: list[Token], blocked: list[bool], i: int, ids: set[str], start: int
    ) -> int:
        """ "de la Cruz, Maria": surname particles right before a found name that belong to it."""
        k = i - 1
        while k >= 0 and not blocked[k] and toks[k].key in PARTICLES and self._adjacent(text, toks, k, k + 1):
            owners = self.index.by_last.get(toks[k].key)
            if (ids and not (owners and owners & ids)) or (not ids and not toks[k].lower):
                break
            start = toks[k].start
            k -= 1
        return start
