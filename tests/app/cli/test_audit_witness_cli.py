"""The audit log's witnesses as an operator meets them: `casebot` commands in their own processes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from sqlalchemy import func, select

from bot.context import Casebot
from bot.oversight import audit_service
from bot.settings import Settings
from storage.models import AuditEvent
from tests.audit_attacks import rewrite_and_cover_up
from tests.s3_standin import SECRET_KEY, S3Bucket

CASEBOT = shutil.which("casebot", path=os.path.dirname(sys.executable)) or "casebot"


def run(env: dict[str, str], *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([CASEBOT, *args], env=env, capture_output=True, text=True, timeout=120)
    if ok:
        assert proc.returncode == 0, f"casebot {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


def _covered(settings: Settings) -> tuple[int, int]:
    """(rows in the log, rows the newest checkpoint covers)."""
    app = Casebot(settings)
    try:
        with app.db.transaction(write=False) as session:
            rows = session.scalar(select(func.max(AuditEvent.seq))) or 0
        cp = audit_service.latest_checkpoint(app)
        return rows, cp.tree_size if cp else 0
    finally:
        app.close()


def test_every_command_that_appended_is_checkpointed_before_it_exits(
    settings: Settings, env_for: dict[str, str]
) -> None:
    run(env_for, "init")
    run(env_for, "agency", "add", "hope-house", "Hope House")
    rows, covered = _covered(settings)
    assert covered == rows
    run(env_for, "agency", "add", "north", "North Shelter")  # one row, long before N events or T seconds
    rows_after, covered_after = _covered(settings)
    assert rows_after == rows + 1 and covered_after == rows_after


def test_audit_verify_fails_naming_the_s3_witness_when_the_log_was_rewritten(
    settings: Settings, env_for: dict[str, str], s3_bucket: S3Bucket
) -> None:
    env = {**env_for, **s3_bucket.env()}
    run(env, "init")
    run(env, "agency", "add", "hope-house", "Hope House")  # checkpointed and sent to the bucket, like init
    intact = run(env, "audit", "verify")
    _, size = _covered(settings)
    assert f"witness s3:{s3_bucket.bucket}/casebot-audit/: 2 checkpoint copies checked" in intact.stdout

    app = Casebot(settings)
    try:
        rewrite_and_cover_up(app, seq=2)
    finally:
        app.close()
    assert run(env_for, "audit", "verify").returncode == 0, "without the witness nothing can tell"
    proc = run(env, "audit", "verify", ok=False)
    assert proc.returncode == 1
    assert (
        f"checkpoint {size} in the database differs from witness s3:{s3_bucket.bucket}/casebot-audit/'s copy "
        f"of checkpoint {size}"
    ) in " ".join((proc.stdout + proc.stderr).split())
    assert "Traceback" not in proc.stderr


def test_audit_checkpoint_says_where_each_copy_went(
    settings: Settings, env_for: dict[str, str], s3_bucket: S3Bucket
) -> None:
    env = {**env_for, **s3_bucket.env()}
    run(env_for, "init")  # no witness yet: a checkpoint the bucket never saw
    proc = run(env, "audit", "checkpoint")
    _, covered = _covered(settings)
    assert f"witness s3:{s3_bucket.bucket}/casebot-audit/: published checkpoint(s) {covered}" in proc.stdout


def test_config_check_in_production_fails_when_the_only_copies_are_under_the_data_directory(
    env_for: dict[str, str], s3_bucket: S3Bucket
) -> None:
    run(env_for, "init")
    production = {**env_for, "CASEBOT_ENV": "production"}
    proc = run(production, "config", "check", ok=False)
    assert proc.returncode == 1
    assert "audit witnesses: no witness" in " ".join(proc.stderr.split())
    assert run(env_for, "config", "check").returncode == 0, "outside production it is a warning"

    proc = run({**production, **s3_bucket.env()}, "config", "check", ok=False)
    output = " ".join((proc.stdout + proc.stderr).split())
    assert "no witness" not in output and f"witness s3:{s3_bucket.bucket}/casebot-audit/" in output
    assert "reachable" in output


def test_config_check_fails_for_a_bucket_without_object_lock(
    env_for: dict[str, str], s3_bucket: S3Bucket
) -> None:
    s3_bucket.client.create_bucket(Bucket=f"{s3_bucket.bucket}-open")
    env = {**env_for, **s3_bucket.env(), "CASEBOT_AUDIT_S3_BUCKET": f"{s3_bucket.bucket}-open"}
    run(env, "init")
    proc = run(env, "config", "check", ok=False)
    assert "does not have Object Lock enabled" in " ".join(proc.stderr.split())


def test_no_command_prints_the_s3_secret_key_whether_the_bucket_answers_or_not(
    env_for: dict[str, str], s3_bucket: S3Bucket
) -> None:
    reachable = {**env_for, **s3_bucket.env(), "CASEBOT_LOG_LEVEL": "DEBUG"}
    unreachable = {**reachable, "CASEBOT_AUDIT_S3_ENDPOINT_URL": "http://127.0.0.1:9"}
    outputs = []
    run(reachable, "init")
    for n, env in enumerate((reachable, unreachable)):
        for args in (
            ("agency", "add", f"agency-{n}", "An agency"),
            ("audit", "checkpoint"),
            ("audit", "verify"),
            ("config", "check"),
        ):
            proc = run(env, *args, ok=False)
            outputs.append(proc.stdout + proc.stderr)
    assert all(SECRET_KEY not in output for output in outputs)
    assert any("did not take the checkpoint" in output for output in outputs), "the failure was named"
