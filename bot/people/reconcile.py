"""Reconciliation: compare Slack's user list with casebot's active users and end access for anyone gone.

``user_change`` events end access the moment Slack reports a change, but an
event can be missed (the bot was down, the app was reinstalled). Once a day,
and on demand (``casebot users reconcile``), casebot reads every page of
``users.list`` and disables each active casebot user whom Slack lists as
deactivated, a guest or external (the door's own rule,
``identity.member_refusal``), or does not list at all. Each one goes through
``offboarding.end_access``.

The safety brake, and why it fails safe for availability: a failed page, an
empty list, or a result that would disable more than
``CASEBOT_RECONCILE_MAX_FRACTION`` of the active users (and more than
``ALWAYS_ALLOWED``) is far likelier to be a Slack outage, a token with the
wrong scopes or a pagination bug than a mass departure. Disabling everyone
would stop case conferencing and flood supervisors with withdrawn requests,
while refusing costs little security: every disclosure asks Slack about the
requester again (``users.info``) and refuses a deactivated, guest or external
account on the spot. So the run changes nothing, and says so loudly: an
audit row, an ERROR log line, a DM to the HMIS leads, and a non-zero exit. An
admin who has checked can apply a large change with ``--force``; an empty or
partial list is never applied.
"""

from __future__ import annotations

import logging
import math
import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import select

from bot.context import Casebot
from bot.people.offboarding import end_access
from bot.ports.places import Place
from bot.ports.slack import Member, SlackPort
from bot.registry.people import member_refusal
from storage import audit
from storage.kv import StoreUnavailable
from storage.models import Agency, Role, User

log = logging.getLogger("casebot.reconcile")

ALWAYS_ALLOWED = 2  # a small installation may lose two people in a day without tripping the brake
DAILY_ACTOR = "bot:reconcile"
CLAIM_TTL_SECONDS = 26 * 3600
RETRY_SECONDS = 3600  # after a failed listing, another replica may try again in an hour


class DirectoryError(Exception):
    """Slack's user list could not be read completely. The message names the page and Slack's error code."""


