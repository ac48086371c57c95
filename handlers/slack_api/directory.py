"""Slack's user list (users.list), every page, as ``bot.people.reconcile.MemberDirectory``.

A partial list is worse than none: someone on a page that failed to load would
look "gone". So any failed page (after the client's own retries of rate
limits and dropped connections) raises ``DirectoryError`` and nothing is
returned. Errors carry Slack's error code only, never a response body.
"""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.people.reconcile import DirectoryError
from bot.ports.slack import Member

PAGE_SIZE = 200  # Slack's recommended page size for users.list
MAX_PAGES = 5000  # a million members: a cursor that never ends is a bug, not a workspace


def _error(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or f"http_{exc.response.status_code}")
    return type(exc).__name__.lower()


def member_from_profile(profile: dict[str, Any], *, home_team: str) -> Member:
    """What the sharing rules ask of a Slack user object: deactivated, guest, or from another workspace."""
    return Member(
        user_id=str(profile.get("id") or ""),
        deleted=bool(profile.get("deleted")),
        guest=bool(profile.get("is_restricted") or profile.get("is_ultra_restricted")),
        external=bool(profile.get("is_stranger")) or str(profile.get("team_id") or "") != home_team,
    )


class SlackDirectory:
    def __init__(self, client: WebClient, *, page_size: int = PAGE_SIZE) -> None:
        self._client = client
        self._page_size = page_size

    def all_members(self) -> list[Member]:
        """Every human member on every page (bots and Slackbot left out), or ``DirectoryError``."""
        try:
            home_team = str(self._client.auth_test().get("team_id") or "")
        except (SlackApiError, SlackClientError, OSError) as exc:
            raise DirectoryError(f"auth.test failed: {_error(exc)}") from None
        if not home_team:
            raise DirectoryError("auth.test named no workspace: no_team")
        members: list[Member] = []
        cursor = ""
        for page in range(1, MAX_PAGES + 1):
            try:
                response = self._client.users_list(limit=self._page_size, cursor=cursor or None)
            except (SlackApiError, SlackClientError, OSError) as exc:
                raise DirectoryError(f"users.list failed on page {page}: {_error(exc)}") from None
            for profile in response.get("members") or []:
                if not isinstance(profile, dict) or profile.get("is_bot") or profile.get("id") == "USLACKBOT":
                    continue
                members.append(member_from_profile(profile, home_team=home_team))
            cursor = str((response.get("response_metadata") or {}).get("next_cursor") or "")
            if not cursor:
                return members
        raise DirectoryError(f"users.list returned more than {MAX_PAGES} pages: too_many_pages")
