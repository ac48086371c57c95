"""What the words around a token say: adjacency, sentence starts, a name said to someone, person cues."""

from __future__ import annotations

import re

from redaction.lexicon import (
    ACRONYMS,
    COMMON_WORDS,
    FIRST_NAMES,
    KIN_WORDS,
    ORG_WORDS,
    STOP_WORDS,
    SURNAMES,
    TITLES,
    WEEKDAYS_MONTHS,
)
from redaction.name_words import (
    ADDRESSED,
    ADJ_RE,
    ASKING,
    AUXILIARIES,
    CLIENT_AFTER,
    CLIENT_BEFORE,
    CUE_AFTER,
    CUE_BEFORE,
    DIGIT_RE,
    GREETINGS,
    LOCATIVE,
    NEVER_NAME,
    PLACE_PREFIXES,
    PLACE_WORDS_BEFORE,
    STRONG_CUES,
)
from redaction.normalize import Token
from redaction.verbs import is_finite_verb

_WITH_FAMILY_AFTER_RE = re.compile(
    r"(?i)[ \t]+(?:and|&|\+|w/|with)[ \t]*(?:his|her|their)[ \t]+(?:kids|children|child|son|sons|daughter"
    r"|daughters|baby|babies|husband|wife|partner|boyfriend|girlfriend|mom|mother|dad|father|family)\b"
)
_ABBREVIATED_TITLE_RE = re.compile(
    r"(?<![\w.])(?:Mr|Mrs|Ms|Mx|Dr|Sgt|Lt|Capt|Det|Rev|Fr|Prof|Atty|Cpl|Pvt|Sr|Sra|Srta)$"
)

