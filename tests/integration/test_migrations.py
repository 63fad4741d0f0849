"""aerich owns the schema: the committed migrations build exactly what the models describe."""

import asyncio
import shutil

import pytest
from aerich import Command
from tortoise import Tortoise

from backchat.db import close_database, database
from backchat.events import RoomPosition, events_after, room_position
from backchat.messaging import save_message
from backchat.models import Membership, Room, User
from backchat.paths import resource_dir
from config import tortoise_config


async def test_models_and_migrations_do_not_drift(database_url, tmp_path):
    location = tmp_path / "migrations"
    shutil.copytree(resource_dir("migrations"), location)
    command = Command(tortoise_config(database_url), app="models", location=str(location))
    await command.init()
    try:
        pending = await command.migrate(name="drift", no_input=True)
    finally:
        await close_database()
    assert pending == "", f"models changed without a migration: {pending}"


# The search index is no model's (migration 7): its FTS5 tables are left out here, and
# PostgreSQL's expression index has no column to list.
COLUMNS = {
    "sqlite": """SELECT m.name, p.name, p.type, p."notnull" FROM sqlite_master m
                 JOIN pragma_table_info(m.name) p
                 WHERE m.type = 'table' AND m.name NOT LIKE 'message_search%'""",
    "postgres": """SELECT table_name, column_name, data_type, is_nullable
                   FROM information_schema.columns WHERE table_schema = 'public'""",
}
# Indexes as (table, unique, columns): the same index may be spelled as a table constraint.
INDEXES = {
    "sqlite": """SELECT m.name, il."unique", group_concat(ii.name, ',') FROM sqlite_master m
                 JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii
                 WHERE m.type = 'table' AND m.name NOT LIKE 'message_search%'
                 GROUP BY m.name, il.name""",
    "postgres": """SELECT t.relname, ix.indisunique, string_agg(a.attname, ',' ORDER BY k.n)
                   FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid
                   JOIN pg_namespace ns ON ns.oid = t.relnamespace
                   CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n)
                   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                   WHERE ns.nspname = 'public' GROUP BY t.relname, ix.indexrelid, ix.indisunique""",
}


async def schema_of(url: str) -> tuple[set, set]:
    async with database(url):
        conn = Tortoise.get_connection("default")
        dialect = conn.capabilities.dialect
        _, columns = await conn.execute_query(COLUMNS[dialect])
        _, indexes = await conn.execute_query(INDEXES[dialect])
    return {tuple(row) for row in columns}, {tuple(row) for row in indexes}


async def test_migrated_schema_matches_a_schema_generated_from_the_models(database_url, request):
    migrated = await schema_of(database_url)
    if database_url.startswith("sqlite"):
        fresh_url = request.getfixturevalue("fresh_sqlite")
    else:
        fresh_url = request.getfixturevalue("new_postgres_database")()
    async with database(fresh_url):
        await Tortoise.generate_schemas()
    generated = await schema_of(fresh_url)
    assert migrated == generated


@pytest.fixture(name="empty_database_url", params=["sqlite", "postgres"])
def _empty_database_url(request):
    if request.param == "sqlite":
        return request.getfixturevalue("fresh_sqlite")
    return request.getfixturevalue("new_postgres_database")()


async def migrate(url: str, location) -> None:
    """Apply the migrations in `location`, as `quart migrate` does in a process of its own
    (a second aerich start-up in one Tortoise context finds the first one's closed state)."""

    async def upgrade() -> None:
        command = Command(tortoise_config(url), app="models", location=str(location))
        await command.init()
        try:
            await command.upgrade(run_in_transaction=True)
        finally:
            await close_database()

    await asyncio.get_running_loop().run_in_executor(None, asyncio.run, upgrade())


async def test_the_event_log_migration_turns_saved_messages_into_their_rooms_log(
    empty_database_url, tmp_path
):
    """A database holding messages from before the event log: each becomes a `posted` event at
    the position of its id, so a page open during the upgrade still resumes where it was; and
    what the later migrations fill in for data from before them."""
    location = tmp_path / "migrations"
    shutil.copytree(resource_dir("migrations"), location)
    # Migrations 0-2 only (later ones may build on the log), then the data, then the rest.
    held_back = []
    for later in sorted((location / "models").glob("[0-9]*_*.py")):
        if int(later.name.split("_")[0]) >= 3:
            held_back.append((later, later.rename(tmp_path / later.name)))
    await migrate(empty_database_url, location)
    async with database(empty_database_url):
        conn = Tortoise.get_connection("default")
        for statement in (
            """INSERT INTO "user" (username, username_key, password_hash, created_at)
               VALUES ('alice', 'alice', 'x', CURRENT_TIMESTAMP),
                      ('bob', 'bob', 'x', CURRENT_TIMESTAMP)""",
            """INSERT INTO room (name, slug, created_by_id, created_at, last_activity_at)
               VALUES ('One', 'one-aaaa', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
                      ('Two', 'two-bbbb', NULL, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""",
            """INSERT INTO message (room_id, author_id, body, created_at)
               VALUES (1, 1, 'one a', CURRENT_TIMESTAMP), (2, 1, 'two a', CURRENT_TIMESTAMP),
                      (1, 1, 'one b', CURRENT_TIMESTAMP)""",
            """UPDATE room SET last_message_id = (SELECT max(id) FROM message
                                                   WHERE message.room_id = room.id)""",
            """INSERT INTO membership (user_id, room_id, joined_at)
               VALUES (1, 1, CURRENT_TIMESTAMP), (2, 1, CURRENT_TIMESTAMP)""",
        ):
            await conn.execute_script(statement)
    for original, moved in held_back:
        moved.rename(original)
    await migrate(empty_database_url, location)
    async with database(empty_database_url):
        assert await room_position(1) == RoomPosition(3, 3)
        assert await room_position(2) == RoomPosition(2, 2)
        # A member from before has read everything (migration 8): nothing old is news.
        membership = await Membership.get(user_id=1, room_id=1)
        assert membership.last_read_event == 3
        logged = await events_after(1, 0, 3, 10)
        assert [(e.seq, e.kind, e.message.body) for e in logged] == [
            (1, "posted", "one a"),
            (3, "posted", "one b"),
        ]
        # The site's oldest account is its admin (migration 11); its rooms are open ones (9).
        admins = await User.filter(is_admin=True).values_list("username", flat=True)
        assert admins == ["alice"]
        assert set(await Room.all().values_list("visibility", flat=True)) == {"open"}
        # Every account from before is active (migration 14).
        assert await User.filter(is_active=False).count() == 0
        # Each room's creator owns it (migration 12).
        roles = await Membership.filter(room_id=1).order_by("user_id").values_list("role")
        assert roles == [("owner",), ("member",)]
        # Their badges count everything, as before (migration 17).
        assert set(await Membership.all().values_list("notify", flat=True)) == {"all"}
        alice = await User.get(username="alice")
        after = await save_message(await Room.get(id=1), alice, "after the upgrade")
        assert after.seq == 4
        assert await room_position(1) == RoomPosition(4, after.message.id)
