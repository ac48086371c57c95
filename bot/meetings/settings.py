"""Settings for meeting links and `/casebot meeting`: provider credentials, API addresses, defaults.

Kept apart from ``bot.settings.Settings`` (like ``ServeSettings``) so
administrative commands never validate knobs they do not use. Credentials are
``SecretStr``: they never show in a repr, a log line or a traceback. The API
base URLs are settings so tests (and a demo) can point them at local stand-ins;
anything but a loopback address must be ``https://``, so a token is never sent
in the clear.
"""

from __future__ import annotations

from contextlib import suppress
from enum import StrEnum
from ipaddress import ip_address
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from bot.env_file import EnvFileSettings
from bot.ports.meetings import ProviderName


class MeetingPolicy(StrEnum):
    """What casebot does with a meeting link that is not allowed where it was posted."""

    STRICT = "strict"  # remove it (with the workspace admin's token), tell the poster privately
    WARN = "warn"  # leave it, tell the poster privately, record the incident


def _api_url(value: str) -> str:
    value = value.strip().rstrip("/")
    parts = urlsplit(value)
    host = parts.hostname or ""
    loopback = host == "localhost"
    with suppress(ValueError):
        loopback = loopback or ip_address(host).is_loopback
    if parts.scheme != "https" and not (parts.scheme == "http" and loopback):
        raise ValueError("must be an https:// URL (plain http only for a loopback stand-in)")
    return value


class MeetingSettings(EnvFileSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", case_sensitive=False)

    # Zoom: a Server-to-Server OAuth app (Zoom App Marketplace → Develop → Server-to-Server OAuth) with the
    # meeting:write:meeting:admin and meeting:read:meeting:admin scopes (or the classic meeting:write:admin).
    zoom_account_id: str | None = Field(default=None, validation_alias="ZOOM_ACCOUNT_ID")
    zoom_client_id: SecretStr | None = Field(default=None, validation_alias="ZOOM_CLIENT_ID")
    zoom_client_secret: SecretStr | None = Field(default=None, validation_alias="ZOOM_CLIENT_SECRET")
    zoom_host: str | None = Field(default=None, validation_alias="ZOOM_HOST_USER")
    zoom_api_url: str = Field(default="https://api.zoom.us/v2", validation_alias="ZOOM_API_URL")
    zoom_oauth_url: str = Field(default="https://zoom.us/oauth/token", validation_alias="ZOOM_OAUTH_URL")

    # Webex: an access token of a bot, integration or service app with meeting:schedules_write/read.
    webex_token: SecretStr | None = Field(default=None, validation_alias="WEBEX_ACCESS_TOKEN")
    webex_api_url: str = Field(default="https://webexapis.com/v1", validation_alias="WEBEX_API_URL")

    provider: ProviderName | None = Field(default=None, validation_alias="CASEBOT_MEETING_PROVIDER")
    minutes: int = Field(default=60, ge=5, le=24 * 60, validation_alias="CASEBOT_MEETING_MINUTES")
    timezone: str = Field(default="UTC", validation_alias="CASEBOT_MEETING_TIMEZONE")
    lookup: bool = Field(default=True, validation_alias="CASEBOT_MEETING_LOOKUP")
    elsewhere: MeetingPolicy = Field(
        default=MeetingPolicy.STRICT, validation_alias="CASEBOT_MEETING_LINKS_ELSEWHERE"
    )
    http_timeout_seconds: float = Field(
        default=10.0, gt=0, le=60, validation_alias="CASEBOT_MEETING_HTTP_TIMEOUT"
    )

    @field_validator("zoom_api_url", "zoom_oauth_url", "webex_api_url")
    @classmethod
    def _secure(cls, value: str) -> str:
        return _api_url(value)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA time zone such as America/Chicago") from None
        return value

    @field_validator("zoom_account_id", "zoom_host")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @property
    def zoom_configured(self) -> bool:
        return bool(self.zoom_account_id and self.zoom_client_id and self.zoom_client_secret)

    @property
    def webex_configured(self) -> bool:
        return self.webex_token is not None and bool(self.webex_token.get_secret_value())

    @property
    def creating_provider(self) -> ProviderName | None:
        """Which provider `/casebot meeting` uses: the chosen one if configured, else the first configured."""
        configured = {
            ProviderName.ZOOM: self.zoom_configured and self.zoom_host is not None,
            ProviderName.WEBEX: self.webex_configured,
        }
        if self.provider is not None:
            return self.provider if configured[self.provider] else None
        return next((name for name, ok in configured.items() if ok), None)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def problems(self) -> list[str]:
        """What `casebot config check` should flag: half-configured providers."""
        found = []
        zoom = (self.zoom_account_id, self.zoom_client_id, self.zoom_client_secret)
        if any(zoom) and not all(zoom):
            found.append("Zoom needs ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET together")
        if self.zoom_configured and self.zoom_host is None:
            found.append("ZOOM_HOST_USER (the Zoom user who hosts created meetings) is not set")
        if self.provider is not None and self.creating_provider is None:
            found.append(f"CASEBOT_MEETING_PROVIDER is {self.provider.value} but it is not configured")
        return found
