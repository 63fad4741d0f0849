"""Accounts: registration rules, password hashing, sign-in and login sessions, display names
and changing a password."""

from __future__ import annotations

import asyncio
import re
import secrets
from collections.abc import Awaitable, Callable, Iterable

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction
from werkzeug.security import check_password_hash, generate_password_hash

from backchat.events import lock_room
from backchat.models import LoginSession, Room, User
from backchat.passwords import MAX_PASSWORD_CHARS, password_error
from backchat.prepared import PreparedFirst
from backchat.rooms import join_room, lobby
from backchat.text import name_problem

USERNAME_PATTERN = re.compile(r"[A-Za-z0-9_.-]{3,32}")
# Compared against when the username is unknown, so both failures take as long.
_UNKNOWN_USER_HASH = generate_password_hash(secrets.token_urlsafe(16))


class UsernameTaken(Exception):
    """Another account already has this username (in any letter case)."""


def registration_errors(username: str, password1: str, password2: str) -> dict[str, str]:
    """Problems with a registration form, by field name; empty when it is valid."""
    errors: dict[str, str] = {}
    if not USERNAME_PATTERN.fullmatch(username):
        errors["username"] = (
            "Usernames are 3 to 32 characters: letters, digits, underscores, dots and hyphens."
        )
    password_problem = password_error(password1, username)
    if password_problem:
        errors["password1"] = password_problem
    elif password1 != password2:
        errors["password2"] = "The two passwords do not match."
    return errors


MAX_DISPLAY_NAME_CHARS = 64


def display_name_error(name: str) -> str | None:
    """Why `name` (already trimmed) cannot be a display name, or None ("" clears it)."""
    if len(name) > MAX_DISPLAY_NAME_CHARS:
        return f"Display names are at most {MAX_DISPLAY_NAME_CHARS} characters."
    problem = name_problem(name)
    return f"Display names {problem}." if problem else None


async def set_display_name(user: User, name: str) -> None:
    """Show `name` (checked already; "" for none) beside the person's messages."""
    user.display_name = name or None
    await User.filter(id=user.id).update(display_name=user.display_name)


def password_change_errors(
    user: User, current_matches: bool, password1: str, password2: str
) -> dict[str, str]:
    """Problems with a change of password, by form field; empty when it may go ahead."""
    if not current_matches:
        return {"current_password": "That is not your current password."}
    errors = registration_errors(user.username, password1, password2)
    errors.pop("username", None)
    return errors


async def change_password(user: User, password: str, keep_session: str | None) -> list[str]:
    """Give the account a new password (checked already) and end every other session of it:
    the ids ended."""
    user.password_hash = await hash_password(password)
    await User.filter(id=user.id).update(password_hash=user.password_hash)
    others = LoginSession.filter(user_id=user.id).exclude(id=keep_session or "")
    ended = await others.values_list("id", flat=True)
    await LoginSession.filter(id__in=ended).delete()
    return list(ended)


async def password_matches(user: User, password: str) -> bool:
    """True if `password` is the account's (checked off the event loop)."""
    if len(password) > MAX_PASSWORD_CHARS:
        return False
    return await asyncio.to_thread(check_password_hash, user.password_hash, password)


async def hash_password(password: str) -> str:
    """A salted scrypt hash, computed off the event loop."""
    return await asyncio.to_thread(generate_password_hash, password)


async def create_user(
    username: str, password: str, join: Callable[[User, Room], Awaitable[object]] = join_room
) -> User:
    """Save a new user, a member of the Lobby (joined by `join`: the realtime writer's tells
    the people there); the first account (while there is no admin) becomes the site admin.
    Raises `UsernameTaken` if the name is in use in any case."""
    return await save_new_user(username, await hash_password(password), join)


async def save_new_user(
    username: str, password_hash: str, join: Callable[[User, Room], Awaitable[object]]
) -> User:
    """`create_user` once the password is hashed."""
    try:
        user = await User.create(
            username=username, username_key=username.lower(), password_hash=password_hash
        )
    except IntegrityError as exc:
        raise UsernameTaken(username) from exc
    room = await lobby()
    if not await User.exists(is_admin=True):
        async with in_transaction():
            await lock_room(room.id)  # first sign-ups at the same moment queue here
            if not await User.exists(is_admin=True):
                await make_admin(user)
    await join(user, room)
    return user


async def make_admin(user: User) -> None:
    """Make `user` a site admin."""
    user.is_admin = True
    await User.filter(id=user.id).update(is_admin=True)


#: The most accounts the admin's list shows at once (a search narrows it).
PEOPLE_LIMIT = 200


async def people(search: str = "", limit: int = PEOPLE_LIMIT) -> list[User]:
    """Accounts by name (those whose name contains `search`)."""
    found = User.all()
    if search:
        found = found.filter(username_key__contains=search.lower())
    return await found.order_by("username_key").limit(limit)


async def set_active(user: User, active: bool) -> list[str]:
    """Deactivate an account (it cannot sign in, and every session of it ends: the ids
    ended) or reactivate it."""
    user.is_active = active
    await User.filter(id=user.id).update(is_active=active)
    return [] if active else await end_sessions_of(user)


async def authenticate(username: str, password: str) -> User | None:
    """The user with this username and password, or None (in the same time either way)."""
    # A name no account can have is not looked up (the ORM refuses one over the column's length).
    valid_name = USERNAME_PATTERN.fullmatch(username)
    user = await User.get_or_none(username_key=username.lower()) if valid_name else None
    if len(password) > MAX_PASSWORD_CHARS:
        return None
    stored = user.password_hash if user else _UNKNOWN_USER_HASH
    matches = await asyncio.to_thread(check_password_hash, stored, password)
    return user if user and matches else None


async def start_session(user: User) -> str:
    """Record a new login session for `user` and return its id (what the cookie carries)."""
    session = await LoginSession.create(id=secrets.token_urlsafe(32), user=user)
    return session.id


async def end_session(session_id: str) -> None:
    """Delete a login session; its cookie stops working everywhere at once."""
    await LoginSession.filter(id=session_id).delete()


async def end_sessions_of(user: User) -> list[str]:
    """Delete every login session of `user` ("sign out everywhere"); the ids ended."""
    session_ids = await LoginSession.filter(user=user).values_list("id", flat=True)
    await LoginSession.filter(id__in=session_ids).delete()
    return list(session_ids)


#: Sessions looked up per query (a worker with thousands of sockets checks them all).
SESSIONS_PER_QUERY = 500


async def live_sessions(session_ids: Iterable[str]) -> set[str]:
    """Those of `session_ids` that have not ended."""
    wanted, live = list(session_ids), set()
    for start in range(0, len(wanted), SESSIONS_PER_QUERY):
        chunk = wanted[start : start + SESSIONS_PER_QUERY]
        live.update(await LoginSession.filter(id__in=chunk).values_list("id", flat=True))
    return live


_USER_FOR_SESSION = PreparedFirst(
    User, lambda session: User.filter(sessions__id=session, is_active=True), str
)


async def user_for_session(session_id: str) -> User | None:
    """The user a live login session belongs to, or None if it has ended (or its account was
    deactivated)."""
    return await _USER_FOR_SESSION(session_id)
