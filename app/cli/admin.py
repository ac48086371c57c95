"""`casebot agency | user | roi | mou | channel | totp`: the registers an HMIS admin keeps.

Every change is audited in the same transaction, under the operator's login.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from app.cli.common import (
    actor,
    casebot,
    date_option,
    fail,
    out,
)
from bot.people.offboarding import end_access
from bot.registry import admin
from bot.settings import Settings
from bot.sharing.identity import reset
from storage.models import Role

agency_app = typer.Typer(help="Participating agencies.", no_args_is_help=True)


user_app = typer.Typer(help="Slack users registered to agencies, with roles.", no_args_is_help=True)


roi_app = typer.Typer(help="Client releases of information (ROI) naming an agency.", no_args_is_help=True)


mou_app = typer.Typer(help="Admin-approved MOUs between two agencies.", no_args_is_help=True)


channel_app = typer.Typer(help="Case-conference channels casebot watches.", no_args_is_help=True)


totp_app = typer.Typer(help="Step-up verification (TOTP) enrollments.", no_args_is_help=True)


@agency_app.command("add")
def agency_add(
    slug: Annotated[str, typer.Argument(help="short id, e.g. hope-house")],
    name: Annotated[str, typer.Argument(help="display name")],
) -> None:
    """Register a participating agency."""
    with casebot() as bot, bot.db.transaction() as session:
        admin.add_agency(session, actor=actor(), slug=slug, name=name)
    out.print(f"agency {slug} added")


@agency_app.command("list")
def agency_list() -> None:
    """List agencies."""
    with casebot() as bot, bot.db.transaction(write=False) as session:
        table = Table("slug", "name", "participating", "active users")
        for agency in admin.list_agencies(session):
            table.add_row(
                agency.slug,
                agency.name,
                "yes" if agency.participating else "no",
                str(sum(u.active for u in agency.users)),
            )
        out.print(table)


@user_app.command("add")
def user_add(
    slack_user_id: Annotated[str, typer.Argument(help="Slack member ID, e.g. U012ABCDEF")],
    agency: Annotated[str, typer.Option(help="agency slug")],
    role: Annotated[Role, typer.Option(help="what the person does")] = Role.MEMBER,
) -> None:
    """Register a Slack member to an agency with a role."""
    with casebot() as bot, bot.db.transaction() as session:
        admin.add_user(session, actor=actor(), slack_user_id=slack_user_id, agency=agency, role=role)
    out.print(f"{slack_user_id} added to {agency} as {role.value}")


@user_app.command("remove")
def user_remove(slack_user_id: Annotated[str, typer.Argument(help="Slack member ID")]) -> None:
    """End a user's access at once: deactivate (the row is kept for the audit trail), end their
    verified session, withdraw their requests waiting for a supervisor. Audited."""

    with casebot() as bot:
        ended = end_access(bot, slack_user_id=slack_user_id, reason="removed", actor=actor())
    if ended is None or not ended.deactivated:
        raise fail(f"{slack_user_id} is not an active casebot user")
    session_note = (
        "session ended" if ended.sessions_ended else "Redis unavailable: session not deleted, refused anyway"
    )
    withdrawn = ended.requests_withdrawn
    out.print(f"{slack_user_id} removed ({session_note}; {withdrawn} pending request(s) withdrawn)")


@user_app.command("list")
def user_list(
    all_users: Annotated[bool, typer.Option("--all", help="include removed users")] = False,
) -> None:
    """List registered users."""
    with casebot() as bot, bot.db.transaction(write=False) as session:
        table = Table("Slack user", "agency", "role", "active")
        for user in admin.list_users(session, include_inactive=all_users):
            table.add_row(
                user.slack_user_id, user.agency.slug, user.role.value, "yes" if user.active else "no"
            )
        out.print(table)


@roi_app.command("grant")
def roi_grant(
    client_id: Annotated[str, typer.Argument(help="HMIS client ID")],
    agency: Annotated[str, typer.Option(help="agency the client's ROI names")],
    starts: Annotated[str, typer.Option(help="first day, YYYY-MM-DD (default today)")] = "",
    ends: Annotated[str, typer.Option(help="last day, YYYY-MM-DD (default open-ended)")] = "",
    no_share: Annotated[
        bool, typer.Option("--no-share", help="statewide model: ROI says do not share")
    ] = False,
) -> None:
    """Record a client's release of information naming an agency."""
    start, end = date_option(starts, "--starts") or date.today(), date_option(ends, "--ends")
    with casebot() as bot, bot.db.transaction() as session:
        consent = admin.grant_roi(
            session,
            actor=actor(),
            client_id=client_id,
            agency=agency,
            starts_on=start,
            ends_on=end,
            share=not no_share,
        )
        out.print(f"ROI #{consent.id} recorded for client {client_id} → {agency}")


@roi_app.command("revoke")
def roi_revoke(roi_id: Annotated[int, typer.Argument(help="ROI number from `roi list`")]) -> None:
    """Revoke an ROI from now on."""
    with casebot() as bot, bot.db.transaction() as session:
        admin.revoke_roi(session, actor=actor(), roi_id=roi_id)
    out.print(f"ROI #{roi_id} revoked")


