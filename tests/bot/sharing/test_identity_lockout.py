"""Step-up lockout holds under concurrency: however many codes arrive at once, in threads or in several
processes sharing Redis, at most the allowed number are compared, and the right code after the limit is
refused."""

from __future__ import annotations

import multiprocessing
import re
import threading
import time
from collections import Counter
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import select

from bot.context import Casebot
from bot.ports.slack import Member
from bot.registry import admin
from bot.settings import Settings
from bot.sharing import identity
from bot.sharing.identity import Verify
from storage.models import AuditEvent, Role

USER = "U0LOCKME1"
FULL = Member(user_id=USER, deleted=False, guest=False, external=False)
T0 = 1_900_000_000.0  # a fixed clock: confirmation at T0, the attempts two minutes later
LATER = T0 + 120


def enrolled(app: Casebot) -> pyotp.TOTP:
    with app.db.transaction() as session:
        admin.add_agency(session, actor="cli:test", slug="hope-house", name="Hope House")
        admin.add_user(session, actor="cli:test", slack_user_id=USER, agency="hope-house", role=Role.MEMBER)
    uri = identity.begin_enrollment(app, slack_user_id=USER, member=FULL).uri
    totp = pyotp.TOTP(re.search(r"secret=([A-Z2-7]+)", uri).group(1))
    assert (
        identity.confirm_enrollment(app, slack_user_id=USER, code=totp.at(T0), member=FULL, now=T0).outcome
        is Verify.VERIFIED
    )
    return totp


def wrong_codes(totp: pyotp.TOTP, n: int) -> list[str]:
    valid = {totp.at(LATER, counter_offset=o) for o in (-1, 0, 1)}
    return [c for c in (f"{i:06d}" for i in range(1000, 2000)) if c not in valid][:n]


def compared(app: Casebot) -> Counter[str]:
    """Audit rows of codes that were compared with the secret (a refusal while locked compares none)."""
    with app.db.transaction(write=False) as session:
        actions = session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.actor == USER, AuditEvent.action.in_(["totp.failed", "totp.verified"])
            )
        )
        return Counter(actions)


def attempt_all_at_once(app: Casebot, codes: list[str]) -> Counter[Verify]:
    start = threading.Barrier(len(codes))
    outcomes: list[Verify] = []

    def attempt(code: str) -> None:
        start.wait()
        outcomes.append(identity.verify(app, slack_user_id=USER, code=code, now=LATER).outcome)

    threads = [threading.Thread(target=attempt, args=(c,)) for c in codes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Counter(outcomes)


def test_thirty_concurrent_wrong_codes_compare_at_most_five(app: Casebot) -> None:
    totp = enrolled(app)
    outcomes = attempt_all_at_once(app, wrong_codes(totp, 30))
    seen = compared(app)
    assert seen["totp.failed"] <= 5, (outcomes, seen)
    assert outcomes[Verify.LOCKED] >= 25


def test_a_right_code_in_a_burst_forgives_only_the_attempts_taken_before_it(app: Casebot) -> None:
    """Failures are consecutive in the order attempts were counted: the right code, if it was counted
    among the first five, clears those before it, and at most five more are compared after it."""
    totp = enrolled(app)
    codes = [*wrong_codes(totp, 29), totp.at(LATER)]
    codes.insert(15, codes.pop())  # the right one somewhere in the middle
    outcomes = attempt_all_at_once(app, codes)
    seen = compared(app)
    verified = seen["totp.verified"] - 1  # -1: the enrollment
    assert verified == outcomes[Verify.VERIFIED] <= 1
    assert seen["totp.failed"] <= (4 + 5 if verified else 5), (outcomes, seen)
    assert outcomes[Verify.LOCKED] >= 30 - 10


def test_the_right_code_after_the_limit_is_refused(app: Casebot) -> None:
    totp = enrolled(app)
    for code in wrong_codes(totp, 5):
        identity.verify(app, slack_user_id=USER, code=code, now=LATER)
    assert identity.verify(app, slack_user_id=USER, code=totp.at(LATER), now=LATER).outcome is Verify.LOCKED
    assert compared(app)["totp.verified"] == 1, "only the enrollment's"


def _attempts_in_another_process(env: dict[str, str], codes: list[str], start_at: float, out) -> None:
    app = Casebot(Settings(**env))
    while time.time() < start_at:
        time.sleep(0.001)
    out.put([str(o) for o in attempt_all_at_once(app, codes).elements()])
    app.close()


def test_two_processes_sharing_redis_compare_at_most_five_codes_between_them(
    app: Casebot, settings: Settings, tmp_path: Path
) -> None:
    totp = enrolled(app)
    codes = wrong_codes(totp, 30)
    env = {
        "CASEBOT_DATA_DIR": str(settings.data_dir),
        "DATABASE_URL": settings.database_url.get_secret_value() if settings.database_url else None,
        "REDIS_URL": settings.redis_url.get_secret_value() if settings.redis_url else None,
    }
    env = {k: v for k, v in env.items() if v is not None}
    spawn = multiprocessing.get_context("spawn")
    results = spawn.Queue()
    start_at = time.time() + 4  # both processes are up by then (spawn imports casebot afresh)
    procs = [
        spawn.Process(target=_attempts_in_another_process, args=(env, half, start_at, results))
        for half in (codes[:15], codes[15:])
    ]
    for p in procs:
        p.start()
    outcomes = Counter(o for _ in procs for o in results.get(timeout=120))
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    assert sum(outcomes.values()) == 30
    assert compared(app)["totp.failed"] <= 5, outcomes
    assert outcomes[str(Verify.WRONG_CODE)] + outcomes[str(Verify.LOCKED)] == 30
    assert outcomes[str(Verify.WRONG_CODE)] <= 4, "the fifth wrong code is answered 'locked'"


@pytest.mark.parametrize(
    ("member", "reason"),
    [
        (Member(user_id=USER, deleted=False, guest=True, external=False), "slack_guest"),
        (Member(user_id=USER, deleted=False, guest=False, external=True), "slack_external"),
        (Member(user_id=USER, deleted=True, guest=False, external=False), "slack_deactivated"),
        (None, "slack_unavailable"),
    ],
)
def test_only_a_full_member_of_the_workspace_may_start_enrolment(app: Casebot, member, reason) -> None:
    with app.db.transaction() as session:
        admin.add_agency(session, actor="cli:test", slug="hope-house", name="Hope House")
        admin.add_user(session, actor="cli:test", slack_user_id=USER, agency="hope-house", role=Role.MEMBER)
    with pytest.raises(identity.Refused) as refused:
        identity.begin_enrollment(app, slack_user_id=USER, member=member)
    assert refused.value.reason == reason
    assert not identity.is_enrolled(app, slack_user_id=USER)
