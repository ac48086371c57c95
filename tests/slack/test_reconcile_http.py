"""Reconciliation against Slack's user list, over real HTTP to the Web API stand-in: every page of users.list,
dry runs, the safety brake (a failed page, an empty list, too many at once), and the daily run that one
replica does per day."""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from app.slack_app import web_client
from bot.context import Casebot
from bot.people import reconcile
from bot.registry import admin
from bot.runtime import BotRuntime
from bot.serve_settings import ServeSettings
from handlers.slack_api.directory import SlackDirectory
from handlers.slack_api.web_api import WebApiSlack
from storage.models import Role, User
from tests.app.cli.test_cli import run
from tests.slack.conftest import BOT_TOKEN
from tests.slack.test_events_http import audit_rows
from tests.slack_standin import SlackStandIn, wait_until

LEAD = "U0LEAD001"
KEEP = ("U0KEEP001", "U0KEEP002")
GONE = "U0GONE001"  # removed from the workspace: users.list no longer lists them
DEACTIVATED = "U0DEACT01"
GUEST = "U0GUEST01"
EXTERNAL = "U0EXTERN1"
EXPECTED = {
    GONE: "slack_missing",
    DEACTIVATED: "slack_deactivated",
    GUEST: "slack_guest",
    EXTERNAL: "slack_external",
}


@pytest.fixture
def workspace(app: Casebot, standin: SlackStandIn) -> Casebot:
    """Seven casebot users; Slack lists six humans (and a bot), two per page."""
    app.__dict__["kv"] = app.kv.with_namespace(f"test-{uuid.uuid4().hex}")
    with app.db.transaction() as session:
        admin.add_agency(session, actor="cli:test", slug="hope-house", name="Hope House")
        admin.add_user(
            session, actor="cli:test", slack_user_id=LEAD, agency="hope-house", role=Role.HMIS_ADMIN
        )
        for user in (*KEEP, GONE, DEACTIVATED, GUEST, EXTERNAL):
            admin.add_user(
                session, actor="cli:test", slack_user_id=user, agency="hope-house", role=Role.MEMBER
            )
    standin.workspace = [LEAD, KEEP[0], "U0SOMEBOT", DEACTIVATED, KEEP[1], GUEST, EXTERNAL, "U0NOTOURS"]
    standin.members.update(
        {
            "U0SOMEBOT": {"is_bot": True},
            DEACTIVATED: {"deleted": True},
            GUEST: {"is_restricted": True},
            EXTERNAL: {"team_id": "T0ELSEWHR", "is_stranger": True},
        }
    )
    return app


def directory(standin: SlackStandIn) -> SlackDirectory:
    return SlackDirectory(web_client(token=SecretStr(BOT_TOKEN), base_url=standin.url), page_size=2)


def allow_all(app: Casebot) -> None:
    app.settings = app.settings.model_copy(update={"reconcile_max_fraction": 1.0})


def active_users(app: Casebot) -> set[str]:
    with app.db.transaction(write=False) as session:
        return set(session.scalars(select(User.slack_user_id).where(User.active.is_(True))))


def everyone() -> set[str]:
    return {LEAD, *KEEP, *EXPECTED}


def test_every_page_is_read_and_everyone_gone_loses_access(workspace: Casebot, standin: SlackStandIn) -> None:
    allow_all(workspace)
    result = reconcile.reconcile(workspace, directory=directory(standin), actor="cli:admin")

    pages = standin.of("users.list")
    assert [c.get("cursor") for c in pages] == [None, "dXNlcjp2", "dXNlcjp4", "dXNlcjp6"]
    assert all(c["limit"] == "2" for c in pages) and all(c.token == BOT_TOKEN for c in pages)
    assert (result.listed, result.active, result.applied) == (7, 7, True)  # the bot is not a person
    assert {c.slack_user_id: c.reason for c in result.changes} == EXPECTED
    assert active_users(workspace) == {LEAD, *KEEP}

    ended = audit_rows(workspace, "identity.access_ended")
    assert {r["user"]: r["reason"] for r in ended} == EXPECTED
    assert {r["actor"] for r in ended} == {"cli:admin"}
    (summary,) = audit_rows(workspace, "users.reconciled")
    assert sorted(summary["disabled"]) == sorted(EXPECTED) and summary["forced"] is False

    again = reconcile.reconcile(workspace, directory=directory(standin), actor="cli:admin")
    assert again.changes == () and len(audit_rows(workspace, "identity.access_ended")) == 4


