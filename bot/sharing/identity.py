"""Who is asking: TOTP enrollment, step-up verification, verified sessions, and who may ask at all.

Why these pieces, and why here:

- A TOTP secret is shown once, in a modal, and counts only after the person
  types a code from it (``confirm_enrollment``): a secret nobody scanned must
  never become a factor.
- A code is accepted once: the last accepted time step is raised atomically
  in Redis (``raise_if_greater``), so the same code, or an older one, is
  refused on every replica. Like warehouse, we refuse a code equal to the last.
- Five consecutive failures lock step-up for 15 minutes; the lock is
  audited and opens a ``stepup_failures`` notice to the person's supervisors.
  Each attempt takes a number (and checks the lock) in one Redis step before
  its code is compared, so however many arrive at once, on however many
  replicas, at most five codes are compared between two locks.
- A verified session lives in Redis: it ends after the idle window or the
  absolute maximum, whichever comes first, and is bound to the enrollment it
  was opened with, so an admin reset ends it even if Redis kept the key.
- Every Redis failure means "not verified" (fail closed).
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

import pyotp
from sqlalchemy.orm import Session

from bot.context import Casebot
from bot.oversight.escalations import open_notice
from bot.oversight.suspicion import Rule
from bot.ports.slack import Member
from bot.registry.people import member_refusal, registered_person
from storage import audit, totp_store
from storage.kv import StoreUnavailable

log = logging.getLogger("casebot.identity")

STEP_SECONDS = 30
LAST_STEP_TTL = 24 * 3600  # far longer than any code stays valid (three steps)


class Verify(StrEnum):
    """The outcome of typing a code (enrollment confirmation or step-up)."""

    VERIFIED = "verified"
    WRONG_CODE = "wrong_code"
    REPLAYED = "replayed"
    LOCKED = "locked"
    NOT_ENROLLED = "not_enrolled"
    ALREADY_ENROLLED = "already_enrolled"
    NOT_ALLOWED = "not_allowed"
    UNAVAILABLE = "unavailable"


class Refused(Exception):
    """The person may not do this; ``reason`` is a code for the audit row and the private answer."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class VerifyResult:
    outcome: Verify
    replaced_previous: bool = False  # a new verification ended an earlier session: tell the person
    failures_left: int | None = None


@dataclass(frozen=True, slots=True)
class Enrollment:
    """A fresh, unconfirmed secret as an otpauth:// URI: shown once in a modal, never in a message."""

    uri: str

    def __repr__(self) -> str:
        return "Enrollment(<uri hidden>)"


# --- who may ask -------------------------------------------------------------------------------------


# --- keys in Redis -----------------------------------------------------------------------------------


def _k_session(user: str) -> str:
    return f"identity:session:{user}"


def _k_last_step(user: str) -> str:
    return f"identity:totp-last-step:{user}"


def _k_failures(user: str) -> str:
    return f"identity:totp-failures:{user}"


def _k_lock(user: str) -> str:
    return f"identity:totp-lock:{user}"


# --- enrollment --------------------------------------------------------------------------------------


def begin_enrollment(app: Casebot, *, slack_user_id: str, member: Member | None) -> Enrollment:
    """A new secret for a registered person who has none confirmed. Raises ``Refused``.

    ``member`` is what Slack says of the account now (``SlackPort.member``): a guest, external or
    deactivated account, or one Slack cannot vouch for, could never be shown PII, so it is not given
    a second factor either (a factor it holds would outlive a later promotion unchecked)."""
    refusal = member_refusal(member)
    if refusal is not None:
        raise Refused(refusal)
    secret = pyotp.random_base32(32)  # 160 bits
    with app.db.transaction() as session:
        if registered_person(session, slack_user_id=slack_user_id) is None:
            raise Refused("not_registered")
        row = totp_store.get(session, slack_user_id=slack_user_id)
        if row is not None and row.confirmed_at is not None:
            raise Refused("already_enrolled")
        totp_store.put_unconfirmed(session, keyring=app.keyring, slack_user_id=slack_user_id, secret=secret)
        audit.record(session, actor=slack_user_id, action="totp.enrollment_started")
    return Enrollment(provisioning_uri(app, slack_user_id=slack_user_id, secret=secret))


def provisioning_uri(app: Casebot, *, slack_user_id: str, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=slack_user_id, issuer_name=app.settings.totp_issuer)


def confirm_enrollment(
    app: Casebot, *, slack_user_id: str, code: str, member: Member | None, now: float | None = None
) -> VerifyResult:
    """The first code from the new secret: it makes the enrollment count and opens a verified session.
    Slack is asked again (``member``): the account may have become a guest since the secret was shown."""
    if member_refusal(member) is not None:
        return VerifyResult(Verify.NOT_ALLOWED)
    return _check_code(app, slack_user_id=slack_user_id, code=code, now=now, confirming=True)


