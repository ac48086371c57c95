"""Envelope encryption: what a ciphertext is bound to, and what a key can open."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage.crypto import (
    BlindIndexer,
    CryptoError,
    FieldCipher,
    MasterKey,
    client_key_purpose,
    name_tokens,
    new_data_key,
)


def test_a_field_decrypts_under_its_own_row_and_column() -> None:
    key = new_data_key()
    blob = FieldCipher(key, table="clients", row_id="1455").encrypt("last_name", "Garcia")
    assert FieldCipher(key, table="clients", row_id="1455").decrypt("last_name", blob) == "Garcia"


@pytest.mark.parametrize(
    ("table", "row_id", "column"),
    [("clients", "1456", "last_name"), ("clients", "1455", "first_name"), ("users", "1455", "last_name")],
    ids=["moved to another row", "moved to another column", "moved to another table"],
)
def test_a_ciphertext_moved_elsewhere_does_not_decrypt(table: str, row_id: str, column: str) -> None:
    key = new_data_key()
    blob = FieldCipher(key, table="clients", row_id="1455").encrypt("last_name", "Garcia")
    with pytest.raises(CryptoError) as exc:
        FieldCipher(key, table=table, row_id=row_id).decrypt(column, blob)
    assert "Garcia" not in str(exc.value)


def test_a_tampered_ciphertext_does_not_decrypt() -> None:
    key = new_data_key()
    blob = bytearray(FieldCipher(key, table="clients", row_id="1").encrypt("ssn", "123456789"))
    blob[-1] ^= 1
    with pytest.raises(CryptoError):
        FieldCipher(key, table="clients", row_id="1").decrypt("ssn", bytes(blob))


def test_the_same_value_encrypts_differently_each_time() -> None:
    cipher = FieldCipher(new_data_key(), table="clients", row_id="1")
    assert cipher.encrypt("first_name", "Ana") != cipher.encrypt("first_name", "Ana")


@given(st.text())
def test_any_text_round_trips(value: str) -> None:
    cipher = FieldCipher(new_data_key(), table="clients", row_id="7")
    assert cipher.decrypt("address", cipher.encrypt("address", value)) == value


def test_a_wrapped_data_key_opens_only_for_its_client_and_master() -> None:
    master = MasterKey.generate()
    data_key = new_data_key()
    wrapped = master.kek().wrap(data_key, purpose=client_key_purpose("1455"))
    assert master.kek().unwrap(wrapped, purpose=client_key_purpose("1455")) == data_key
    with pytest.raises(CryptoError):
        master.kek().unwrap(wrapped, purpose=client_key_purpose("1456"))
    with pytest.raises(CryptoError):
        MasterKey.generate().kek().unwrap(wrapped, purpose=client_key_purpose("1455"))


def test_master_key_text_form_round_trips_and_repr_hides_material() -> None:
    key = MasterKey.generate()
    assert MasterKey.from_text(key.to_text()) == key
    assert key.to_text() not in repr(key)
    assert key.key_id in repr(key)


@pytest.mark.parametrize("text", ["not base64 at all!!", "c2hvcnQ", ""])
def test_a_malformed_master_key_is_refused(text: str) -> None:
    with pytest.raises(CryptoError):
        MasterKey.from_text(text)


def test_blind_indexes_match_across_case_and_diacritics() -> None:
    idx = BlindIndexer(new_data_key())
    assert idx.name_token("José") == idx.name_token("JOSE") == idx.name_token("jose")
    assert idx.ssn("123-45-6789") == idx.ssn("123456789")
    assert idx.name_dob("José", "García", date(1980, 1, 2)) == idx.name_dob(
        "jose", "GARCIA", date(1980, 1, 2)
    )


def test_blind_indexes_depend_on_the_key() -> None:
    assert BlindIndexer(new_data_key()).ssn("123456789") != BlindIndexer(new_data_key()).ssn("123456789")


@pytest.mark.parametrize("ssn", [None, "", "xxxxx6789", "12345", "000000000", "999999999"])
def test_partial_or_placeholder_ssns_are_not_indexed(ssn: str | None) -> None:
    assert BlindIndexer(new_data_key()).ssn(ssn) is None


def test_name_tokens_keep_whole_words_and_their_pieces() -> None:
    assert name_tokens("Mary-Jane", None, "O'Neil") == ["maryjane", "mary", "jane", "oneil", "neil"]
    assert name_tokens("Nguyễn Văn", "", "ÁN") == ["nguyen", "van", "an"]
