"""Chat that switches into Somali, Hmong, Vietnamese, Haitian Creole or Ojibwe keeps those words readable;
the names and PII in it are still hidden."""

from __future__ import annotations

import pytest

from redaction import Redactor, RosterEntry

_R = Redactor([RosterEntry("901", "Abdirizak", "Farah"), RosterEntry("902", "Xee", "Her")])


@pytest.mark.parametrize(
    "text",
    [
        "Waxaan siiyay appointment Tuesday 2pm.",  # Somali
        "he need help, walaal. Inshallah he come Monday",
        "she's ok, tsis txhob txhawj. her niam will bring her.",  # Hmong
        "Chị ấy needs a letter for the school",  # Vietnamese
        "Boozhoo all, miigwech for the ride",  # Ojibwe
        "mwen vle konnen, at my cousin's",  # Haitian Creole
    ],
)
def test_the_words_of_another_language_stay_readable(text):
    assert _R.redact(text).text == text


def test_a_client_and_an_unrostered_name_in_a_switch_are_still_hidden():
    text = "Xee hais tias she's ok. Nws tus muam Pa Vue phone 651-555-0138."
    assert _R.redact(text).text == "Client 902 hais tias she's ok. Nws tus muam [redacted] phone [redacted]."


@pytest.mark.parametrize("header", ["PersonalID,FirstName,LastName,DOB", "ProjectID\tProjectName\tBeds"])
def test_column_names_written_as_one_word_are_no_names(header):
    assert _R.redact(header).text == header
