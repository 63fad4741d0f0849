"""Who is in a room: the directory of open rooms (`GET /rooms/`), the join form (a code or an
invite link), invite links (`/join/<token>/`), direct conversations (`/dm/<username>/`), what
your badges count of a room, and leaving. Codes and invites that lead nowhere are counted
against whoever tries them (`ROOM_CODE_FAILURES_PER_5MIN`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from quart import Blueprint, ResponseReturnValue, g, redirect, request
from werkzeug.exceptions import BadRequest, Forbidden, NotFound

from backchat.limits import current_limits
from backchat.models import Room, User
from backchat.ownership import OwnersStay
from backchat.realtime.hub import current_hub
from backchat.rooms import (
    Banned,
    NotJoinable,
    code_from_input,
    count_members,
    direct_room,
    invite_from_input,
    open_rooms,
    room_by_invite,
    room_of_member,
    visible_room,
)
from backchat.unread import NOTIFY_LEVELS, set_notify_level
from backchat.web.auth import login_required
from backchat.web.client_address import client_address, limit_key
from backchat.web.errors import render_error, too_many_requests
from backchat.web.pages import done, member_room, render_with_sidebar

blueprint = Blueprint("joining", __name__)
NO_INVITE = "This invite link does not work: it was reset, or mistyped. Ask for a new one."


class TooManyMisses(Exception):
    """This person tried too many codes or invites that lead nowhere: they must wait."""

    def __init__(self, wait: float) -> None:
        super().__init__(wait)
        self.wait = wait


async def look_up(find: Callable[[], Awaitable[Room | None]]) -> Room | None:
    """Find a room from a code or invite someone typed or followed; a miss counts against
    them and their address (`TooManyMisses` once they must wait)."""
    throttle, address = current_limits().room_codes, limit_key(client_address())
    wait = await throttle.attempt(g.user.id, address)
    if wait is not None:
        raise TooManyMisses(wait)
    room = await find()
    if room is not None:
        await throttle.found(g.user.id, address)
    return room


async def become_member(room: Room) -> None:
    """Join the current user to `room`: everyone there sees them among the members, and their
    other pages list the room."""
    hub = current_hub()
    if await hub.writer.join(g.user, room):
        await hub.rooms_changed(g.user.id)


@blueprint.app_errorhandler(TooManyMisses)
async def too_many_misses(error: TooManyMisses) -> ResponseReturnValue:
    """429, with `Retry-After`, for someone who must wait before trying another code."""
    return await too_many_requests("Too many room codes or invites led nowhere.", error.wait)


@blueprint.app_errorhandler(NotJoinable)
async def not_joinable(_: NotJoinable) -> ResponseReturnValue:
    """404 for someone else's direct conversation: as for no room at all."""
    return await render_error(NotFound("There is no such room among yours."))


@blueprint.app_errorhandler(Banned)
async def banned(error: Banned) -> ResponseReturnValue:
    """403 for someone the room's owner removed."""
    return await render_error(Forbidden(f"The owner of “{error}” removed you from it."))


@blueprint.get("/rooms/")
@login_required
async def directory() -> ResponseReturnValue:
    """The open rooms, most recently active first (`?q=` narrows them by name)."""
    search = request.args.get("q", "").strip()[:80]
    return await render_with_sidebar(
        "chat/directory.html", rooms=await open_rooms(search), q=search, section="rooms"
    )


@blueprint.route("/join/", methods=["GET", "POST"])
@login_required
async def join() -> ResponseReturnValue:
    """Join a room by its code (an open room, or one you are in) or by an invite link."""
    if request.method != "POST":
        return await render_with_sidebar("chat/join.html", errors={}, room_slug="")
    typed = (await request.form).get("room_slug", "")
    token, code = invite_from_input(typed), code_from_input(typed)
    room = None
    if token:
        room = await look_up(lambda: room_by_invite(token))
    elif code:
        room = await look_up(lambda: visible_room(g.user, code))
    if room is None:
        error = NO_INVITE if token else f"No room with code “{code}”." if code else None
        page = await render_with_sidebar(
            "chat/join.html",
            errors={"room_slug": error or "Enter a room code or an invite link."},
            room_slug=typed.strip(),
        )
        return page, 404 if error else 400
    await become_member(room)
    return redirect(f"/room/{room.slug}/", 303)


@blueprint.route("/join/<token>/", methods=["GET", "POST"])
@login_required
async def invite(token: str) -> ResponseReturnValue:
    """An invite link: GET shows the room and a Join button, POST joins (a member goes
    straight in)."""
    room = await look_up(lambda: room_by_invite(token))
    if room is None:
        return await render_error(NotFound(NO_INVITE))
    if request.method == "POST" or await room_of_member(g.user, room.slug):
        await become_member(room)
        return redirect(f"/room/{room.slug}/", 303)
    return await render_with_sidebar(
        "chat/invite.html", invited_to=room, member_count=await count_members(room.id)
    )


@blueprint.get("/dm/<username>/")
@login_required
async def direct(username: str) -> ResponseReturnValue:
    """The direct conversation with this person (303 to it): made the first time either of
    you opens it, when it appears in both your sidebars."""
    other = await User.get_or_none(username_key=username.lower()[:32])
    if other is None or other.is_bot:
        raise NotFound("Nobody has that username.")
    if other.id == g.user.id:
        raise BadRequest("A direct conversation needs someone other than you.")
    room, made = await direct_room(g.user, other)
    if made:
        for person in (g.user, other):
            await current_hub().rooms_changed(person.id)
    return redirect(f"/room/{room.slug}/", 303)


@blueprint.post("/room/<slug>/notifications/")
@login_required
async def notifications(slug: str) -> ResponseReturnValue:
    """What of the room's news your badges count: everything, mentions only, or nothing."""
    room = await member_room(slug)
    level = (await request.form).get("level", "")
    if level not in NOTIFY_LEVELS:
        raise BadRequest("Choose everything, mentions only or nothing.")
    await set_notify_level(g.user, room, level)
    await current_hub().rooms_changed(g.user.id)  # your open pages count it so at once
    return done(room)


@blueprint.post("/room/<slug>/leave/")
@login_required
async def leave(slug: str) -> ResponseReturnValue:
    """Stop being a member (your messages stay); the last owner cannot leave while others
    are in the room."""
    room, hub = await member_room(slug), current_hub()
    try:
        left = await hub.writer.leave(g.user, room)
    except OwnersStay as exc:
        raise Forbidden(str(exc)) from exc
    if left:
        await hub.member_left(room, g.user)
    return redirect("/", 303)
