"""quart CLI commands for set-up and administration (`quart --app backchat --help`)."""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta
from typing import BinaryIO

import click
from aerich import Command
from quart import Quart
from tortoise.functions import Count

from backchat.accounts import (
    UsernameTaken,
    create_user,
    make_admin,
    registration_errors,
    set_active,
)
from backchat.db import close_database, database
from backchat.editing import delete_message
from backchat.export import jsonl_lines
from backchat.models import Message, Room, User
from backchat.ownership import delete_room
from backchat.paths import resource_dir
from backchat.retention import prune_messages
from backchat.rooms import create_room, room_name_error
from config import tortoise_config


async def apply_migrations(url: str) -> list[str]:
    """Apply every aerich migration not yet applied to the database at `url`."""
    command = Command(
        tortoise_config=tortoise_config(url), app="models", location=str(resource_dir("migrations"))
    )
    await command.init()
    try:
        return await command.upgrade(run_in_transaction=True)
    finally:
        await close_database()


async def add_user(url: str, username: str, password: str) -> User:
    """Create an account, checked by the same rules as the register form."""
    errors = registration_errors(username, password, password)
    if errors:
        raise click.ClickException(" ".join(errors.values()))
    async with database(url):
        try:
            return await create_user(username, password)
        except UsernameTaken as exc:
            raise click.ClickException(f"The username {username!r} is taken.") from exc


async def promote(url: str, username: str) -> None:
    """Make an existing user a site admin."""
    async with database(url):
        user = await User.get_or_none(username_key=username.lower())
        if user is None:
            raise click.ClickException(f"No user is called {username!r}.")
        await make_admin(user)


async def set_account_active(url: str, username: str, active: bool) -> None:
    """Deactivate an account (its sessions end; its open sockets close within a few seconds,
    when each server next checks them) or reactivate it."""
    async with database(url):
        user = await User.get_or_none(username_key=username.lower())
        if user is None:
            raise click.ClickException(f"No user is called {username!r}.")
        await set_active(user, active)


async def erase_message(url: str, message_id: int) -> str:
    """Delete any message, as a site admin would: the code of its room."""
    async with database(url):
        message = await Message.get_or_none(id=message_id, deleted_at=None).select_related("room")
        if message is None:
            raise click.ClickException(f"No message has the id {message_id}.")
        await delete_message(message.room, message.id, None)
        return message.room.slug


async def add_room(url: str, name: str, owner: str) -> Room:
    """Create a room owned by (and joined by) an existing user."""
    error = room_name_error(name)
    if error:
        raise click.ClickException(error)
    async with database(url):
        user = await User.get_or_none(username_key=owner.lower())
        if user is None:
            raise click.ClickException(f"No user called {owner!r}.")
        return await create_room(name, user)


async def room_table(url: str) -> list[tuple[str, str, int, int]]:
    """Every room as (slug, name, members, messages), most recently active first."""
    async with database(url):
        rooms = await Room.annotate(
            member_count=Count("memberships", distinct=True),
            message_count=Count("messages", distinct=True),
        ).order_by("-last_activity_at", "-id")
        return [(r.slug, r.name, r.member_count, r.message_count) for r in rooms]


async def _room_called(code: str) -> Room:
    room = await Room.get_or_none(slug=code.strip().lower())
    if room is None:
        raise click.ClickException(f"No room has the code {code!r}.")
    return room


async def remove_room(url: str, code: str) -> str:
    """Delete a room with its messages: its name."""
    async with database(url):
        room = await _room_called(code)
        await delete_room(room)
        return room.name


async def write_room_log(url: str, code: str, out: BinaryIO) -> None:
    """Write the room's log to `out` as JSON Lines, a page at a time."""
    async with database(url):
        async for line in jsonl_lines(await _room_called(code)):
            out.write(line)


