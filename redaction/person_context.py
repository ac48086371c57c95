"""Is this word a person here? Evidence for a roster name that is also an English word.

"Bill", "Will", "Hope", "June", "Summer", "Rose", "Grant" are clients' names and
ordinary words. Chat says which by how the word is used, so the evidence is
grammatical, not a list of sentences:

- a person: the subject of a finite verb ("bill came by", "Will already has a
  bed"), a possessive before a noun ("summer's bday"), an item of a list
  ("- Rose to IHS", "1. Bill"), after "for", "with", "re:", "that's", next to
  a DOB or phone;
- the word: a modal or verb ("Will follow up", "I hope", "hope to"), a month
  with its day or in a date phrase ("June 5", "in June", "June numbers"), a
  noun with its determiner or its usual partner ("a guy", "grant application",
  "foster care", "to be frank").

In chat a leaked name cannot be taken back while an over-redacted word can be
restored by the poster, so when the evidence for a person is plain the word is
hidden.
"""

from __future__ import annotations

import re

from redaction.drug_names import looks_like_a_drug
from redaction.lexicon import CHAT_SHORTHAND, FIRST_NAMES, LANGUAGES, SURNAMES
from redaction.normalize import Token
from redaction.verbs import ADVERBS, PRONOUNS, is_base_verb, is_finite_verb

# Determiners: "the bill", "a guy", "this summer", "her hope".
_DETERMINERS = frozenset(
    """the a an this that these those our my your their its his any each every no some last next early
    late""".split()
)
# Words that make the following word the English one ("in June", "by june", "since summer").
_BEFORE_ENGLISH = frozenset("in on by since until till of during through thru over per".split())
# word -> words after it that show the ordinary meaning ("June numbers", "grant application").
_ENGLISH_PARTNERS = {
    "june": "numbers report meeting deadline count data pit cohort cycle rent".split(),
    "may": "be have need not also still want".split(),
    "grant": "application applications funds funding money writing writer deadline report period cycle "
    "agreement manager award program dollars budget".split(),
    "summer": "program programs camp job jobs heat months break school session hours".split(),
    "hope": "you u to that so this everyone all we he she they it for ur your".split(),
    "faith": "based community leaders organizations groups partners".split(),
    "bill": "pay paid payment payments due".split(),
    "foster": "care home homes parent parents family families youth kids child children system".split(),
    "guy": "s".split(),
    "pat": "down on".split(),
    "sunny": "day days weather out today".split(),
    "frank": "conversation discussion talk".split(),
    "joy": "ride".split(),
    "black": "friday".split(),
    "brown": "bag".split(),
    "do": "it that this so the a you we they not".split(),
    "van": "keys key driver ride rides seats seat is was".split(),
    "price": "went goes list lists tag tags range increase increased of for is".split(),
    "park": "ave avenue place st street bench".split(),
    "will": "be have need not".split(),
}
# word -> words before it that show the ordinary meaning ("voice memo", "the grant").
_ENGLISH_AFTER = {"memo": ("voice", "office", "staff", "internal", "team")}
# Nouns a client's possessive is followed by ("summer's bday", "hodan's unit").
_PERSON_NOUNS = frozenset(
    """bday birthday b-day dob intake unit roi lease case file mom dad mother father sister brother kids kid
    son daughter caseworker cm worker appointment appt housing voucher application app paperwork id ssn
    phone number
    cell email address landlord employer dog partner boyfriend girlfriend wife husband stuff bag
    belongings meds
    tent car benefits check income rent deposit bed spot room name record chart doctor probation court hearing
    situation story family mail ride referral assessment score paperwork needs keys""".split()
)
# A list line's opening: a bullet, a tick box or a number, then maybe a bed or room ("☐ 12 Junior", "bed 22 →
# CJ", "rm 118 - Lupita")
_LIST_ITEM_RE = re.compile(
    r"[ \t]*(?:(?:[-*•✔✘✓✗☐☑☒>]+|\d{1,2}[.)]|\[[ x]\])[ \t]*(?:\d{1,3}[ \t]+)?"
    r"|(?i:bed|beds|rm|room|bunk|cot|unit)[ \t]*\#?\d{1,4}[A-Za-z]?[ \t]*(?:→|->|-|–|—|:|=)[ \t]*)"
)
ITEM_END_RE = re.compile(r"[ \t]*(?:$|\n|[—–:(]|-[ \t]|,|\bto\b|\bat\b|\bin\b|\bneeds\b|\bis\b|\bwas\b)")
_COPULA_BEFORE = frozenset("that's thats it's its this is".split())
_PERSON_BEFORE = frozenset(
    """for 4 with w met saw called call texted text tell told ask asked re cc about help helped drove
    drive pick picked visit visited housed house cover covering check checking reach reached find found
    see""".split()
)
_STRONG_BEFORE = frozenset(
    """met meet saw called call calling texted text texting told tell asked ask re housed visited reached
    helped remind reminded email emailed emailing""".split()
)


