"""What a room's owners do, from its settings page and its member list: rename it, switch who
may join, reset its invite link, add and remove bots, promote a member, remove one (banned
until let back in), let them back in, and delete the room after a confirmation. A member
asking gets 403, anyone else 404."""

from __future__ import annotations

from quart import Blueprint, ResponseReturnValue, g, redirect, request, session
from werkzeug.exceptions import Forbidden, NotFound

from backchat.accounts import display_name_error
from backchat.bots import bots_of, create_bot, delete_bot
from backchat.models import Membership, Message, Room
from backchat.ownership import (
    OwnersStay,
    delete_room,
    is_owner,
    lift_ban,
    membership_named,
    room_change_errors,
)
from backchat.realtime.hub import current_hub
from backchat.rooms import count_members, reset_invite
from backchat.web.auth import login_required
from backchat.web.hosts import absolute_url
from backchat.web.pages import done, member_room, render_with_sidebar
from backchat.web.room_page import invite_url

blueprint = Blueprint("owners", __name__)
NEW_BOT_TOKEN = "new_bot_token"


async def owned_room(slug: str, what: str) -> Room:
    """The room, if the current user owns it (404 if they are not in it, 403 if they are not
    one of its owners, naming `what` only owners may do)."""
    room = await member_room(slug)
    if not await is_owner(g.user, room):
        raise Forbidden(f"Only the room's owners can {what}.")
    return room


async def named_member(room: Room, username: str) -> Membership:
    """The membership of the room's member with this name (404 if there is none)."""
    membership = await membership_named(room, username)
    if membership is None:
        raise NotFound("No member of this room has that name.")
    return membership


@blueprint.route("/room/<slug>/settings/", methods=["GET", "POST"])
@login_required
async def settings(slug: str) -> ResponseReturnValue:
    """The room's settings: its name and who may join it (live for everyone in it), its invite
    link, and the way to delete it."""
    room = await owned_room(slug, "change its settings")
    name, visibility, errors = room.name, room.visibility, {}
    if request.method == "POST":
        form = await request.form
        name, visibility = form.get("room_name", "").strip(), form.get("visibility", "")
        errors = room_change_errors(name, visibility)
        if not any(errors.values()):
            await current_hub().writer.change_room(room, name, visibility)
            return redirect(f"/room/{room.slug}/", 303)
    return await settings_page(room, name, visibility, errors)


async def settings_page(
    room: Room, name: str, visibility: str, errors: dict[str, str | None]
) -> ResponseReturnValue:
    """The settings page as the owner left it (400 if anything they sent is wrong), with a
    bot's token just made, this once."""
    new_bot = token = None
    if (session.get(NEW_BOT_TOKEN) or [None])[0] == room.id:
        _, new_bot, token = session.pop(NEW_BOT_TOKEN)
    page = await render_with_sidebar(
        "chat/room_settings.html",
        room=room,
        room_name=name,
        visibility=visibility,
        errors=errors,
        invite_url=await invite_url(room),
        bots=await bots_of(room),
        api_url=absolute_url(f"/api/rooms/{room.slug}/messages"),
        new_bot=new_bot,
        token=token,
    )
    return page, 400 if any(errors.values()) else 200


@blueprint.post("/room/<slug>/bots/")
@login_required
async def add_bot(slug: str) -> ResponseReturnValue:
    """An owner adds a bot: its token is shown this once, on the settings page."""
    room = await owned_room(slug, "add bots")
    name = (await request.form).get("bot_name", "").strip()
    error = display_name_error(name) if name else "Give the bot a name."
    if error:
        return await settings_page(room, room.name, room.visibility, {"bot_name": error})
    _, token = await create_bot(room, name)
    # Shown by the page this redirects to, once (a reload of it does not add another bot).
    session[NEW_BOT_TOKEN] = [room.id, name, token]
    return redirect(f"/room/{room.slug}/settings/", 303)


@blueprint.post("/room/<slug>/bots/<int:bot_id>/delete/")
@login_required
async def remove_bot(slug: str, bot_id: int) -> ResponseReturnValue:
    """An owner removes a bot: its token stops working; what it said stays."""
    room = await owned_room(slug, "remove bots")
    if not await delete_bot(room, bot_id):
        raise NotFound("This room has no such bot.")
    return redirect(f"/room/{room.slug}/settings/", 303)


@blueprint.post("/room/<slug>/invite/reset/")
@login_required
async def reset(slug: str) -> ResponseReturnValue:
    """An owner makes a new invite link; the old one stops working."""
    room = await owned_room(slug, "reset its invite link")
    await reset_invite(room)
    return redirect(f"/room/{room.slug}/settings/", 303)


@blueprint.route("/room/<slug>/delete/", methods=["GET", "POST"])
@login_required
async def delete(slug: str) -> ResponseReturnValue:
    """Delete the room, once its owner typed its code to confirm: every open page of it
    closes (4404) and it leaves its members' sidebars."""
    room = await owned_room(slug, "delete it")
    typed, errors = "", {}
    if request.method == "POST":
        typed = (await request.form).get("confirm", "").strip()
        if typed.lower() == room.slug:
            await current_hub().room_deleted(room.id, await delete_room(room))
            return redirect("/", 303)
        errors = {"confirm": "That is not the room's code: nothing was deleted."}
    page = await render_with_sidebar(
        "chat/delete_room.html",
        room=room,
        confirm=typed,
        errors=errors,
        member_count=await count_members(room.id),
        message_count=await Message.filter(room_id=room.id, deleted_at=None).count(),
    )
    return page, 400 if errors else 200


@blueprint.post("/room/<slug>/members/<username>/promote/")
@login_required
async def make_owner(slug: str, username: str) -> ResponseReturnValue:
    """An owner makes a member one of the room's owners too: their open pages show them the
    owners' controls at once."""
    room = await owned_room(slug, "make owners")
    membership, hub = await named_member(room, username), current_hub()
    if await hub.writer.promote(room, membership):
        await hub.looks_changed(membership.user.id)
    return done(room)


@blueprint.post("/room/<slug>/members/<username>/remove/")
@login_required
async def remove(slug: str, username: str) -> ResponseReturnValue:
    """An owner removes a member (not another owner): their open sockets in the room close at
    once, and they cannot join again until let back in."""
    room = await owned_room(slug, "remove members")
    membership, hub = await named_member(room, username), current_hub()
    try:
        removed = await hub.writer.remove(room, membership)
    except OwnersStay as exc:
        raise Forbidden(str(exc)) from exc
    if removed:
        await hub.member_left(room, membership.user)
    return done(room)


@blueprint.post("/room/<slug>/members/<username>/readmit/")
@login_required
async def readmit(slug: str, username: str) -> ResponseReturnValue:
    """An owner lets someone they removed join again (they are not made a member)."""
    room = await owned_room(slug, "let people back in")
    if not await lift_ban(room, username):
        raise NotFound("Nobody of that name was removed from this room.")
    return done(room)