async def prune(url: str, days: int) -> int:
    """Delete the messages older than `days` days: how many there were."""
    async with database(url):
        return await prune_messages(timedelta(days=days))


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def init_app(app: Quart) -> None:
    """Register the commands on `app.cli`."""
    url = app.config["DATABASE_URL"]

    @app.cli.command("migrate")
    def migrate_command() -> None:
        """Apply the database migrations (safe to run again)."""
        applied = asyncio.run(apply_migrations(url))
        click.echo(
            f"Applied {len(applied)} migration(s)." if applied else "Database is up to date."
        )

    @app.cli.command("create-user")
    @click.argument("username")
    @click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
    def create_user_command(username: str, password_stdin: bool) -> None:
        """Create a user; the password is prompted for (or read from stdin)."""
        user = asyncio.run(add_user(url, username, _read_password(password_stdin)))
        click.echo(f"Created user {user.username}.")

    @app.cli.command("make-admin")
    @click.argument("username")
    def make_admin_command(username: str) -> None:
        """Make an existing user a site admin."""
        asyncio.run(promote(url, username))
        click.echo(f"{username} is a site admin.")

    @app.cli.command("deactivate-user")
    @click.argument("username")
    def deactivate_user_command(username: str) -> None:
        """Deactivate an account: it is signed out everywhere and cannot sign in."""
        asyncio.run(set_account_active(url, username, False))
        click.echo(f"{username} is deactivated and signed out everywhere.")

    @app.cli.command("reactivate-user")
    @click.argument("username")
    def reactivate_user_command(username: str) -> None:
        """Let a deactivated account sign in again."""
        asyncio.run(set_account_active(url, username, True))
        click.echo(f"{username} can sign in again.")

    @app.cli.command("delete-message")
    @click.argument("message_id", type=int)
    def delete_message_command(message_id: int) -> None:
        """Delete any message (it shows as "message deleted"; its text is erased)."""
        slug = asyncio.run(erase_message(url, message_id))
        click.echo(f"Deleted message {message_id} in room {slug}.")

    @app.cli.command("create-room")
    @click.argument("name")
    @click.option("--owner", required=True, help="Username of the room's creator.")
    def create_room_command(name: str, owner: str) -> None:
        """Create a room and print its code."""
        room = asyncio.run(add_room(url, name, owner))
        click.echo(f"Created room {room.name!r} with code {room.slug}.")

    @app.cli.command("list-rooms")
    def list_rooms_command() -> None:
        """List every room: code, name, members and messages."""
        rows = asyncio.run(room_table(url))
        if not rows:
            click.echo("No rooms yet.")
        for slug, name, members, messages in rows:
            click.echo(f"{slug:<46} {members:>4} members {messages:>7} messages  {name}")

    @app.cli.command("delete-room")
    @click.argument("code")
    @click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
    def delete_room_command(code: str, yes: bool) -> None:
        """Delete a room with all its messages (pages open on it close within a few seconds)."""
        if not yes:
            click.confirm(f"Delete the room {code} and all its messages for good?", abort=True)
        name = asyncio.run(remove_room(url, code))
        click.echo(f"Deleted the room {name!r} ({code}).")

    @app.cli.command("export-room")
    @click.argument("code")
    def export_room_command(code: str) -> None:
        """Write a room's history to standard output as JSON Lines, one event per line."""
        asyncio.run(write_room_log(url, code, sys.stdout.buffer))

    @app.cli.command("prune-messages")
    @click.option(
        "--older-than-days", type=click.IntRange(min=1), required=True, help="Age in days."
    )
    @click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
    def prune_messages_command(older_than_days: int, yes: bool) -> None:
        """Delete for good every message older than the given number of days."""
        if not yes:
            click.confirm(
                f"Delete every message older than {older_than_days} days for good?", abort=True
            )
        pruned = asyncio.run(prune(url, older_than_days))
        click.echo(f"Deleted {pruned} message(s) older than {older_than_days} days.")
