"""The room page: a room's history (its latest messages, or those around one), who is here,
its members and the composer, as it stands when the page is read."""

from __future__ import annotations

import secrets

from quart import ResponseReturnValue, current_app, g

from backchat.events import room_position
from backchat.history import history_around, history_page
from backchat.models import Room
from backchat.ownership import banned_from, is_owner, memberships_of, why_stay
from backchat.realtime.hub import current_hub
from backchat.rooms import invite_token_of
from backchat.unread import desktop_notices, first_unread, notify_level
from backchat.web.hosts import absolute_url
from backchat.web.pages import render_with_sidebar


async def invite_url(room: Room) -> str:
    """The link that lets people in (the same whether the room is open or private, so that
    switching does not change it)."""
    return absolute_url(f"/join/{await invite_token_of(room)}/")


async def room_page(room: Room, around_id: int | None = None) -> ResponseReturnValue:
    """The room page with its latest messages, or (a permalink) with those around one, that
    one highlighted."""
    hub = current_hub()
    present, more_present = await hub.here_now(room.id)
    # Read first: the page holds the room as it stood then, and the socket sends what followed.
    position = await room_position(room.id)
    size = current_app.config["HISTORY_PAGE_SIZE"]
    if around_id is None:
        history = await history_page(room.id, size, up_to_id=position.message_id)
    else:
        history = await history_around(room.id, around_id, size, position.message_id)
    # A page that reaches the newest messages shows everything up to its position: read. (A
    # permalink far back leaves the rest unread.)
    unread_from = await first_unread(g.user, room.id)
    if history.newer_through is None:
        await hub.read_marks.read_now(g.user.id, room.id, position.event)
    owner = await is_owner(g.user, room)
    notify = await notify_level(g.user, room)
    return await render_with_sidebar(
        "chat/room.html",
        room=room,
        history=history,
        highlight_id=around_id,
        unread_from=unread_from,
        position=position.event,
        members=await memberships_of(room),
        present=present,
        more_present=more_present,
        delivery_paused=not hub.broker.available,
        client_id=secrets.token_urlsafe(16),
        invite_url=None if room.dm_key else await invite_url(room),
        is_owner=owner,
        may_leave=await why_stay(g.user, room) is None,
        notify=notify,
        notices=desktop_notices(notify, bool(room.dm_key)),
        banned=await banned_from(room) if owner else [],
        max_message_chars=current_app.config["MAX_MESSAGE_CHARS"],
    )
