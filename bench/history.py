"""The big-history point of `make bench`: one room with 1,000,000 saved messages, on SQLite and
on PostgreSQL; how long opening the room, a scroll-back page, a permalink and a search take.

    python -m bench.history [--messages 1000000] [--requests 40]

The room is built with bulk inserts straight into the database (through the socket it would
take hours), with its event log and search index as the app keeps them; then a served app
(one hypercorn worker) answers real signed-in requests, timed from the client. Figures are
latencies in milliseconds (p50, p95, max) per request kind.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from contextlib import closing, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg

from bench.run import LIMITS
from tests.chat_client import new_person
from tests.databases import sqlite_url
from tests.server import live_server

MESSAGES = 1_000_000
REQUESTS = 40
#: Words the messages are made of: a few common, most rare (so searches find many or few).
COMMON = ["the", "team", "meeting", "today", "lunch", "deploy", "review", "thanks"]
RARE = [f"{stem}{n}" for stem in ("alpha", "bravo", "delta", "kilo", "zulu") for n in range(400)]
POSTGRES_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
BATCH = 20_000


def body(n: int, pick: random.Random) -> str:
    words = [pick.choice(COMMON) for _ in range(6)] + [pick.choice(RARE) for _ in range(2)]
    pick.shuffle(words)
    return f"message {n}: " + " ".join(words)


def rows(room_id: int, author_id: int, count: int, first_id: int):
    """(id, room, author, body, created_at) for `count` messages, a few seconds apart."""
    pick = random.Random(5)
    start = datetime.now(UTC) - timedelta(seconds=3 * count)
    for n in range(count):
        yield (
            first_id + n,
            room_id,
            author_id,
            body(n, pick),
            (start + timedelta(seconds=3 * n)).isoformat(sep=" "),
        )


def fill_sqlite(path: Path, slug: str, count: int) -> int:
    """Bulk-insert the room's messages and their `posted` events (the FTS triggers index them);
    the first message's id."""
    with closing(sqlite3.connect(path)) as db:
        room_id, author_id = db.execute(
            "SELECT id, created_by_id FROM room WHERE slug = ?", (slug,)
        ).fetchone()
        first = (db.execute("SELECT max(id) FROM message").fetchone()[0] or 0) + 1
        start_seq = db.execute("SELECT last_event FROM room WHERE id = ?", (room_id,)).fetchone()[0]
        batch: list[tuple] = []
        for n, row in enumerate(rows(room_id, author_id, count, first)):
            batch.append(row)
            if len(batch) == BATCH or n == count - 1:
                db.executemany(
                    "INSERT INTO message (id, room_id, author_id, body, created_at, continues)"
                    " VALUES (?, ?, ?, ?, ?, 0)",
                    batch,
                )
                db.executemany(
                    "INSERT INTO room_event (room_id, seq, kind, message_id, created_at)"
                    " VALUES (?, ?, 'posted', ?, ?)",
                    [(room_id, start_seq + r[0] - first + 1, r[0], r[4]) for r in batch],
                )
                batch = []
        db.execute(
            "UPDATE room SET last_message_id = ?, last_event = ? WHERE id = ?",
            (first + count - 1, start_seq + count, room_id),
        )
        db.commit()
        db.execute("ANALYZE")
    return first


