"""The chat blueprint: home, creating and joining rooms, and the room page."""

from __future__ import annotations

from typing import Any

from quart import Blueprint, ResponseReturnValue, current_app, g, redirect, render_template, request

from backchat.auth import login_required
from backchat.messaging import recent_messages
from backchat.rooms import (
    code_from_input,
    create_room,
    find_room,
    join_room,
    members_of,
    room_name_error,
    rooms_of,
)

blueprint = Blueprint("chat", __name__)


async def render_with_sidebar(template: str, **context: Any) -> str:
    """Render a signed-in page, with the user's rooms for the sidebar."""
    return await render_template(template, my_rooms=await rooms_of(g.user), **context)


@blueprint.get("/")
async def home() -> ResponseReturnValue:
    """The landing page, or "Your rooms" with the create and join forms."""
    if g.user is None:
        return await render_template("chat/landing.html")
    return await render_with_sidebar("chat/home.html", errors={}, room_name="", room_slug="")


@blueprint.route("/create/", methods=["GET", "POST"])
@login_required
async def create() -> ResponseReturnValue:
    """Create a room and go to it."""
    if request.method == "GET":
        return await render_with_sidebar("chat/create.html", errors={}, room_name="")
    room_name = (await request.form).get("room_name", "").strip()
    error = room_name_error(room_name)
    if error:
        page = await render_with_sidebar(
            "chat/create.html", errors={"room_name": error}, room_name=room_name
        )
        return page, 400
    room = await create_room(room_name, g.user)
    return redirect(f"/room/{room.slug}/", 303)


@blueprint.route("/join/", methods=["GET", "POST"])
@login_required
async def join() -> ResponseReturnValue:
    """Join a room by its code (or invite link) and go to it."""
    if request.method == "GET":
        return await render_with_sidebar("chat/join.html", errors={}, room_slug="")
    typed = (await request.form).get("room_slug", "")
    code = code_from_input(typed)
    room = await find_room(code)
    if room is None:
        error = f"No room with code “{code}”." if code else "Enter a room code."
        page = await render_with_sidebar(
            "chat/join.html", errors={"room_slug": error}, room_slug=typed.strip()
        )
        return page, 404 if code else 400
    await join_room(g.user, room)
    return redirect(f"/room/{room.slug}/", 303)


@blueprint.get("/room/<slug>/")
@login_required
async def room(slug: str) -> ResponseReturnValue:
    """The room: its history, its members and the composer. Visiting joins it."""
    found = await find_room(slug)
    if found is None:
        page = await render_with_sidebar("chat/room_missing.html", slug=slug)
        return page, 404
    await join_room(g.user, found)
    return await render_with_sidebar(
        "chat/room.html",
        room=found,
        messages=await recent_messages(found, current_app.config["HISTORY_PAGE_SIZE"]),
        members=await members_of(found),
        invite_url=f"{request.host_url.rstrip('/')}/room/{found.slug}/",
        max_message_chars=current_app.config["MAX_MESSAGE_CHARS"],
    )
