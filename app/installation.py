"""First-time setup of an installation, shared by `casebot init`, the demo and the tests."""

from __future__ import annotations

from dataclasses import dataclass

from bot.context import Casebot
from storage import audit
from storage.crypto import MasterKey
from storage.keys import KeyFileError, write_key_file
from storage.migrate import upgrade
from storage.private_files import private_dir


@dataclass(frozen=True, slots=True)
class InitResult:
    key_written: bool
    key_id: str


def initialise(app: Casebot, *, actor: str) -> InitResult:
    """Create the data dir (0700), the master key file (0600, never overwritten) and the schema.

    With ``CASEBOT_MASTER_KEY`` set no key file is written: the key lives
    wherever the operator keeps secrets.
    """
    settings = app.settings
    private_dir(settings.data_dir)
    key_written = False
    if settings.master_key is None:
        if settings.key_file.exists():
            raise KeyFileError(
                f"{settings.key_file} already exists; casebot is already initialised "
                "(use `casebot db upgrade` to migrate)"
            )
        write_key_file(settings.key_file, MasterKey.generate())
        key_written = True
    upgrade(app.db)
    with app.db.transaction() as session:
        app.keyring.blind_indexer(session)
        audit.record(session, actor=actor, action="system.init", detail={"key_id": app.key_source.key.key_id})
    return InitResult(key_written=key_written, key_id=app.key_source.key.key_id)
