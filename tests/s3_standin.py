"""A local S3-compatible server for the witness tests: moto's, over real HTTP on loopback.

It speaks the S3 wire protocol boto3 speaks to AWS (versioned buckets, Object
Lock, conditional writes), so the S3 witness is tested as it runs, through
the standard credential chain (the tests set the AWS variables), and nothing
reaches the internet. One server serves the run; each test gets a bucket of
its own, created with Object Lock on.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

ACCESS_KEY = "AKIACASEBOTTEST00001"
# A canary: the secret key must never show up in a log line, an error, a table or a channel.
SECRET_KEY = "canary-s3-secret-9Xq2Lk7PzW4vN8rT"
REGION = "us-east-1"


@dataclass(frozen=True)
class S3Bucket:
    endpoint: str
    bucket: str
    client: Any

    def env(self) -> dict[str, str]:
        """What a `casebot` process needs to use this bucket as its witness."""
        return {
            "CASEBOT_AUDIT_S3_BUCKET": self.bucket,
            "CASEBOT_AUDIT_S3_ENDPOINT_URL": self.endpoint,
            "CASEBOT_AUDIT_S3_REGION": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3_bucket(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> S3Bucket:
    """A fresh bucket with Object Lock on, and the AWS variables pointing this process at it."""
    import boto3

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION)
    bucket = f"casebot-witness-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket, ObjectLockEnabledForBucket=True)
    return S3Bucket(endpoint=s3_endpoint, bucket=bucket, client=client)