async def fill_postgres(url: str, slug: str, count: int) -> int:
    """The same on PostgreSQL, with COPY (the GIN index is kept as rows arrive)."""
    conn = await asyncpg.connect(url)
    try:
        room_id, author_id, start_seq = await conn.fetchrow(
            "SELECT id, created_by_id, last_event FROM room WHERE slug = $1", slug
        )
        first = (await conn.fetchval("SELECT max(id) FROM message") or 0) + 1
        batch: list[tuple] = []
        async with conn.transaction():
            for n, row in enumerate(rows(room_id, author_id, count, first)):
                message_id, _, _, text, at = row
                batch.append((message_id, room_id, author_id, text, datetime.fromisoformat(at)))
                if len(batch) == BATCH or n == count - 1:
                    await conn.copy_records_to_table(
                        "message",
                        records=[(*r, False) for r in batch],
                        columns=["id", "room_id", "author_id", "body", "created_at", "continues"],
                    )
                    await conn.copy_records_to_table(
                        "room_event",
                        records=[
                            (room_id, start_seq + r[0] - first + 1, "posted", r[0], r[4])
                            for r in batch
                        ],
                        columns=["room_id", "seq", "kind", "message_id", "created_at"],
                    )
                    batch = []
            await conn.execute(
                "UPDATE room SET last_message_id = $1, last_event = $2 WHERE id = $3",
                first + count - 1,
                start_seq + count,
                room_id,
            )
            await conn.execute(
                "SELECT setval(pg_get_serial_sequence('message', 'id'), $1)", first + count
            )
            await conn.execute(
                "SELECT setval(pg_get_serial_sequence('room_event', 'id'), "
                "(SELECT max(id) FROM room_event))"
            )
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    return first


@contextmanager
def postgres_database():
    """A throw-away PostgreSQL database's URL."""
    name = f"bench_history_{uuid.uuid4().hex[:8]}"

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(POSTGRES_ADMIN)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def timed(get: Callable[[str], object], paths: list[str]) -> dict:
    """Latency figures (ms) of GETting each path once, after one warm-up request."""
    get(paths[0])
    times = []
    for path in paths:
        started = time.perf_counter()
        get(path)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "p50": round(statistics.median(times), 1),
        "p95": round(times[int(0.95 * (len(times) - 1))], 1),
        "max": round(times[-1], 1),
    }


def measure(engine: str, count: int, requests: int, workdir: Path, database_url: str = "") -> dict:
    instance = workdir / "instance"
    # The SQLite point names its file: under `make test-postgres` the default would not be it.
    sqlite = sqlite_url(instance / "backchat.sqlite3")
    env = dict(LIMITS) | {"DATABASE_URL": database_url or sqlite}
    with live_server(instance, env) as server:
        owner = new_person(server.url, "owner")
        slug = owner.create_room("A million")
        started = time.monotonic()
        if database_url:
            first = asyncio.run(fill_postgres(database_url, slug, count))
        else:
            first = fill_sqlite(server.instance / "backchat.sqlite3", slug, count)
        built = time.monotonic() - started
        reader = new_person(server.url, "reader")
        reader.join_room(slug)
        pick = random.Random(7)
        ids = [pick.randint(first + 100, first + count - 100) for _ in range(requests)]
        words = [pick.choice(RARE if n % 2 else COMMON) for n in range(requests)]

        def get(path: str) -> None:
            reader.get(path, htmx="/messages?" in path)

        room = f"/room/{slug}"
        # Measuring empty answers would say nothing: a common word fills a page of results.
        page = reader.get(f"{room}/search/?q={COMMON[1]}")[1]
        if page.count('class="found"') != min(count, 50):
            raise RuntimeError(f"searching {count:,} messages found too few:\n{page}")
        figures = {
            "engine": engine,
            "messages": count,
            "build_s": round(built, 1),
            "open room": timed(get, [f"{room}/"] * requests),
            "scroll-back page": timed(get, [f"{room}/messages?before={i}" for i in ids]),
            "permalink": timed(get, [f"{room}/m/{i}/" for i in ids]),
            "search in the room": timed(get, [f"{room}/search/?q={w}" for w in words]),
            "search all rooms": timed(get, [f"/search/?q={w}" for w in words]),
        }
    print(json.dumps(figures), flush=True)
    return figures


def big_history(count: int = MESSAGES, requests: int = REQUESTS) -> list[dict]:
    """Both engines' figures."""
    results = []
    with tempfile.TemporaryDirectory() as folder:
        results.append(measure("sqlite", count, requests, Path(folder) / "sqlite"))
    with tempfile.TemporaryDirectory() as folder, postgres_database() as url:
        results.append(measure("postgres", count, requests, Path(folder) / "postgres", url))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=MESSAGES)
    parser.add_argument("--requests", type=int, default=REQUESTS)
    args = parser.parse_args()
    big_history(args.messages, args.requests)


if __name__ == "__main__":
    main()
