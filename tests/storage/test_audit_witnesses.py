"""Witnesses of the audit log: copies of the signed checkpoints where the database's owner cannot reach.

The attacker here holds the database and the master key: they rewrite a row,
recompute every hash, delete the folder of copies and sign fresh checkpoints
with casebot's own key (``tests/audit_attacks.py``). Without a witness that
verifies as intact; with one, verify names the witness and the tree size.
The S3 witness runs against a local S3-compatible server over HTTP (moto).
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta

import pytest
from botocore.exceptions import ClientError

from bot.context import Casebot
from bot.oversight import audit_service
from storage import audit
from storage.audit_checkpoints import CheckpointMirror, checkpoint_document
from storage.audit_s3 import S3Witness
from storage.audit_witness import WitnessConflict
from tests.audit_attacks import rewrite_and_cover_up, rewrite_consistently
from tests.s3_standin import REGION, S3Bucket

LATER = datetime.now(UTC) + timedelta(hours=1)  # past the grace for publishing


def _write(app: Casebot, n: int) -> None:
    with app.db.transaction() as session:
        for i in range(n):
            audit.record(
                session, actor="U0TEST", action="test.event", client_id=str(1000 + i), detail={"i": i}
            )


def _s3(bucket: S3Bucket, *, prefix: str = "casebot-audit/") -> S3Witness:
    return S3Witness(
        bucket=bucket.bucket, prefix=prefix, retention_days=1, endpoint_url=bucket.endpoint, region=REGION
    )


def _checkpoint_and_publish(app: Casebot, witness) -> int:
    cp = audit_service.checkpoint_now(app)
    (outcome,) = audit_service.publish_pending(app, witnesses=[witness])
    assert outcome.error is None and cp.tree_size in outcome.tree_sizes
    return cp.tree_size


def test_without_a_witness_a_rewrite_with_deleted_copies_still_verifies(app: Casebot) -> None:
    """The hole a witness closes, kept visible: nothing in reach of the database's owner can tell."""
    _write(app, 10)
    audit_service.checkpoint_now(app)
    rewrite_and_cover_up(app, seq=5)
    report = audit_service.verify(app, witnesses=[])
    assert report.ok
    assert any("under the data directory" in w for w in report.warnings)


def test_a_rewrite_with_deleted_copies_is_caught_by_the_s3_witness(app: Casebot, s3_bucket: S3Bucket) -> None:
    witness = _s3(s3_bucket)
    _write(app, 10)
    size = _checkpoint_and_publish(app, witness)
    assert audit_service.verify(app, witnesses=[witness]).ok

    rewrite_and_cover_up(app, seq=5)
    report = audit_service.verify(app, witnesses=[witness])
    assert not report.ok
    assert f"witness {witness.name}" in report.problem and f"checkpoint {size}" in report.problem


def test_a_rewrite_that_also_drops_the_databases_checkpoints_is_caught_by_the_witness(
    app: Casebot, s3_bucket: S3Bucket
) -> None:
    """No checkpoint left in the database to compare with: the witness's copy is checked against the rows."""
    witness = _s3(s3_bucket)
    _write(app, 10)
    size = _checkpoint_and_publish(app, witness)
    rewrite_consistently(app, seq=5)
    shutil.rmtree(app.settings.audit_mirror_dir)
    report = audit_service.verify(app, witnesses=[witness])
    assert not report.ok
    assert f"witness {witness.name}'s copy of checkpoint {size} at tree size {size} no longer matches" in (
        report.problem
    )


def test_deleting_the_copies_folder_fails_once_a_witness_is_configured(
    app: Casebot, s3_bucket: S3Bucket
) -> None:
    witness = _s3(s3_bucket)
    _write(app, 4)
    size = _checkpoint_and_publish(app, witness)
    shutil.rmtree(app.settings.audit_mirror_dir)
    assert audit_service.verify(app, witnesses=[]).ok, "alone, a missing folder is a warning"
    report = audit_service.verify(app, witnesses=[witness], now=LATER)
    assert not report.ok
    assert f"has no copy of checkpoint {size}" in report.problem and "folder" in report.problem


def test_the_s3_server_refuses_to_delete_a_locked_checkpoint(app: Casebot, s3_bucket: S3Bucket) -> None:
    witness = _s3(s3_bucket)
    _write(app, 3)
    size = _checkpoint_and_publish(app, witness)
    key = witness.key_for(size)
    (version,) = s3_bucket.client.list_object_versions(Bucket=s3_bucket.bucket, Prefix=key)["Versions"]
    head = s3_bucket.client.head_object(Bucket=s3_bucket.bucket, Key=key, VersionId=version["VersionId"])
    assert head["ObjectLockMode"] == "COMPLIANCE"
    assert head["ObjectLockRetainUntilDate"] > datetime.now(UTC) + timedelta(hours=23)
    with pytest.raises(ClientError) as refused:
        s3_bucket.client.delete_object(Bucket=s3_bucket.bucket, Key=key, VersionId=version["VersionId"])
    assert refused.value.response["Error"]["Code"] == "AccessDenied"
    assert audit_service.verify(app, witnesses=[witness]).ok


