"""The running installation: settings, database, keys and Redis, opened lazily.

Commands that only need the database (``agency list``) never start Redis;
commands that touch PII resolve the master key once and reuse it.
"""

from __future__ import annotations

from functools import cached_property

from bot.settings import Settings
from storage.db import Database
from storage.keys import Keyring, KeySource, resolve_master_key
from storage.kv import KeyValueStore, connect
from storage.private_files import private_dir, private_file


class Casebot:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()

    @cached_property
    def db(self) -> Database:
        if self.settings.uses_embedded_database:
            private_dir(self.settings.data_dir)
            private_file(self.settings.sqlite_path)  # SQLite gives its -wal and -shm files the same mode
        return Database(self.settings.database_url_value())

    @cached_property
    def key_source(self) -> KeySource:
        master = self.settings.master_key
        return resolve_master_key(
            db=self.db,
            env_value=master.get_secret_value() if master else None,
            key_file=self.settings.key_file,
        )

    @cached_property
    def keyring(self) -> Keyring:
        return Keyring(self.key_source.key)

    @cached_property
    def kv(self) -> KeyValueStore:
        url = self.settings.redis_url
        return connect(
            url=url.get_secret_value() if url else None,
            embedded_path=self.settings.embedded_redis_path,
        )

    def close(self) -> None:
        if "kv" in self.__dict__:
            self.kv.close()
        if "db" in self.__dict__:
            self.db.dispose()
