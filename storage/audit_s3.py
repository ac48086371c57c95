"""An S3-compatible bucket with Object Lock as a witness of the audit log.

Each checkpoint is one object, written with ``If-None-Match: *`` (casebot
never replaces a copy) under Object Lock in COMPLIANCE mode until the
retention date: until then nobody, not the bucket's owner nor the root
account, can delete or shorten the lock on that version. A versioned bucket
still lets anyone with write access put a *new version* of the key, or a
delete marker on it; neither removes the locked first version. So the read
back looks at every version: it checks the first one written, and reports
any later version or delete marker as tampering.

Credentials come from the standard AWS chain (environment, shared files,
instance or task role); they are never read, held or logged by casebot
itself. Errors are reduced to the service's error code.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from storage.audit_checkpoints import parse_copy
from storage.audit_witness import WitnessConflict, WitnessCopy, WitnessError

_KEY = re.compile(r"checkpoint-(\d{12})\.json$")
_EXISTS = frozenset({"PreconditionFailed", "ConditionalRequestConflict"})


def quiet_boto_loggers() -> None:
    """botocore logs requests and their headers at DEBUG: never let it below WARNING."""
    for name in ("boto3", "botocore", "s3transfer", "urllib3"):
        logger = logging.getLogger(name)
        logger.setLevel(max(logger.level, logging.WARNING))


@dataclass
class _Versions:
    versions: list[dict[str, Any]] = field(default_factory=list)  # newest first, as S3 lists them
    delete_markers: int = 0


class S3Witness:
    kind = "s3"
    local = False

    def __init__(
        self,
        *,
        bucket: str,
        prefix: str,
        retention_days: int,
        endpoint_url: str | None = None,
        region: str | None = None,
        client: Any = None,
    ) -> None:
        self.bucket = bucket
        self.prefix = prefix
        self.retention_days = retention_days
        self._endpoint_url = endpoint_url
        self._region = region
        self._client = client

    @property
    def name(self) -> str:
        return f"s3:{self.bucket}/{self.prefix}"

    @property
    def client(self) -> Any:
        if self._client is None:
            import boto3
            from botocore.config import Config

            quiet_boto_loggers()
            self._client = boto3.client(
                "s3",
                endpoint_url=self._endpoint_url,
                region_name=self._region,
                config=Config(
                    connect_timeout=5, read_timeout=15, retries={"max_attempts": 3, "mode": "standard"}
                ),
            )
        return self._client

    def key_for(self, tree_size: int) -> str:
        return f"{self.prefix}checkpoint-{tree_size:012d}.json"

    def _call(self, method: str, **kwargs: Any) -> Any:
        """One S3 call; any failure becomes a WitnessError holding the error code alone."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return getattr(self.client, method)(**kwargs)
        except ClientError as exc:
            raise WitnessError(str(exc.response.get("Error", {}).get("Code") or "client_error")) from None
        except BotoCoreError as exc:
            raise WitnessError(type(exc).__name__) from None

    def publish(self, *, tree_size: int, document: str) -> None:
        until = datetime.now(UTC) + timedelta(days=self.retention_days)
        try:
            self._call(
                "put_object",
                Bucket=self.bucket,
                Key=self.key_for(tree_size),
                Body=document.encode(),
                ContentType="application/json",
                IfNoneMatch="*",
                ObjectLockMode="COMPLIANCE",
                ObjectLockRetainUntilDate=until,
            )
        except WitnessError as exc:
            if exc.code not in {c.lower() for c in _EXISTS}:
                raise
            held = self.read(tree_size=tree_size)  # published before (another replica, an earlier try)
            if held is None or held.document is None or not _same(held.document, document):
                raise WitnessConflict() from None

    def _versions(self, prefix: str) -> dict[str, _Versions]:
        found: dict[str, _Versions] = {}
        marker: dict[str, Any] = {}
        while True:
            page = self._call("list_object_versions", Bucket=self.bucket, Prefix=prefix, **marker)
            for version in page.get("Versions") or []:
                found.setdefault(version["Key"], _Versions()).versions.append(version)
            for deleted in page.get("DeleteMarkers") or []:
                found.setdefault(deleted["Key"], _Versions()).delete_markers += 1
            if not page.get("IsTruncated"):
                return found
            marker = {
                "KeyMarker": page.get("NextKeyMarker"),
                "VersionIdMarker": page.get("NextVersionIdMarker"),
            }
            marker = {k: v for k, v in marker.items() if v}

    def _copy(self, tree_size: int, held: _Versions) -> WitnessCopy | None:
        if not held.versions:
            return None  # only delete markers: the versions themselves are gone (their lock had run out)
        first = held.versions[-1]  # S3 lists a key's versions newest first
        notes = []
        if len(held.versions) > 1:
            notes.append(f"was overwritten ({len(held.versions)} versions; the first one written is checked)")
        if held.delete_markers:
            notes.append("was deleted (a delete marker hides it; the locked first version is checked)")
        body = self._call("get_object", Bucket=self.bucket, Key=first["Key"], VersionId=first["VersionId"])
        try:
            text = body["Body"].read().decode()
        except (OSError, UnicodeDecodeError):
            text = None
        return WitnessCopy(tree_size, text, "; ".join(notes) or None)

    def read(self, *, tree_size: int) -> WitnessCopy | None:
        key = self.key_for(tree_size)
        held = self._versions(key).get(key)
        return None if held is None else self._copy(tree_size, held)

    def list(self) -> list[WitnessCopy]:
        copies = []
        for key, held in sorted(self._versions(self.prefix).items()):
            match = _KEY.search(key)
            if match is None or key != self.key_for(int(match[1])):
                continue
            copy = self._copy(int(match[1]), held)
            if copy is not None:
                copies.append(copy)
        return copies

    def check(self) -> str | None:
        try:
            lock = self._call("get_object_lock_configuration", Bucket=self.bucket)
        except WitnessError as exc:
            if exc.code != "objectlockconfigurationnotfounderror":  # S3's answer for a bucket without a lock
                return f"bucket {self.bucket}: {exc.code}"
            lock = {}
        if (lock.get("ObjectLockConfiguration") or {}).get("ObjectLockEnabled") != "Enabled":
            return f"bucket {self.bucket} does not have Object Lock enabled: copies could be deleted"
        return None


def _same(a: str, b: str) -> bool:
    try:
        return parse_copy(a, source="held").same_as(parse_copy(b, source="new"))
    except ValueError:
        return False