def verify(app: Casebot, *, slack_user_id: str, code: str, now: float | None = None) -> VerifyResult:
    """Step-up: a code from a confirmed enrollment opens a verified session."""
    return _check_code(app, slack_user_id=slack_user_id, code=code, now=now, confirming=False)


def _matching_step(secret: str, code: str, now: float) -> int | None:
    """The time step the code belongs to, allowing one step of drift either way; None if none."""
    digits = code.replace(" ", "").strip()
    if len(digits) != 6 or not digits.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    base = totp.timecode(now)
    found = None
    for offset in (-1, 0, 1):  # compare all three, so timing does not say which step matched
        if hmac.compare_digest(totp.at(now, counter_offset=offset), digits):
            found = base + offset
    return found


def _check_code(
    app: Casebot, *, slack_user_id: str, code: str, now: float | None, confirming: bool
) -> VerifyResult:
    now = time.time() if now is None else now
    kv = app.kv
    keyring = app.keyring  # resolved (a read of its own) before the write transaction holds a connection
    with app.db.transaction() as session:
        if registered_person(session, slack_user_id=slack_user_id) is None:
            return VerifyResult(Verify.NOT_ALLOWED)
        row = totp_store.get(session, slack_user_id=slack_user_id)
        if row is None or (row.confirmed_at is None) != confirming:
            if row is not None and confirming:
                return VerifyResult(Verify.ALREADY_ENROLLED)
            return VerifyResult(Verify.NOT_ENROLLED)
        # The attempt is counted (and the lock checked) in one Redis step before any code is compared.
        try:
            attempt = _take_attempt(app, slack_user_id=slack_user_id)
        except StoreUnavailable:
            return VerifyResult(Verify.UNAVAILABLE)
        if attempt is None:
            return VerifyResult(Verify.LOCKED)
        step = _matching_step(totp_store.secret_of(session, keyring=keyring, row=row), code, now)
        try:
            fresh = step is not None and kv.raise_if_greater(
                _k_last_step(slack_user_id), step, ttl_seconds=LAST_STEP_TTL
            )
        except StoreUnavailable:
            return VerifyResult(Verify.UNAVAILABLE)
        if not fresh:
            return _failed(
                app, session, slack_user_id=slack_user_id, failures=attempt, replayed=step is not None
            )
        try:
            kv.forgive_attempts(_k_failures(slack_user_id), through=attempt)
        except StoreUnavailable:
            return VerifyResult(Verify.UNAVAILABLE)
        confirmed_at = row.confirmed_at
        if confirming:
            confirmed_at = row.confirmed_at = datetime.now(UTC)
            audit.record(session, actor=slack_user_id, action="totp.enrolled")
        assert confirmed_at is not None
        try:
            replaced = kv.get(_k_session(slack_user_id)) is not None
        except StoreUnavailable:
            return VerifyResult(Verify.UNAVAILABLE)
        audit.record(
            session,
            actor=slack_user_id,
            action="totp.verified",
            detail={"replaced_previous": replaced, "enrollment": confirming},
        )
    # The session opens only after the verification is on the audit log (committed above).
    try:
        _open_session(app, slack_user_id=slack_user_id, enrolled=confirmed_at, now=now)
    except StoreUnavailable:
        return VerifyResult(Verify.UNAVAILABLE)
    return VerifyResult(Verify.VERIFIED, replaced_previous=replaced)


def _take_attempt(app: Casebot, *, slack_user_id: str) -> int | None:
    """This attempt's number among the consecutive ones, or None when step-up is locked."""
    settings = app.settings
    return app.kv.take_attempt(
        _k_failures(slack_user_id),
        lock=_k_lock(slack_user_id),
        limit=settings.totp_max_failures,
        window_seconds=settings.totp_lockout_minutes * 60,
    )


def _failed(
    app: Casebot, session: Session, *, slack_user_id: str, failures: int, replayed: bool
) -> VerifyResult:
    """A wrong (or replayed) code was consecutive attempt ``failures``; the last one allowed locks."""
    settings = app.settings
    locked = failures >= settings.totp_max_failures
    if locked:
        try:
            app.kv.set(_k_lock(slack_user_id), b"1", ttl_seconds=settings.totp_lockout_minutes * 60)
            app.kv.delete(_k_failures(slack_user_id))
        except StoreUnavailable:
            return VerifyResult(Verify.UNAVAILABLE)
    audit.record(
        session,
        actor=slack_user_id,
        action="totp.replay_refused" if replayed else "totp.failed",
        detail={"failures": failures},
    )
    if locked:
        audit.record(
            session,
            actor=slack_user_id,
            action="totp.locked",
            detail={"failures": failures, "minutes": settings.totp_lockout_minutes},
        )

        # In the same transaction as the lock: the person's supervisors hear of it
        # (bot.oversight.escalations).
        open_notice(
            session,
            app=app,
            rule=Rule.STEPUP_FAILURES,
            subject=slack_user_id,
            detail={"failures": failures, "locked_minutes": settings.totp_lockout_minutes},
        )
        return VerifyResult(Verify.LOCKED)
    left = settings.totp_max_failures - failures
    return VerifyResult(Verify.REPLAYED if replayed else Verify.WRONG_CODE, failures_left=left)


