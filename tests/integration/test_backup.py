"""The restore drill of docs/deploy.md: back up a served database while people chat, restore it
into a fresh database, serve that, and the room's whole history is there."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.chat_client import close_all_tabs, has_message, people_in_a_room
from tests.conftest import service_missing
from tests.databases import sqlite_url
from tests.server import live_server

#: Both servers sign cookies alike, so the sessions restored with the database still work.
SECRET = {"SECRET_KEY": "the restore drill's key"}


#: The guide's backup tools: Debian's sqlite3 and postgresql-client packages.
TOOLS = {"sqlite": ("sqlite3",), "postgres": ("pg_dump", "pg_restore")}


def _run(*command: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{command}: {done.stderr}"


def back_up_and_restore(engine: str, url: str, folder: Path, request) -> str:
    """The guide's commands: `sqlite3 .backup`, or `pg_dump` and `pg_restore` into a new
    database; the restored database's URL."""
    if engine == "sqlite":
        copy = folder / "restored.sqlite3"
        _run("sqlite3", url.removeprefix("sqlite://").split("?")[0], f".backup '{copy}'")
        return sqlite_url(copy)
    dump = folder / "backchat.dump"
    _run("pg_dump", "--format=custom", f"--file={dump}", f"--dbname={url}")
    restored = request.getfixturevalue("new_postgres_database")()
    _run("pg_restore", "--no-owner", f"--dbname={restored}", str(dump))
    return restored


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
async def test_a_restored_backup_holds_the_whole_room_history(engine, tmp_path, request):
    for tool in TOOLS[engine]:
        if not shutil.which(tool):
            service_missing(f"{tool} is not installed (the restore drill runs it)")
    instance = tmp_path / "instance"
    url = (
        sqlite_url(instance / "backchat.sqlite3")
        if engine == "sqlite"
        else request.getfixturevalue("fresh_postgres")
    )
    texts = [f"message {n} before the backup" for n in range(1, 31)]
    with live_server(instance, {**SECRET, "DATABASE_URL": url}) as served:
        alice, bob, slug = people_in_a_room(served.url, "Backed up")
        try:
            tab = await alice.open_tab(slug)
            for text in texts:
                await tab.say(text)
            await tab.receive_until(has_message(texts[-1]))
        finally:
            await close_all_tabs()
        _, exported = alice.get(f"/room/{slug}/export.jsonl")
        restored = back_up_and_restore(engine, url, tmp_path, request)  # while it serves

    with live_server(tmp_path / "restored", {**SECRET, "DATABASE_URL": restored}) as server:
        alice.base_url = bob.base_url = server.url
        _, again = alice.get(f"/room/{slug}/export.jsonl")
        _, page = bob.get(f"/room/{slug}/")
    assert again == exported
    assert sum(text in exported for text in texts) == len(texts)
    assert texts[-1] in page
