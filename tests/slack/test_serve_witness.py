"""`casebot serve` with the S3 witness: the last checkpoint reaches the bucket when serve stops, and the
secret key reaches no log line, even at DEBUG."""

from __future__ import annotations

import json
import signal

import pytest
from sqlalchemy import func, select

from bot.context import Casebot
from bot.settings import Settings
from storage.models import AuditEvent
from tests.s3_standin import SECRET_KEY, S3Bucket
from tests.slack.conftest import CANARY_TEXT, envelope, message_event, sign
from tests.slack.test_serve import request, served  # noqa: F401 (the fixture)
from tests.slack_standin import SlackStandIn


@pytest.fixture
def serve_env(s3_bucket: S3Bucket) -> dict[str, str]:
    return {**s3_bucket.env(), "CASEBOT_LOG_LEVEL": "DEBUG"}


def test_serve_sends_its_last_checkpoint_to_the_bucket_and_logs_no_secret(
    served,  # noqa: F811
    settings: Settings,
    s3_bucket: S3Bucket,
    standin: SlackStandIn,
) -> None:
    proc, port, log = served
    payload = json.dumps(envelope(message_event(CANARY_TEXT)))
    status, _ = request(
        port, "POST", "/slack/events", payload, {"Content-Type": "application/json", **sign(payload)}
    )
    assert status == 200
    standin.wait_for("chat.postEphemeral", timeout=15)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0
    app = Casebot(settings)
    try:
        with app.db.transaction(write=False) as session:
            last = session.scalar(select(func.max(AuditEvent.seq)))
    finally:
        app.close()
    listed = s3_bucket.client.list_objects_v2(Bucket=s3_bucket.bucket).get("Contents", [])
    log.seek(0)
    output = log.read()
    assert f"casebot-audit/checkpoint-{last:012d}.json" in [o["Key"] for o in listed], output
    assert SECRET_KEY not in output
    assert "Traceback" not in output
