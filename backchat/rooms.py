"""Rooms: naming rules, shareable slugs, open and private rooms, direct conversations,
creating, finding by code or invite, the directory of open rooms, and joining."""

from __future__ import annotations

import re
import secrets
import string
import unicodedata
from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from backchat.events import JOINED, lock_room, record_event
from backchat.models import MEMBER, OWNER, Membership, Room, RoomBan, RoomEvent, User
from backchat.prepared import PreparedFirst
from backchat.text import name_problem

MAX_NAME_CHARS = 80
SLUG_BASE_CHARS = 40
SUFFIX_ALPHABET = string.ascii_lowercase + string.digits
SUFFIX_CHARS = 4
SLUG_ATTEMPTS = 20
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_CODE_IN_LINK = re.compile(r"/room/([^/?#]+)")
_INVITE_IN_LINK = re.compile(r"/join/([A-Za-z0-9_-]+)")
#: Anyone signed in may find and join an open room; a private one only its members see.
OPEN, PRIVATE = "open", "private"
VISIBILITIES = (OPEN, PRIVATE)
INVITE_TOKEN_BYTES = 24
DIRECTORY_LIMIT = 200
#: The open room every account joins when it is made.
LOBBY_NAME, LOBBY_SLUG = "Lobby", "lobby"
# Latin letters that Unicode does not decompose into a base letter plus an accent.
_LETTER_FOLDS = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "ø": "o",
        "œ": "oe",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "þ": "th",
        "\u0131": "i",
    }
)


def room_name_error(name: str) -> str | None:
    """Why `name` (already trimmed) cannot name a room, or None if it can."""
    if not name:
        return "Give the room a name."
    if len(name) > MAX_NAME_CHARS:
        return f"Room names are at most {MAX_NAME_CHARS} characters."
    problem = name_problem(name)
    return f"Room names {problem}." if problem else None


def slugify(name: str) -> str:
    """`name` folded to lower-case ASCII words joined by hyphens ("Café Noir" -> "cafe-noir")."""
    decomposed = unicodedata.normalize("NFKD", name.lower().translate(_LETTER_FOLDS))
    folded = decomposed.encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", folded).strip("-")
    return slug[:SLUG_BASE_CHARS].rstrip("-")


def new_slug(name: str) -> str:
    """A fresh room code: the slugified name (or "room") and four random characters."""
    suffix = "".join(secrets.choice(SUFFIX_ALPHABET) for _ in range(SUFFIX_CHARS))
    return f"{slugify(name) or 'room'}-{suffix}"


async def create_room(name: str, creator: User, visibility: str = OPEN) -> Room:
    """Save a room with a unique slug and make its creator its owner."""
    return await _new_room(
        name,
        [(creator, OWNER)],
        visibility=visibility,
        created_by=creator,
        invite_token=new_invite_token(),
    )


def direct_key(user_id: int, other_id: int) -> str:
    """What names the direct conversation of two people, whoever opens it."""
    return ":".join(str(n) for n in sorted((user_id, other_id)))


async def direct_room(user: User, other: User) -> tuple[Room, bool]:
    """The direct conversation of these two (different) people, and whether it was made now:
    the first time either opens it. Nobody else can join it; it has no owner, no invite."""
    key = direct_key(user.id, other.id)
    found = await Room.get_or_none(dm_key=key)
    if found is not None:
        return found, False
    first, second = sorted((user, other), key=lambda person: person.id)
    name = f"{first.username}, {second.username}"
    try:
        members = [(first, MEMBER), (second, MEMBER)]
        room = await _new_room(name, members, "dm", visibility=PRIVATE, dm_key=key)
    except IntegrityError:  # opened at the same moment by the other
        return await Room.get(dm_key=key), False
    return room, True


def room_label(room: Room, viewer: str | None) -> str:
    """The room's name as `viewer` (a username) sees it: a direct conversation is named for
    the other person."""
    if room.dm_key is None or not viewer:
        return room.name
    others = [name for name in room.name.split(", ") if name.lower() != viewer.lower()]
    return ", ".join(others) or room.name


async def _new_room(
    name: str, members: list[tuple[User, str]], slug_from: str | None = None, **fields: Any
) -> Room:
    """Save a room (with a fresh slug, drawn again if it collides) and its members' roles.
    A direct conversation made at the same moment elsewhere raises `IntegrityError`."""
    for _ in range(SLUG_ATTEMPTS):
        try:
            async with in_transaction():
                room = await Room.create(
                    name=name,
                    slug=new_slug(slug_from or name),
                    last_activity_at=datetime.now(UTC),
                    **fields,
                )
                await Membership.bulk_create(
                    [Membership(user=user, room=room, role=role) for user, role in members]
                )
                return room
        except IntegrityError:
            if fields.get("dm_key") and await Room.exists(dm_key=fields["dm_key"]):
                raise
            continue  # the random suffix collided; draw again
    raise RuntimeError(f"no free room code for {name!r} after {SLUG_ATTEMPTS} attempts")


