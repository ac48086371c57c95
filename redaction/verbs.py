"""Enough English verb morphology to tell "Will moved" (a person) from "will move" (a modal).

A word right before a finite verb (past tense, or present with -s) is that
verb's subject, and a subject that is a roster name is a person: "bill came
by", "hope got her ID", "Will already has a bed". The same word before a bare
verb is the modal or the ordinary word: "Will follow up", "hope to hear".
"""

from __future__ import annotations

from functools import lru_cache

# Verbs case-conference chat uses of people, in the base form.
_BASE = frozenset(
    """accept agree apply arrive ask be become bring call cancel check choose come complete confirm cover
    cry decide decline die disappear disclose do drink drive drop eat enroll enter exit explain fall feel
    fight fill find finish follow forget get give go graduate handle have hear help hide hold hurt jump
    keep know land lead learn leave let lie like live look lose love make mean meet miss move need offer
    open overdose owe pass pay pick plan prefer qualify quit reach read receive refuse relapse remember
    rent report request return ride run say see seem sell send show sign sit sleep smoke speak spend stay
    steal stop struggle take talk tell test text think throw try turn use visit wait wake walk want work
    write sound reply respond answer age transfer admit discharge house evict ban trespass bail
    state""".split()
)
_IRREGULAR_PAST = frozenset(
    """was were had did said got came went took left gave made told saw ran fell felt found kept lost met
    paid sent sat slept spoke stood stole threw woke wrote bought brought caught fought thought drove rode
    broke chose froze forgot began drank ate grew knew flew hid held quit read set shut spent lent built
    bent became heard meant sold understood won wore dealt led lay""".split()
)
_AUX_FINITE = frozenset("is was has had does did 's isn't wasn't hasn't doesn't didn't can't won't".split())
# Words that may stand between a subject and its verb.
ADVERBS = frozenset(
    """already just finally still also never really actually now apparently reportedly probably definitely
    supposedly literally usually always sometimes only even recently suddenly def prob""".split()
)
# Words after which "will", "hope", "may" are the ordinary words: "I will", "we hope".
PRONOUNS = frozenset("i we you they he she it who that which u ya yall y'all i'll we'll".split())


@lru_cache(maxsize=8192)
def is_finite_verb(word: str) -> bool:
    """A past-tense or third-person present verb ("moved", "got", "needs", "has")."""
    if word in _AUX_FINITE or word in _IRREGULAR_PAST:
        return True
    if len(word) > 3 and word.endswith("ied"):
        return word[:-3] + "y" in _BASE
    if len(word) > 3 and word.endswith("ed"):
        stem = word[:-2]
        doubled = len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in _BASE  # "dropped"
        return stem in _BASE or stem + "e" in _BASE or doubled
    if word.endswith("ies"):
        return word[:-3] + "y" in _BASE
    if word.endswith("es") and word[:-2] in _BASE:
        return True
    return word.endswith("s") and word[:-1] in _BASE


def is_base_verb(word: str) -> bool:
    """The bare form a modal takes ("follow", "be", "call")."""
    return word in _BASE or word in ("be", "have", "not", "need")
