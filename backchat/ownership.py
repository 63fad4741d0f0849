"""What a room's owners do: promote members to owners, remove members (banned until let back
in), rename the room, switch who may join it, and delete it. Its creator is its first owner;
a room always keeps one while it has members who are not owners."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from backchat.events import LEFT, PROMOTED, REMOVED, ROOM_CHANGED, lock_room, record_event
from backchat.models import OWNER, Bot, Membership, Room, RoomBan, RoomEvent, User
from backchat.rooms import VISIBILITIES, room_name_error


class InvalidRoomChange(ValueError):
    """A new name or visibility the room cannot have: the reason, for its owner."""


class OwnersStay(PermissionError):
    """An owner cannot be removed; the last owner, or someone in a direct conversation, cannot
    leave."""


async def is_owner(user: User, room: Room) -> bool:
    """True if `user` is one of the room's owners."""
    return await Membership.exists(user_id=user.id, room_id=room.id, role=OWNER)


async def may_moderate(user: User, room: Room) -> bool:
    """True if `user` may delete anyone's message in the room: an owner, or a site admin."""
    return user.is_admin or await is_owner(user, room)


async def rooms_owned_by(user: User) -> list[int]:
    """The ids of the rooms `user` owns."""
    return await Membership.filter(user_id=user.id, role=OWNER).values_list("room_id", flat=True)


async def membership_named(room: Room, username: str) -> Membership | None:
    """The membership (with its user) of the member called `username`, or None."""
    found = Membership.filter(room_id=room.id, user__username_key=username.lower())
    return await found.select_related("user").first()


async def memberships_of(room: Room) -> list[Membership]:
    """The room's memberships (each with its user), by name."""
    found = Membership.filter(room_id=room.id).select_related("user")
    return await found.order_by("user__username_key")


async def promote(room: Room, membership: Membership) -> RoomEvent | None:
    """Make a member one of the room's owners: the change's event, or None if they were one
    already."""
    async with in_transaction():
        await lock_room(room.id)
        if not await Membership.filter(id=membership.id).exclude(role=OWNER).update(role=OWNER):
            return None
        membership.role = OWNER
        return await record_event(room, PROMOTED, user=membership.user)


async def leave_room(user: User, room: Room) -> RoomEvent | None:
    """`user` stops being a member of `room` (their messages stay): the change's event, or
    None if they were not one. `OwnersStay` if they may not (`why_stay`)."""
    async with in_transaction():
        await lock_room(room.id)
        if reason := await why_stay(user, room):
            raise OwnersStay(reason)
        if not await Membership.filter(user_id=user.id, room_id=room.id).delete():
            return None
        return await record_event(room, LEFT, user=user)


async def why_stay(user: User, room: Room) -> str | None:
    """Why `user` may not leave the room (None: they may): it is a direct conversation, or they
    are its last owner while others are in it."""
    if room.dm_key is not None:
        return "A direct conversation cannot be left."
    if not await is_owner(user, room):
        return None
    others = Membership.filter(room_id=room.id).exclude(user_id=user.id)
    if await others.exists() and not await others.filter(role=OWNER).exists():
        return "You are the room's last owner: make someone else an owner first, or delete it."
    return None


async def remove_member(room: Room, membership: Membership) -> RoomEvent | None:
    """An owner removes a member (not another owner), who cannot join again until let back
    in: the change's event, or None if they were gone already."""
    if membership.role == OWNER:
        raise OwnersStay("An owner cannot be removed.")
    user = membership.user
    async with in_transaction():
        await lock_room(room.id)
        if not await RoomBan.exists(user_id=user.id, room_id=room.id):
            await RoomBan.create(user_id=user.id, room_id=room.id)
        if not await Membership.filter(id=membership.id).exclude(role=OWNER).delete():
            return None
        return await record_event(room, REMOVED, user=user)


async def lift_ban(room: Room, username: str) -> bool:
    """An owner lets a removed person join again; True if they were banned."""
    banned = RoomBan.filter(room_id=room.id, user__username_key=username.lower())
    ids = await banned.values_list("id", flat=True)
    return bool(ids) and bool(await RoomBan.filter(id__in=ids).delete())


async def banned_from(room: Room) -> list[User]:
    """The people removed from the room, by name."""
    return await User.filter(room_bans__room_id=room.id).order_by("username_key")


def room_change_errors(name: str, visibility: str) -> dict[str, str | None]:
    """Why the room cannot have this (trimmed) name or visibility, by form field."""
    errors = {"room_name": room_name_error(name), "visibility": None}
    if visibility not in VISIBILITIES:
        errors["visibility"] = "Choose whether the room is open or private."
    return errors


async def change_room(room: Room, name: str, visibility: str) -> RoomEvent | None:
    """Rename the room and set who may join it; the change's event in the room's log, or None
    if nothing changed (`InvalidRoomChange` if it may not have them)."""
    problems = [error for error in room_change_errors(name, visibility).values() if error]
    if room.dm_key is not None:
        problems.append("A direct conversation stays as it is.")
    if problems:
        raise InvalidRoomChange(" ".join(problems))
    if (room.name, room.visibility) == (name, visibility):
        return None
    async with in_transaction():
        await lock_room(room.id)
        room.name, room.visibility = name, visibility
        await Room.filter(id=room.id).update(name=name, visibility=visibility)
        return await record_event(room, ROOM_CHANGED)


async def delete_room(room: Room) -> list[int]:
    """Delete the room with everything in it (messages, their reactions, its log, its
    memberships, its bots and their accounts, which never said anything elsewhere): the ids
    of the people who were its members."""
    async with in_transaction():
        await lock_room(room.id)
        members = await Membership.filter(room_id=room.id).values_list("user_id", flat=True)
        bots = await Bot.filter(room_id=room.id).values_list("user_id", flat=True)
        await Room.filter(id=room.id).delete()
        await User.filter(id__in=bots).delete()
    return [user_id for user_id in members if user_id not in bots]
