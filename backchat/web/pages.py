"""Signed-in pages: rendering one (every one has the person's rooms in its sidebar, each with
its unread count and mentions, and the total in the page's title), the person's room from a
path or 404, and the answer to a room action done."""

from __future__ import annotations

from typing import Any

from quart import ResponseReturnValue, g, redirect, request
from werkzeug.exceptions import NotFound

from backchat.models import Room
from backchat.rooms import room_of_member, rooms_of
from backchat.unread import unread_in
from backchat.web.templating import render_page


async def render_with_sidebar(template: str, **context: Any) -> str:
    """Render a signed-in page, with the user's rooms and what is unread in them."""
    rooms = await rooms_of(g.user)
    unread = await unread_in(g.user, rooms)
    return await render_page(
        template,
        my_rooms=rooms,
        unread=unread,
        unread_total=sum(news.shown for news in unread.values()),
        **context,
    )


async def member_room(slug: str) -> Room:
    """The current person's room with this code (404 if they are not in it)."""
    room = await room_of_member(g.user, slug)
    if room is None:
        raise NotFound("There is no such room among yours.")
    return room


def done(room: Room) -> ResponseReturnValue:
    """After an action in a room: 204 for htmx (the change comes live), else back to it."""
    if request.headers.get("HX-Request"):
        return "", 204
    return redirect(f"/room/{room.slug}/", 303)