def test_a_rate_limited_page_is_waited_out_not_taken_as_the_end(
    workspace: Casebot, standin: SlackStandIn
) -> None:
    allow_all(workspace)
    standin.ratelimit("users.list", times=1, retry_after=0)
    result = reconcile.reconcile(workspace, directory=directory(standin), actor="cli:admin")
    assert {c.slack_user_id for c in result.changes} == set(EXPECTED)


def cli_env(env_for: dict[str, str], standin: SlackStandIn, **extra: str) -> dict[str, str]:
    return {**env_for, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": standin.url, **extra}


def test_dry_run_shows_what_would_change_then_the_command_applies_it(
    workspace: Casebot, standin: SlackStandIn, env_for: dict[str, str]
) -> None:
    env = cli_env(env_for, standin, CASEBOT_RECONCILE_MAX_FRACTION="1")
    dry = run(env, "users", "reconcile", "--dry-run").stdout
    for user, reason in EXPECTED.items():
        assert any(user in line and reason in line and "would disable" in line for line in dry.splitlines())
    assert "casebot had 7 active user(s); 4 would be disabled (dry run: nothing changed)" in dry
    assert active_users(workspace) == everyone()
    assert (
        audit_rows(workspace, "users.reconciled") == []
        and audit_rows(workspace, "identity.access_ended") == []
    )

    applied = run(env, "user", "reconcile").stdout
    assert "Slack lists 7 member(s); casebot had 7 active user(s); 4 disabled" in applied
    assert active_users(workspace) == {LEAD, *KEEP}
    assert audit_rows(workspace, "users.reconciled")[0]["actor"].startswith("cli:")


def test_too_many_at_once_stops_the_run_until_an_admin_forces_it(
    workspace: Casebot, standin: SlackStandIn, env_for: dict[str, str]
) -> None:
    # The default brake: 20% of 7 active users, but never fewer than 2; this run would disable 4.
    with pytest.raises(reconcile.ReconcileRefused) as refused:
        reconcile.reconcile(workspace, directory=directory(standin), actor="cli:admin")
    assert refused.value.reason == "too_many_changes" and "disable 4 of 7 active users" in str(refused.value)
    assert active_users(workspace) == everyone()
    (stopped,) = audit_rows(workspace, "users.reconcile_stopped")
    assert (stopped["reason"], stopped["listed"], stopped["active"], stopped["would"]) == (
        "too_many_changes",
        7,
        7,
        4,
    )

    env = cli_env(env_for, standin)
    cli = run(env, "users", "reconcile", ok=False)
    assert cli.returncode == 1 and "reconciliation stopped, nobody was disabled" in cli.stderr
    assert active_users(workspace) == everyone()

    forced = run(env, "users", "reconcile", "--force").stdout
    assert "4 disabled" in forced and active_users(workspace) == {LEAD, *KEEP}
    assert audit_rows(workspace, "users.reconciled")[0]["forced"] is True


def test_two_leaving_on_a_small_team_is_not_a_brake(workspace: Casebot, standin: SlackStandIn) -> None:
    standin.members.pop(GUEST)
    standin.members.pop(EXTERNAL)  # now only GONE and DEACTIVATED are gone: 2 = ALWAYS_ALLOWED
    result = reconcile.reconcile(workspace, directory=directory(standin), actor="cli:admin")
    assert {c.slack_user_id for c in result.changes} == {GONE, DEACTIVATED} and result.allowed == 2


def test_an_empty_list_is_never_applied_even_forced(workspace: Casebot, standin: SlackStandIn) -> None:
    standin.workspace = []
    with pytest.raises(reconcile.ReconcileRefused) as refused:
        reconcile.reconcile(workspace, directory=directory(standin), actor="cli:admin", force=True)
    assert refused.value.reason == "slack_list_empty"
    assert active_users(workspace) == everyone()
    assert audit_rows(workspace, "users.reconcile_stopped")[0]["reason"] == "slack_list_empty"


def test_a_page_that_fails_midway_stops_the_run(workspace: Casebot, standin: SlackStandIn) -> None:
    allow_all(workspace)
    standin.list_failures[3] = "internal_error"
    with pytest.raises(reconcile.DirectoryError, match=r"users\.list failed on page 3: internal_error"):
        reconcile.reconcile(workspace, directory=directory(standin), actor="cli:admin", force=True)
    assert len(standin.of("users.list")) == 3
    assert active_users(workspace) == everyone()
    (stopped,) = audit_rows(workspace, "users.reconcile_stopped")
    assert (stopped["reason"], stopped["error"]) == ("slack_list_failed", "internal_error")


def test_a_dry_run_that_would_stop_records_nothing(workspace: Casebot, standin: SlackStandIn) -> None:
    with pytest.raises(reconcile.ReconcileRefused):
        reconcile.reconcile(workspace, directory=directory(standin), actor="cli:admin", dry_run=True)
    assert audit_rows(workspace, "users.reconcile_stopped") == []


# --- the daily run ---------------------------------------------------------------------------------------


def replica(app: Casebot, standin: SlackStandIn) -> tuple[Casebot, BotRuntime]:
    """Another `casebot serve` process: its own connections, the same database, Redis and Slack."""
    twin = Casebot(app.settings)
    twin.__dict__["kv"] = app.kv  # the same Redis keys (the namespace of this test)
    client = web_client(token=SecretStr(BOT_TOKEN), base_url=standin.url)
    serve = ServeSettings(
        CASEBOT_RECONCILE_DAILY=True, CASEBOT_ROSTER_REFRESH_SECONDS=0.1, CASEBOT_PURGE_SECONDS=0.1
    )
    runtime = BotRuntime(twin, slack=WebApiSlack(bot=client, admin=None), serve=serve)
    runtime.directory = SlackDirectory(client, page_size=2)
    return twin, runtime


def dms_to(standin: SlackStandIn, user: str) -> list[str]:
    return [str(c["text"]) for c in standin.of("chat.postMessage") if c["channel"] == user]


def test_the_daily_run_happens_once_across_replicas(workspace: Casebot, standin: SlackStandIn) -> None:
    allow_all(workspace)
    replicas = [replica(workspace, standin) for _ in range(2)]
    try:
        for _, runtime in replicas:
            runtime.start()
        wait_until(lambda: len(audit_rows(workspace, "users.reconciled")) == 1, timeout=20)
        time.sleep(1.0)  # ten more upkeep ticks on each replica: nobody runs it again today
        assert len(audit_rows(workspace, "users.reconciled")) == 1
        assert len(standin.of("users.list")) == 4  # one run's pages
        assert audit_rows(workspace, "users.reconciled")[0]["actor"] == "bot:reconcile"
        assert active_users(workspace) == {LEAD, *KEEP}
        (told,) = dms_to(standin, LEAD)
        assert "access ended for" in told and all(f"<@{user}>" in told for user in EXPECTED)
    finally:
        for twin, runtime in replicas:
            runtime.shutdown(timeout=5)
            twin.close()

    slack = replicas[0][1].slack
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert reconcile.run_daily(workspace, directory=directory(standin), slack=slack, now=tomorrow) is not None
    assert reconcile.run_daily(workspace, directory=directory(standin), slack=slack, now=tomorrow) is None


def test_a_stopped_daily_run_tells_the_hmis_leads_once_and_retries_a_failed_listing(
    workspace: Casebot, standin: SlackStandIn
) -> None:
    client = web_client(token=SecretStr(BOT_TOKEN), base_url=standin.url)
    slack = WebApiSlack(bot=client, admin=None)
    day = datetime(2031, 3, 4, 6, 0, tzinfo=UTC)

    standin.list_failures[2] = "service_unavailable"
    assert reconcile.run_daily(workspace, directory=directory(standin), slack=slack, now=day) is None
    (alert,) = dms_to(standin, LEAD)
    assert "stopped" in alert and "service_unavailable" in alert and "Nobody was disabled" in alert
    # The claim's remaining life is when another replica may retry (KeyValueStore has no TTL reader).
    ttl = workspace.kv._r.ttl(workspace.kv._k("users-reconcile:2031-03-04"))
    assert 0 < ttl <= reconcile.RETRY_SECONDS

    workspace.kv.delete("users-reconcile:2031-03-04")  # an hour later: the claim has expired
    result = reconcile.run_daily(workspace, directory=directory(standin), slack=slack, now=day)
    assert result is None  # the brake (4 of 7) stops it this time
    assert len(dms_to(standin, LEAD)) == 1  # one alert a day, however many attempts
    assert [r["reason"] for r in audit_rows(workspace, "users.reconcile_stopped")] == [
        "slack_list_failed",
        "too_many_changes",
    ]
    assert active_users(workspace) == everyone()


def test_without_redis_the_daily_run_does_not_run(
    workspace: Casebot, standin: SlackStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storage.kv import KeyValueStore, StoreUnavailable

    def down(*args: Any, **kwargs: Any) -> Any:
        raise StoreUnavailable("redis unavailable: ConnectionError")

    monkeypatch.setattr(KeyValueStore, "claim_once", down)
    slack = WebApiSlack(bot=web_client(token=SecretStr(BOT_TOKEN), base_url=standin.url), admin=None)
    assert reconcile.run_daily(workspace, directory=directory(standin), slack=slack) is None
    assert standin.of("users.list") == [] and json.dumps(audit_rows(workspace, "users.reconciled")) == "[]"
