"""Given name + surname pairs that are on no roster, judged from the name lists and capitals."""

from __future__ import annotations

from redaction.lexicon import (
    ACRONYMS,
    COMMON_WORDS,
    FIRST_NAMES,
    ORG_WORDS,
    STOP_WORDS,
    SURNAMES,
    WEEKDAYS_MONTHS,
    is_unknown_word,
)
from redaction.name_words import (
    NEVER_NAME,
    PARTICLES,
    STAFF_ROLE_RE,
    Hit,
)
from redaction.normalize import Token
from redaction.person_context import ENGLISH_WORD_NAMES
from redaction.verbs import is_finite_verb

# Adverbs and particles that follow a verb's object ("call her back", "pick him up"): not surnames.
_PARTICLES_OF_VERBS = frozenset(
    "back up out in off down over away again too here there now today tonight asap".split()
)


class UnrosteredNames:
    """Mixin of :class:`redaction.names.NameFinder` (uses its ``index`` and ``known``)."""

    __slots__ = ()

    def _unrostered_full(self, text: str, toks: list[Token], blocked: list[bool], i: int) -> Hit | None:
        """Given name + surname not on the roster, judged from name lists and capitalisation."""
        t = toks[i]
        if self._place_context(text, toks, blocked, i):
            return None
        j = i + 1
        if t.possessive or j >= len(toks) or blocked[j] or not self._adjacent(text, toks, i, j):
            return None
        if self._not_a_name_here(text, toks, i) or self._not_a_name_here(text, toks, j):
            return None  # "Karen interpreter", "omw now"
        if t.key in ENGLISH_WORD_NAMES and self._english_reading(text, toks, i):
            return None  # "foster care", "van keys", "grant application"
        u = toks[j]
        if t.key in self.known and STAFF_ROLE_RE.match(text, u.raw_end):
            return None  # "Marta Zielonka is the CM now": a colleague, named with the role
        if self._blocked_word(u):
            return None
        if self._blocked_word(t) and not (
            t.key in self.known
            and (u.cap or u.upper or (t.lower and u.lower))
            and u.key not in COMMON_WORDS
            and (u.key in SURNAMES or u.key in self.index.by_last)
        ):
            return None  # ("Maria Lopez" is a person even when a colleague is called Maria)
        tk, uk = t.key, u.key
        idx = self.index
        if uk in PARTICLES and u.lower:
            return None  # "maria de la rosa": the single-word path takes the particles and the surname
        t_roster = tk in idx.by_first or tk in idx.by_nick
        t_first = t_roster or tk in FIRST_NAMES
        u_roster = uk in idx.by_last
        u_last = u_roster or uk in SURNAMES
        t_common = tk in COMMON_WORDS
        u_common = uk in COMMON_WORDS
        if t.lower and u.lower:
            # lower-case chat: a plain given name and a known surname ("thomas black", "ta jacobs");
            # a function word only if it is a roster surname ("dustin her")
            if not u_last and "-" in uk:  # "ybarra-perez", "her-xiong"
                parts = [p for p in uk.split("-") if p]
                u_last = any(p in SURNAMES or p in idx.by_last for p in parts) and all(
                    p in SURNAMES or p in idx.by_last or is_unknown_word(p) for p in parts
                )
            t_strong = t_first and not t_common and tk not in STOP_WORDS
            u_strong = u_last and not u_common and len(uk) > 2
            t_unknown = is_unknown_word(tk)
            if t_common and not u_roster and uk in FIRST_NAMES and tk not in idx.by_first:
                return None  # "saw pedro ...": a verb before a given name, not a given name and surname
            if u_common and not u_roster and (is_finite_verb(uk) or uk in _PARTICLES_OF_VERBS):
                return None  # "trish said", "call gurpreet back": the next word is the sentence going on
            ok = (
                # a word no list knows, then a surname ("naohnestah jones"), or a given name, then a word
                # no list knows ("consuelo thfou")
                (
                    t_unknown
                    and u_last
                    and uk not in NEVER_NAME
                    and uk not in WEEKDAYS_MONTHS
                    and uk not in ORG_WORDS
                )
                or (t_strong and is_unknown_word(uk))
                or (t_unknown and is_unknown_word(uk))
            ) or (
                t_first
                and u_last
                and (t_strong or u_strong)
                and tk not in NEVER_NAME
                and uk not in WEEKDAYS_MONTHS
                and uk not in ORG_WORDS
                and (uk not in NEVER_NAME or (u_roster and t_strong))
                and (len(tk) > 2 or u_strong)
            )
        else:
            if not (self._name_like(t) and self._name_like(u)):
                return None
            t_surname_only = not t_first and tk in SURNAMES
            t_unknown = not t_common and not t_first and not t_surname_only and tk not in ACRONYMS
            u_unknown = not u_common and not u_last and uk not in ACRONYMS
            strong_last = u_last and not u_common
            if tk in STOP_WORDS:  # "Has Mateo", "Said Omar": only before an unmistakable surname
                ok = (t_first and strong_last and not self._sentence_initial(text, t)) or (
                    t_roster and strong_last
                )
            elif t_first and not t_common:
                # a capitalised word right after a plain given name is its surname ("James Broth"),
                # unless it is one of the commonest words ("Maria Will ...")
                ok = uk not in NEVER_NAME and (not u_common or u_last or uk not in STOP_WORDS)
            elif t_first:  # "Grace", "Cat": also ordinary words
                ok = strong_last or u_roster or (u_unknown and not self._sentence_initial(text, t))
            elif t_surname_only and not t_common:  # "Wells Fargo" opening a sentence is a company
                ok = u_unknown or (strong_last and not self._sentence_initial(text, t))
            elif t_unknown:
                # mid-sentence capitals on an ordinary word after an unknown word: "Seestangnao Bum"
                ok = strong_last or u_unknown or (u.cap and uk not in STOP_WORDS and uk not in NEVER_NAME)
            else:
                # an ordinary word, capitalised mid-sentence, before a word no list knows: "w/ Gen Tyedhahia"
                ok = u_unknown and tk not in STOP_WORDS and not self._sentence_initial(text, t)
        if not ok:
            return None
        if tk in COMMON_WORDS and (self._full(text, toks, blocked, j) or (0, 0, ()))[2]:
            return None  # "saw joaquin de la cruz": the client's full name starts at the second word
        k = j
        # a following capitalised org word means this is a place ("Mary Johnson Center")
        if (
            k + 1 < len(toks)
            and self._adjacent(text, toks, k, k + 1)
            and toks[k + 1].key in ORG_WORDS
            and (toks[k + 1].cap or toks[k + 1].upper)
        ):
            return None
        # a third part: "Maria Elena Lopez"
        if k + 1 < len(toks) and not blocked[k + 1] and self._adjacent(text, toks, k, k + 1):
            v = toks[k + 1]
            if (not u.lower) and self._surname_like(v) and (v.key in SURNAMES or v.key in idx.by_last):
                k += 1
            elif (
                v.cap
                and not u.lower
                and v.key not in COMMON_WORDS
                and self._name_like(v)
                and not self._sentence_initial(text, v)
            ):
                k += 1  # "Tenzin Norgay Sherpa": a third capitalised word, not an ordinary one
        return t.start, toks[k].end, set(), k + 1
