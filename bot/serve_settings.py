"""Settings that only `casebot serve` reads: the server, the worker pool, quarantine and file limits.

Kept apart from ``bot.settings.Settings`` so administrative commands never
validate knobs they do not use. Like every setting they come from the
environment and have defaults that work on one small machine.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from bot.env_file import EnvFileSettings


class UnreadableFiles(StrEnum):
    """What happens to a shared file casebot cannot read (password protected, corrupt, over a limit)."""

    REMOVE = "remove"  # a file no one can check may not stay in a case-conference channel
    WARN = "warn"  # it stays; the poster is told and it is audited


class ServeSettings(EnvFileSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", case_sensitive=False)

    quarantine_minutes: int = Field(
        default=30, ge=0, le=24 * 60, validation_alias="CASEBOT_QUARANTINE_MINUTES"
    )
    bind: str = Field(default="0.0.0.0:3000", validation_alias="CASEBOT_BIND")
    # GET /metrics (Prometheus text format) beside /healthz; no client data, but block it at the proxy
    metrics: bool = Field(default=True, validation_alias="CASEBOT_METRICS")
    health_port: int = Field(default=3000, ge=0, le=65535, validation_alias="CASEBOT_HEALTH_PORT")
    web_workers: int = Field(default=1, ge=1, le=64, validation_alias="CASEBOT_WEB_WORKERS")
    web_threads: int = Field(default=8, ge=1, le=256, validation_alias="CASEBOT_WEB_THREADS")
    worker_threads: int = Field(default=4, ge=1, le=256, validation_alias="CASEBOT_WORKER_THREADS")
    stream_claim_seconds: float = Field(default=60, gt=0, validation_alias="CASEBOT_STREAM_CLAIM_SECONDS")
    stream_max_tries: int = Field(default=5, ge=1, le=100, validation_alias="CASEBOT_STREAM_MAX_TRIES")
    sweep_days: float = Field(default=3, gt=0, le=30, validation_alias="CASEBOT_SWEEP_DAYS")
    sweep_minutes: float = Field(default=10, ge=0, validation_alias="CASEBOT_SWEEP_MINUTES")
    roster_refresh_seconds: float = Field(default=30, gt=0, validation_alias="CASEBOT_ROSTER_REFRESH_SECONDS")
    purge_seconds: float = Field(default=60, gt=0, validation_alias="CASEBOT_PURGE_SECONDS")
    # how long a client named in a channel's top-level messages counts as talked of there (0: threads only)
    conversation_hours: int = Field(
        default=12, ge=0, le=7 * 24, validation_alias="CASEBOT_CONVERSATION_HOURS"
    )
    # Shared files (bot/files): the limits of bot.files.limits.FileLimits, and what happens to a file that
    # cannot be read.
    max_file_bytes: int = Field(default=20_000_000, ge=0, validation_alias="CASEBOT_MAX_FILE_BYTES")
    file_max_uncompressed_bytes: int = Field(
        default=100_000_000, ge=0, validation_alias="CASEBOT_FILE_MAX_UNCOMPRESSED_BYTES"
    )
    file_max_members: int = Field(default=1000, ge=1, validation_alias="CASEBOT_FILE_MAX_MEMBERS")
    file_max_depth: int = Field(default=2, ge=0, le=10, validation_alias="CASEBOT_FILE_MAX_DEPTH")
    file_max_cells: int = Field(default=500_000, ge=1, validation_alias="CASEBOT_FILE_MAX_CELLS")
    file_max_pages: int = Field(default=200, ge=1, validation_alias="CASEBOT_FILE_MAX_PAGES")
    file_max_ocr_pages: int = Field(default=5, ge=0, validation_alias="CASEBOT_FILE_MAX_OCR_PAGES")
    ocr_seconds: float = Field(default=20, gt=0, le=600, validation_alias="CASEBOT_OCR_SECONDS")
    unreadable_files: UnreadableFiles = Field(
        default=UnreadableFiles.REMOVE, validation_alias="CASEBOT_UNREADABLE_FILES"
    )
    shutdown_seconds: float = Field(default=20, ge=0, validation_alias="CASEBOT_SHUTDOWN_SECONDS")
    reconcile_daily: bool = Field(default=True, validation_alias="CASEBOT_RECONCILE_DAILY")
    # the monthly report DM'd to the HMIS leads on CASEBOT_REPORT_DAY (one replica; bot/reports/delivery.py)
    report_monthly: bool = Field(default=True, validation_alias="CASEBOT_REPORT_MONTHLY")
    # how often the members' first names (kept readable by the redactor) are re-read from users.list; 0: never
    staff_names_refresh_seconds: float = Field(
        default=3600, ge=0, validation_alias="CASEBOT_STAFF_NAMES_REFRESH_SECONDS"
    )
