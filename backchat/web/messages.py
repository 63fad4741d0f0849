"""Saved messages: the older pages of a room's history, the actions on messages (plain forms
that htmx enhances: edit, delete, react; and starting a reply), and the per-person stylesheet
that shows each person the actions that are theirs.

Without htmx each action answers 303 back to the room; with it, 204 (the change reaches every
page, this one included, over the room's socket). The server decides every permission: 404 for
a room you are not in or a message not in it, 403 for a message that is not yours to change.
"""

from __future__ import annotations

from quart import Blueprint, ResponseReturnValue, current_app, g, redirect, request
from werkzeug.exceptions import BadRequest, Forbidden, NotFound

from backchat.editing import NoSuchMessage, NotYours, UnknownEmoji
from backchat.history import history_page, newer_page
from backchat.messaging import InvalidMessage
from backchat.models import Message, Room
from backchat.ownership import rooms_owned_by
from backchat.reactions import EMOJI
from backchat.realtime.hub import current_hub
from backchat.rooms import room_of_member
from backchat.web.auth import login_required
from backchat.web.errors import render_error
from backchat.web.pages import done, render_with_sidebar
from backchat.web.room_page import room_page
from backchat.web.templating import render_page

blueprint = Blueprint("messages", __name__)


@blueprint.errorhandler(NoSuchMessage)
async def _no_such_message(_error: NoSuchMessage) -> ResponseReturnValue:
    return await render_error(NotFound("There is no such message in a room of yours."))


@blueprint.errorhandler(NotYours)
async def _not_yours(error: NotYours) -> ResponseReturnValue:
    return await render_error(Forbidden(str(error) or "That message is not yours to change."))


async def _member_room(slug: str) -> Room:
    room = await room_of_member(g.user, slug)
    if room is None:
        raise NoSuchMessage(slug)
    return room


async def _editor(
    room: Room, message: Message, body: str, error: str = "", status: int = 200
) -> ResponseReturnValue:
    """The edit form: inline for htmx, else on a page of its own."""
    template = "chat/_message_editor.html" if request.headers.get("HX-Request") else None
    context = {
        "room": room,
        "message": message,
        "body": body,
        "error": error,
        "max_message_chars": current_app.config["MAX_MESSAGE_CHARS"],
    }
    if template:
        return await render_page(template, **context), status
    return await render_with_sidebar("chat/edit_message.html", **context), status


def message_id_arg(name: str) -> int:
    """The query argument `name`, a message id (400 otherwise)."""
    value = request.args.get(name, "")
    if not (value.isascii() and value.isdigit() and len(value) < 19):
        raise BadRequest(f"`{name}` must be the id of a message.")
    return int(value)


async def _live_message(room: Room, message_id: int, *related: str) -> Message:
    """The room's message (not deleted), with `related` read along; 404 otherwise."""
    message = (
        await Message.filter(id=message_id, room_id=room.id, deleted_at=None)
        .select_related(*related)
        .first()
    )
    if message is None:
        raise NoSuchMessage(message_id)
    return message


@blueprint.get("/room/<slug>/messages")
@login_required
async def page_of_messages(slug: str) -> ResponseReturnValue:
    """A page of history, as a fragment that takes the place of the marker that asked for it:
    the messages before the message `before` (with the next marker, or the room's beginning),
    or those after the message `after` up to `through` (with a button for the next page)."""
    size = current_app.config["HISTORY_PAGE_SIZE"]
    if "after" in request.args:
        after, through = message_id_arg("after"), message_id_arg("through")
        room = await _member_room(slug)
        await _message_in(room, after)
        history = await newer_page(room.id, size, after, through)
    else:
        before = message_id_arg("before")
        room = await _member_room(slug)
        await _message_in(room, before)
        history = await history_page(room.id, size, up_to_id=before - 1)
    return await render_page("chat/_history.html", room=room, history=history)


@blueprint.get("/room/<slug>/m/<int:message_id>/")
@login_required
async def permalink(slug: str, message_id: int) -> ResponseReturnValue:
    """The room opened around one of its messages, which is highlighted (and has the focus)."""
    room = await _member_room(slug)
    await _message_in(room, message_id)
    return await room_page(room, around_id=message_id)


async def _message_in(room: Room, message_id: int) -> None:
    """404 unless the message is one of the room's."""
    if not await Message.exists(id=message_id, room_id=room.id):
        raise NoSuchMessage(message_id)


@blueprint.route("/room/<slug>/m/<int:message_id>/edit/", methods=["GET", "POST"])
@login_required
async def edit(slug: str, message_id: int) -> ResponseReturnValue:
    """Edit your own message (field `body`)."""
    room = await _member_room(slug)
    message = await _live_message(room, message_id)
    if message.author_id != g.user.id:
        raise NotYours("Only its author can edit a message.")
    if request.method != "POST":
        return await _editor(room, message, message.body)
    body = (await request.form).get("body", "")
    try:
        await current_hub().writer.edit(room, message_id, g.user, body)
    except InvalidMessage as exc:
        return await _editor(room, message, body, str(exc), 422)
    return done(room)


@blueprint.route("/room/<slug>/m/<int:message_id>/react/", methods=["GET", "POST"])
@login_required
async def react(slug: str, message_id: int) -> ResponseReturnValue:
    """Toggle your reaction (field `emoji`, one of a small fixed set) on a message; GET shows
    the choice (inline for htmx, else on a page of its own)."""
    room = await _member_room(slug)
    if request.method == "POST":
        emoji = (await request.form).get("emoji", "")
        try:
            await current_hub().writer.react(room, message_id, g.user, emoji)
        except UnknownEmoji as exc:
            raise BadRequest(str(exc)) from exc
        return done(room)
    message = await _live_message(room, message_id)
    context = {"room": room, "message": message, "emoji": EMOJI}
    if request.headers.get("HX-Request"):
        return await render_page("chat/_reaction_picker.html", **context)
    return await render_with_sidebar("chat/react.html", **context)


@blueprint.get("/room/<slug>/m/<int:message_id>/reply/")
@login_required
async def reply(slug: str, message_id: int) -> ResponseReturnValue:
    """ "Replying to alice: …" above the composer (for htmx; else the message's permalink)."""
    room = await _member_room(slug)
    original = await _live_message(room, message_id, "author")
    if not request.headers.get("HX-Request"):
        return redirect(f"/room/{room.slug}/m/{original.id}/", 303)
    return await render_page("chat/_replying_to.html", original=original, oob=False)


@blueprint.post("/room/<slug>/m/<int:message_id>/delete/")
@login_required
async def delete(slug: str, message_id: int) -> ResponseReturnValue:
    """Delete your own message, or any message in a room you own."""
    room = await _member_room(slug)
    await current_hub().writer.delete(room, message_id, g.user)
    return done(room)


@blueprint.get("/me.css")
@login_required
async def me_css() -> ResponseReturnValue:
    """What differs per person on pages whose fragments are the same for everyone: the
    actions on your own messages, and what you may do as an owner or a site admin."""
    css = await render_page(
        "me.css",
        username=g.user.username.lower(),
        owned=await rooms_owned_by(g.user),
        admin=g.user.is_admin,
    )
    return css, 200, {"Content-Type": "text/css; charset=utf-8"}
