"""aerich owns the schema: the committed migrations build exactly what the models describe."""

import shutil

from aerich import Command
from tortoise import Tortoise

from backchat.db import close_database, database
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


COLUMNS = {
    "sqlite": """SELECT m.name, p.name, p.type, p."notnull" FROM sqlite_master m
                 JOIN pragma_table_info(m.name) p WHERE m.type = 'table'""",
    "postgres": """SELECT table_name, column_name, data_type, is_nullable
                   FROM information_schema.columns WHERE table_schema = 'public'""",
}
# Indexes as (table, unique, columns): the same index may be spelled as a table constraint.
INDEXES = {
    "sqlite": """SELECT m.name, il."unique", group_concat(ii.name, ',') FROM sqlite_master m
                 JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii
                 WHERE m.type = 'table' GROUP BY m.name, il.name""",
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
