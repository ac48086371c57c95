"""`casebot channel meeting-links` and `casebot meeting list|check`: meeting links from the command line.

Registered by ``app.cli.main``: ``register(channel_app)`` adds the per-channel
policy command beside `channel add|remove|list`, and ``meeting_app`` is the
`casebot meeting` sub-app. ``app.cli.main`` is imported inside the commands, not
at the top, because it imports this module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer
from rich.table import Table

from app.cli.common import actor, casebot, out
from bot.meetings.links import Protection, find_meeting_links
from bot.meetings.rules import set_meeting_policy
from bot.meetings.service import created_meetings
from bot.meetings.settings import MeetingSettings

meeting_app = typer.Typer(
    help="Meetings casebot created, and how it reads a meeting link.", no_args_is_help=True
)


def channel_meeting_links(
    slack_channel_id: Annotated[str, typer.Argument(help="Slack channel ID, e.g. C012ABCDEF")],
    policy: Annotated[
        str,
        typer.Argument(
            help="strict: remove a meeting link without a passcode (the default); "
            "warn: leave it and warn the poster privately"
        ),
    ],
) -> None:
    """Set what casebot does with meeting links without a passcode in a case-conference channel.

    Either way the poster is told privately and the incident is audited. Public channels and
    channels that are not registered are always strict.
    """

    with casebot() as bot, bot.db.transaction() as session:
        channel = set_meeting_policy(
            session, actor=actor(), slack_channel_id=slack_channel_id, policy=policy
        )
        chosen = channel.meeting_policy
    out.print(f"{slack_channel_id}: meeting links {chosen}")


def register(channel_app: typer.Typer) -> None:
    """Add `casebot channel meeting-links CHANNEL strict|warn`."""
    channel_app.command("meeting-links")(channel_meeting_links)


@meeting_app.command("list")
def meeting_list(
    channel: Annotated[str | None, typer.Option(help="only meetings posted in this channel")] = None,
) -> None:
    """Meetings created with `/casebot meeting`: provider, meeting id, channel, who, when.

    Neither passcodes nor join links are stored, so neither is shown.
    """
    with casebot() as bot, bot.db.transaction(write=False) as session:
        table = Table("provider", "meeting id", "channel", "created by", "starts (UTC)", "created (UTC)")
        for m in created_meetings(session, channel=channel):
            table.add_row(
                m.provider,
                m.provider_meeting_id,
                m.slack_channel_id,
                m.created_by,
                f"{m.starts_at:%Y-%m-%d %H:%M}" if m.starts_at else "at once",
                f"{m.created_at:%Y-%m-%d %H:%M}",
            )
        out.print(table)


@meeting_app.command("check")
def meeting_check(
    text: Annotated[str, typer.Argument(help="a link, or a message as Slack sends it (<url|label> markup)")],
) -> None:
    """Show how casebot reads the meeting links in TEXT: provider, kind, passcode. Nothing is looked up.

    Useful to see why a link was removed. The passcode itself is never printed.
    """
    from rich.markup import escape
    from rich.table import Table


    links = find_meeting_links(text)
    if not links:
        out.print("no meeting link found")
        return
    words = {
        Protection.PROTECTED: "passcode in the link: may stay in a case-conference channel",
        Protection.UNPROTECTED: "no passcode (the provider has none): removed",
        Protection.UNKNOWN: "no passcode shown: removed unless casebot made it or the provider's API says so",
        Protection.HOST_LINK: "host start link: always removed",
    }
    table = Table("provider", "kind", "meeting id", "verdict")
    for link in links:
        table.add_row(link.provider_name, link.kind, escape(link.meeting_id or "-"), words[link.protection])
    out.print(table)


def config_rows(add_row: Callable[..., None]) -> None:
    """`casebot config check`: which meeting providers are set up (never a secret), and what is wrong."""
    from pydantic import ValidationError


    try:
        meetings = MeetingSettings()
    except ValidationError as exc:
        add_row(
            "meetings",
            "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()),
            ok=False,
        )
        return
    zoom = "set" if meetings.zoom_configured else "not set"
    webex = "set" if meetings.webex_configured else "not set"
    creator = meetings.creating_provider
    add_row(
        "meetings",
        f"Zoom {zoom}, Webex {webex}; /casebot meeting uses {creator.value if creator else 'nothing'}; "
        f"lookups {'on' if meetings.lookup else 'off'}; elsewhere {meetings.elsewhere.value}",
    )
    for problem in meetings.problems():
        add_row("meetings", problem, ok=False)
