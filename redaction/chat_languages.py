"""Words of the other languages case-conference chat switches into: Somali, Hmong, Vietnamese, Haitian
Creole, Ojibwe and the Arabic of greetings.

Agencies that serve immigrant and Native communities write the way their clients and staff speak:
"Abdi wuxuu yimid office-ka today", "Xee hais tias she's ok, tsis txhob txhawj", "Chị ấy needs a
letter", "Boozhoo all — Autumn made it down from Red Lake". To name lists made for English each of
those words is unknown, and an unknown word is read as a name. The lists here are the frequent
function words, kin words and greetings of each language, written as people type them (Hmong in its
Romanised script, Vietnamese with and without its marks); none is anyone's given name or surname on
the name lists. A finding made only of these words (and of ordinary English ones), with no client
behind it, is dropped: a client on the roster is still found, and a capital mid-sentence still
reads as a name.
"""

from __future__ import annotations

from redaction.findings import Finding
from redaction.lexicon import COMMON_WORDS, FIRST_NAMES, SURNAMES
from redaction.name_context import TokenContext
from redaction.normalize import Token, fold
from redaction.spanish import unclaimed_words

_SOMALI = """waxaan waxay wuxuu wuxay waa wey weeye iyo ama laakiin haddii hadii markii kadib kahor sidee
maxaa maxay halkee goorma yaa aan ayaa ayuu ayey ayay baa buu bey ku ka la loo lagu laga kala soo sii wax waxa
ma mise haa maya mahadsanid mahadsantahay fadlan walaal walaalo hooyo aabe aabo adeer eedo habaryar abti
ayeeyo awoowe xaas ninkeeda naagtiisa caruur carruur ilmo wiil gabar joogo jooga joogaa yimid yimaada
siiyay siiyey leeyahay leedahay rabaa rabta doonayaa tagay tagtay imaanaya shaqo guri magaalo maanta
berri shalay jimcaha sabti axad isniin talaado arbaco khamiis subax galab habeen cusub cusbo wanaagsan
fiican nabad""".split()
_HMONG = """kuv koj nws peb nej lawv tus tsis txhob txhawj hais tias yog muaj mus los tuaj tos nyob ua rau
thiab tab sis vim li cas leej twg qhov thaum niam txiv tub ntxhais muam kwv tij phooj ywg
pog yawg tais yawm txheeb ze ntawm hauv saum qab pem tom ub nov no ntawd kev tsev nyiaj hnub
hmo tag kis nag zoo heev ntau tsawg tsaug thov ntxhov siab nco txog ib ob
plaub tsib xya yim cuaj kaum""".split()
_VIETNAMESE = """chị ấy em anh cô ông bà chú bác cháu con mẹ ba bố má vợ chồng gia đình người của và
với không có là được rồi đã đang sẽ cần muốn nói hỏi gọi đi về ở nhà căn hộ tầng ngày tháng năm sinh
hôm nay mai qua tuần sáng chiều tối bệnh viện thuốc giấy tờ học trường việc làm tiền cảm ơn xin chào
dạ vâng nhé nha lại nữa cũng chưa mình bạn họ bên này kia đó thì mà nên vì nếu khi bắt đầu cầu thang
mang bánh chưng tết tìm""".split()
_HAITIAN_CREOLE = """mwen ou li nou yo se pa gen ap te va kounye a kote kijan poukisa paske men ak pou nan sou
lakay manman papa sè frè pitit madanm mari bonjou bonswa mèsi souple wi non di vle bezwen konnen""".split()
_OJIBWE_DAKOTA = """boozhoo aaniin miigwech migwetch giga-waabamin kookum kokum nookomis mishomis
chimiigwech ahneen hau pilamaya pilamayaye wopila unci tunkasila""".split()
_ARABIC_GREETINGS = """salaam assalamu alaikum wa alaykum inshallah insha'allah mashallah alhamdulillah
wallahi habibi habibti yalla shukran""".split()

_WORDS = frozenset(
    w
    for w in (
        fold(x)
        for x in (*_SOMALI, *_HMONG, *_VIETNAMESE, *_HAITIAN_CREOLE, *_OJIBWE_DAKOTA, *_ARABIC_GREETINGS)
    )
    if w not in FIRST_NAMES and w not in SURNAMES and (w not in COMMON_WORDS or len(w) > 4)
)


# As written, marks and all: "chị" is a word though "Chi" is a name; a word without marks ("anh", a given
# name too) only as the lists above keep it.
_VIETNAMESE_WORDS = frozenset(w for w in _VIETNAMESE if fold(w) != w or fold(w) in _WORDS)


def is_chat_language_word(t: Token) -> bool:
    """A word on one of the lists (as folded, or, for Vietnamese, as written)."""
    return t.key in _WORDS or (not t.text.isascii() and t.text.lower() in _VIETNAMESE_WORDS)


def _switched(toks: list[Token]) -> bool:
    """The message has a clause in one of the languages: two of their words at least."""
    seen = 0
    for t in toks:
        if is_chat_language_word(t):
            seen += 1
            if seen == 2:
                return True
    return False


def not_chat_language_words(text: str, toks: list[Token], names: list[Finding]) -> list[Finding]:
    """``names`` without the findings, claimed by no client, that are only words of these languages (and
    ordinary English words in lower case). In a message with one such word only, it must be long enough
    to be no one's name by chance ("Boozhoo all", "Inshallah she ...")."""
    switched: bool | None = None

    def foreign(t: Token) -> bool:
        if t.cap and not TokenContext._sentence_initial(text, t):
            return False  # a capital mid-sentence is a name ("the lake at Nokomis")
        return is_chat_language_word(t) and (switched or len(t.key) >= 5)

    out = []
    for f in names:
        inside = unclaimed_words(toks, f)
        if not any(is_chat_language_word(t) for t in inside):
            out.append(f)  # (most findings: no word of these languages in them)
            continue
        if switched is None:
            switched = _switched(toks)
        if not (
            any(foreign(t) for t in inside)
            and all(foreign(t) or (t.lower and t.key in COMMON_WORDS) for t in inside)
        ):
            out.append(f)
    return out


__all__ = ["is_chat_language_word", "not_chat_language_words"]
