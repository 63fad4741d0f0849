"""The suite's databases: SQLite files, or throw-away PostgreSQL databases cloned from one
migrated template per test process. `BACKCHAT_TEST_DATABASE=postgres` runs the whole suite on
PostgreSQL (`make test-postgres`); tests of one engine's own behaviour name it themselves."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import os
import re
import sqlite3
import uuid
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path
from typing import Any, TypeVar

import asyncpg

ENGINE = os.environ.get("BACKCHAT_TEST_DATABASE", "sqlite")
POSTGRES_ADMIN_URL = os.environ.get(
    "BACKCHAT_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
#: Every database a test process makes is named with its pid, so that a later run can tell
#: the leftovers of a run that was killed from those of a run still going.
_PREFIX = "backchat_test_"
_made: set[str] = set()
_T = TypeVar("_T")
_template: str | None = None

if ENGINE not in ("sqlite", "postgres"):
    raise RuntimeError(f"BACKCHAT_TEST_DATABASE is 'sqlite' or 'postgres', not {ENGINE!r}")


def sqlite_url(path: Path) -> str:
    return f"sqlite://{path}?busy_timeout=5000"


def _in_a_thread(work: Coroutine[Any, Any, _T]) -> _T:
    """Run a coroutine to its end from sync or async code alike."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()


def postgres_url(name: str) -> str:
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def postgres_admin(sql: str) -> list[tuple]:
    """Rows of one statement on the PostgreSQL server's admin database."""
    return query(POSTGRES_ADMIN_URL, sql)


def _name(key: str) -> str:
    return f"{_PREFIX}{os.getpid()}_{key}"


def new_postgres_database(template: str | None = None) -> str:
    """A new PostgreSQL database (empty, or a copy of `template`), dropped by `drop_all()`."""
    name = _name(uuid.uuid4().hex[:12])
    _create(name, template)
    return postgres_url(name)


def migrated_postgres_database() -> str:
    """A new PostgreSQL database with every migration applied (a copy of the template)."""
    return new_postgres_database(_migrated_template())


def _create(name: str, template: str | None) -> None:
    postgres_admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    _made.add(name)


def _migrated_template() -> str:
    global _template
    if _template is None:
        from backchat.cli import apply_migrations

        _drop_leftovers()
        name = _name("template")
        _create(name, None)
        _in_a_thread(apply_migrations(postgres_url(name)))
        _template = name
    return _template


def instance_database_url(instance: Path, migrated: bool = True) -> str:
    """The database of an instance folder: its SQLite file, or (on PostgreSQL) a database of
    its own, made on first use so that every server and command on the folder shares it."""
    if ENGINE == "sqlite":
        return sqlite_url(instance / "backchat.sqlite3")
    key = hashlib.sha1(str(instance.resolve()).encode()).hexdigest()[:12]
    name = _name(key)
    if name not in _made:
        _create(name, _migrated_template() if migrated else None)
    return postgres_url(name)


def instance_settings(instance: Path) -> dict[str, str]:
    """The environment that points a process at an instance folder and its database."""
    settings = {"INSTANCE_PATH": str(instance)}
    if ENGINE == "postgres":
        settings["DATABASE_URL"] = instance_database_url(instance)
    return settings


def query(url: str, sql: str, *params: object) -> list[tuple]:
    """The rows of one statement (`?` placeholders) on a SQLite or PostgreSQL database."""
    if url.startswith("sqlite://"):
        path = url.removeprefix("sqlite://").split("?", 1)[0]
        with closing(sqlite3.connect(path)) as db, db:
            return [tuple(row) for row in db.execute(sql, params)]
    numbers = itertools.count(1)
    numbered = re.sub(r"\?", lambda _: f"${next(numbers)}", sql)

    async def run() -> list[tuple]:
        conn = await asyncpg.connect(url, timeout=5)
        try:
            return [tuple(row) for row in await conn.fetch(numbered, *params)]
        finally:
            await conn.close()

    return _in_a_thread(run())


def drop_all() -> None:
    """Drop every PostgreSQL database this process made (the template last)."""
    for name in sorted(_made, key=lambda n: n == _template):
        postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _made.clear()


def _drop_leftovers() -> None:
    """Drop the databases of test processes that no longer run (a run killed midway)."""
    for (name,) in postgres_admin(
        f"SELECT datname FROM pg_database WHERE datname LIKE '{_PREFIX}%'"
    ):
        pid = name.removeprefix(_PREFIX).split("_", 1)[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
