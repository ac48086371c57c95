"""casebot's Prometheus metrics: stable names under ``casebot_``, labels only from closed sets.

A label value is never text from Slack or the database: no client, user or channel ID, no message,
no error message. Each label is an enum value (PII types), or a code casebot or Slack wrote, checked
against a pattern that no ID and no sentence can match (``[a-z_]{1,64}``: no digits, no capitals, no
spaces) and replaced by ``unknown`` otherwise. So the exposition can be scraped by anyone who can
reach ``/metrics`` without leaking who or what a count is about.

Where each count comes from:

- the audit log (``storage.audit.observe``): redactions by PII type, messages redacted, files removed,
  disclosures, refusals by reason, escalations by rule, audit events by action; counted when the
  transaction that wrote the row commits, never for a row rolled back;
- the Bolt app (``app.slack_app``): every signed request that reaches casebot's listeners, by kind;
- the Web API client (``handlers.slack_api.web_api``): each call's duration, errors and retries;
- the event runtime: ``event_processed`` and ``set_stream_state``, called by whoever processes events.

Several gunicorn workers (``CASEBOT_WEB_WORKERS`` > 1) share one exposition through prometheus-client's
multiprocess mode: ``use_multiprocess`` is called by ``casebot serve`` before the workers fork.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)

from redaction.findings import PiiType
from storage import audit

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
UNKNOWN = "unknown"

_CODE = re.compile(r"[a-z_]{1,64}")
_ACTION = re.compile(r"[a-z_]{1,32}(\.[a-z_]{1,32}){0,2}")
_METHOD = re.compile(r"[a-z]{1,20}(\.[A-Za-z]{1,40}){1,2}")
_PII_TYPES = frozenset(t.value for t in PiiType)

# Slack API calls take from milliseconds to the 15 s timeout; events from milliseconds to OCR's 20 s.
_SLACK_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 15.0, 30.0)
_EVENT_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


def code(value: object) -> str:
    """A label value from a code (a reason, an error, a rule, an event kind): itself, or ``unknown``."""
    return value if isinstance(value, str) and _CODE.fullmatch(value) else UNKNOWN


def method_label(value: object) -> str:
    """A Slack Web API method name (``chat.postMessage``), or ``unknown``."""
    return value if isinstance(value, str) and _METHOD.fullmatch(value) else UNKNOWN


def _action(value: object) -> str:
    return value if isinstance(value, str) and _ACTION.fullmatch(value) else UNKNOWN


@dataclass(frozen=True)
class _Metrics:
    registry: CollectorRegistry
    events_received: Counter
    events_processed: Counter
    event_seconds: Histogram
    stream_lag: Gauge
    stream_pending: Gauge
    audit_events: Counter
    redactions: Counter
    messages_redacted: Counter
    files_removed: Counter
    disclosures: Counter
    refusals: Counter
    escalations: Counter
    slack_seconds: Histogram
    slack_errors: Counter
    slack_retries: Counter


def _build() -> _Metrics:
    r = CollectorRegistry(auto_describe=True)
    return _Metrics(
        registry=r,
        events_received=Counter(
            "casebot_events_received", "Signed Slack requests that reached casebot, by kind.", ["kind"],
            registry=r,
        ),
        events_processed=Counter(
            "casebot_events_processed", "Events casebot finished processing, by outcome.", ["outcome"],
            registry=r,
        ),
        event_seconds=Histogram(
            "casebot_event_processing_seconds", "Time to process one event, by outcome.", ["outcome"],
            buckets=_EVENT_BUCKETS, registry=r,
        ),
        stream_lag=Gauge(
            "casebot_stream_lag", "Events in the stream not yet delivered to a consumer.",
            multiprocess_mode="livemax", registry=r,
        ),
        stream_pending=Gauge(
            "casebot_stream_pending", "Events delivered to a consumer and not yet acknowledged.",
            multiprocess_mode="livemax", registry=r,
        ),
        audit_events=Counter(
            "casebot_audit_events", "Audit rows committed, by action.", ["action"], registry=r
        ),
        redactions=Counter(
            "casebot_redactions", "Redacted messages holding each PII type (one count per type a message).",
            ["type"], registry=r,
        ),
        messages_redacted=Counter(
            "casebot_messages_redacted", "Messages casebot redacted.", registry=r
        ),
        files_removed=Counter("casebot_files_removed", "Shared files casebot removed.", registry=r),
        disclosures=Counter(
            "casebot_disclosures", "PII disclosures to a verified, entitled person, by delivery.",
            ["delivery"], registry=r,
        ),
        refusals=Counter(
            "casebot_refusals", "Requests for PII refused, by reason.", ["reason"], registry=r
        ),
        escalations=Counter(
            "casebot_escalations", "Escalations opened to a supervisor, by rule (one per rule that fired).",
            ["rule"], registry=r,
        ),
        slack_seconds=Histogram(
            "casebot_slack_api_seconds", "Slack Web API call duration (retries included), by method.",
            ["method"], buckets=_SLACK_BUCKETS, registry=r,
        ),
        slack_errors=Counter(
            "casebot_slack_api_errors", "Slack Web API calls that failed, by method and Slack's error code.",
            ["method", "error"], registry=r,
        ),
        slack_retries=Counter(
            "casebot_slack_api_retries", "Slack Web API requests retried, by method and reason.",
            ["method", "reason"], registry=r,
        ),
    )


_lock = threading.Lock()
_current: _Metrics | None = None


def _m() -> _Metrics:
    global _current
    if _current is None:
        with _lock:
            if _current is None:
                _current = _build()
    return _current


# --- what the event runtime calls ------------------------------------------------------------------


def event_received(kind: str) -> None:
    """One signed request reached casebot (``app.slack_app`` counts every one: call it only for events
    that arrive some other way)."""
    _m().events_received.labels(kind=code(kind)).inc()


def event_processed(outcome: str, seconds: float) -> None:
    """One event finished: ``outcome`` a code such as ``ok``, ``redacted``, ``failed``, ``duplicate``."""
    m, label = _m(), code(outcome)
    m.events_processed.labels(outcome=label).inc()
    m.event_seconds.labels(outcome=label).observe(max(float(seconds), 0.0))


def set_stream_state(*, lag: int | None = None, pending: int | None = None) -> None:
    """The event stream's consumer group as last read (XINFO GROUPS lag, XPENDING count)."""
    m = _m()
    if lag is not None:
        m.stream_lag.set(max(int(lag), 0))
    if pending is not None:
        m.stream_pending.set(max(int(pending), 0))


