"""A name dictation split into words that sound like it is that client's name, whole."""

from __future__ import annotations

import pytest

from redaction import PiiType, Redactor, RosterEntry

_R = Redactor(
    [
        RosterEntry("7230", "Mercy", "Flomo"),
        RosterEntry("7231", "Chinedu", "Okafor"),
        RosterEntry("7226", "Domingo", "Chumil"),
        RosterEntry("7290", "Krystyna", "Egan"),
        RosterEntry("6137", "Kofi", "Asante-Mensah"),
    ]
)


def _names(text: str) -> list[tuple[str, str | None]]:
    return [(text[f.start : f.end], f.client_id) for f in _R.redact(text).findings if f.type is PiiType.NAME]


@pytest.mark.parametrize(
    ("text", "name", "client"),
    [
        ("spoke to mercy flow mo period her birthday is in april", "mercy flow mo", "7230"),
        ('voicemail: "hi this is she ned oh kafor returning your call"', "she ned oh kafor", "7231"),
        ("okay so domingo chew meal has court on the ninth comma", "domingo chew meal", "7226"),
        ("coffee asante mensah says call six one two five five five", "coffee asante mensah", "6137"),
    ],
)
def test_dictated_words_that_sound_like_the_rest_of_a_found_name_are_that_name(text, name, client):
    assert (name, client) in _names(text)


def test_in_typed_text_an_ordinary_word_after_a_name_stays_a_word():
    assert _names("Krystyna again at the front desk") == [("Krystyna", "7290")]


def test_words_that_sound_like_no_rostered_name_stay():
    text = "spoke to mercy flow tomorrow period"
    assert "tomorrow" in _R.redact(text).text


def test_a_letter_that_adds_no_sound_is_not_taken_into_the_name():
    assert _names("Mercy Flomo w/ her sister period") == [("Mercy Flomo", "7230")]


@pytest.mark.parametrize("cue", ["voice memo", "voice note", "speech to text"])
def test_a_voice_memo_reads_as_dictated(cue):
    r = Redactor([RosterEntry("7407", "Willis", "Bearheart")])
    text = f"{cue} reminder to self it was Willis bear heart who lost his tent"
    assert [(text[f.start : f.end], f.client_id) for f in r.redact(text).findings] == [
        ("Willis bear heart", "7407")
    ]