_LANGUAGE_AFTER = frozenset(
    """interpreter interpreters interpretation translator translators translation speaker speakers speaking
    class classes forms form version versions language service services line materials""".split()
)
_LANGUAGE_BEFORE = frozenset("speaks speak speaking spoke fluent reads writes in only".split())
# Units after a number: "10 min", "2 hrs" (Min, Hr are given names too).
_UNITS_AFTER_NUMBER = frozenset(
    "min mins hr hrs sec secs mo mos yr yrs wk wks lb lbs ft pt pts am pm".split()
)


# Words whose English reading _english_reading knows how to spot.
ENGLISH_WORD_NAMES = frozenset({*_ENGLISH_PARTNERS, "june", "may", "april", "august", "summer", "frank"})


_PEOPLE_VERBS = frozenset(
    """said says told tells asked asks called calls texted texts signed signs wants wanted needs needed came
    went left moved stopped declined accepted agreed refused missed showed dropped picked""".split()
)
_AND = frozenset("and n or".split())
# An auxiliary that opens a question about someone: "did miles ever call back?"
_QUESTION_AUX = frozenset("did does do has have can could will would should".split())
# Pronouns that also join clauses: a capital after them, mid-sentence, is a name ("said that Hope must").
_RELATIVES = frozenset("that who which".split())


# A closing line then the name, or a dash signature: "Best regards,\nKenji", "— Joy".
_SIGNED_RE = re.compile(
    r"(?i)(?:^|\n)[ \t]*(?:thanks|thank\s+you|many\s+thanks|regards|best|best\s+regards|kind\s+regards"
    r"|warm\s+regards|cheers|sincerely|yours(?:\s+truly)?|love|warmly|respectfully|take\s+care|best\s+wishes"
    r"|signed)[ \t]*[,!.]?[ \t]*"
    r"\n[ \t]*$|(?:^|\n|\s)[—–][ \t]*$|^[ \t]*signed,?[ \t]+$"
)
# A form field whose value is a person: "Name: ...", "Patient: ...", "Attn: ...".
_LABEL_RE = re.compile(
    r"(?i)\b(?:name|full\s+name|patient|pt|client|tenant|resident|from|to|attn|attention|contact|customer|student|"
    r"parent|guardian|signed|signature|manager|agent|rep|representative|recipient|sender|applicant|employee|"
    r"emergency\s+contact|caregiver|physician|provider|teacher|nurse|landlord|owner|buyer|seller|deceased|"
    r"ship\s+to|bill\s+to|deliver\s+to|c/o|cc)[ \t]*:[ \t]*$"
)
_TALK_VERBS = frozenset(
    "spoke speak speaking talked talk talking met meet meeting chatted chat checked".split()
)
_MODALS = frozenset("will would can could should must might may won't can't cannot couldn't wouldn't".split())
# A person's state right after the word: "Tom in detox", "Murphy no show again", "TO new # ...".
_STATE_AFTER_RE = re.compile(
    r"(?i)[ \t]+(?:in\s+(?:detox|jail|custody|rehab|treatment|the\s+hospital|hospital|the\s+er|icu|crisis"
    r"|shelter)\b"
    r"|no[\s-]?show|ns\b|new\s+(?:#|number|phone|cell|address|email)|email\b|e-mail\b|ph\b|cell\b|last\s?4"
    r"|dob\b|d\.o\.b|ssn\b|aging\s+out|doc(?:s|uments)?\s+ready|moved\s+in|housed\b)"
)


