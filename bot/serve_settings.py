"""Settings that only `casebot serve` reads: the server, the worker pool, quarantine and file limits.

Kept apart from ``bot.settings.Settings`` so administrative commands never
validate knobs they do not use. Like every setting they come from the
environment and have defaults that work on one small machine.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServeSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", case_sensitive=False)

    quarantine_minutes: int = Field(
        default=30, ge=0, le=24 * 60, validation_alias="CASEBOT_QUARANTINE_MINUTES"
    )
    bind: str = Field(default="0.0.0.0:3000", validation_alias="CASEBOT_BIND")
    health_port: int = Field(default=3000, ge=0, le=65535, validation_alias="CASEBOT_HEALTH_PORT")
    web_workers: int = Field(default=1, ge=1, le=64, validation_alias="CASEBOT_WEB_WORKERS")
    web_threads: int = Field(default=8, ge=1, le=256, validation_alias="CASEBOT_WEB_THREADS")
    worker_threads: int = Field(default=4, ge=1, le=256, validation_alias="CASEBOT_WORKER_THREADS")
    roster_refresh_seconds: float = Field(default=30, gt=0, validation_alias="CASEBOT_ROSTER_REFRESH_SECONDS")
    purge_seconds: float = Field(default=60, gt=0, validation_alias="CASEBOT_PURGE_SECONDS")
    # how long a client named in a channel's top-level messages counts as talked of there (0: threads only)
    conversation_hours: int = Field(
        default=12, ge=0, le=7 * 24, validation_alias="CASEBOT_CONVERSATION_HOURS"
    )
    max_file_bytes: int = Field(default=5_000_000, ge=0, validation_alias="CASEBOT_MAX_FILE_BYTES")
    shutdown_seconds: float = Field(default=20, ge=0, validation_alias="CASEBOT_SHUTDOWN_SECONDS")
    reconcile_daily: bool = Field(default=True, validation_alias="CASEBOT_RECONCILE_DAILY")
    # how often the members' first names (kept readable by the redactor) are re-read from users.list; 0: never
    staff_names_refresh_seconds: float = Field(
        default=3600, ge=0, validation_alias="CASEBOT_STAFF_NAMES_REFRESH_SECONDS"
    )
