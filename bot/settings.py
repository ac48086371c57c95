"""Configuration from the environment.

Every knob has an embedded default so a single machine runs casebot with no
service installed (SQLite and an embedded Redis in the data directory). Secrets
are ``SecretStr`` so they never show up in a repr, a log line or a traceback.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from bot.env_file import EnvFileSettings
from bot.oversight.suspicion import parse_days, parse_rules, parse_window, parse_zone


class SharingModel(StrEnum):
    """The two sharing models of the HMIS policy documents (see DESIGN.md)."""

    ROI_MOU = "roi_mou"
    STATEWIDE = "statewide"


class Environment(StrEnum):
    """``production`` holds an installation to what a real deployment must have (``config check``)."""

    DEVELOPMENT = "development"
    PRODUCTION = "production"


class LogFormat(StrEnum):
    """How log lines are written (app/logs.py): one JSON object a line, or for a person reading."""

    JSON = "json"
    CONSOLE = "console"


class Settings(EnvFileSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", case_sensitive=False)

    data_dir: Path = Field(default=Path(".casebot"), validation_alias="CASEBOT_DATA_DIR")
    database_url: SecretStr | None = Field(default=None, validation_alias="DATABASE_URL")
    redis_url: SecretStr | None = Field(default=None, validation_alias="REDIS_URL")
    master_key: SecretStr | None = Field(default=None, validation_alias="CASEBOT_MASTER_KEY")
    sharing_model: SharingModel = Field(
        default=SharingModel.ROI_MOU, validation_alias="CASEBOT_SHARING_MODEL"
    )
    log_level: str = Field(default="INFO", validation_alias="CASEBOT_LOG_LEVEL")
    # unset: JSON for `casebot serve`, console for the other commands
    log_format: LogFormat | None = Field(default=None, validation_alias="CASEBOT_LOG_FORMAT")
    environment: Environment = Field(default=Environment.DEVELOPMENT, validation_alias="CASEBOT_ENV")

    # Step-up verification (TOTP): how long a verified session lasts, and the lockout after failures.
    session_idle_minutes: int = Field(
        default=15, ge=1, le=240, validation_alias="CASEBOT_SESSION_IDLE_MINUTES"
    )
    session_max_hours: int = Field(default=8, ge=1, le=24, validation_alias="CASEBOT_SESSION_MAX_HOURS")
    totp_max_failures: int = Field(default=5, ge=1, le=20, validation_alias="CASEBOT_TOTP_MAX_FAILURES")
    totp_lockout_minutes: int = Field(
        default=15, ge=1, le=1440, validation_alias="CASEBOT_TOTP_LOCKOUT_MINUTES"
    )
    public_url: str | None = Field(default=None, validation_alias="CASEBOT_PUBLIC_URL")
    totp_issuer: str = Field(
        default="casebot", min_length=1, max_length=40, validation_alias="CASEBOT_TOTP_ISSUER"
    )

    # Escalation to supervisors (bot/oversight/suspicion.py, bot/oversight/escalations.py): which rules
    # run and their limits.
    escalation_rules: str = Field(default="all", validation_alias="CASEBOT_ESCALATION_RULES")
    reveal_burst_max: int = Field(default=10, ge=1, le=1000, validation_alias="CASEBOT_REVEAL_BURST_MAX")
    reveal_burst_minutes: int = Field(
        default=10, ge=1, le=1440, validation_alias="CASEBOT_REVEAL_BURST_MINUTES"
    )
    request_hours: str | None = Field(default=None, validation_alias="CASEBOT_REQUEST_HOURS")
    request_days: str = Field(default="mon-fri", validation_alias="CASEBOT_REQUEST_DAYS")
    timezone: str = Field(default="UTC", validation_alias="CASEBOT_TIMEZONE")
    legal_terms: str = Field(default="", max_length=2000, validation_alias="CASEBOT_LEGAL_TERMS")
    escalation_lead_minutes: int = Field(
        default=30, ge=1, le=7 * 24 * 60, validation_alias="CASEBOT_ESCALATION_LEAD_MINUTES"
    )
    escalation_hold_hours: int = Field(
        default=24, ge=1, le=30 * 24, validation_alias="CASEBOT_ESCALATION_HOLD_HOURS"
    )

    # Offboarding: the daily reconciliation stops (changes nothing) rather than disable more than this share.
    reconcile_max_fraction: float = Field(
        default=0.2, gt=0, le=1, validation_alias="CASEBOT_RECONCILE_MAX_FRACTION"
    )

    # The monthly privacy and security report (bot/reports): sent to every HMIS lead from this day of each
    # month on (once, by one replica), covering the month before. 28 at most, so every month has the day.
    report_day: int = Field(default=1, ge=1, le=28, validation_alias="CASEBOT_REPORT_DAY")

    # Signed checkpoints (storage/audit_checkpoints.py): every N events or T seconds while rows are being
    # appended, after every CLI command that appended, and when `casebot serve` stops.
    audit_checkpoint_dir: Path | None = Field(default=None, validation_alias="CASEBOT_AUDIT_CHECKPOINT_DIR")
    audit_checkpoint_every: int = Field(default=100, ge=1, validation_alias="CASEBOT_AUDIT_CHECKPOINT_EVERY")
    audit_checkpoint_seconds: int = Field(
        default=60, ge=1, validation_alias="CASEBOT_AUDIT_CHECKPOINT_SECONDS"
    )
    # Witnesses: copies the database's owner cannot rewrite. S3 credentials come from the standard AWS
    # chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, an instance or task role), never from here.
    audit_s3_bucket: str | None = Field(default=None, validation_alias="CASEBOT_AUDIT_S3_BUCKET")
    audit_s3_prefix: str = Field(default="casebot-audit/", validation_alias="CASEBOT_AUDIT_S3_PREFIX")
    audit_s3_endpoint_url: str | None = Field(default=None, validation_alias="CASEBOT_AUDIT_S3_ENDPOINT_URL")
    audit_s3_region: str | None = Field(default=None, validation_alias="CASEBOT_AUDIT_S3_REGION")
    audit_s3_retention_days: int = Field(
        default=2557, ge=1, le=36500, validation_alias="CASEBOT_AUDIT_S3_RETENTION_DAYS"
    )
    audit_slack_channel: str | None = Field(default=None, validation_alias="CASEBOT_AUDIT_SLACK_CHANNEL")
    # A checkpoint a witness does not hold yet is "pending" this long, then `audit verify` fails on it.
    audit_witness_grace_minutes: int = Field(
        default=10, ge=1, le=7 * 24 * 60, validation_alias="CASEBOT_AUDIT_WITNESS_GRACE_MINUTES"
    )

    # `casebot clients import`: the largest Client.csv read. Memory grows with the number of clients
    # (about 120 bytes each for the duplicate-PersonalID check; the rows stream), so the limit bounds
    # it: 500 MB is about 2.5 million clients, more than any statewide HMIS holds.
    import_max_bytes: int = Field(default=500_000_000, ge=1, validation_alias="CASEBOT_IMPORT_MAX_BYTES")

    slack_bot_token: SecretStr | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(default=None, validation_alias="SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    slack_admin_user_token: SecretStr | None = Field(default=None, validation_alias="SLACK_ADMIN_USER_TOKEN")
    slack_api_url: str | None = Field(default=None, validation_alias="SLACK_API_URL")

    @field_validator("data_dir")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return value.expanduser()

    @field_validator("audit_s3_bucket", "audit_s3_endpoint_url", "audit_s3_region", "audit_slack_channel")
    @classmethod
    def _blank_is_unset(cls, value: str | None) -> str | None:
        return value.strip() if value and value.strip() else None

    @field_validator("audit_s3_bucket")
    @classmethod
    def _bucket(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", value):
            raise ValueError("must be an S3 bucket name (3-63 lower-case letters, digits, dots and hyphens)")
        return value

    @field_validator("audit_s3_prefix")
    @classmethod
    def _prefix(cls, value: str) -> str:
        value = value.strip().lstrip("/")
        if not re.fullmatch(r"[A-Za-z0-9!_.*'()/-]{0,200}", value):
            raise ValueError("letters, digits and -_.!*'()/ only")
        return value if not value or value.endswith("/") else value + "/"

    @field_validator("audit_slack_channel")
    @classmethod
    def _channel(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[CG][A-Z0-9]{8,20}", value):
            raise ValueError("must be a Slack channel ID such as C0123456789 (not a #name)")
        return value

    @field_validator("public_url")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().rstrip("/")
        if not value.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise ValueError("must be an https:// URL (the address Slack reaches casebot serve at)")
        return value

    @field_validator("escalation_rules")
    @classmethod
    def _rules(cls, value: str) -> str:

        parse_rules(value)
        return value

    @field_validator("request_hours")
    @classmethod
    def _hours(cls, value: str | None) -> str | None:

        if value is None or not value.strip():
            return None
        parse_window(value)
        return value.strip()

    @field_validator("request_days")
    @classmethod
    def _days(cls, value: str) -> str:

        parse_days(value)
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:

        parse_zone(value)
        return value.strip()

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR")
        return level

    @cached_property
    def key_file(self) -> Path:
        return self.data_dir / "master.key"

    @cached_property
    def sqlite_path(self) -> Path:
        return self.data_dir / "casebot.db"

    @property
    def audit_mirror_dir(self) -> Path:
        """Where checkpoint copies go: put it on other storage than the database in production."""
        return self.audit_checkpoint_dir or self.data_dir / "audit-checkpoints"

    @property
    def audit_mirror_is_local(self) -> bool:
        """The folder of copies sits under the data directory: a copy, not a witness."""
        try:
            return self.audit_mirror_dir.resolve().is_relative_to(self.data_dir.resolve())
        except OSError:
            return True

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.PRODUCTION

    @cached_property
    def embedded_redis_path(self) -> Path:
        return self.data_dir / "redis.rdb"

    def database_url_value(self) -> str:
        """The SQLAlchemy URL to use: the configured one, or SQLite in the data dir."""
        if self.database_url is not None:
            return normalize_database_url(self.database_url.get_secret_value())
        return f"sqlite:///{self.sqlite_path.resolve()}"

    @property
    def uses_embedded_database(self) -> bool:
        return self.database_url is None

    @property
    def uses_embedded_redis(self) -> bool:
        return self.redis_url is None


def normalize_database_url(url: str) -> str:
    """Accept the libpq-style URLs operators paste and route them to psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def redact_url(url: str) -> str:
    """A URL with its password replaced, for `config check` output."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unparseable URL>"