# What a person is called, said right before the name: "goes by Tink", "asked us to call him Tony",
# "known as", "aka" — or a role or kinship title before a capitalised name: "Officer Delgado", "Judge
# Whitfield", "Aunt Fatou", "Pastor Oyelowo".
_NAMING_BEFORE_RE = re.compile(
    r"(?i)(?:\b(?:goes|go|went|going)\s+by|\bcall(?:s|ed|ing)?\s+(?:him|her|them|me|herself|himself|themselves)"
    r"|\b(?:nick)?named|\bknown\s+as|\ba\.?k\.?a\.?|\bprefers|\bpreferred\s+name(?:\s+is)?|\banswers\s+to"
    r"|\bby\s+the\s+name(?:\s+of)?)[ \t]*[\"“']?$"
)
_TITLE_BEFORE_RE = re.compile(
    r"(?:\b(?:Officer|Judge|Detective|Det\.|Sergeant|Sgt\.?|Deputy|Sheriff|Captain|Capt\.?|Lieutenant|Lt\.?"
    r"|Pastor|Reverend|Rev\.?|Father|Fr\.|Rabbi|Imam|Sheikh|Nurse|Coach|Professor|Prof\.?|Principal|Attorney"
    r"|Atty\.?|Counselor|Aunt|Auntie|Uncle|Grandma|Grandpa|Granny|Nana|Cousin|Sister|Brother|Deacon|Elder"
    r"|Bishop|Trooper|Agent|Councilmember|Councilwoman|Councilman|Senator|Mayor|Chief)"
    r"|\b(?:officer|judge|detective|sergeant|deputy|pastor|nurse|coach|attorney|aunt|auntie|uncle|grandma"
    r"|grandpa|cousin))[ \t]+$"
)


# (cheap pre-checks: the word right before the name, as the two patterns above end)
_NAMING_LAST_WORDS = frozenset(
    "by him her them me herself himself themselves named nicknamed as aka a.k.a prefers is to of".split()
)
_TITLE_WORDS = frozenset(
    """officer judge detective det sergeant sgt deputy sheriff captain capt lieutenant lt pastor reverend rev
    father fr rabbi imam sheikh nurse coach professor prof principal attorney atty counselor aunt auntie uncle
    grandma grandpa granny nana cousin sister brother deacon elder bishop trooper agent councilmember
    councilwoman councilman senator mayor chief""".split()
)


def _glued_to_digit(text: str, tok: Token) -> bool:
    """ "4B", "AO0": blocked as a code, not as PII."""
    return (tok.raw_end < len(text) and text[tok.raw_end].isdigit()) or (
        tok.start > 0 and text[tok.start - 1].isdigit()
    )


def _client_ref(text: str, tok: Token) -> bool:
    """Our own "Client 1455" or "[redacted]": PII already replaced, not evidence about this word (so
    redacting a second time finds nothing new)."""
    if tok.text == "redacted":
        return text[tok.start - 1 : tok.start] == "[" and text[tok.end : tok.end + 1] == "]"
    return tok.text == "Client" and text[tok.raw_end : tok.raw_end + 2][-1:].isdigit()


_GREETING_WORDS = frozenset("hi hello hey dear hiya morning evening greetings".split())
_NOT_ADDRESSEES = frozenset(
    """grandad granddad grandpa grandma granny nana gran mum mom dad mama papa auntie aunty uncle sir madam
    all everyone team friends folks colleagues members neighbours neighbors parents""".split()
)
_PAIR_GREETED_RE = re.compile(r"[ \t]+(?:and|&)[ \t]+[A-ZÀ-Þ][^\W\d_]+[ \t]*[,!:\n]")


