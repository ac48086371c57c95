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
    FUNCTION_WORDS,
    NEVER_NAME,
    PARTICLES,
    STAFF_ROLE_RE,
    Hit,
)
from redaction.normalize import Token
from redaction.person_context import ENGLISH_WORD_NAMES
from redaction.verbs import is_base_verb, is_finite_verb

# Adverbs and particles that follow a verb's object ("call her back", "pick him up"): not surnames.
_PARTICLES_OF_VERBS = frozenset(
    "back up out in off down over away again too here there now today tonight asap".split()
)


class UnrosteredNames:
    """Mixin of :class:`redaction.names.NameFinder` (uses its ``index`` and ``known``)."""

    __slots__ = ()

    def _unrostered_full(self, text: str, toks: list[Token], blocked: list[bool], i: int) -> Hit | None:
        """Given name + surname not on the roster, judged from name lists and capitalisation."""
        j = i + 1
        if not self._pair_can_be_a_name(text, toks, blocked, i):
            return None
        t, u = toks[i], toks[j]
        if t.lower and u.lower:
            ok = self._lower_pair_is_a_name(t, u)
        else:
            ok = self._name_like(t) and self._name_like(u) and self._capital_pair_is_a_name(text, t, u)
        if not ok:
            return None
        if t.key in COMMON_WORDS and (self._full(text, toks, blocked, j) or (0, 0, ()))[2]:
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
        nxt = k + 1
        if (
            not u.lower
            and nxt < len(toks)
            and not blocked[nxt]
            and self._adjacent(text, toks, k, nxt)
            and self._third_part(text, toks[nxt])
        ):
            k = nxt
        return t.start, toks[k].end, set(), k + 1

    def _pair_can_be_a_name(self, text: str, toks: list[Token], blocked: list[bool], i: int) -> bool:
        """What rules a pair of words out before its words are judged: places, languages, the English
        reading, a colleague named with the role, blocked words, particles."""
        t = toks[i]
        j = i + 1
        if self._place_context(text, toks, blocked, i):
            return False
        if t.possessive or j >= len(toks) or blocked[j] or not self._adjacent(text, toks, i, j):
            return False
        if t.lower and self._bare_possessive(t.key):
            return False  # "hodans mom": the client's possessive, the single-word path takes it
        if self._not_a_name_here(text, toks, i) or self._not_a_name_here(text, toks, j):
            return False  # "Karen interpreter", "omw now"
        if t.key in ENGLISH_WORD_NAMES and self._english_reading(text, toks, i):
            return False  # "foster care", "van keys", "grant application"
        u = toks[j]
        if t.key in self.known and STAFF_ROLE_RE.match(text, u.raw_end):
            return False  # "Marta Zielonka is the CM now": a colleague, named with the role
        if self._blocked_word(u):
            return False
        if self._blocked_word(t) and not (
            t.key in self.known
            and (u.cap or u.upper or (t.lower and u.lower))
            and u.key not in COMMON_WORDS
            and (u.key in SURNAMES or u.key in self.index.by_last)
        ):
            return False  # ("Maria Lopez" is a person even when a colleague is called Maria)
        return not (u.key in PARTICLES and u.lower)  # "maria de la rosa": the single-word path takes it

    def _lower_pair_is_a_name(self, t: Token, u: Token) -> bool:
        """Lower-case chat: a plain given name and a known surname ("thomas black", "ta jacobs"); a
        function word only if it is a roster surname ("dustin her")."""
        tk, uk = t.key, u.key
        idx = self.index
        t_first = tk in idx.by_first or tk in idx.by_nick or tk in FIRST_NAMES
        u_roster = uk in idx.by_last
        u_last = u_roster or uk in SURNAMES
        t_common, u_common = tk in COMMON_WORDS, uk in COMMON_WORDS
        if not u_last and "-" in uk:  # "ybarra-perez", "her-xiong"
            parts = [p for p in uk.split("-") if p]
            u_last = any(p in SURNAMES or p in idx.by_last for p in parts) and all(
                p in SURNAMES or p in idx.by_last or is_unknown_word(p) for p in parts
            )
        t_strong = t_first and not t_common and tk not in STOP_WORDS
        u_strong = u_last and not u_common and len(uk) > 2
        t_unknown = is_unknown_word(tk)
        if t_common and not u_roster and uk in FIRST_NAMES and tk not in idx.by_first:
            return False  # "saw pedro ...": a verb before a given name, not a given name and surname
        if u_common and not u_roster and (is_finite_verb(uk) or uk in _PARTICLES_OF_VERBS):
            return False  # "trish said", "call gurpreet back": the next word is the sentence going on
        if u_common and not u_roster and tk in idx.by_first and is_base_verb(uk):
            return False  # "abdirizak say tomorrow he come": a client, and the verb (as a learner writes it)
        plain_words = uk not in NEVER_NAME and uk not in WEEKDAYS_MONTHS and uk not in ORG_WORDS
        # a word no list knows, then a surname ("naohnestah jones"), or a given name, then a word no
        # list knows ("consuelo thfou")
        if (t_unknown and u_last and plain_words) or ((t_strong or t_unknown) and is_unknown_word(uk)):
            return True
        return (
            t_first
            and u_last
            and (t_strong or u_strong)
            and tk not in NEVER_NAME
            and uk not in WEEKDAYS_MONTHS
            and uk not in ORG_WORDS
            and (uk not in NEVER_NAME or (u_roster and t_strong))
            and (len(tk) > 2 or u_strong)
        )

    def _capital_pair_is_a_name(self, text: str, t: Token, u: Token) -> bool:
        """Capitalised words: what each is on the lists decides how much the pair needs."""
        tk, uk = t.key, u.key
        idx = self.index
        t_roster = tk in idx.by_first or tk in idx.by_nick
        t_first = t_roster or tk in FIRST_NAMES
        u_roster = uk in idx.by_last
        u_last = u_roster or uk in SURNAMES
        t_common, u_common = tk in COMMON_WORDS, uk in COMMON_WORDS
        t_surname_only = not t_first and tk in SURNAMES
        t_unknown = not t_common and not t_first and not t_surname_only and tk not in ACRONYMS
        u_unknown = not u_common and not u_last and uk not in ACRONYMS
        strong_last = u_last and not u_common
        if tk in STOP_WORDS:  # "Has Mateo", "Said Omar": only before an unmistakable surname
            return (t_first and strong_last and not self._sentence_initial(text, t)) or (
                t_roster and strong_last
            )
        if t_first and not t_common:
            # a capitalised word right after a plain given name is its surname ("James Broth"), unless
            # it is one of the commonest words ("Maria Will ...")
            return uk not in NEVER_NAME and (not u_common or u_last or uk not in STOP_WORDS)
        if t_first:  # "Grace", "Cat": also ordinary words
            return strong_last or u_roster or (u_unknown and not self._sentence_initial(text, t))
        if t_surname_only and not t_common:  # "Wells Fargo" opening a sentence is a company
            return u_unknown or (strong_last and not self._sentence_initial(text, t))
        if t_unknown:
            # mid-sentence capitals on an ordinary word after an unknown word: "Seestangnao Bum"
            return strong_last or u_unknown or (u.cap and uk not in STOP_WORDS and uk not in NEVER_NAME)
        # an ordinary word, capitalised mid-sentence, before a word no list knows: "w/ Gen Tyedhahia"
        return u_unknown and tk not in STOP_WORDS and not self._sentence_initial(text, t)

    def _third_part(self, text: str, v: Token) -> bool:
        """A third part of a capitalised name: a surname ("Maria Elena Lopez"), or a capitalised word
        that is not an ordinary one ("Tenzin Norgay Sherpa")."""
        if self._surname_like(v) and (v.key in SURNAMES or v.key in self.index.by_last):
            return True
        if v.cap and len(v.text) <= 3 and not self._sentence_initial(text, v) and v.key in FUNCTION_WORDS:
            return True  # "Nguyễn Văn An": a capitalised syllable mid-sentence is no article
        return (
            v.cap and v.key not in COMMON_WORDS and self._name_like(v) and not self._sentence_initial(text, v)
        )
