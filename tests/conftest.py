"""Shared fixtures: a migrated database per test (SQLite, or a throw-away PostgreSQL one),
the app with its start-up hooks run, a test client and an `auth` helper."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import NoReturn

import asyncpg
import pytest
from hypothesis import settings
from quart import Quart
from quart.typing import TestClientProtocol

from backchat import create_app
from backchat.cli import apply_migrations
from backchat.db import database
from tests import databases
from tests.databases import sqlite_url
from tests.redis_server import RedisServer

REQUIRE_SERVICES = os.environ.get("BACKCHAT_REQUIRE_SERVICES") == "1"
PASSWORD = "correct horse battery"
_CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')

# Property tests run few examples in `make test` and hundreds under `make fuzz`
# (HYPOTHESIS_PROFILE=fuzz). No deadline: examples go through real servers on shared cores.
# Failing examples are kept in .hypothesis/ and replayed first on the next run.
settings.register_profile("default", max_examples=15, deadline=None, print_blob=True)
settings.register_profile("fuzz", max_examples=1000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def service_missing(reason: str) -> NoReturn:
    """Skip a test whose server is not here, or fail when services are required (CI)."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (BACKCHAT_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


@pytest.fixture(scope="session", name="migrated_sqlite")
def _migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with every migration applied, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    asyncio.run(apply_migrations(sqlite_url(path)))
    return path


@pytest.fixture(name="sqlite_database")
def _sqlite_database(tmp_path: Path, migrated_sqlite: Path) -> str:
    path = tmp_path / "backchat.sqlite3"
    shutil.copy(migrated_sqlite, path)
    return sqlite_url(path)


@pytest.fixture(scope="session", autouse=True, name="drop_postgres_databases")
def _drop_postgres_databases() -> Iterator[None]:
    """Every PostgreSQL database the run made is dropped at its end."""
    yield
    databases.drop_all()


def _reach_postgres(make: Callable[[], str]) -> str:
    try:
        return make()
    except (OSError, asyncpg.PostgresError) as exc:
        service_missing(f"PostgreSQL is not reachable at {databases.POSTGRES_ADMIN_URL}: {exc}")


@pytest.fixture(name="new_postgres_database")
def _new_postgres_database() -> Callable[[], str]:
    """Makes empty PostgreSQL databases on demand (dropped at the end of the run)."""
    return lambda: _reach_postgres(databases.new_postgres_database)


@pytest.fixture(name="fresh_postgres")
def _fresh_postgres(new_postgres_database: Callable[[], str]) -> str:
    """A new, empty PostgreSQL database."""
    return new_postgres_database()


@pytest.fixture(name="postgres_database")
def _postgres_database() -> str:
    """A throw-away PostgreSQL database with every migration applied."""
    return _reach_postgres(databases.migrated_postgres_database)


@pytest.fixture(name="suite_database")
def _suite_database(request: pytest.FixtureRequest) -> str:
    """A migrated database of the engine the suite runs on (`BACKCHAT_TEST_DATABASE`)."""
    return request.getfixturevalue(f"{databases.ENGINE}_database")


@pytest.fixture(name="fresh_sqlite")
def _fresh_sqlite(tmp_path: Path) -> str:
    """An empty SQLite file."""
    return sqlite_url(tmp_path / "fresh.sqlite3")


@pytest.fixture(name="database_url", params=["sqlite", "postgres"])
def _database_url(request: pytest.FixtureRequest) -> str:
    """A migrated database of each engine in turn (for model-level tests)."""
    return request.getfixturevalue(f"{request.param}_database")


@pytest.fixture(name="db")
async def _db(database_url: str) -> AsyncIterator[str]:
    """Tortoise connected to a migrated database, for tests below the HTTP layer."""
    async with database(database_url):
        yield database_url


@pytest.fixture(name="redis_server")
def _redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A private redis-server on a free port that the test may stop and restart."""
    if not RedisServer.available():
        service_missing("redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(name="redis_url")
def _redis_url(request: pytest.FixtureRequest) -> str:
    """A Redis for the test: `BACKCHAT_TEST_REDIS_URL`, else a private redis-server."""
    return os.environ.get("BACKCHAT_TEST_REDIS_URL") or request.getfixturevalue("redis_server").url


@pytest.fixture(scope="module", name="module_redis_url")
def _module_redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Redis shared by a module's tests, which leave it running (`BACKCHAT_TEST_REDIS_URL`,
    else a private redis-server)."""
    if url := os.environ.get("BACKCHAT_TEST_REDIS_URL"):
        yield url
        return
    if not RedisServer.available():
        service_missing("redis-server is not installed")
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(name="make_app")
async def _make_app(
    tmp_path: Path, suite_database: str
) -> AsyncIterator[Callable[..., Awaitable[Quart]]]:
    """Builds test apps with settings of the test's own (`await make_app(REGISTRATION="closed")`),
    start-up hooks run, all sharing the test's database (of the suite's engine)."""
    async with AsyncExitStack() as stack:

        async def make(**config: object) -> Quart:
            app = create_app(
                {
                    "TESTING": True,
                    "DATABASE_URL": suite_database,
                    "INSTANCE_PATH": tmp_path,
                    "SECRET_KEY": "test secret key",
                    **config,
                }
            )
            await stack.enter_async_context(app.test_app())
            return app

        yield make


@pytest.fixture(name="app")
async def _app(make_app: Callable[..., Awaitable[Quart]]) -> Quart:
    """The app with the default settings, started."""
    return await make_app()


@pytest.fixture(name="client")
def _client(app: Quart) -> TestClientProtocol:
    return app.test_client()


async def csrf_token(client: TestClientProtocol, path: str = "/auth/login/") -> str:
    """The CSRF token of `client`'s session, read from a form page."""
    response = await client.get(path)
    match = _CSRF_INPUT.search(await response.get_data(as_text=True))
    assert match, f"no csrf_token input on {path}"
    return match.group(1)


class AuthActions:
    """Register, log in and log out through the real forms."""

    def __init__(self, client: TestClientProtocol) -> None:
        self.client = client

    async def register(self, username: str = "alice", password: str = PASSWORD, next: str = ""):
        token = await csrf_token(self.client, "/auth/register/")
        form = {"username": username, "password1": password, "password2": password}
        if next:
            form["next"] = next
        return await self.client.post("/auth/register/", form={**form, "csrf_token": token})

    async def login(self, username: str = "alice", password: str = PASSWORD, next: str = ""):
        token = await csrf_token(self.client, "/auth/login/")
        form = {"username": username, "password": password, "csrf_token": token}
        if next:
            form["next"] = next
        return await self.client.post("/auth/login/", form=form)

    async def logout(self):
        token = await csrf_token(self.client, "/auth/logout/")
        return await self.client.post("/auth/logout/", form={"csrf_token": token})

    async def post(self, path: str, form: dict[str, str]):
        """POST a form with this session's CSRF token."""
        token = await csrf_token(self.client, "/auth/register/")
        return await self.client.post(path, form={**form, "csrf_token": token})


@pytest.fixture(name="auth")
def _auth(client: TestClientProtocol) -> AuthActions:
    return AuthActions(client)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The soak's figures (and any other fault test's) under their own heading."""
    lines = [
        value
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", ())
        if name == "figure"
    ]
    if lines:
        terminalreporter.section("chaos and soak figures")
        for line in lines:
            terminalreporter.write_line(line)