class PersonContext:
    """Mixin of :class:`redaction.names.NameFinder`: how a word is used around it."""

    __slots__ = ()

    def _not_a_name_here(self, text: str, toks: list[Token], i: int) -> bool:
        """Words that look like names but are not, by their use: a language ("a Karen interpreter",
        "speaks Amharic"), chat shorthand ("omw"), a unit after a number ("10 min")."""
        t = toks[i]
        key = t.key
        if key in CHAT_SHORTHAND and not t.cap:
            return True
        if (
            len(key) >= 7
            and looks_like_a_drug(key)
            and key not in FIRST_NAMES
            and key not in SURNAMES
            and key not in self.index.by_first
            and key not in self.index.by_last
            and key not in self.index.by_nick
        ):
            return True  # "Amoxicillin 5 days", "meds: atorvastatin": a medicine (drug_names.py)
        if text[max(0, t.start - 2) : t.start] in ("u/", "r/"):
            return True  # a forum handle or board ("u/quietfern"): no name in it
        prev = toks[i - 1] if i > 0 and toks[i - 1].raw_end >= t.start - 2 else None
        if key in LANGUAGES:
            nxt = toks[i + 1].key if i + 1 < len(toks) and not t.possessive else ""
            if nxt in _LANGUAGE_AFTER or (prev is not None and prev.key in _LANGUAGE_BEFORE):
                return True
        return (
            key in _UNITS_AFTER_NUMBER
            and re.search(r"\d[ \t]?$", text[max(0, t.start - 3) : t.start]) is not None
        )

    def _english_reading(self, text: str, toks: list[Token], i: int) -> bool:
        """The word is plainly the English word here (modal, verb, month, noun with its partner)."""
        t = toks[i]
        key = t.key
        prev_tok = toks[i - 1] if i > 0 and toks[i - 1].raw_end >= t.start - 2 else None
        prev = prev_tok.key if prev_tok is not None and not prev_tok.possessive else None
        nxt = toks[i + 1] if i + 1 < len(toks) and not t.possessive else None
        nxt_key = nxt.key if nxt is not None and nxt.start - t.raw_end <= 2 else None
        if prev in _DETERMINERS and not t.cap:
            return True
        if prev is not None and prev in _ENGLISH_AFTER.get(key, ()):
            return True  # "voice memo Sione ...": the recording, not Memo
        if (
            prev is not None
            and prev in _BEFORE_ENGLISH
            and key in ("june", "may", "summer", "april", "august")
        ):
            return True
        if nxt_key is not None and nxt_key in _ENGLISH_PARTNERS.get(key, ()):
            if nxt_key == "to" and self._list_item(text, t):
                return False  # "- Hope to court" is a person
            # "talked to hope this morning" is a person, "hope this helps" the verb
            return not (prev in ("to", "with") and i > 1 and toks[i - 2].key in _TALK_VERBS)
        if key in ("june", "may", "april", "august") and re.match(
            r"[ \t]*\d", text[t.raw_end : t.raw_end + 3]
        ):
            return True  # "June 5", "may 12th"
        if (
            key in ("will", "may", "hope", "do", "pat", "bill", "grant", "rose")
            and prev in PRONOUNS
            and not (t.cap and prev in _RELATIVES and not self._sentence_initial(text, t))
        ):
            return True  # "I will", "we hope", "she may" (but "reports that Hope and the kids ...")
        if key == "hope" and prev_tok is not None and prev_tok.key in ("let", "lets"):
            return True  # "let's hope"
        if key in ("will", "may", "do") and nxt_key is not None:
            k = i + 1
            while k < len(toks) and toks[k].key in ADVERBS:
                k += 1
            if k < len(toks) and is_base_verb(toks[k].key) and not is_finite_verb(toks[k].key):
                return True  # "Will follow up", "will prob call"
        return key == "frank" and prev == "be"  # "to be frank"

    def _person_cue(self, text: str, toks: list[Token], i: int, blocked: list[bool] | None = None) -> int:
        """2: plainly a person ("bill came by", "summer's bday", "- Rose to IHS", "Stone: <address>");
        1: a weaker sign ("for Rose", "with hope"); 0: nothing says so."""
        t = toks[i]
        if t.possessive:  # "summer's bday", "Tony's VA caseworker"
            near = toks[i + 1 : i + 4]
            return 2 if any(w.key in _PERSON_NOUNS for w in near) else 1
        if (
            self._subject_of_verb(toks, i)
            or self._subject_of_modal(toks, i)
            or self._asked_about(text, toks, i)
        ):
            return 2
        if _STATE_AFTER_RE.match(text, t.raw_end):
            return 2  # "Tom in detox", "Murphy no show again", "Dick new # ..."
        before_key = toks[i - 1].key if i > 0 else ""
        if (
            before_key in _NAMING_LAST_WORDS and _NAMING_BEFORE_RE.search(text, max(0, t.start - 40), t.start)
        ) or (
            t.cap
            and before_key in _TITLE_WORDS
            and _TITLE_BEFORE_RE.search(text, max(0, t.start - 16), t.start)
        ):
            return 2  # "goes by Tink", "call him Tony", "Officer Delgado", "Aunt Fatou"
        line_start = text.rfind("\n", 0, t.start) + 1
        before = text[max(0, line_start - 40) : t.start]
        if _SIGNED_RE.search(before) or _LABEL_RE.search(text, max(0, t.start - 30), t.start):
            return 2  # a signature after a closing ("Thanks,\nMark", "— Joy"), a form field ("Contact: Hope")
        if self._coordinated_with_a_name(text, toks, i):
            return 2  # "rose n faith both at the shelter", "wu and ly"
        if blocked is not None and self._pii_follows(text, toks, blocked, i):
            return 2  # "Stone: 361 Greenfield Pkwy", "Price / 2/7/1978 / ..."
        if self._list_item(text, t):
            return 2
        prev = toks[i - 1] if i > 0 and toks[i - 1].raw_end >= t.start - 3 else None
        two = f"{toks[i - 2].key} {prev.key}" if prev is not None and i > 1 else ""
        if prev is not None:
            if prev.key in _STRONG_BEFORE or (
                two.split(" ")[0] in _TALK_VERBS and prev.key in ("with", "to")
            ):
                return 2  # "met with Will", "spoke to Grace"
            copula = prev.key in _COPULA_BEFORE or (prev.possessive and prev.key in ("that", "it", "who"))
            ends = re.match(r"[ \t]*(?:$|[,.!?;)\n])", text[t.raw_end : t.raw_end + 2]) is not None
            if ends and (copula or two in ("this is", "that is", "it is", "that was", "it was", "this was")):
                return 2  # "^ that's Bill, not the other guy"
            if prev.key in _PERSON_BEFORE:
                return 1
        after = text[t.raw_end : t.raw_end + 14].lstrip(" ,(:/-–—")
        if after[:1].isdigit() or after[:3].lower() in ("dob", "ssn", "age"):
            return 2
        return 0

    def _greeted_or_signed(self, text: str, toks: list[Token], i: int) -> bool:
        """A letter's own structure names its people: the one greeted ("Dear Femi,", "Hi Aroha and Tane,")
        and the one who signs ("Thanks,\nPieter", a name alone on the message's last line). Asked only of
        capitalised words no list knows as ordinary words; in a case conference a greeted name is a
        colleague's, so the caller asks about greetings only in ordinary text."""
        t = toks[i]
        if t.key in _GREETING_WORDS or t.key in _NOT_ADDRESSEES:
            return False  # "Greetings from Marrakech", "Dear Grandad,"
        line_start = text.rfind("\n", 0, t.start) + 1
        signed = _SIGNED_RE.search(text[max(0, line_start - 40) : t.start])
        if signed and "—" not in signed.group() and "–" not in signed.group():
            return True  # (not after a dash: "Registration — Jakarta", "Lorenzo Di Stefano — Sommelier")
        alone = not text[line_start : t.start].strip() and not text[t.raw_end :].strip(" \t\n.!")
        if line_start > 0 and alone:
            return True  # "...\n\nPieter": a name alone on the last line signs the message
        if self.known or self.index.n_clients:
            return False
        if self._vocative(text, toks, i, greeted_only=True):
            return True
        # "Hi Aroha and Tane,": two greeted names
        if i >= 1 and toks[i - 1].key in _GREETING_WORDS:
            return _PAIR_GREETED_RE.match(text, t.raw_end) is not None
        return (
            i >= 3
            and toks[i - 1].key == "and"
            and toks[i - 3].key in _GREETING_WORDS
            and toks[i - 2].cap
            and re.match(r"[ \t]*[,!:\n]", text[t.raw_end : t.raw_end + 2]) is not None
        )

    @staticmethod
    def _pii_follows(text: str, toks: list[Token], blocked: list[bool], i: int) -> bool:
        """Other PII right after the word, past punctuation or "at" ("Des at 1270 Kilbourn St")."""
        t = toks[i]
        for k in range(i + 1, min(i + 3, len(toks))):
            gap = text[toks[k - 1].raw_end : toks[k].start]
            if "\n" in gap or "." in gap.strip():
                return False
            if blocked[k] and not _glued_to_digit(text, toks[k]) and not _client_ref(text, toks[k]):
                return True
            if toks[k].key not in ("at", "is", "w", "and") or k > i + 1:
                return False
        return bool(re.match(r"[ \t]*[:/,(-]?[ \t]*\d", text[t.raw_end : t.raw_end + 6]))

    def _asked_about(self, text: str, toks: list[Token], i: int) -> bool:
        """The subject of a question: "did miles ever call back?", "has hope signed the lease?", "can bill
        make it at 3?" (an auxiliary opening the sentence, the word, then a bare verb)."""
        if i == 0 or toks[i - 1].key not in _QUESTION_AUX or not self._sentence_initial(text, toks[i - 1]):
            return False
        if toks[i].possessive or toks[i].start - toks[i - 1].raw_end > 2:
            return False
        k = i + 1
        while k < len(toks) and (toks[k].key in ADVERBS or toks[k].key == "ever"):
            k += 1
        return k < len(toks) and is_base_verb(toks[k].key) and toks[k].key not in ("be", "have", "not")

    @staticmethod
    def _subject_of_modal(toks: list[Token], i: int) -> bool:
        """ "Tom will need a ride", "Grace can't make it": a modal and a bare verb after the word."""
        k = i + 1
        if k + 1 >= len(toks) or toks[k].key not in _MODALS or toks[k].start - toks[i].raw_end > 2:
            return False
        k += 1
        while k < len(toks) and toks[k].key in ADVERBS:
            k += 1
        return k < len(toks) and is_base_verb(toks[k].key)

    def _coordinated_with_a_name(self, text: str, toks: list[Token], i: int) -> bool:
        """Joined by "and", "n", "&" or "+" to another client's name, or by a comma to another client's
        name written with a capital as this one is ("Bill, Major, Khamla"): names go with names."""
        idx = self.index

        def rostered(k: int) -> bool:
            key = toks[k].key
            return key in idx.by_first or key in idx.by_nick or key in idx.by_last

        def joined(a: int, b: int) -> bool:  # a and b, with a coordinator between them
            gap = text[toks[a].raw_end : toks[b].start]
            if b == a + 1:
                if gap.strip() == ",":
                    return toks[a].cap and toks[b].cap and not toks[a].upper and not toks[b].upper
                return gap.strip() in ("&", "+")
            return b == a + 2 and toks[a + 1].key in _AND and len(gap) <= 8  # ("*King* and *Royal*")

        after = any(k < len(toks) and joined(i, k) and rostered(k) for k in (i + 1, i + 2))
        return after or any(k >= 0 and joined(k, i) and rostered(k) for k in (i - 1, i - 2))

    @staticmethod
    def _said_or_did(toks: list[Token], i: int) -> bool:
        """Followed by a verb only people do ("said", "called", "signed"): the word is someone."""
        return (
            i + 1 < len(toks)
            and toks[i + 1].key in _PEOPLE_VERBS
            and toks[i + 1].start - toks[i].raw_end <= 2
        )

    @staticmethod
    def _subject_of_verb(toks: list[Token], i: int) -> bool:
        """Followed (after adverbs) by a finite verb: "bill came", "Will already has"."""
        if toks[i].possessive:
            return False
        k = i + 1
        while k < len(toks) and toks[k].key in ADVERBS and toks[k].start - toks[k - 1].raw_end <= 2:
            k += 1
        if k >= len(toks) or toks[k].start - toks[k - 1].raw_end > 2:
            return False
        return is_finite_verb(toks[k].key) and toks[k].key not in ("'s",)

    @staticmethod
    def _list_item(text: str, tok: Token) -> bool:
        """The word opens a list line ("- Rose to IHS", "1. Bill", "✘ Singh — no show")."""
        line_start = text.rfind("\n", 0, tok.start) + 1
        if not _LIST_ITEM_RE.fullmatch(text, line_start, tok.start):
            return False
        return ITEM_END_RE.match(text, tok.raw_end) is not None