@roi_app.command("list")
def roi_list(client_id: Annotated[str | None, typer.Option(help="only this client")] = None) -> None:
    """List ROIs."""
    with casebot() as bot, bot.db.transaction(write=False) as session:
        table = Table("ROI", "client", "agency", "share", "starts", "ends", "revoked")
        for consent, slug in admin.list_rois(session, client_id=client_id):
            table.add_row(
                str(consent.id),
                consent.client_id,
                slug,
                "yes" if consent.share else "no",
                str(consent.starts_on),
                str(consent.ends_on or ""),
                consent.revoked_at.date().isoformat() if consent.revoked_at else "",
            )
        out.print(table)


@mou_app.command("add")
def mou_add(
    agency_a: Annotated[str, typer.Argument(help="agency slug")],
    agency_b: Annotated[str, typer.Argument(help="agency slug")],
    starts: Annotated[str, typer.Option(help="first day, YYYY-MM-DD (default today)")] = "",
    ends: Annotated[str, typer.Option(help="last day, YYYY-MM-DD (default open-ended)")] = "",
) -> None:
    """Record an admin-approved MOU between two agencies."""
    start, end = date_option(starts, "--starts") or date.today(), date_option(ends, "--ends")
    with casebot() as bot, bot.db.transaction() as session:
        mou = admin.add_mou(
            session, actor=actor(), agency_a=agency_a, agency_b=agency_b, starts_on=start, ends_on=end
        )
        out.print(f"MOU #{mou.id} between {agency_a} and {agency_b} recorded")


@mou_app.command("end")
def mou_end(
    mou_id: Annotated[int, typer.Argument(help="MOU number from `mou list`")],
    on: Annotated[str, typer.Option(help="last day, YYYY-MM-DD (default today)")] = "",
) -> None:
    """End an MOU."""
    with casebot() as bot, bot.db.transaction() as session:
        mou = admin.end_mou(session, actor=actor(), mou_id=mou_id, ends_on=date_option(on, "--on"))
        out.print(f"MOU #{mou_id} ends on {mou.ends_on}")


@mou_app.command("list")
def mou_list() -> None:
    """List MOUs."""
    with casebot() as bot, bot.db.transaction(write=False) as session:
        table = Table("MOU", "agency", "agency", "starts", "ends", "approved by")
        for mou, a, b in admin.list_mous(session):
            table.add_row(str(mou.id), a, b, str(mou.starts_on), str(mou.ends_on or ""), mou.approved_by)
        out.print(table)


@channel_app.command("add")
def channel_add(
    slack_channel_id: Annotated[str, typer.Argument(help="Slack channel ID, e.g. C012ABCDEF")],
    name: Annotated[str, typer.Option(help="label shown in lists")] = "",
    private: Annotated[
        bool,
        typer.Option(
            "--private",
            help="confirm the channel is private (needed when SLACK_BOT_TOKEN is not "
            "set; with a token casebot asks Slack)",
        ),
    ] = False,
    meeting_links: Annotated[
        str,
        typer.Option(
            help="strict: remove meeting links without a passcode; warn: warn the poster (see "
            "`casebot channel meeting-links`)"
        ),
    ] = "strict",
) -> None:
    """Register a private channel as a case-conference channel. Public channels are refused."""
    with casebot() as bot:
        is_private, label = _channel_privacy(bot.settings, slack_channel_id, private)
        with bot.db.transaction() as session:
            admin.add_channel(
                session,
                actor=actor(),
                slack_channel_id=slack_channel_id,
                name=name or label or slack_channel_id,
                is_private=is_private,
                meeting_policy=meeting_links.strip().lower(),
            )
    out.print(f"{slack_channel_id} is now a case-conference channel (meeting links: {meeting_links.lower()})")


def _channel_privacy(settings: Settings, channel_id: str, asserted: bool) -> tuple[bool, str]:
    if settings.slack_bot_token is None:
        if not asserted:
            raise fail(
                "casebot cannot ask Slack whether the channel is private (SLACK_BOT_TOKEN is not set); "
                "pass --private to confirm it is"
            )
        return True, ""
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    client = WebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url or WebClient.BASE_URL,
    )
    try:
        info = client.conversations_info(channel=channel_id)["channel"]
    except SlackApiError as exc:
        raise fail(f"Slack could not look up {channel_id}: {exc.response.get('error')}") from None
    return bool(info.get("is_private")), str(info.get("name") or "")


@channel_app.command("remove")
def channel_remove(slack_channel_id: Annotated[str, typer.Argument(help="Slack channel ID")]) -> None:
    """Stop treating a channel as a case-conference channel."""
    with casebot() as bot, bot.db.transaction() as session:
        admin.remove_channel(session, actor=actor(), slack_channel_id=slack_channel_id)
    out.print(f"{slack_channel_id} removed")


@channel_app.command("list")
def channel_list() -> None:
    """List case-conference channels."""
    with casebot() as bot, bot.db.transaction(write=False) as session:
        table = Table("channel", "name", "meeting links", "added by")
        for channel in admin.list_channels(session):
            table.add_row(channel.slack_channel_id, channel.name, channel.meeting_policy, channel.added_by)
        out.print(table)


@totp_app.command("reset")
def totp_reset(slack_user_id: Annotated[str, typer.Argument(help="Slack member ID")]) -> None:
    """Forget a person's authenticator (lost phone): ends their session; they enroll again from App Home."""

    with casebot() as bot:
        existed = reset(bot, actor=actor(), slack_user_id=slack_user_id)
    out.print(f"{slack_user_id}: enrollment {'reset' if existed else 'was not set up; nothing to reset'}")
