"""Tortoise start-up and shut-down, for the served app and for CLI commands."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from quart import Quart
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from config import tortoise_config

#: How long closing waits for connections still in use (well within hypercorn's
#: graceful_timeout, so that a stopping worker exits in time).
CLOSE_TIMEOUT_SECONDS = 2.0


async def open_database(url: str) -> None:
    """Connect Tortoise to `url` (the models app is registered as `models`)."""
    # register_tortoise from tortoise.contrib.quart loses its context under hypercorn with
    # tortoise-orm 1.x; a global fallback context makes the connection visible to every task.
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)


async def close_database() -> None:
    """Close every Tortoise connection and forget SQL prepared for this database engine."""
    # A connection that PostgreSQL dropped mid-operation can stay checked out of asyncpg's
    # pool for good; tortoise then waits 10 s for it. Cancelling the close terminates the pool.
    with suppress(TimeoutError):
        await asyncio.wait_for(Tortoise.close_connections(), CLOSE_TIMEOUT_SECONDS)
    # Tortoise caches INSERT statements by connection name, not engine; a later init of the
    # same name on another engine (tests use SQLite and PostgreSQL in one process) needs it empty.
    EXECUTOR_CACHE.clear()


@asynccontextmanager
async def database(url: str) -> AsyncIterator[None]:
    """Use the database for the length of a block (CLI commands, scripts)."""
    await open_database(url)
    try:
        yield
    finally:
        await close_database()


def init_app(app: Quart) -> None:
    """Open the database when the app starts serving and close it when it stops."""

    @app.before_serving
    async def _open() -> None:
        await open_database(app.config["DATABASE_URL"])

    @app.after_serving
    async def _close() -> None:
        await close_database()
