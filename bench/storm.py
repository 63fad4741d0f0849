"""The reconnect-storm point of `make bench`: thousands of distinct users open one room at once.

    python -m bench.run --storm-only

After a deploy every tab reconnects at the same moment. This measures one worker with the
in-process broker: the time until every socket is set up (it has received its first frame),
connect p50/p99, and that messages sent just after reach every socket (nothing lost).

The accounts are written straight into the database with a one-round password hash, then
sign in through the real login form: 2,000 registrations would spend minutes in scrypt,
which is outside what this point measures.
"""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from werkzeug.security import generate_password_hash

from bench.loadgen import Room
from bench.loadgen import run as drive
from tests.chat_client import PASSWORD, Browser

STORM_USERS = 2000
CHEAP_HASH = "pbkdf2:sha256:1"  # bench accounts only: signing in costs nothing measurable


async def _seed(database_url: str, usernames: list[str], room_name: str) -> str:
    """Create the users and a room they all belong to; the room's code."""
    from tortoise import Tortoise

    from backchat.models import Membership, User
    from backchat.rooms import create_room
    from config import tortoise_config

    await Tortoise.init(config=tortoise_config(database_url))
    try:
        password_hash = generate_password_hash(PASSWORD, CHEAP_HASH)
        accounts = [
            User(username=n, username_key=n.lower(), password_hash=password_hash) for n in usernames
        ]
        await User.bulk_create(accounts)
        users = await User.filter(username_key__in=[n.lower() for n in usernames])
        owner = next(u for u in users if u.username == usernames[0])
        room = await create_room(room_name, owner)
        await Membership.bulk_create([Membership(user=u, room=room) for u in users if u != owner])
        return room.slug
    finally:
        await Tortoise.close_connections()


def set_up_crowd(url: str, database_url: str, users: int) -> Room:
    """`users` distinct accounts in one room, each signed in through the login form."""
    tag = uuid.uuid4().hex[:6]
    usernames = [f"storm{tag}_{n}" for n in range(users)]
    slug = asyncio.run(_seed(database_url, usernames, f"Storm {tag}"))

    def sign_in(username: str) -> str:
        browser = Browser(url)
        browser.post("/auth/login/", {"username": username, "password": PASSWORD})
        return browser.cookie_header

    with ThreadPoolExecutor(8) as pool:
        cookies = list(pool.map(sign_in, usernames))
    assert all("backchat_auth" in cookie for cookie in cookies), "a bench login failed"
    return Room(slug, cookies, 0)


def reconnect_storm(users: int = STORM_USERS, reference: bool = False) -> dict:
    """Serve one worker (in-process broker), and let `users` distinct users connect at once.
    With `reference`, the same storm on the minimal broadcast server: the floor of the stack
    (hypercorn and Quart accepting a websocket and sending one frame), no accounts."""
    from bench.loadgen import RAW_ROOM
    from bench.run import IN_PROCESS, REFERENCE, serving, watched

    config = REFERENCE if reference else IN_PROCESS
    with (
        tempfile.TemporaryDirectory() as folder,
        serving(config, Path(folder), greet=reference) as server,
    ):
        if reference:
            room = RAW_ROOM
        else:
            database_url = f"sqlite://{server.instance / 'backchat.sqlite3'}?busy_timeout=5000"
            room = set_up_crowd(server.url, database_url, users)
        with watched(server) as stats:
            figures = drive(
                server.url, room, listeners=users, senders=2, rate=4, duration=2, storm=True
            )
        figures.update(stats)
    keys = ("connected", "connect_wall_s", "connect_p50_ms", "connect_p99_ms", "sent")
    summary = {key: figures[key] for key in keys}
    summary |= {
        "users": users,
        "delivered": figures["delivered"],
        "expected": figures["expected"],
        "lost": figures["lost"],
        "duplicated": figures["duplicated"],
        "server_cpu_percent": figures["server_cpu_percent"],
        "rss_peak_mb": figures["rss_peak_mb"],
    }
    return summary


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser(description="The reconnect-storm point alone.")
    parser.add_argument("--users", type=int, default=STORM_USERS)
    parser.add_argument("--reference", action="store_true", help="on the minimal server")
    args = parser.parse_args()
    print(json.dumps(reconnect_storm(args.users, args.reference), indent=2))
