"""Developer tool: regenerate the word lists shipped beside this file.

Not imported by the engine (which must stay free of I/O beyond reading its own
package data). Run it in a throwaway virtualenv that has the list sources:

    python -m venv /tmp/gen && /tmp/gen/bin/pip install wordfreq names faker english-words
    /tmp/gen/bin/python redaction/data/build_lists.py

Sources, all offline once installed:
- first names / surnames: US Census 1990 name files (package ``names``), Faker's
  person providers for several locales (and, for the names that are no English
  word, every other locale Faker writes in Latin letters), the ``nicknames`` package when present,
  and short hand-written lists of common Somali, Hmong, Karen/Burmese,
  Vietnamese and Navajo names (communities well represented in HMIS data, and
  poorly covered by the other sources).
- English vocabulary (``english_words.txt``): every lower-case entry of Webster's 2nd and GCIDE
  (``english-words``) plus chat words that ``wordfreq`` sees often (Zipf >= 2.5: "thx", "appt",
  "voicemail"), except the given names wordfreq only knows because it lower-cases
  web text ("jarrod", "kiara"; see NAME_IN_WEB_TEXT_ZIPF). A capitalised or
  talked-about word in NONE of the lists is most likely a name the lists lack
  (a made-up or rare given name), which is how unrostered names are caught.
  ``python redaction/data/build_lists.py --english`` rebuilds only this file.
- Spanish vocabulary (``spanish_words.txt``): words ``wordfreq`` sees often in Spanish (Zipf >= 3.0) that
  are in none of the other lists; ``--spanish`` rebuilds only this file (after the others).
- common words: lower-case entries of Webster's 2nd (``english-words``, "web2")
  that are frequent in modern English (``wordfreq`` Zipf >= 3.0), plus the most
  frequent English words that are not names. A name candidate that is a common
  word needs stronger evidence before it is redacted.
"""

from __future__ import annotations

import importlib
import os
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent

