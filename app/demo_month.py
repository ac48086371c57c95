"""A month of casebot's work for `casebot demo`, done through the real services: a member enrolls in
TOTP and sees a client's details, a leaver is refused and offboarded, wrong codes, incidents reported and
closed. So the demo's monthly report (``casebot demo --report``) has something in every section.

Nothing reaches Slack: the demo's port drops what the door would deliver, after the door has audited it.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pyotp

from bot.clients.roster import redactor_from_db
from bot.context import Casebot
from bot.oversight import incidents
from bot.people.offboarding import end_access
from bot.ports.disclosure import Target
from bot.ports.slack import Member, SlackResult
from bot.registry import admin
from bot.sharing import identity
from bot.sharing.disclosure import disclose
from storage.models import Role

MEMBER = "U0DEMOUSER"
LEAVER = "U0DEMOLEFT"
LEAD = "U0DEMOLEAD"


class _NoSlack:
    """The two things the door asks of Slack: who the requester is (a full member), and delivery."""

    def member(self, *, user: str) -> Member:
        return Member(user_id=user, deleted=False, guest=False, external=False)

    def show_disclosure(self, **_: object) -> SlackResult:
        return SlackResult(True)

    def show_refusal(self, **_: object) -> SlackResult:
        return SlackResult(True)


def _enroll(app: Casebot, user: str) -> pyotp.TOTP:
    started = identity.begin_enrollment(app, slack_user_id=user, member=_NoSlack().member(user=user))
    totp = pyotp.TOTP(parse_qs(urlparse(started.uri).query)["secret"][0])
    identity.confirm_enrollment(app, slack_user_id=user, code=totp.now(), member=_NoSlack().member(user=user))
    return totp


def a_month_of_work(app: Casebot, *, actor: str, agency: str, client_ids: list[str]) -> None:
    with app.db.transaction() as session:
        for user, role in ((MEMBER, Role.MEMBER), (LEAVER, Role.MEMBER), (LEAD, Role.HMIS_ADMIN)):
            admin.add_user(session, actor=actor, slack_user_id=user, agency=agency, role=role)
    _enroll(app, MEMBER)
    slack = _NoSlack()
    for client_id in client_ids:
        disclose(
            app,
            slack=slack,  # type: ignore[arg-type]
            requester=MEMBER,
            client_id=client_id,
            purpose="case_conferencing",
            target=Target(user=MEMBER, view_id="V0DEMO001"),
        )
    # Not verified: refused at the door, and audited.
    disclose(
        app,
        slack=slack,  # type: ignore[arg-type]
        requester=LEAVER,
        client_id=client_ids[0],
        purpose="case_conferencing",
        target=Target(user=LEAVER, view_id="V0DEMO002"),
    )
    identity.end_sessions(app, slack_user_id=MEMBER)
    for _ in range(2):
        identity.verify(app, slack_user_id=MEMBER, code="000000")
    with app.db.transaction() as session:
        phishing = incidents.open_incident(session, category="phishing", reported_by=MEMBER)
        incidents.open_incident(session, category="lost_device", reported_by=LEAVER)
    incidents.close(
        app,
        redact=redactor_from_db(app).redact,
        incident_id=phishing,
        actor=actor,
        corrective_action="Caller not answered; staff reminded of the phishing guidance",
    )
    end_access(app, slack_user_id=LEAVER, reason="removed", actor=actor)