class ReconcileRefused(Exception):
    """The run was stopped before changing anything; ``reason`` is a code, the message explains."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class MemberDirectory(Protocol):
    def all_members(self) -> list[Member]:
        """Every human member of the workspace, all pages, or ``DirectoryError``: never a partial list."""
        ...


@dataclass(frozen=True, slots=True)
class Change:
    slack_user_id: str
    agency: str
    role: str
    reason: str  # slack_deactivated, slack_guest, slack_external or slack_missing


@dataclass(frozen=True, slots=True)
class Result:
    listed: int  # human members Slack listed
    active: int  # active casebot users before the run
    changes: tuple[Change, ...]
    applied: bool  # False for a dry run
    allowed: int  # how many the brake lets one run disable


def allowed_changes(active: int, *, max_fraction: float) -> int:
    return max(ALWAYS_ALLOWED, math.floor(active * max_fraction))


def plan(app: Casebot, *, members: list[Member]) -> tuple[int, list[Change]]:
    """Who would lose access: (active casebot users, changes). Reads only."""
    by_id = {m.user_id: m for m in members}
    with app.db.transaction(write=False) as session:
        rows = session.execute(
            select(User.slack_user_id, Agency.slug, User.role)
            .join(Agency, Agency.id == User.agency_id)
            .where(User.active.is_(True))
            .order_by(User.slack_user_id)
        ).all()
    changes = []
    for slack_user_id, agency, role in rows:
        member = by_id.get(slack_user_id)
        reason = "slack_missing" if member is None else member_refusal(member)
        if reason is not None:
            changes.append(Change(slack_user_id, agency, role.value, reason))
    return len(rows), changes


def reconcile(
    app: Casebot,
    *,
    directory: MemberDirectory,
    actor: str,
    dry_run: bool = False,
    force: bool = False,
) -> Result:
    """One reconciliation. Raises ``DirectoryError`` or ``ReconcileRefused`` having changed nothing."""
    try:
        members = directory.all_members()
    except DirectoryError as exc:
        if not dry_run:
            _record_stop(app, actor=actor, reason="slack_list_failed", error=_code_of(exc))
        raise
    active, changes = plan(app, members=members)
    allowed = allowed_changes(active, max_fraction=app.settings.reconcile_max_fraction)
    stop = None
    if not members:
        stop = ReconcileRefused(
            "slack_list_empty", "Slack's user list came back empty; nobody was disabled (check the bot token)"
        )
    elif len(changes) > allowed and not force:
        stop = ReconcileRefused(
            "too_many_changes",
            f"the run would disable {len(changes)} of {active} active users, more than the {allowed} "
            f"allowed (CASEBOT_RECONCILE_MAX_FRACTION={app.settings.reconcile_max_fraction}); nobody was "
            "disabled. Check with --dry-run, then apply with --force if it is right",
        )
    if stop is not None:
        if not dry_run:
            _record_stop(
                app, actor=actor, reason=stop.reason, listed=len(members), active=active, would=len(changes)
            )
        raise stop
    if not dry_run:
        for change in changes:
            end_access(app, slack_user_id=change.slack_user_id, reason=change.reason, actor=actor)
        audit.append(
            app.db,
            actor=actor,
            action="users.reconciled",
            detail={
                "listed": len(members),
                "active": active,
                "disabled": [c.slack_user_id for c in changes],
                "reasons": [c.reason for c in changes],
                "forced": force and len(changes) > allowed,
            },
        )
    return Result(len(members), active, tuple(changes), applied=not dry_run, allowed=allowed)


def _code_of(exc: Exception) -> str:
    match = re.search(r"\b([a-z][a-z0-9_]{1,63})$", str(exc))
    return match.group(1) if match else "unknown"


def _record_stop(app: Casebot, *, actor: str, reason: str, **detail: int | str) -> None:
    log.error("user reconciliation stopped, nobody disabled: %s", reason)
    audit.append(app.db, actor=actor, action="users.reconcile_stopped", detail={"reason": reason, **detail})


# --- the daily run in `casebot serve` ------------------------------------------------------------------


def run_daily(
    app: Casebot, *, directory: MemberDirectory, slack: SlackPort, now: datetime | None = None
) -> Result | None:
    """Run once per UTC day across all replicas (a Redis claim); None when another replica has it.

    Without Redis there is no claim, so it does not run (the next tick tries
    again). After a failed listing the claim is shortened so another attempt
    follows in an hour; a brake holds for the day. HMIS leads get a DM when
    the run changed something or stopped, at most one alert per day.
    """
    day = (now or datetime.now(UTC)).date().isoformat()
    claim = f"users-reconcile:{day}"
    try:
        if not app.kv.claim_once(claim, ttl_seconds=CLAIM_TTL_SECONDS):
            return None
    except StoreUnavailable:
        log.warning("daily user reconciliation skipped: redis unavailable for the claim")
        return None
    try:
        result = reconcile(app, directory=directory, actor=DAILY_ACTOR)
    except DirectoryError as exc:
        with suppress(StoreUnavailable):
            app.kv.expire(claim, ttl_seconds=RETRY_SECONDS)
        _alert(app, slack=slack, day=day, text=_stopped_text(f"Slack's user list could not be read ({exc})"))
        return None
    except ReconcileRefused as exc:
        _alert(app, slack=slack, day=day, text=_stopped_text(str(exc)))
        return None
    if result.changes:
        listed = ", ".join(f"<@{c.slack_user_id}> ({c.reason})" for c in result.changes)
        _tell_leads(
            app, slack=slack, text=f"Daily check against Slack's user list: access ended for {listed}."
        )
    return result


def _stopped_text(why: str) -> str:
    return (
        f":warning: casebot's daily check against Slack's user list stopped: {why}. Nobody was disabled. "
        "Run `casebot users reconcile --dry-run` to see what it would change."
    )


def _alert(app: Casebot, *, slack: SlackPort, day: str, text: str) -> None:
    try:
        first = app.kv.claim_once(f"users-reconcile-alert:{day}", ttl_seconds=CLAIM_TTL_SECONDS)
    except StoreUnavailable:
        first = True
    if first:
        _tell_leads(app, slack=slack, text=text)


def _tell_leads(app: Casebot, *, slack: SlackPort, text: str) -> None:
    with app.db.transaction(write=False) as session:
        leads = list(
            session.scalars(
                select(User.slack_user_id).where(User.active.is_(True), User.role == Role.HMIS_ADMIN)
            )
        )
    for lead in leads:
        result = slack.announce(place=Place(channel=lead), text=text)
        if not result.ok:
            log.warning("reconcile: DM to %s failed: %s", lead, result.error)