SOMALI_FIRST = """Ayaan Abdiwahab Abdifatah Abdinasir Abdisalan Abdishakur Abdiqadir Abdimalik
Abdikadir Abdirashid
Hamse Hibo Hodo Ikraan Ilwad Kaltun Lul Maano Mulki Nasteho Nimo Qaali Ramla Sahal Shamso Sharmake
Sumaya Ugbaad Waris Xamza Xasan Cabdullahi Maxamed Faarax Yasmiin Deqa Fardowsa Hawo
Abdi Abdirahman Abdullahi Abdulkadir Abdiaziz Abdiwali Abdirizak Abdiqani Ahmed
Ali Amina Asha
Ayan Barkhad Bashir Cawo Deeqa Faadumo Fadumo Farah Farhan Fartun Filsan Hamdi Hodan Hassan Hawa Hibaq
Hussein Ibrahim Ifrah Ilhan Istahil Jama Khadra Layla Maryan Mohamed Mohamud Mahad Mukhtar Muna Nasra
Nimco Omar Osman Qamar Ruqiya Sahra Said Salad Samira Sagal Shukri Sucaad Ubah Warsame Yasmin Yusuf
Zainab Zamzam Hamza Bilan Idil Ladan Sadia Siham Muse Guled Liban Mursal Dahir Aden Awil Sharmarke
Fowsia Hani Ikran Kowsar Luul Maryam Najma Nuura Saida Safiya Hafsa Halima Habiba Anab Sahro Caasha
Abshir Bile Cabdi Cali Dalmar Faysal Galad Hirsi Keynan Mohamoud Nuur Roble Sadiq Yonis""".split()
SOMALI_LAST = """Abdi Aden Ahmed Ali Awale Bile Dahir Egal Elmi Farah Gedi Guled Hassan Hirsi Hussein Ibrahim
Isse Jama Jimale Mohamed Mohamud Muse Nur Omar Osman Samatar Shire Warsame Yusuf Abdullahi Abdille Adan
Duale Ismail Mahamud Gure Hersi Roble Warfa Wardhere Abdirahman Barre Dirie Gelle Hashi Haji Kahin Mire
Noor Qasim Salah Sheikh Yasin Abukar Dualeh Egeh Geedi Hiiraan Ige Magan""".split()
HMONG_FIRST = """Chou Dua Gao Hli Kalia Kazoua Maiv Maichue Mainhia Npis Ntxawg Pachia Pader Sia Tswj
Txiab Txhiaj
Vwj Xay Yeej Cheng Fong Xeng
Pa Chia Lue Tong Nou Mai Xee Yer Pao Kou Tou Cher Blia Choua Chue Fue Houa Ka Kia
Ly Neng Nhia
Pheng Sao See Shoua Song Teng Vang Xai Yia Youa Zoua Bao Chong Dao Koua Lor Mee Nao Ntxhi Pang Seng
Vue Xia Yeng Cha Ger Meng Nyia Tswv Kao Kong Leng Lia Maiyia Nhiavue Paj Sheng Soua True Txawj Xao
Yee Ying Yong Zong""".split()
HMONG_LAST = """Chang Cha Cheng Chue Fang Hang Her Heu Khang Kong Kue Lee Lo Lor Ly Moua Pha Thao Vang Vue
Xiong Yang Vu Hue Xyooj Lis Vaj Thoj Muas Yaj Hawj Kwm Tsab Tsheej""".split()
KAREN_BURMESE = """Khu Thar Blut
Paw Htoo Moo Eh Say Ku Naw Saw Hser Ta Wah Soe Htay Blu Lah Poe Gay Nay Thaw Mu Dah Kaw
Tha Bway Htee Lwe Pwe Ree Shee Kler Law Day Ywa Mya Thein Tun Aung Win Zaw Kyaw Myint Hla Lwin Oo
Nyein Khin Thet Htun Naing Htet Myo Thi Hlaing Thura Nandar Moe Phyo Sandar Zin Ei Khaing Nwe Ohn
Pyae Thant Wai Yin Zar Paw Doh Hsa Klo Ler Lweh Plo Sha Taw Wa Wee""".split()
VIET_FIRST = """Bich Diem Dieu Kieu Lieu Nhu Cong Manh Nghia Quoc Thang Viet
Anh Bao Binh Chau Chi Cuong Dung Duc Dat Hai Hanh Hien Hieu Hoa Hoang Hung Huong Huy Khanh
Khoa Lan Linh Long Mai Minh Nam Nga Ngoc Nhung Phuong Quan Quang Son Tam Tan Thanh Thao Thu Thuy Tien
Trang Trinh Trung Tuan Tuyet Van Vinh Vy Xuan Yen Phuc Loan Diep Giang Kim Lien Oanh Quynh Thi Duy Hau
Nhi Uyen Dao Hang Hoai Khoi Kiet Loc Luan Nhan Phat Sang Tai Thinh Toan Triet Tuyen Vuong""".split()
VIET_LAST = """Nguyen Tran Le Pham Hoang Huynh Phan Vu Vo Dang Bui Do Ho Ngo Duong Ly Truong Dinh Lam Mai
Trinh Cao Luong Ta Doan Vuong Quach La Thai Luu Diep Tong Chau Kieu Ha Khuc Lai Mac Nghiem Nong Tang
Thach Tieu Ton Trieu Van""".split()
NAVAJO_FIRST = """Kee Shandiin Kaibah Sihasin
Ahiga Nizhoni Halona Doli Yanaba Hania Ayita Kai Sani Shilah Atsa Bidziil Dezba Hosteen
Naalnish Niyol Sahkyo Tahoma Yas Kaya Dyani Hastiin Nascha Ashkii Alo Chee Hok Kele Nayeli Sahale
Tse Yazhi Hozho Shima Tsosie Asdzaan Awee Dine Haseya Kanti Kaiah""".split()
NAVAJO_LAST = """Begay Yazzie Benally Tsosie Nez Tso Begaye Bitsui Etsitty Chee Manygoats Yellowhorse
Littlewolf Attakai Bekis Peshlakai Tsinajinnie Yellowman Whitehorse Redhouse Bigman Silversmith Tohee
Claw Benallie Zah Largo Curley Slowman Cly Natani Nakai Todacheenie Tallsalt Charley Platero Wauneka
Dineyazhe Goldtooth Lente Yazzi Begody Bedonie Bilagody Blackhorse Blackgoat Deschenie Hoskie
Manuelito Nakaidinae Notah Sam Shorty Skeet Tapaha Thinn Tsinnijinnie Wero Whitegoat Yabeny
Harjo Bowman Bluehorse Chavez Jumbo Kinlicheenie Nelson Tsinnie Willie Yellowhair""".split()

