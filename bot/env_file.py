"""The ``.env`` file every settings class reads: ``.env`` in the working directory by default.

Real environment variables win over the file. ``CASEBOT_ENV_FILE`` names another file, or turns the
file off when set empty (the test suite does, so a developer's own ``.env`` never reaches a test).
Only casebot's settings come from the file: it does not change the process's environment, so the
AWS SDK, for one, still reads its credentials from the real environment.
"""

from __future__ import annotations

import os
from typing import Any

from pydantic_settings import BaseSettings

ENV_FILE_VARIABLE = "CASEBOT_ENV_FILE"
DEFAULT_ENV_FILE = ".env"


def env_file() -> str | None:
    """The file to read now (None: none), looked up when each settings object is made."""
    value = os.environ.get(ENV_FILE_VARIABLE, DEFAULT_ENV_FILE)
    return value or None


class EnvFileSettings(BaseSettings):
    """``BaseSettings`` that also reads ``env_file()``; an explicit ``_env_file=`` still wins."""

    def __init__(self, **values: Any) -> None:
        values.setdefault("_env_file", env_file())
        values.setdefault("_env_file_encoding", "utf-8")
        super().__init__(**values)