# --- sessions ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VerifiedSession:
    started: float
    ends_by: float  # the absolute end; the idle end moves with each use


def _open_session(app: Casebot, *, slack_user_id: str, enrolled: datetime, now: float) -> None:
    """Start a new session, replacing any earlier one (one session per person)."""
    value = json.dumps({"sid": secrets.token_hex(8), "started": now, "enrolled": enrolled.timestamp()})
    app.kv.set(
        _k_session(slack_user_id),
        value,
        ttl_seconds=min(app.settings.session_idle_minutes * 60, _max_seconds(app)),
    )


def _max_seconds(app: Casebot) -> int:
    return app.settings.session_max_hours * 3600


def verified_session(
    app: Casebot, session: Session, *, slack_user_id: str, now: float | None = None, touch: bool = True
) -> VerifiedSession | None:
    """The person's live verified session, or None. Using it restarts the idle clock (``touch``).
    Raises ``StoreUnavailable`` when Redis cannot say: callers refuse, and say the service is down
    rather than telling a verified person they are not."""
    now = time.time() if now is None else now
    key = _k_session(slack_user_id)
    try:
        raw = app.kv.get(key)
        if raw is None:
            return None
        data = json.loads(raw)
        started = float(data["started"])
        ends_by = started + _max_seconds(app)
        row = totp_store.get(session, slack_user_id=slack_user_id)
        if (
            now >= ends_by
            or row is None
            or row.confirmed_at is None
            or abs(row.confirmed_at.timestamp() - float(data["enrolled"])) > 0.001
        ):
            app.kv.delete(key)
            return None
        if touch:
            app.kv.expire(key, ttl_seconds=int(min(app.settings.session_idle_minutes * 60, ends_by - now)))
    except (ValueError, KeyError, TypeError):  # not a session casebot wrote: none
        return None
    return VerifiedSession(started=started, ends_by=ends_by)


def end_sessions(app: Casebot, *, slack_user_id: str) -> None:
    """End the person's verified session now (removal, deactivation, reset). Raises StoreUnavailable."""
    app.kv.delete(_k_session(slack_user_id))


def reset(app: Casebot, *, actor: str, slack_user_id: str) -> bool:
    """Admin reset: forget the enrollment (the person enrolls again), end the session, clear a lockout.

    Audited in the same transaction. The session is bound to the enrollment,
    so it is dead even if Redis cannot be reached to delete it.
    """
    with app.db.transaction() as session:
        existed = totp_store.delete(session, slack_user_id=slack_user_id)
        audit.record(
            session,
            actor=actor,
            action="totp.reset",
            detail={"user": slack_user_id, "had_enrollment": existed},
        )
    try:
        app.kv.delete(_k_session(slack_user_id), _k_lock(slack_user_id), _k_failures(slack_user_id))
    except StoreUnavailable:
        log.warning("totp reset: redis unavailable; the old session is refused anyway")
    return existed


def status_words(app: Casebot, *, slack_user_id: str) -> str:
    """What App Home shows under "Verification"."""
    try:
        with app.db.transaction(write=False) as session:
            row = totp_store.get(session, slack_user_id=slack_user_id)
            if row is None or row.confirmed_at is None:
                return "not enrolled"
            if app.kv.get(_k_lock(slack_user_id)) is not None:
                return "locked after too many wrong codes; try again later"
            live = verified_session(app, session, slack_user_id=slack_user_id, touch=False)
    except StoreUnavailable:
        return "enrolled (session state unavailable)"
    if live is None:
        return "enrolled, not verified"
    return f"verified (ends by {datetime.fromtimestamp(live.ends_by, UTC):%H:%M} UTC, or after idle time)"


def is_enrolled_in(session: Session, *, slack_user_id: str) -> bool:
    row = totp_store.get(session, slack_user_id=slack_user_id)
    return row is not None and row.confirmed_at is not None


def is_enrolled(app: Casebot, *, slack_user_id: str) -> bool:
    with app.db.transaction(write=False) as session:
        return is_enrolled_in(session, slack_user_id=slack_user_id)