FUNCTION_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been
before being below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just me more most
my myself no nor not now of off on once only or other our ours out over own same she should so some such than
that the their theirs them then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours yourself also yes ok okay hi hey
thanks please let lets can't won't don't didn't isn't wasn't hasn't haven't update fyi re per via""".split()
)

FAKER_LOCALES = (
    "en_US",
    "en_GB",
    "en_IE",
    "es_MX",
    "es_ES",
    "es_CO",
    "es_AR",
    "pt_BR",
    "vi_VN",
    "sw",
    "en_KE",
    "en_NG",
    "en_PK",
    "en_IN",
    "fr_FR",
    "it_IT",
    "de_DE",
    "tl_PH",
    "fil_PH",
    "yo_NG",
    "ha_NG",
    "ig_NG",
    "tw_GH",
    "zu_ZA",
    "tr_TR",
    "id_ID",
    "pl_PL",
    "ru_RU",
    "uk_UA",
)
# Every other locale whose names Faker writes in Latin letters (or romanises: ja_JP, zh_CN, zh_TW). Only
# their names that are no English word go into the lists ("Case", "Haven", "Age", "Lot" and "Boston" are
# given names somewhere), and they do not take part in the choice of common words.
MORE_FAKER_LOCALES = (
    "en",
    "en_NZ",
    "en_TH",
    "az_AZ",
    "cs_CZ",
    "da_DK",
    "de_AT",
    "de_CH",
    "de_LI",
    "de_LU",
    "es_CA",
    "es_CL",
    "et_EE",
    "fi_FI",
    "fr_BE",
    "fr_CA",
    "fr_CH",
    "fr_DZ",
    "fr_QC",
    "ga_IE",
    "hr_HR",
    "hu_HU",
    "is_IS",
    "ja_JP",
    "lt_LT",
    "lv_LV",
    "nl_BE",
    "nl_NL",
    "no_NO",
    "pt_PT",
    "ro_RO",
    "sk_SK",
    "sl_SI",
    "sv_SE",
    "uz_UZ",
    "zh_CN",
    "zh_TW",
)
_FIRST_ATTRS = (
    "first_names",
    "first_names_male",
    "first_names_female",
    "first_names_nonbinary",
    "first_romanized_names",
    "first_romanized_names_male",
    "first_romanized_names_female",
)
_LAST_ATTRS = ("last_names", "last_names_male", "last_names_female", "last_romanized_names")


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _latin(word: str) -> bool:
    return all(c.isascii() for c in _fold(word)) and word.replace("-", "").replace("'", "").isalpha()


def _add(target: set[str], names) -> None:
    for raw in names:
        for part in str(raw).replace("-", " ").split():
            if len(part) >= 2 and _latin(part):
                target.add(_fold(part))


# A word web text uses this often (wordfreq's Zipf scale) is a word or a place even when a name list has
# it: "jill" and "fernando" are, "priyanka" (2.7) and "rajesh" (2.8) are names.
NAME_IN_WEB_TEXT_ZIPF = 3.3


def _add_faker(locales: tuple[str, ...], first: set[str], last: set[str]) -> None:
    for loc in locales:
        try:
            prov = importlib.import_module(f"faker.providers.person.{loc}").Provider
        except ImportError:
            continue
        for attr in _FIRST_ATTRS:
            _add(first, _listed(getattr(prov, attr, ())))
        for attr in _LAST_ATTRS:
            _add(last, _listed(getattr(prov, attr, ())))


def _listed(names: object) -> list[str]:
    """A provider attribute's names (a tuple, or a dict of name -> weight); not a property."""
    return [str(n) for n in names] if isinstance(names, (list, tuple, dict, set, frozenset)) else []


def build_english() -> None:
    from english_words import get_english_words_set
    from wordfreq import top_n_list, zipf_frequency

    words = {w for w in get_english_words_set(["web2", "gcide"], lower=False) if w.islower() and w.isalpha()}
    # wordfreq lower-cases everything, so its list holds the names web text is full of ("priyanka", "rajesh",
    # "jarrod"): a word no dictionary has that a name list does is a name, unless it is very frequent
    names = set((HERE / "first_names.txt").read_text().split())
    words |= {
        w
        for w in top_n_list("en", 60000)
        if w.isalpha()
        and w.islower()
        and (z := zipf_frequency(w, "en")) >= 2.5
        and (_fold(w) not in names or z >= NAME_IN_WEB_TEXT_ZIPF)
    }
    words = {_fold(w) for w in words if len(w) >= 2}
    (HERE / "english_words.txt").write_text("\n".join(sorted(words)) + "\n")
    print(len(words))


