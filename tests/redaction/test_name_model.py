"""The learned name tagger is a backstop: it finds names no list has, where the rules saw too little.

A word on no list (or on a name list only), written where names are written ("Okafor brought the
paperwork", "Okonkwo signed the lease"), is a name to the tagger even without a cue the rules know.
It never hides what the rules keep on purpose: a colleague's name given as a known word, an acronym,
an agency's name, a place. The shipped model is what ``python -m bench.train_names`` writes.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from redaction import Redactor, RosterEntry
from redaction.findings import PiiType
from redaction.name_model import MODEL_PATH, NameModel, default_model

ROOT = Path(__file__).resolve().parents[2]

pycrfsuite = pytest.importorskip("pycrfsuite", reason="the name tagger is optional (not in use)")

_WITH = Redactor([RosterEntry("7001", "Rosa", "de la Cruz")], name_model=NameModel(MODEL_PATH))
_WITHOUT = Redactor([RosterEntry("7001", "Rosa", "de la Cruz")], name_model=False)


def _names(redactor: Redactor, text: str) -> list[str]:
    return [text[f.start : f.end] for f in redactor.find(text) if f.type is PiiType.NAME]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Okafor brought the paperwork", "Okafor"),
        ("Okonkwo signed the lease today", "Okonkwo"),
    ],
)
def test_an_unknown_name_where_names_are_written_is_found_by_the_model(text, name):
    assert _names(_WITHOUT, text) == []
    assert _names(_WITH, text) == [name]
    assert _WITH.redact(text).text == text.replace(name, "[redacted]")


def test_the_engine_uses_the_shipped_model_unless_told_off(monkeypatch):
    default_model.cache_clear()
    monkeypatch.delenv("CASEBOT_NAME_MODEL", raising=False)
    assert _names(Redactor(), "Okafor brought the paperwork") == ["Okafor"]
    default_model.cache_clear()
    monkeypatch.setenv("CASEBOT_NAME_MODEL", "off")
    assert _names(Redactor(), "Okafor brought the paperwork") == []
    default_model.cache_clear()


def test_a_missing_model_file_is_an_error_not_a_weaker_engine(monkeypatch, tmp_path):
    default_model.cache_clear()
    monkeypatch.setenv("CASEBOT_NAME_MODEL", str(tmp_path / "nowhere.crfsuite"))
    with pytest.raises(RuntimeError, match="is missing"):
        Redactor()
    default_model.cache_clear()


def test_a_name_the_model_finds_has_no_client_id():
    (finding,) = _WITH.find("Okafor brought the paperwork")
    assert finding.client_id is None and finding.candidates == ()


def test_initials_written_with_a_name_no_list_has_are_hidden_with_it():
    assert _WITH.redact("saw R. Biarsem at the van").text == "saw [redacted] at the van"


def test_a_colleague_given_as_a_known_word_stays_readable():
    colleagues = _WITH.with_known_words(["Chidinma"])
    assert colleagues.find("Chidinma and her kids are at the shelter") == ()


@pytest.mark.parametrize(
    "text",
    [
        "Okafor House has a bed tonight",  # an agency named for a person
        "Hope House has a bed for him",
        "the NOFO and HMIS numbers are due",  # acronyms
        "VI-SPDAT done, RRH next",
        "St. Vincent de Paul reopened",  # a place
        "she works at Medtronic now",  # a company after "at"
        "he moved to Bemidji last month",  # a town after "to"
        "Она сказала спасибо",  # another script
    ],
)
def test_agencies_acronyms_and_places_stay_readable(text):
    assert _names(_WITH, text) == []


def test_redacting_twice_finds_nothing_new():
    once = _WITH.redact("met Maria Garcia {Au").text
    assert _WITH.find(once) == ()


def _train(out: Path, *args: str) -> bytes:
    subprocess.run(
        [sys.executable, "-m", "bench.train_names", "--out", str(out), "--no-check", *args],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return out.read_bytes()


def test_training_is_deterministic(tmp_path):
    first = _train(tmp_path / "a.crfsuite", "--limit", "200")
    assert first == _train(tmp_path / "b.crfsuite", "--limit", "200")


def test_the_shipped_model_is_what_the_training_command_writes(tmp_path):
    shipped = MODEL_PATH.read_bytes()
    assert len(shipped) < 2_000_000
    trained = _train(tmp_path / "names.crfsuite")
    assert hashlib.sha256(trained).hexdigest() == hashlib.sha256(shipped).hexdigest(), (
        "redaction/data/names.crfsuite is not what `python -m bench.train_names` writes from the tune "
        "corpora and the current lexicons: retrain it with that command and commit the file"
    )


@pytest.mark.parametrize("text", ["Webex (URL API with password): see below", "Zoom works better than Teams"])
def test_the_tools_people_name_in_chat_are_not_names(text):
    assert _names(_WITH, text) == []
