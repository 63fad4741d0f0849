"""PostgreSQL drops the server's connections mid-chat (`pg_terminate_backend`): a send fails at
most with the clear error under the composer, never a dead socket or a 500; nothing is half
saved; and the next send works."""

import asyncio
import signal
import uuid
from concurrent.futures import ThreadPoolExecutor

import asyncpg
import pytest

from tests.chaos.faults import (
    RAISED_LIMITS,
    acks,
    graceful_timeout,
    seconds_to_exit,
)
from tests.chat_client import close_all_tabs, has_message, people_in_a_room
from tests.server import live_server

pytestmark = pytest.mark.postgres

SAVE_FAILED = "could not be saved"
BURST = 50
BUSY_BURST = 100
DROPS = 3


def outcomes(received: str) -> int:
    """Messages the sender was told about: saved, or could not be saved."""
    return acks(received) + received.count(SAVE_FAILED)


def in_postgres(url: str, sql: str) -> list[asyncpg.Record]:
    """Run one query on the database at `url` from a connection of its own."""

    async def run() -> list[asyncpg.Record]:
        conn = await asyncpg.connect(url, timeout=5)
        try:
            return await conn.fetch(sql)
        finally:
            await conn.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run()).result()


def bodies_in(url: str, slug: str) -> list[tuple[int, str]]:
    """(id, body) of a room's saved messages in id order."""
    rows = in_postgres(
        url,
        "SELECT m.id, m.body FROM message m JOIN room r ON r.id = m.room_id"
        f" WHERE r.slug = '{slug}' ORDER BY m.id",
    )
    return [(row["id"], row["body"]) for row in rows]


def rooms_out_of_step(url: str) -> list[asyncpg.Record]:
    """Rooms whose last_message_id is not their newest message, or whose log does not end at
    `last_event` or does not hold one "posted" event per message (a half-saved write)."""
    return in_postgres(
        url,
        "SELECT r.id, r.last_message_id, r.last_event FROM room r"
        " WHERE r.last_message_id IS DISTINCT FROM"
        " (SELECT max(m.id) FROM message m WHERE m.room_id = r.id)"
        " OR r.last_event <> (SELECT coalesce(max(e.seq), 0) FROM room_event e"
        "                     WHERE e.room_id = r.id)"
        " OR (SELECT count(*) FROM message m WHERE m.room_id = r.id)"
        "    <> (SELECT count(*) FROM room_event e WHERE e.room_id = r.id AND e.kind = 'posted')",
    )


async def holding_the_room(url: str, slug: str) -> asyncpg.Connection:
    """A connection of our own holding the room's row lock: the server's next save waits."""
    conn = await asyncpg.connect(url, timeout=5)
    await conn.execute("BEGIN")
    await conn.execute(f"SELECT 1 FROM room WHERE slug = '{slug}' FOR UPDATE")
    return conn


async def drop_connections_from(conn: asyncpg.Connection) -> int:
    """Terminate every other backend on the database (the server's), from `conn`."""
    rows = await conn.fetch(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    return len(rows)


async def test_a_dropped_database_connection_fails_a_send_clearly_at_most(
    tmp_path, postgres_database, figure
):
    env = {**RAISED_LIMITS, "DATABASE_URL": postgres_database}
    with live_server(tmp_path / "instance", env) as server:
        alice, bob, slug = people_in_a_room(server.url)
        alice_tab, bob_tab = await alice.open_tab(slug), await bob.open_tab(slug)
        await alice_tab.say("before the drop")
        await bob_tab.receive_until(has_message("before the drop"))

        # The connection drops while a save is under way and more messages wait behind it.
        lock = await holding_the_room(postgres_database, slug)
        burst = [(f"during the drop {n}", uuid.uuid4().hex) for n in range(BURST)]
        for text, nonce in burst:
            await alice_tab.say(text, client_id=nonce)
        await asyncio.sleep(0.5)
        assert await drop_connections_from(lock) > 0
        await lock.close()

        # Every message of the burst is either saved or said to have failed, once.
        told = await alice_tab.receive_until(lambda t: outcomes(t) >= BURST + 1, 20)
        failed = told.count(SAVE_FAILED)
        for text, nonce in burst:  # as the person would: send again what failed (same nonce)
            await alice_tab.say(text, client_id=nonce)
        await alice_tab.receive_until(lambda t: outcomes(t) >= 2 * BURST + 1, 20)
        await alice_tab.say("after the drop")
        await bob_tab.receive_until(has_message("after the drop"), timeout=10)
        assert alice_tab.socket.close_code is None and bob_tab.socket.close_code is None
        assert alice_tab.text.count(SAVE_FAILED) == failed  # the second time, all went through
        assert failed <= 1  # the save under way when the connection dropped, at most

        page_url, _ = alice.get(f"/room/{slug}/")  # the page loads (no 500)
        assert page_url.endswith(f"/room/{slug}/")
        saved = [body for _, body in bodies_in(postgres_database, slug)]  # resent ones come later
        assert saved[0] == "before the drop" and saved[-1] == "after the drop"
        assert sorted(saved[1:-1]) == sorted(text for text, _ in burst)  # each saved once
        assert rooms_out_of_step(postgres_database) == []
        figure(f"PostgreSQL connections dropped mid-save: {failed} of {BURST} failed")
        await close_all_tabs()


def drop_server_connections(url: str) -> int:
    """Terminate every other backend on the database (the server's)."""
    return len(
        in_postgres(
            url,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
    )


async def test_a_busy_room_keeps_saving_while_its_database_connections_drop(
    tmp_path, postgres_database, figure
):
    env = {**RAISED_LIMITS, "DATABASE_URL": postgres_database}
    with live_server(tmp_path / "instance", env) as server:
        alice, _, slug = people_in_a_room(server.url)
        tab = await alice.open_tab(slug)
        burst = [(f"busy {n}", uuid.uuid4().hex) for n in range(BUSY_BURST)]

        async def send_burst() -> None:
            for text, nonce in burst:
                await tab.say(text, client_id=nonce)
                await asyncio.sleep(0.002)

        sending = asyncio.create_task(send_burst())
        for _ in range(DROPS):
            await asyncio.sleep(0.04)
            await asyncio.to_thread(drop_server_connections, postgres_database)
        await sending
        told = await tab.receive_until(lambda t: outcomes(t) >= BUSY_BURST, 20)
        failed = told.count(SAVE_FAILED)
        log = (server.instance / "server.log").read_text()
        # A save in flight when its connection drops may fail; later saves must not fail on a
        # connection the pool had taken back already (tortoise's stale transaction context).
        assert "released back to the pool" not in log
        assert failed <= 3 * DROPS
        for text, nonce in burst:  # sending again whatever failed saves it, once
            await tab.say(text, client_id=nonce)
        await tab.receive_until(lambda t: outcomes(t) >= 2 * BUSY_BURST, 20)
        assert tab.text.count(SAVE_FAILED) == failed
        saved = [body for _, body in await asyncio.to_thread(bodies_in, postgres_database, slug)]
        assert sorted(saved) == sorted(text for text, _ in burst)
        assert rooms_out_of_step(postgres_database) == []
        figure(f"PostgreSQL dropped {DROPS} times in a busy room: {failed} of {BUSY_BURST}")
        await close_all_tabs()
        # A connection dropped mid-operation can stay checked out of the pool for good: the
        # server still stops within hypercorn's graceful timeout.
        server.process.send_signal(signal.SIGTERM)
        took = seconds_to_exit(server.process, limit=30)
        assert took < graceful_timeout(), f"exited {took:.1f} s after SIGTERM"
