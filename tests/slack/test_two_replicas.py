"""Two `casebot serve` replicas on one PostgreSQL and one Redis, one of them killed mid-burst.

What must hold: every PII message deleted and re-posted exactly once, the events the killed replica
had acknowledged or held finished by the other, a TOTP code used on one replica refused on the
other, and one audit chain that `casebot audit verify` finds intact.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pyotp
import pytest

from app.installation import initialise
from bot.context import Casebot
from bot.ports.slack import Member
from bot.settings import Settings
from bot.sharing import identity
from tests.conftest import TEST_DATABASE_URL, TEST_REDIS_URL
from tests.slack.conftest import (
    ADMIN_TOKEN,
    BOT_TOKEN,
    CANARY_TEXT,
    MEMBER,
    SIGNING_SECRET,
    Reply,
    envelope,
    message_event,
    seed,
    sign,
)
from tests.slack.test_serve import CASEBOT, free_port, request
from tests.slack.test_sharing_http import next_code, reveal
from tests.slack_standin import SlackStandIn, wait_until

pytestmark = pytest.mark.skipif(
    not (TEST_DATABASE_URL and TEST_REDIS_URL),
    reason="replicas share a PostgreSQL and a Redis server (CI's second run sets CASEBOT_TEST_*_URL)",
)

MESSAGES = 40
THREADS = 4  # worker threads a replica
CLAIM_SECONDS = 2


@dataclass
class Replica:
    """One `casebot serve` process group; posts like ``RunningBot`` so the sharing helpers drive it."""

    name: str
    proc: subprocess.Popen
    port: int
    log: IO[str]
    standin: SlackStandIn
    sent: list[str] = field(default_factory=list)

    def post(self, path: str, body: str, headers: dict[str, str]) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            started = time.perf_counter()
            conn.request("POST", path, body=body.encode(), headers=headers)
            response = conn.getresponse()
            return Reply(response.status, response.read(), time.perf_counter() - started)
        finally:
            conn.close()

    def send(self, event: dict[str, Any]) -> int:
        body = json.dumps(envelope(event))
        return self.post("/slack/events", body, {"Content-Type": "application/json", **sign(body)}).status

    def settle(self, timeout: float = 15.0) -> None:
        time.sleep(0.3)  # the work happens in another process; callers wait on the stand-in

    def kill(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)  # the master and its worker, at once: no shutdown at all
        self.proc.wait()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()

    def output(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text()


@pytest.fixture
def totp(settings: Settings, tmp_path: Path) -> pyotp.TOTP:
    """The seeded installation (by-name list with the canary, a member, an HMIS admin), the member
    enrolled in TOTP."""
    app = Casebot(settings)
    initialise(app, actor="cli:test")
    seed(app, tmp_path)
    member = Member(user_id=MEMBER, deleted=False, guest=False, external=False)
    enrollment = identity.begin_enrollment(app, slack_user_id=MEMBER, member=member)
    secret = re.search(r"secret=([A-Z2-7]+)", enrollment.uri).group(1)  # type: ignore[union-attr]
    authenticator = pyotp.TOTP(secret)
    code = authenticator.now()
    assert identity.confirm_enrollment(app, slack_user_id=MEMBER, code=code, member=member).outcome is (
        identity.Verify.VERIFIED
    )
    identity.end_sessions(app, slack_user_id=MEMBER)
    app.close()
    return authenticator


@pytest.fixture
def replicas(
    env_for: dict[str, str], standin: SlackStandIn, tmp_path: Path, totp: pyotp.TOTP
) -> Iterator[tuple]:
    started: list[Replica] = []
    try:
        for name in ("a", "b"):
            port = free_port()
            env = {
                **env_for,
                "SLACK_BOT_TOKEN": BOT_TOKEN,
                "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "SLACK_ADMIN_USER_TOKEN": ADMIN_TOKEN,
                "SLACK_API_URL": standin.url,
                "CASEBOT_BIND": f"127.0.0.1:{port}",
                "CASEBOT_WORKER_THREADS": str(THREADS),
                "CASEBOT_STREAM_CLAIM_SECONDS": str(CLAIM_SECONDS),
                "CASEBOT_RECONCILE_DAILY": "false",
                "CASEBOT_REPORT_MONTHLY": "false",
                "HOME": str(tmp_path / f"home-{name}"),
            }
            env.pop("XDG_RUNTIME_DIR", None)
            log = (tmp_path / f"serve-{name}.log").open("w+")
            proc = subprocess.Popen(
                [CASEBOT, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
            replica = Replica(name, proc, port, log, standin)
            started.append(replica)
            deadline = time.monotonic() + 60
            while True:
                try:
                    if request(port, "GET", "/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"replica {name} did not become healthy:\n{replica.output()}")
                time.sleep(0.1)
        standin.reset()
        yield started[0], started[1], totp
    finally:
        for replica in started:
            replica.stop()


def reposts(standin: SlackStandIn) -> Counter[str]:
    """How often each numbered message was re-posted into the channel."""
    found: Counter[str] = Counter()
    for call in standin.of("chat.postMessage"):
        match = re.search(r"wrote: .*\(note (\d+)\)", str(call.params.get("text") or ""))
        if match:
            found[match.group(1)] += 1
    return found


def test_a_replica_killed_mid_burst_loses_nothing_and_repeats_nothing(
    replicas: tuple[Replica, Replica, pyotp.TOTP], standin: SlackStandIn, env_for: dict[str, str]
) -> None:
    a, b, _ = replicas
    standin.track_deletes = True
    standin.hold("chat.delete")  # every worker that takes a message stops inside Slack's delete
    events = [message_event(f"{CANARY_TEXT} (note {i})") for i in range(MESSAGES)]
    for i, event in enumerate(events[:-1]):
        assert (a if i % 2 == 0 else b).send(event) == 200  # each 200 means the event is on the stream
    wait_until(lambda: standin.held >= 2 * THREADS, timeout=60)  # both replicas' workers hold one each
    assert a.send(events[-1]) == 200  # acknowledged by a just before it dies
    a.kill()
    standin.release("chat.delete")  # a's deletes reach Slack anyway; a never hears back

    wait_until(lambda: len(reposts(standin)) == MESSAGES, timeout=120)
    time.sleep(CLAIM_SECONDS + 2)  # anything delivered twice would show by now
    assert reposts(standin) == Counter({str(i): 1 for i in range(MESSAGES)})
    assert {ts for _, ts in standin.deleted_messages} == {e["ts"] for e in events}
    # b finished what a held: their deletes, sent again, found the messages gone and went on
    assert len(standin.of("chat.delete")) >= MESSAGES + 1
    assert len(standin.of("chat.postEphemeral")) == MESSAGES

    verify = subprocess.run(
        [CASEBOT, "audit", "verify"], env=env_for, capture_output=True, text=True, timeout=120
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "intact" in verify.stdout
    for value in ("Vorthmundsen", "517-29-4836"):
        assert value not in b.output()


def test_a_code_used_on_one_replica_is_refused_on_the_other(
    replicas: tuple[Replica, Replica, pyotp.TOTP], standin: SlackStandIn, settings: Settings
) -> None:
    a, b, totp = replicas
    code = next_code(totp)
    first, _ = reveal(a, user=MEMBER, code=code)  # type: ignore[arg-type]
    assert "totp_code" not in json.dumps(first.json())
    app = Casebot(settings)
    try:
        identity.end_sessions(app, slack_user_id=MEMBER)  # so that b must ask for a code again
    finally:
        app.close()
    second, shown = reveal(b, user=MEMBER, code=code)  # type: ignore[arg-type]
    assert second.json()["response_action"] == "errors"
    assert "already used" in second.json()["errors"]["totp_code"]
    assert shown is None
