"""The master key file, the keyring, and rotation that never strands data."""

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.context import Casebot
from storage.clients import ClientPII, decrypt_pii, encrypt_pii
from storage.crypto import CryptoError, MasterKey
from storage.keys import (
    KeyFileError,
    Keyring,
    next_key_path,
    read_key_file,
    resolve_master_key,
    rotate,
    rotate_key_file,
    write_key_file,
)
from storage.models import Client, ClientKey


def test_a_key_file_is_private_to_its_owner(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    write_key_file(path, MasterKey.generate())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_existing_key_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    key = MasterKey.generate()
    write_key_file(path, key)
    with pytest.raises(KeyFileError, match="refusing to overwrite"):
        write_key_file(path, MasterKey.generate())
    assert read_key_file(path) == key


def test_a_key_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    write_key_file(path, MasterKey.generate())
    os.chmod(path, 0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        read_key_file(path)


def test_a_missing_key_file_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="casebot init"):
        read_key_file(tmp_path / "absent.key")


def _add_client(app: Casebot, client_id: str, pii: ClientPII) -> None:
    with app.db.transaction() as session:
        data_key, key_row = app.keyring.new_client_key(client_id)
        session.add(
            Client(
                client_id=client_id,
                name_data_quality=1,
                ssn_data_quality=1,
                dob_data_quality=1,
                **encrypt_pii(pii, client_id=client_id, data_key=data_key),
            )
        )
        session.flush()
        session.add(key_row)


def _read_client(app: Casebot, key: MasterKey, client_id: str) -> ClientPII:
    from storage.keys import Keyring

    ring = Keyring(key)
    with app.db.transaction(write=False) as session:
        client = session.get_one(Client, client_id)
        return decrypt_pii(client, data_key=ring.client_key(session.get_one(ClientKey, client_id)))


def test_rotation_rewraps_keys_and_keeps_every_field_readable(app: Casebot) -> None:
    pii = ClientPII(first_name="Amina", last_name="Warsame", ssn="123456789")
    _add_client(app, "101", pii)
    old = app.key_source.key
    ciphertext_before = _ciphertexts(app)
    result = rotate_key_file(db=app.db, key_file=app.settings.key_file)
    new = read_key_file(app.settings.key_file)
    assert result.client_keys == 1 and result.keyring_keys >= 1
    assert new != old and not next_key_path(app.settings.key_file).exists()
    assert _read_client(app, new, "101").last_name == "Warsame"
    assert _ciphertexts(app) == ciphertext_before, "rotation must not rewrite the fields themselves"
    with pytest.raises(CryptoError):
        _read_client(app, old, "101")


def _ciphertexts(app: Casebot) -> list[bytes | None]:
    with app.db.transaction(write=False) as session:
        return list(session.scalars(select(Client.last_name_enc).order_by(Client.client_id)))


def test_an_interrupted_rotation_is_finished_on_the_next_start(app: Casebot) -> None:
    """Crash after the database commit but before the key file swap: the next key opens the data."""
    _add_client(app, "102", ClientPII(first_name="Pa", last_name="Vang"))
    key_file = app.settings.key_file
    old = read_key_file(key_file)
    new = MasterKey.generate()
    write_key_file(next_key_path(key_file), new)
    rotate(db=app.db, old=old, new=new)  # ...and the process dies here

    source = resolve_master_key(db=app.db, env_value=None, key_file=key_file)
    assert source.key == new
    assert read_key_file(key_file) == new and not next_key_path(key_file).exists()
    assert _read_client(app, new, "102").last_name == "Vang"


def test_a_rotation_that_died_before_the_commit_is_safely_rerun(app: Casebot) -> None:
    _add_client(app, "103", ClientPII(first_name="Ka", last_name="Paw"))
    key_file = app.settings.key_file
    write_key_file(next_key_path(key_file), MasterKey.generate())  # died right after writing the next key
    assert resolve_master_key(db=app.db, env_value=None, key_file=key_file).key == read_key_file(key_file)
    rotate_key_file(db=app.db, key_file=key_file)
    assert _read_client(app, read_key_file(key_file), "103").last_name == "Paw"


def test_the_wrong_master_key_is_refused_with_a_clear_message(app: Casebot) -> None:
    with pytest.raises(CryptoError, match="does not open this database"):
        resolve_master_key(
            db=app.db, env_value=MasterKey.generate().to_text(), key_file=app.settings.key_file
        )


def test_a_destroyed_data_key_makes_the_client_unreadable(app: Casebot) -> None:
    _add_client(app, "104", ClientPII(first_name="Hodan", last_name="Ali"))
    with app.db.transaction() as session:
        session.get_one(ClientKey, "104").wrapped_key = None
    with pytest.raises(CryptoError, match="destroyed"):
        _read_client(app, app.key_source.key, "104")


def test_a_named_key_made_in_a_rolled_back_transaction_is_never_handed_out(app: Casebot) -> None:
    ring = app.keyring
    with pytest.raises(RuntimeError), app.db.transaction() as session:
        lost = ring.ensure_named_key(session, "test-named")
        raise RuntimeError("roll back")
    with app.db.transaction() as session:
        kept = ring.ensure_named_key(session, "test-named")
    assert kept != lost
    with app.db.transaction() as session:
        assert ring.ensure_named_key(session, "test-named") == kept
    with app.db.transaction() as session:
        assert Keyring(ring.master).ensure_named_key(session, "test-named") == kept, "the one committed"
