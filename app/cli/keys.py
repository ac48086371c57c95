"""`casebot keys rotate | generate`: the master key that wraps every client's data key.
"""

from __future__ import annotations

import typer

from app.cli.common import (
    actor,
    casebot,
    fail,
    out,
)
from storage import audit
from storage.crypto import MasterKey
from storage.keys import rotate, rotate_key_file

keys_app = typer.Typer(help="Master key management.", no_args_is_help=True)


@keys_app.command("rotate")
def keys_rotate() -> None:
    """Re-wrap every client data key and keyring key under a new master key.

    For a key file: the new key is written beside the old one first, then the
    database is re-wrapped in one transaction, then the file is swapped, so an
    interruption at any point is recovered on the next start. With
    CASEBOT_MASTER_KEY, set CASEBOT_NEW_MASTER_KEY to the new value (generate
    one with `casebot keys generate`), run this, then deploy the new value.
    """
    import os


    with casebot() as bot:
        source = bot.key_source
        if source.file is not None:
            result = rotate_key_file(db=bot.db, key_file=source.file)
        else:
            new_text = os.environ.get("CASEBOT_NEW_MASTER_KEY")
            if not new_text:
                raise fail("the master key comes from CASEBOT_MASTER_KEY: set CASEBOT_NEW_MASTER_KEY too")
            result = rotate(db=bot.db, old=source.key, new=MasterKey.from_text(new_text))
        with bot.db.transaction() as session:

            audit.record(
                session,
                actor=actor(),
                action="keys.rotate",
                detail={
                    "old_key_id": result.old_key_id,
                    "new_key_id": result.new_key_id,
                    "client_keys": result.client_keys,
                    "keyring_keys": result.keyring_keys,
                },
            )
        out.print(
            f"re-wrapped {result.client_keys} client keys and {result.keyring_keys} keyring keys: "
            f"{result.old_key_id} → {result.new_key_id}"
        )


@keys_app.command("generate")
def keys_generate() -> None:
    """Print a new random master key (base64) for CASEBOT_MASTER_KEY. Nothing is stored."""

    print(MasterKey.generate().to_text())