def test_the_s3_server_refuses_casebots_own_overwrite_and_verify_names_anyone_elses(
    app: Casebot, s3_bucket: S3Bucket
) -> None:
    """casebot writes with If-None-Match: a second write of the key is refused (412). A plain PUT by
    someone else only adds a version above the locked one: verify checks the first and names the attempt."""
    witness = _s3(s3_bucket)
    _write(app, 3)
    size = _checkpoint_and_publish(app, witness)
    key = witness.key_for(size)
    with pytest.raises(ClientError) as refused:
        s3_bucket.client.put_object(Bucket=s3_bucket.bucket, Key=key, Body=b"{}", IfNoneMatch="*")
    assert refused.value.response["Error"]["Code"] == "PreconditionFailed"

    s3_bucket.client.put_object(Bucket=s3_bucket.bucket, Key=key, Body=b'{"forged": true}')
    report = audit_service.verify(app, witnesses=[witness])
    assert not report.ok
    assert report.problem.startswith(f"witness {witness.name}: checkpoint {size} was overwritten")


def test_a_delete_marker_on_a_checkpoint_is_named(app: Casebot, s3_bucket: S3Bucket) -> None:
    witness = _s3(s3_bucket)
    _write(app, 3)
    size = _checkpoint_and_publish(app, witness)
    s3_bucket.client.delete_object(Bucket=s3_bucket.bucket, Key=witness.key_for(size))  # a marker, no more
    report = audit_service.verify(app, witnesses=[witness])
    assert not report.ok
    assert report.problem.startswith(f"witness {witness.name}: checkpoint {size} was deleted")


def test_publishing_again_is_harmless_and_a_different_copy_is_never_replaced(
    app: Casebot, s3_bucket: S3Bucket
) -> None:
    witness = _s3(s3_bucket)
    _write(app, 3)
    cp = audit_service.checkpoint_now(app)
    document = checkpoint_document(cp, public_key=audit_service.public_key(app))
    witness.publish(tree_size=cp.tree_size, document=document)
    witness.publish(tree_size=cp.tree_size, document=document)  # another replica, a retry: the same copy
    with pytest.raises(WitnessConflict):
        witness.publish(tree_size=cp.tree_size, document=document.replace(cp.root_hash, "00" * 32))
    assert [c.tree_size for c in witness.list()] == [cp.tree_size]
    assert witness.read(tree_size=cp.tree_size).document == document


def test_a_witness_starts_with_the_newest_checkpoint_then_takes_every_later_one(
    app: Casebot, s3_bucket: S3Bucket
) -> None:
    """The newest root pins every row before it, so a witness configured late needs no back catalogue."""
    witness = _s3(s3_bucket)
    for _ in range(3):
        _write(app, 2)
        audit_service.checkpoint_now(app)
    first = audit_service.publish_pending(app, witnesses=[witness])[0].tree_sizes
    for _ in range(2):
        _write(app, 2)
        audit_service.checkpoint_now(app)
    later = audit_service.publish_pending(app, witnesses=[witness])[0].tree_sizes
    assert first == (7,) and later == (9, 11)
    assert audit_service.publish_pending(app, witnesses=[witness])[0].tree_sizes == ()
    report = audit_service.verify(app, witnesses=[witness], now=LATER)
    assert report.ok, report.problem
    assert report.witnessed == {witness.name: 3}


def test_a_checkpoint_never_published_is_pending_then_fails_after_the_grace(
    app: Casebot, s3_bucket: S3Bucket
) -> None:
    witness = _s3(s3_bucket)
    _write(app, 3)
    _checkpoint_and_publish(app, witness)
    _write(app, 3)
    cp = audit_service.checkpoint_now(app)  # not yet published
    soon = audit_service.verify(app, witnesses=[witness])
    assert soon.ok and any("not yet published" in w for w in soon.warnings)
    late = audit_service.verify(app, witnesses=[witness], now=LATER)
    assert not late.ok
    assert f"witness {witness.name} has no copy of checkpoint {cp.tree_size}" in late.problem
    assert "never published" in late.problem


def test_an_empty_witness_fails_once_the_newest_checkpoint_is_past_the_grace(
    app: Casebot, s3_bucket: S3Bucket
) -> None:
    """Configured and never sent anything (or emptied): the newest checkpoint, at least, must be there."""
    witness = _s3(s3_bucket)
    _write(app, 3)
    cp = audit_service.checkpoint_now(app)
    report = audit_service.verify(app, witnesses=[witness], now=LATER)
    assert not report.ok and f"has no copy of checkpoint {cp.tree_size}" in report.problem


def test_an_unreachable_witness_fails_verify_naming_it(app: Casebot, s3_bucket: S3Bucket) -> None:
    witness = S3Witness(
        bucket="no-such-bucket-here", prefix="x/", retention_days=1, endpoint_url=s3_bucket.endpoint
    )
    _write(app, 2)
    audit_service.checkpoint_now(app)
    report = audit_service.verify(app, witnesses=[witness])
    assert not report.ok
    assert report.problem == (
        f"witness {witness.name} could not be read (nosuchbucket): its copies cannot be checked"
    )


def test_the_folder_off_the_data_directory_is_a_witness(app: Casebot, tmp_path) -> None:
    elsewhere = tmp_path / "worm-mount"
    app.settings.audit_checkpoint_dir = elsewhere
    assert not audit_service.mirror(app).local
    _write(app, 3)
    cp = audit_service.checkpoint_now(app)
    assert audit_service.verify(app, witnesses=[]).ok
    shutil.rmtree(elsewhere)
    report = audit_service.verify(app, witnesses=[], now=LATER)
    assert not report.ok
    assert report.problem.startswith(f"folder {elsewhere} has no copy of checkpoint {cp.tree_size}")


def test_the_folder_under_the_data_directory_is_not_a_witness(app: Casebot) -> None:
    assert CheckpointMirror(app.settings.audit_mirror_dir, data_dir=app.settings.data_dir).local
    assert audit_service.mirror(app).local
