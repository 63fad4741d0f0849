"""`GET /healthz` through a real hypercorn: 200 `{"database": "ok", "broker": "ok"}` when both
answer, 503 naming the one that does not (a real redis-server stopped, a real PostgreSQL
database dropped), without a login; back to 200 when Redis returns."""

import asyncio
import json
import time
import urllib.error
import urllib.request

import asyncpg
import pytest

from tests.chat_client import people_in_a_room
from tests.server import live_server

BOTH_OK = {"database": "ok", "broker": "ok"}


def health(url: str) -> tuple[int, dict, str]:
    """The status, the JSON body and the Cache-Control header of `GET /healthz`."""
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=10) as response:
            return response.status, json.loads(response.read()), response.headers["Cache-Control"]
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read()), refused.headers["Cache-Control"]


async def test_the_embedded_default_is_healthy_without_a_login(tmp_path):
    with live_server(tmp_path / "instance", {}) as server:
        status, body, cache = health(server.url)
        assert (status, body) == (200, BOTH_OK)
        assert cache == "no-store"


async def test_a_stopped_redis_is_named_until_it_is_back(tmp_path, redis_server):
    with live_server(tmp_path / "instance", {"REDIS_URL": redis_server.url}) as server:
        assert health(server.url)[:2] == (200, BOTH_OK)
        redis_server.stop()
        assert health(server.url)[:2] == (503, {"database": "ok", "broker": "unavailable"})
        redis_server.start()
        deadline = time.monotonic() + 15
        while health(server.url)[0] != 200:  # once the broker has reconnected
            assert time.monotonic() < deadline, "still unhealthy after Redis came back"
            await asyncio.sleep(0.2)
        assert health(server.url)[1] == BOTH_OK


@pytest.mark.postgres
async def test_a_dropped_database_is_named(tmp_path, postgres_database):
    with live_server(tmp_path / "instance", {"DATABASE_URL": postgres_database}) as server:
        people_in_a_room(server.url)  # the server has used its connections
        assert health(server.url)[:2] == (200, BOTH_OK)
        admin_url, name = postgres_database.rsplit("/", 1)
        admin = await asyncpg.connect(f"{admin_url}/postgres", timeout=5)
        try:
            await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        finally:
            await admin.close()
        status, body, _ = health(server.url)
        assert (status, body) == (503, {"database": "unavailable", "broker": "ok"})
