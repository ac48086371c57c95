"""Members' name fields from Slack's users.list, every page, as ``bot.channels.staff_names.MemberNames``.

Deactivated members and bots are left out (their names should not stay
"known"); guests are kept, because partner-agency staff chat in the channels
too. Any failed page raises ``MemberNamesError`` with Slack's error code only,
so a partial list is never taken for the whole workspace.
"""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

PAGE_SIZE = 200
MAX_PAGES = 5000


class MemberNamesError(Exception):
    """users.list could not be read completely; the message names the page and Slack's error code."""


def name_fields(user: dict[str, Any]) -> list[str]:
    """The name fields of one users.list member that can hold a first name."""
    profile = user.get("profile") if isinstance(user.get("profile"), dict) else {}
    fields = [
        profile.get("first_name"),
        user.get("real_name"),
        profile.get("real_name"),
        profile.get("display_name"),
    ]
    return [str(f) for f in fields if isinstance(f, str) and f.strip()]


class SlackMemberNames:
    def __init__(self, client: WebClient, *, page_size: int = PAGE_SIZE) -> None:
        self._client = client
        self._page_size = page_size

    def member_names(self) -> list[str]:
        out: list[str] = []
        cursor = ""
        for page in range(1, MAX_PAGES + 1):
            try:
                response = self._client.users_list(limit=self._page_size, cursor=cursor or None)
            except (SlackApiError, SlackClientError, OSError) as exc:
                code = (
                    str(exc.response.get("error") or exc.response.status_code)
                    if isinstance(exc, SlackApiError)
                    else type(exc).__name__.lower()
                )
                raise MemberNamesError(f"users.list failed on page {page}: {code}") from None
            for user in response.get("members") or []:
                if not isinstance(user, dict) or user.get("deleted") or user.get("is_bot"):
                    continue
                if user.get("id") == "USLACKBOT":
                    continue
                out.extend(name_fields(user))
            cursor = str((response.get("response_metadata") or {}).get("next_cursor") or "")
            if not cursor:
                return out
        raise MemberNamesError(f"users.list returned more than {MAX_PAGES} pages: too_many_pages")
