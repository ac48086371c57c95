"""Words that join a found name on either side: particles, unknown words, a family name first."""

from __future__ import annotations

from redaction.chat_languages import is_chat_language_word
from redaction.lexicon import (
    FIRST_NAMES,
    ORG_WORDS,
    SURNAMES,
    is_unknown_word,
)
from redaction.name_words import (
    CAPITAL_PARTICLES,
    HYPHEN_PARTICLE_RE,
    NEVER_NAME,
    PARTICLES,
    SUFFIX_RE,
    Hit,
)
from redaction.normalize import Token
from redaction.verbs import is_base_verb, is_finite_verb


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
            and not (toks[k].lower and is_chat_language_word(toks[k]))  # "Xee hais tias": Hmong, no surname
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
            # "abdirizak say tomorrow", "autumn states she will call": a verb after a name is not more of it
            and not (len(toks[k].key) > 2 and (is_finite_verb(toks[k].key) or is_base_verb(toks[k].key)))
        ):
            return toks[k].end, ids, k + 1
        return end, ids, nxt

    def _unknown_before(
        self, text: str, toks: list[Token], blocked: list[bool], i: int, start: int, end: int, ids: set[str]
    ) -> tuple[int, set[str]]:
        k = i - 1
        one_word = toks[i].end >= end
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
                    # (never before a client's whole name: "Tenant Oleksandra Kovalenko")
                    toks[k].key in SURNAMES
                    and (one_word or not ids)
                    and toks[k].lower == toks[i].lower
                    and toks[k].cap == toks[i].cap
                    # (a common surname too before a hyphenated given name: "park ji-hoon", "Kim Min-jun")
                    and (
                        self._listed_name_word(toks[k].key)
                        or ("-" in toks[i].key and is_unknown_word(toks[i].key))
                    )
                    and not self._vocative(text, toks, k)
                    and not is_finite_verb(toks[k].key)
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
        # "Escobedo-de los Santos": a surname joined to the particles by a hyphen
        if (
            k >= 0
            and k < i - 1
            and not blocked[k]
            and "-" in toks[k].key
            and toks[k].key.rsplit("-", 1)[1] in PARTICLES
            and (toks[k].cap or toks[k].lower == toks[i].lower)
            and self._joined(text, toks, k, k + 1)
        ):
            start = toks[k].start
        return start

    def _surname_tail(
        self, text: str, toks: list[Token], blocked: list[bool], nxt: int, end: int, ids: set[str]
    ) -> tuple[int, set[str], int]:
        """The rest of a surname after a found name: particles and the word they lead to ("de los Santos",
        "van der Berg"), the part after a hyphenated particle ("Figueroa-del Río"), a generational suffix
        ("Jr.", "III"). Words that are not the matched client's own surname parts make it someone else."""
        k = nxt - 1
        if k < 0 or k >= len(toks) or toks[k].end != end:
            return end, ids, nxt
        while True:
            if (  # "Siobhán Ó Briain": a capital particle at the end of what was found
                toks[k].text in CAPITAL_PARTICLES
                and k + 1 < len(toks)
                and not blocked[k + 1]
                and self._joined(text, toks, k, k + 1)
                and toks[k + 1].cap
            ):
                ids = ids & self._last(toks[k + 1].key)
                k += 1
                end = toks[k].end
                continue
            p = k + 1
            while (
                p < len(toks)
                and not blocked[p]
                and ((toks[p].key in PARTICLES and toks[p].lower) or toks[p].text in CAPITAL_PARTICLES)
                and self._joined(text, toks, p - 1, p)
            ):
                p += 1
            if (  # "Abdullah al-Harbi": a surname that starts with its particle and a hyphen
                p == k + 1
                and p < len(toks)
                and not blocked[p]
                and self._joined(text, toks, k, p)
                and HYPHEN_PARTICLE_RE.match(toks[p].text)
            ):
                ids = ids & self._last(toks[p].key)
                k, end = p, toks[p].end
                continue
            hyphen_particle = "-" in toks[k].key and toks[k].key.rsplit("-", 1)[1] in PARTICLES
            if (
                (p > k + 1 or hyphen_particle)
                and p < len(toks)
                and not blocked[p]
                and self._joined(text, toks, p - 1, p)
                and (toks[p].cap or toks[p].upper or toks[p].lower == toks[k].lower)
            ):
                ids = ids & self._last(toks[p].key)  # not this client's surname: someone else
                k = p
                end = toks[p].end
                continue
            break
        m = SUFFIX_RE.match(text, end)
        if m is not None:
            end = m.end()
            while k + 1 < len(toks) and toks[k + 1].start < end:
                k += 1
        return end, ids, k + 1

    def _joined(self, text: str, toks: list[Token], a: int, b: int) -> bool:
        """Next to each other in a name: a space, or nothing (a particle after a hyphen)."""
        gap = text[toks[a].raw_end : toks[b].start]
        return gap in (" ", "") and not toks[a].possessive

    def _particle_surname(self, text: str, toks: list[Token], blocked: list[bool], i: int) -> Hit | None:
        """ "de la Cruz-Peralta was discharged", "van der Berg called": a surname that starts with its
        particles, on its own."""
        t = toks[i]
        if not (t.lower and t.key in PARTICLES):
            return None
        k = i
        while (
            k + 1 < len(toks)
            and toks[k + 1].key in PARTICLES
            and toks[k + 1].lower
            and self._joined(text, toks, k, k + 1)
        ):
            k += 1
        s = k + 1
        if (
            s >= len(toks)
            or blocked[s]
            or not self._joined(text, toks, k, s)
            or not (toks[s].cap or toks[s].upper)
            or self._comma_after(text, toks, s)  # ("de la Cruz, Joaquin": Last, First takes it whole)
        ):
            return None
        if s + 1 < len(toks) and toks[s + 1].key in ORG_WORDS:
            return None  # "la Quinta Inn"
        parts = [toks[p].key for p in range(i, s)] + toks[s].key.split("-")
        ids: set[str] | None = None
        for part in parts:
            owners = self._last(part)
            ids = owners if ids is None else ids & owners
        if not ids and not any(p in SURNAMES or is_unknown_word(p) for p in toks[s].key.split("-")):
            return None
        return t.start, toks[s].end, set(ids or ()), s + 1

    @staticmethod
    def _comma_after(text: str, toks: list[Token], k: int) -> bool:
        return text[toks[k].raw_end : toks[k].raw_end + 1] == ","
