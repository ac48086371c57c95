"""Configuration: embedded defaults, URL normalization, secrets that never print."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from app.serve import ServeError, preflight
from bot.settings import Settings, normalize_database_url, redact_url


def test_nothing_set_means_sqlite_and_embedded_redis_in_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(CASEBOT_DATA_DIR=tmp_path)
    assert settings.uses_embedded_database and settings.uses_embedded_redis
    assert settings.database_url_value() == f"sqlite:///{tmp_path.resolve()}/casebot.db"
    assert settings.key_file == tmp_path / "master.key"


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CASEBOT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "postgresql://casebot:pw@db/casebot")
    monkeypatch.setenv("CASEBOT_SHARING_MODEL", "statewide")
    settings = Settings()
    assert settings.data_dir == tmp_path
    assert settings.database_url_value() == "postgresql+psycopg://casebot:pw@db/casebot"
    assert settings.sharing_model.value == "statewide"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql://u@h:5433/db", "postgresql+psycopg://u@h:5433/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_libpq_style_urls_are_routed_to_psycopg(url: str, expected: str) -> None:
    assert normalize_database_url(url) == expected


def test_secrets_do_not_appear_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-canary-123")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:canarypw@h/db")
    text = repr(Settings()) + str(Settings())
    assert "xoxb-canary-123" not in text and "canarypw" not in text
    assert "canarypw" not in redact_url(Settings().database_url_value())


def test_an_unknown_sharing_model_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEBOT_SHARING_MODEL", "everyone")
    with pytest.raises(ValidationError):
        Settings()


def test_witness_settings_are_checked_when_read(tmp_path: Path) -> None:
    ok = Settings(
        CASEBOT_DATA_DIR=tmp_path,
        CASEBOT_AUDIT_S3_BUCKET="hmis-audit.example",
        CASEBOT_AUDIT_S3_PREFIX="/coc-42",
        CASEBOT_AUDIT_SLACK_CHANNEL="G0HMISLEAD",
        CASEBOT_ENV="production",
    )
    assert (ok.audit_s3_prefix, ok.is_production, ok.audit_mirror_is_local) == ("coc-42/", True, True)
    assert not Settings(
        CASEBOT_DATA_DIR=tmp_path / "d", CASEBOT_AUDIT_CHECKPOINT_DIR=tmp_path / "w"
    ).audit_mirror_is_local
    for name, value in (
        ("CASEBOT_AUDIT_S3_BUCKET", "Has_Capitals"),
        ("CASEBOT_AUDIT_SLACK_CHANNEL", "#hmis-lead"),
        ("CASEBOT_ENV", "staging"),
    ):
        with pytest.raises(ValidationError):
            Settings(CASEBOT_DATA_DIR=tmp_path, **{name: value})


def test_serve_refuses_to_start_in_production_without_a_witness(tmp_path: Path) -> None:
    with pytest.raises(ServeError, match="CASEBOT_ENV=production, but the only copies"):
        preflight(Settings(CASEBOT_DATA_DIR=tmp_path, CASEBOT_ENV="production"), socket_mode=False)