# --- Slack's Web API -------------------------------------------------------------------------------


def slack_call(method: str, seconds: float, *, error: str | None = None) -> None:
    """One Web API call took ``seconds``; ``error`` is Slack's error code (or the failure's kind)."""
    m, label = _m(), method_label(method)
    m.slack_seconds.labels(method=label).observe(max(float(seconds), 0.0))
    if error is not None:
        m.slack_errors.labels(method=label, error=code(error)).inc()


def slack_retry(method: str, reason: str) -> None:
    _m().slack_retries.labels(method=method_label(method), reason=code(reason)).inc()


# --- the audit log ---------------------------------------------------------------------------------


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, str)]
    return []


def audited(action: str, detail: Mapping[str, Any]) -> None:
    """One committed audit row. Only the action and the closed-set fields of its detail are read."""
    m = _m()
    m.audit_events.labels(action=_action(action)).inc()
    if action == "message.redacted":
        m.messages_redacted.inc()
        for kind in sorted(set(_strings(detail.get("types")))):
            m.redactions.labels(type=kind if kind in _PII_TYPES else UNKNOWN).inc()
    elif action == "file.removed":
        m.files_removed.inc()
    elif action == audit.DISCLOSURE:
        m.disclosures.labels(delivery=code(detail.get("delivery"))).inc()
    elif action == "pii.refused":
        m.refusals.labels(reason=code(detail.get("reason"))).inc()
    elif action == "escalation.opened":
        for rule in sorted(set(_strings(detail.get("rules")))) or [UNKNOWN]:
            m.escalations.labels(rule=code(rule)).inc()


audit.observe(audited)


# --- exposition ------------------------------------------------------------------------------------


def use_multiprocess(directory: Path) -> None:
    """Share the metrics of several processes through files in ``directory`` (private, empty, created
    by the caller). Call before any worker forks: metrics are rebuilt to write there."""
    global _current
    os.environ[MULTIPROC_ENV] = str(directory)
    with _lock:
        values.ValueClass = values.get_value_class()
        _current = None


def multiprocess_dir() -> str | None:
    return os.environ.get(MULTIPROC_ENV) or None


def process_dead(pid: int) -> None:
    """A worker exited: its live gauges leave the exposition (its counters stay in the totals)."""
    if multiprocess_dir() is not None:
        multiprocess.mark_process_dead(pid)


def exposition() -> tuple[bytes, str]:
    """The text format (body, content type) of every metric of this process, or of every worker's."""
    if multiprocess_dir() is not None:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(_m().registry), CONTENT_TYPE_LATEST


def sample(name: str, **labels: str) -> float:
    """The current value of one sample (0 when absent): for tests and `casebot` diagnostics."""
    value = _m().registry.get_sample_value(name, labels)
    return float(value or 0.0)