class TokenContext:
    """Mixin of :class:`redaction.names.NameFinder` (uses its ``index`` and ``known``)."""

    __slots__ = ()

    @staticmethod
    def _gap(text: str, a: Token, b: Token) -> str:
        return text[a.raw_end : b.start]

    def _adjacent(self, text: str, toks: list[Token], i: int, j: int) -> bool:
        if j >= len(toks) or toks[i].possessive:
            return False
        return bool(ADJ_RE.fullmatch(self._gap(text, toks[i], toks[j])))

    @staticmethod
    def _is_initial(text: str, tok: Token) -> bool:
        """A single capital letter used as an initial: "V." or "V" at a word boundary."""
        if len(tok.text) != 1 or not tok.text.isalpha():
            return False
        nxt = text[tok.raw_end : tok.raw_end + 1]
        if nxt == ".":
            return True
        if not tok.text.isupper():
            return False
        return tok.text not in ("I", "A")

    @staticmethod
    def _sentence_initial(text: str, tok: Token) -> bool:
        k = tok.start - 1
        while k >= 0 and text[k] in " \t\"'“‘(*_":
            k -= 1
        if k > 0 and text[k] == "." and _ABBREVIATED_TITLE_RE.search(text, max(0, k - 6), k):
            return False  # "Sgt. Alvarez", "Dr. Okafor": the full stop ends the title, not a sentence
        return k < 0 or text[k] in ".!?:;\n•>-–—"

    def _vocative(self, text: str, toks: list[Token], i: int, *, greeted_only: bool = False) -> bool:
        """A name addressed to someone in the chat ("Thanks Maria!", "@Dave", "Tom from outreach").
        ``greeted_only``: only the unmistakable forms (a greeting or thanks, "@", "from"), not a name
        opening a sentence with a comma ("Jo, did ...")."""
        tok = toks[i]
        if tok.start > 0 and text[tok.start - 1] == "@":
            return True
        nxt = text[tok.raw_end : tok.raw_end + 2]
        after_ok = not nxt or nxt[0] in "!,.:;?)" or nxt.startswith("\n")
        g = i - 1
        if g > 0 and toks[g].key == "you" and toks[g - 1].key == "thank":
            g -= 1
        if g >= 0 and toks[g].key in GREETINGS and after_ok:
            gap = self._gap(text, toks[i - 1], tok)
            if gap.strip(" ,\t") == "":
                return True
        if i + 1 < len(toks) and toks[i + 1].key == "from" and self._adjacent(text, toks, i, i + 1):
            return True
        if greeted_only:
            return False
        if self._sentence_initial(text, tok):
            # "Jo, did ...", "Renee can you ...": the message is addressed to a colleague
            if nxt[:1] == ",":
                return i + 1 >= len(toks) or toks[i + 1].key in ADDRESSED
            if i + 2 < len(toks) and toks[i + 1].key in ASKING and toks[i + 2].key in ("you", "u", "y'all"):
                return True
        return False

    def _name_like(self, tok: Token) -> bool:
        """Capitalised (or ALL-CAPS, not an acronym) and not a calendar/org word."""
        k = tok.key
        if k in WEEKDAYS_MONTHS or k in ORG_WORDS:
            return False
        if tok.upper:  # an unknown ALL-CAPS word is an acronym (NOFO, RRH), not a name
            return k not in ACRONYMS and (
                k in FIRST_NAMES or k in SURNAMES or k in self.index.by_first or k in self.index.by_last
            )
        if not tok.cap:
            return False
        # "CoC", "VoA": mixed-case short words are acronyms; "McKay" is long enough
        if len(k) <= 4 and any(c.isupper() for c in tok.text[1:]):
            return False
        return not _identifier(tok.text)

    def _blocked_word(self, tok: Token) -> bool:
        k = tok.key
        return k in self.known or k in TITLES or k in WEEKDAYS_MONTHS or (k in ACRONYMS and not tok.cap)

    def _surname_like(self, tok: Token) -> bool:
        if not self._name_like(tok) or self._blocked_word(tok):
            return False
        k = tok.key
        return (k in SURNAMES or k in self.index.by_last or k not in COMMON_WORDS) and k not in ACRONYMS

    @staticmethod
    def _place_context(text: str, toks: list[Token], blocked: list[bool], i: int) -> bool:
        """Right after "St." or "Lake", a capitalised word names a place or saint, not a client
        (not after "Main St, ...": a comma ends the place name; nor after the "St" of an address)."""
        return (
            i > 0
            and not blocked[i - 1]
            and toks[i - 1].key in PLACE_PREFIXES
            and text[toks[i - 1].raw_end : toks[i].start] in (" ", ". ", ".")
        )

    @staticmethod
    def _listed_name_word(key: str) -> bool:
        """On a name list and not an ordinary word: safe to join to a name right next to it."""
        return (
            (key in FIRST_NAMES or key in SURNAMES)
            and key not in COMMON_WORDS
            and key not in STOP_WORDS
            and key not in NEVER_NAME
            and key not in WEEKDAYS_MONTHS
            and key not in ACRONYMS
        )

    def _client_cued(self, text: str, toks: list[Token], blocked: list[bool], i: int) -> bool:
        """Plain evidence that a word is a client being talked about, strong enough to override a
        colleague's name: a possessive, a client verb before it ("met with", "housed"), a client
        verb after it ("needs", "moved"), a DOB/SSN/age right after it, or other PII in the next words."""
        t = toks[i]
        if t.possessive:
            return self._person_cue(text, toks, i) == 2  # "Maria's ROI", not "priya's out today"
        if i > 0 and toks[i - 1].key in CLIENT_BEFORE and toks[i - 1].raw_end >= t.start - 2:
            return True
        j = i + 1
        if j < len(toks) and toks[j].key in AUXILIARIES and self._adjacent(text, toks, i, j):
            j += 1  # "is staying", "has moved", "was evicted"
        if j < len(toks) and toks[j].key in CLIENT_AFTER and toks[j - 1].raw_end >= toks[j].start - 1:
            return True
        after = text[t.raw_end : t.raw_end + 8].lstrip(" ,(")
        if after[:3].lower() in ("dob", "ssn", "age", "bor", "b. "):
            return True
        if DIGIT_RE.search(text, t.raw_end, t.raw_end + 12):  # "Maria (3/4/80)", "call Marcus at 206-..."
            return True
        return any(blocked[j] for j in range(i + 1, min(i + 5, len(toks))))

    def _unknown_cued(self, text: str, toks: list[Token], i: int) -> bool:
        """Is a word no list knows a person here? Capitalised mid-sentence it is; otherwise it needs a
        cue ("met with X", "his mom X", "X's", "X is", "X dob"). Never after "in", "to", "from" (places)."""
        t = toks[i]
        prev = toks[i - 1] if i > 0 and toks[i - 1].raw_end >= t.start - 2 else None
        if prev is not None and (prev.key in LOCATIVE or prev.key in PLACE_WORDS_BEFORE):
            return False
        if t.cap and not self._sentence_initial(text, t):
            return True
        if prev is not None and (prev.key in KIN_WORDS or prev.key in TITLES):
            return True
        if _WITH_FAMILY_AFTER_RE.match(text, t.raw_end):
            return True  # "Chidinma and her kids are at the shelter"
        if (
            prev is not None
            and prev.key in SURNAMES
            and not is_finite_verb(prev.key)
            and i >= 2
            and toks[i - 2].key in CUE_BEFORE
            and toks[i - 2].text != "Client"  # (our own "Client 1455" is no cue)
        ):
            return True  # family name first: "met with park ji-hoon"
        return self._cued(text, toks, i) or self._subject_of_verb(toks, i) or self._subject_of_modal(toks, i)

    def _cued(self, text: str, toks: list[Token], i: int, *, strong: bool = False) -> bool:
        """Is the word at ``i`` talked about as a person? (possessive, "met with X", "X is", "X (DOB ...")"""
        t = toks[i]
        if t.possessive and not strong:
            return True
        if (
            i > 0
            and toks[i - 1].key in CUE_BEFORE
            and toks[i - 1].raw_end >= t.start - 2
            and (not strong or toks[i - 1].key in STRONG_CUES)
        ):
            return True
        if strong:
            return False
        if i + 1 < len(toks) and toks[i + 1].key in CUE_AFTER and self._adjacent(text, toks, i, i + 1):
            return True
        after = text[t.raw_end : t.raw_end + 8].lstrip(" ,(")
        return bool(after[:1].isdigit() or after[:3].lower() in ("dob", "ssn", "age", "bor", "b. "))


_CAMEL_PART_RE = re.compile(r"[A-Z][a-z]*|[a-z]+")


def _identifier(word: str) -> bool:
    """A column or field name written as one word, "LastName", "PersonalID", "ProjectName": ordinary
    words joined with capitals (not "McKay", "DeShawn", "LaToya": a name's part is no ordinary word)."""
    if not any(c.isupper() for c in word[1:]):
        return False
    parts = _CAMEL_PART_RE.findall(word)
    return len(parts) >= 2 and all(p.lower() in COMMON_WORDS or p.lower() in ACRONYMS for p in parts)
