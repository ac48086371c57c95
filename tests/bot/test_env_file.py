"""`.env` in the working directory: read by every settings class, real environment variables first,
and never by the test suite unless a test asks (tests/conftest.py sets CASEBOT_ENV_FILE empty)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.meetings.settings import MeetingSettings
from bot.serve_settings import ServeSettings
from bot.settings import LogFormat, Settings


@pytest.fixture
def dotenv_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".env").write_text(
        "# the operator's file\n"
        "CASEBOT_TOTP_ISSUER=from-dotenv\n"
        "CASEBOT_LOG_FORMAT=console\n"
        'CASEBOT_BIND="127.0.0.1:4000"\n'
        "CASEBOT_MEETING_MINUTES=45\n"
        "POSTGRES_PASSWORD=for-docker-compose-only\n"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_suite_never_reads_a_developer_s_env_file(dotenv_dir: Path) -> None:
    assert Settings().totp_issuer == "casebot"
    assert ServeSettings().bind == "0.0.0.0:3000"


def test_settings_read_env_in_the_working_directory(
    dotenv_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CASEBOT_ENV_FILE")  # as an operator runs casebot
    settings = Settings()
    assert settings.totp_issuer == "from-dotenv" and settings.log_format is LogFormat.CONSOLE
    assert ServeSettings().bind == "127.0.0.1:4000"
    assert MeetingSettings().minutes == 45


def test_real_environment_variables_win_over_the_file(
    dotenv_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CASEBOT_ENV_FILE")
    monkeypatch.setenv("CASEBOT_TOTP_ISSUER", "from-environment")
    assert Settings().totp_issuer == "from-environment"


def test_casebot_env_file_names_another_file(dotenv_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = dotenv_dir / "prod.env"
    other.write_text("CASEBOT_TOTP_ISSUER=from-prod\n")
    monkeypatch.setenv("CASEBOT_ENV_FILE", str(other))
    assert Settings().totp_issuer == "from-prod"


def test_no_env_file_is_fine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CASEBOT_ENV_FILE")
    assert Settings().totp_issuer == "casebot"