def build_spanish() -> None:
    """Spanish words frequent in text (wordfreq Zipf >= 3.0) that no English list, given-name or surname
    list has: chat that switches to Spanish ("nació el 11 de febrero", "está tomando") is otherwise a
    run of unknown words, each of which reads as a name."""
    from wordfreq import top_n_list, zipf_frequency

    first = set((HERE / "first_names.txt").read_text().split())
    known = first | set((HERE / "english_words.txt").read_text().split())
    known |= set((HERE / "surnames.txt").read_text().split())
    words = {
        _fold(w)
        for w in top_n_list("es", 60000)
        if w.isalpha() and w.islower() and len(w) >= 2 and zipf_frequency(w, "es") >= 3.0
    }
    words = {w for w in words if w.isascii() and w not in known}
    (HERE / "spanish_words.txt").write_text("\n".join(sorted(words)) + "\n")
    # and the most frequent ones even where a name list has them ("le", "su", "con", "mayor"): words, not
    # names, inside a Spanish clause
    function = {
        _fold(w)
        for w in top_n_list("es", 2000)
        if w.isalpha() and w.islower() and len(w) >= 2 and zipf_frequency(w, "es") >= 5.0
    }
    function = {
        w
        for w in function
        if w.isascii()
        and zipf_frequency(w, "en") < 5.0
        # (a given name people bear in English-speaking places too stays out: "juan", "maria", "luis")
        and (len(w) < 4 or w not in first or zipf_frequency(w, "en") < 3.3)
    }
    (HERE / "spanish_function_words.txt").write_text("\n".join(sorted(function)) + "\n")
    print(len(words), len(function))


def main() -> None:
    import sys

    if "--english" in sys.argv:
        build_english()
        return
    if "--spanish" in sys.argv:
        build_spanish()
        return
    import names as census
    from english_words import get_english_words_set
    from wordfreq import top_n_list, zipf_frequency

    first: set[str] = set()
    last: set[str] = set()
    cdir = Path(os.path.dirname(census.__file__))
    for fname, target in (("dist.female.first", first), ("dist.male.first", first), ("dist.all.last", last)):
        rows = [line.split()[0] for line in (cdir / fname).read_text().splitlines() if line.strip()]
        _add(target, rows)
    _add_faker(FAKER_LOCALES, first, last)
    try:
        import nicknames

        csv_path = Path(nicknames.__file__).resolve().parent / "names.csv"
        for line in csv_path.read_text().splitlines():
            _add(first, line.split(","))
    except ImportError:
        pass
    _add(first, SOMALI_FIRST + HMONG_FIRST + KAREN_BURMESE + VIET_FIRST + NAVAJO_FIRST)
    _add(last, SOMALI_LAST + HMONG_LAST + KAREN_BURMESE + VIET_LAST + NAVAJO_LAST)

    more_first: set[str] = set()
    more_last: set[str] = set()
    _add_faker(MORE_FAKER_LOCALES, more_first, more_last)
    english = {_fold(w) for w in get_english_words_set(["web2", "gcide"], lower=True)}
    for more in (more_first, more_last):
        more -= {w for w in more if w in english or zipf_frequency(w, "en") >= NAME_IN_WEB_TEXT_ZIPF}

    web2 = get_english_words_set(["web2"], lower=False)
    in_dict = {w for w in web2 if w.islower() and w.isalpha()}
    candidates = in_dict | {w for w in top_n_list("en", 40000) if w.isalpha() and w.islower()}

    def is_common(w: str) -> bool:
        z = zipf_frequency(w, "en")
        if w in FUNCTION_WORDS:
            return True
        if w in first:  # a given name is "common" only if it is also a frequent dictionary word
            return w in in_dict and z >= 4.5
        if w in last:
            return (w in in_dict and z >= 4.0) or z >= 5.0
        return (w in in_dict and z >= 3.0) or z >= 3.8

    common = {w for w in candidates if is_common(w)}
    # Words so frequent that, starting a sentence, they are almost never a name ("Will", "Hope", "Said"
    # still match as part of a roster name).
    stop = {w for w in common if zipf_frequency(w, "en") >= 5.0} | set(FUNCTION_WORDS)

    first |= more_first
    last |= more_last
    (HERE / "first_names.txt").write_text("\n".join(sorted(first)) + "\n")
    (HERE / "surnames.txt").write_text("\n".join(sorted(last)) + "\n")
    (HERE / "common_words.txt").write_text("\n".join(sorted(common)) + "\n")
    (HERE / "stop_words.txt").write_text("\n".join(sorted(stop)) + "\n")
    print(len(first), len(last), len(common), len(stop))
    build_english()


if __name__ == "__main__":
    main()
