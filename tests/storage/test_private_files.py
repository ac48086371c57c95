"""What casebot writes is readable by its own account only: folders 0700, files 0600 (checkpoints 0400),
under the operator's umask of 022, from the CLI and when casebot is used as a library."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from bot.context import Casebot
from bot.settings import Settings
from storage.private_files import private_dir, private_file, private_umask

CASEBOT = shutil.which("casebot", path=os.path.dirname(sys.executable)) or "casebot"


def shared_with_others(root: Path) -> list[str]:
    """Everything under ``root`` (itself included) that a group or other account could read or enter."""
    return [
        f"{oct(stat.S_IMODE(p.stat().st_mode))} {p.relative_to(root.parent)}"
        for p in [root, *root.rglob("*")]
        if stat.S_IMODE(p.stat().st_mode) & 0o077
    ]


def as_operator_with_umask_022(*args: str, data: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CASEBOT_", "DATABASE_URL", "REDIS_URL"))}
    env["CASEBOT_DATA_DIR"] = str(data)
    proc = subprocess.run(
        ["sh", "-c", 'umask 022 && exec "$@"', "sh", CASEBOT, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr


def test_the_cli_keeps_the_data_directory_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    as_operator_with_umask_022("init", data=data)
    as_operator_with_umask_022("audit", "checkpoint", data=data)
    as_operator_with_umask_022("keys", "rotate", data=data)
    assert (data / "casebot.db").is_file() and list((data / "audit-checkpoints").iterdir())
    assert shared_with_others(data) == []


def test_used_as_a_library_the_database_and_redis_dump_are_private(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        app = Casebot(Settings(CASEBOT_DATA_DIR=tmp_path / "data"))
        with app.db.transaction() as session:
            session.execute(text("select 1"))
        app.kv.set("k", "v")
        app.kv._r.save()  # the embedded server writes its dump now
        app.close()
    finally:
        os.umask(previous)
    assert (tmp_path / "data" / "redis.rdb").is_file()
    assert shared_with_others(tmp_path / "data") == []


def test_private_helpers_tighten_what_exists_already(tmp_path: Path) -> None:
    loose_dir, loose_file = tmp_path / "d", tmp_path / "f"
    loose_dir.mkdir(mode=0o755)
    loose_file.write_text("x")
    loose_file.chmod(0o644)
    private_dir(loose_dir)
    private_file(loose_file)
    assert stat.S_IMODE(loose_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(loose_file.stat().st_mode) == 0o600
    assert loose_file.read_text() == "x", "an existing file keeps its content"


def test_inside_the_private_umask_a_child_process_creates_private_files(tmp_path: Path) -> None:
    with private_umask():
        subprocess.run(["touch", str(tmp_path / "made-by-a-child")], check=True)
    assert stat.S_IMODE((tmp_path / "made-by-a-child").stat().st_mode) == 0o600
