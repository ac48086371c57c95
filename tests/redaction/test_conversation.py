"""The clients already named in a conversation: their first names need less evidence, and a shared first
name goes to the one in the conversation. The bot supplies the IDs; the engine only uses them."""

from __future__ import annotations

import threading

from redaction import Redactor, RosterEntry

_R = Redactor(
    [
        RosterEntry("501", "Hope", "Nakai"),
        RosterEntry("502", "Maria", "Quispe"),
        RosterEntry("503", "Maria", "Oyelaran"),
        RosterEntry("504", "William", "Two Bulls"),
    ]
)


def test_redact_takes_the_conversations_client_ids_as_a_keyword_argument():
    assert _R.redact("Maria needs a ride", conversation_clients=["502"]).findings[0].client_id == "502"


def test_without_the_conversation_a_shared_first_name_keeps_its_candidates():
    (f,) = _R.redact("Maria needs a ride").findings
    assert f.client_id is None and f.candidates == ("502", "503")


def test_an_english_word_name_of_a_client_in_the_conversation_needs_no_plain_cue():
    text = "any update on hope?"
    assert _R.redact(text).text == text
    assert _R.redact(text, conversation_clients={"501"}).text == "any update on Client 501?"


def test_the_english_reading_still_wins_for_a_client_in_the_conversation():
    for text in ("I hope the landlord calls back", "let's hope the landlord calls back"):
        assert _R.redact(text, conversation_clients={"501"}).text == text


def test_a_nickname_of_a_client_in_the_conversation_is_that_client():
    assert (
        _R.redact("bill is at the clinic", conversation_clients={"504"}).text == "Client 504 is at the clinic"
    )


def test_the_conversation_of_one_call_does_not_leak_into_another():
    _R.redact("Maria needs a ride", conversation_clients={"502"})
    assert _R.redact("Maria needs a ride").findings[0].client_id is None


def test_concurrent_calls_each_see_their_own_conversation():
    results: dict[str, str | None] = {}

    def run(cid: str) -> None:
        for _ in range(200):
            f = _R.redact("Maria needs a ride", conversation_clients={cid}).findings[0]
            if f.client_id != cid:
                results[cid] = f.client_id
                return
        results[cid] = cid

    threads = [threading.Thread(target=run, args=(c,)) for c in ("502", "503")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {"502": "502", "503": "503"}
