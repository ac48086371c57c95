"""The metrics module: labels only from closed sets, audit rows counted only once committed, and
several processes summed through prometheus-client's multiprocess mode."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.context import Casebot
from bot.observability import metrics
from storage import audit


@pytest.mark.parametrize(
    ("value", "label"),
    [
        ("cant_delete_message", "cant_delete_message"),
        ("not_verified", "not_verified"),
        ("U0MEMBER1", "unknown"),  # a Slack user ID
        ("C0CASE001", "unknown"),
        ("777001", "unknown"),  # a client ID
        ("http_429", "unknown"),
        ("ratelimited; Zephyrinaqa", "unknown"),  # free text
        ("a" * 65, "unknown"),
        ("", "unknown"),
        (None, "unknown"),
        (42, "unknown"),
    ],
)
def test_a_label_is_a_code_or_unknown(value: object, label: str) -> None:
    assert metrics.code(value) == label


def test_method_labels_are_web_api_method_names() -> None:
    assert metrics.method_label("chat.postMessage") == "chat.postMessage"
    assert metrics.method_label("files.getUploadURLExternal") == "files.getUploadURLExternal"
    assert metrics.method_label("chat.postMessage?channel=C0CASE001") == "unknown"
    assert metrics.method_label("U0MEMBER1") == "unknown"


def test_audit_details_give_only_closed_set_labels() -> None:
    before = metrics.sample("casebot_redactions_total", type="unknown")
    name = metrics.sample("casebot_redactions_total", type="NAME")
    refusals = metrics.sample("casebot_refusals_total", reason="unknown")
    rules = metrics.sample("casebot_escalations_total", rule="reveal_burst")
    metrics.audited("message.redacted", {"types": ["NAME", "NAME", "Zephyrinaqa"], "poster": "U0MEMBER1"})
    metrics.audited("pii.refused", {"reason": "U0MEMBER1 asked", "agency": "hope-house"})
    metrics.audited("escalation.opened", {"rules": ["reveal_burst"], "requester": "U0MEMBER1"})
    assert metrics.sample("casebot_redactions_total", type="NAME") == name + 1  # one a message
    assert metrics.sample("casebot_redactions_total", type="unknown") == before + 1
    assert metrics.sample("casebot_refusals_total", reason="unknown") == refusals + 1
    assert metrics.sample("casebot_escalations_total", rule="reveal_burst") == rules + 1
    body, _ = metrics.exposition()
    assert b"Zephyrinaqa" not in body and b"U0MEMBER1" not in body and b"hope-house" not in body


def test_an_audit_row_counts_when_its_transaction_commits_and_never_when_it_rolls_back(app: Casebot) -> None:
    def count() -> float:
        return metrics.sample("casebot_audit_events_total", action="test.counted")

    start = count()
    with pytest.raises(RuntimeError), app.db.transaction() as session:
        audit.record(session, actor="cli:test", action="test.counted")
        assert count() == start  # not before the commit
        raise RuntimeError("rolled back")
    assert count() == start

    with app.db.transaction() as session:
        audit.record(session, actor="cli:test", action="test.counted")
        audit.record(session, actor="cli:test", action="test.counted")
        assert count() == start
    assert count() == start + 2

    audit.append(app.db, actor="cli:test", action="test.counted")  # a transaction of its own
    assert count() == start + 3


def test_event_and_stream_hooks() -> None:
    received = metrics.sample("casebot_events_received_total", kind="message")
    done = metrics.sample("casebot_events_processed_total", outcome="redacted")
    timed = metrics.sample("casebot_event_processing_seconds_count", outcome="redacted")
    metrics.event_received("message")
    metrics.event_processed("redacted", 0.2)
    metrics.set_stream_state(lag=7, pending=3)
    assert metrics.sample("casebot_events_received_total", kind="message") == received + 1
    assert metrics.sample("casebot_events_processed_total", outcome="redacted") == done + 1
    assert metrics.sample("casebot_event_processing_seconds_count", outcome="redacted") == timed + 1
    assert metrics.sample("casebot_stream_lag") == 7 and metrics.sample("casebot_stream_pending") == 3
    metrics.set_stream_state(pending=0)
    assert metrics.sample("casebot_stream_lag") == 7 and metrics.sample("casebot_stream_pending") == 0


def test_several_processes_share_one_exposition_in_multiprocess_mode(tmp_path: Path) -> None:
    """What `casebot serve` does with CASEBOT_WEB_WORKERS > 1: the directory set before the fork, each
    worker writing its own files, the exposition summing them, a dead worker's gauges dropped."""
    script = textwrap.dedent(
        f"""
        import os
        from pathlib import Path
        from bot.observability import metrics

        metrics.use_multiprocess(Path({str(tmp_path)!r}))
        pids = []
        for lag in (5, 9):
            pid = os.fork()
            if pid == 0:
                metrics.event_received("message")
                metrics.set_stream_state(lag=lag)
                os._exit(0)
            pids.append(pid)
        for pid in pids:
            os.waitpid(pid, 0)
        body = metrics.exposition()[0].decode()
        print(sorted(line for line in body.splitlines() if line.startswith(("casebot_events_received_total",
               "casebot_stream_lag"))))
        metrics.process_dead(pids[1])
        print([line for line in metrics.exposition()[0].decode().splitlines()
               if line.startswith("casebot_stream_lag")])
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    ).stdout.splitlines()
    assert out[0] == str(['casebot_events_received_total{kind="message"} 2.0', "casebot_stream_lag 9.0"])
    assert out[1] == str(["casebot_stream_lag 5.0"])