async def lobby() -> Room:
    """The default open room, made with the first account (it has no owner)."""
    found = await Room.get_or_none(slug=LOBBY_SLUG)
    if found is not None:
        return found
    try:
        return await Room.create(
            name=LOBBY_NAME,
            slug=LOBBY_SLUG,
            invite_token=new_invite_token(),
            last_activity_at=datetime.now(UTC),
        )
    except IntegrityError:  # made at the same moment by another sign-up
        return await Room.get(slug=LOBBY_SLUG)


def new_invite_token() -> str:
    """A fresh, unguessable invite token."""
    return secrets.token_urlsafe(INVITE_TOKEN_BYTES)


def code_from_input(text: str) -> str:
    """The room code in what someone typed: a bare code or a room link, any case."""
    text = text.strip()
    match = _CODE_IN_LINK.search(text)
    return (match.group(1) if match else text).strip().lower()


def invite_from_input(text: str) -> str | None:
    """The invite token in what someone typed, if it is an invite link (`…/join/<token>/`)."""
    match = _INVITE_IN_LINK.search(text)
    return match.group(1) if match else None


async def room_by_invite(token: str) -> Room | None:
    """The room this invite token lets people into (None: no such token, or it was reset)."""
    if not token or len(token) > 64:
        return None
    return await Room.get_or_none(invite_token=token)


async def invite_token_of(room: Room) -> str:
    """The room's invite token, made now if the room has none yet (rooms from before invites)."""
    if room.invite_token is None:
        await Room.filter(id=room.id, invite_token=None).update(invite_token=new_invite_token())
        room.invite_token = (
            await Room.filter(id=room.id).first().values_list("invite_token", flat=True)
        )
    assert room.invite_token is not None
    return room.invite_token


async def reset_invite(room: Room) -> str:
    """Give the room a new invite token: links with the old one stop working."""
    room.invite_token = new_invite_token()
    await Room.filter(id=room.id).update(invite_token=room.invite_token)
    return room.invite_token


async def find_room(code: str) -> Room | None:
    """The room with this code, or None."""
    if not code or len(code) > 64:
        return None
    return await Room.get_or_none(slug=code)


async def visible_room(user: User, code: str) -> Room | None:
    """The room with this code if `user` may see it: it is open, or they are a member. A
    private room's code means nothing to anyone else (None, as for no room at all)."""
    room = await find_room(code)
    if room is None or room.visibility == OPEN:
        return room
    return room if await Membership.exists(user_id=user.id, room_id=room.id) else None


async def open_rooms(search: str = "", limit: int = DIRECTORY_LIMIT) -> list[Room]:
    """The directory: open rooms (whose name contains `search`), most recently active first,
    each with its `member_count`."""
    rooms = Room.filter(visibility=OPEN)
    if search:
        rooms = rooms.filter(name__icontains=search)
    return await (
        rooms.annotate(member_count=Count("memberships"))
        .order_by("-last_activity_at", "-id")
        .limit(limit)
    )


_ROOM_OF_MEMBER = PreparedFirst(
    Room, lambda code, user_id: Room.filter(slug=code, memberships__user_id=user_id), str, int
)


async def room_of_member(user: User, code: str) -> Room | None:
    """The room with this code if `user` is a member of it (one query), else None."""
    if not code or len(code) > 64:
        return None
    return await _ROOM_OF_MEMBER(code, user.id)


class Banned(Exception):
    """The room's owner removed this person: they cannot join again until it is lifted."""


class NotJoinable(LookupError):
    """A direct conversation: nobody joins it (answered as for no room at all)."""


async def join_room(user: User, room: Room) -> RoomEvent | None:
    """Make `user` a member of `room`: the change's event, or None if they were one already
    (`Banned` if the owner removed them, `NotJoinable` for someone else's direct
    conversation)."""
    if await Membership.exists(user=user, room=room):
        return None
    if room.dm_key is not None:
        raise NotJoinable(room.slug)
    async with in_transaction():
        await lock_room(room.id)
        if await RoomBan.exists(user_id=user.id, room_id=room.id):
            raise Banned(room.name)
        if await Membership.exists(user=user, room=room):
            return None  # joined at the same moment from another tab
        await Membership.create(user=user, room=room)
        return await record_event(room, JOINED, user=user)


async def rooms_of(user: User) -> list[Room]:
    """The rooms `user` belongs to, most recent activity first."""
    return await Room.filter(memberships__user=user).order_by("-last_activity_at", "-id")


async def count_members(room_id: int) -> int:
    """How many members the room has."""
    return await Membership.filter(room_id=room_id).count()


async def existing_rooms(room_ids: Collection[int]) -> set[int]:
    """Those of `room_ids` that have not been deleted."""
    if not room_ids:
        return set()
    return set(await Room.filter(id__in=list(room_ids)).values_list("id", flat=True))
