"""The chat blueprint: home, creating rooms, the room page and the websockets."""

from __future__ import annotations

from urllib.parse import urlsplit

from quart import (
    Blueprint,
    ResponseReturnValue,
    current_app,
    g,
    redirect,
    request,
    websocket,
)

from backchat.metrics import OPEN_SOCKETS
from backchat.ownership import room_change_errors
from backchat.realtime.connection import ChatConnection
from backchat.realtime.hub import current_hub
from backchat.realtime.sidebar_socket import SidebarSocket
from backchat.rooms import OPEN, create_room, room_of_member, visible_room
from backchat.web import logs
from backchat.web.admin import blueprint as admin_blueprint
from backchat.web.api import blueprint as api_blueprint
from backchat.web.auth import login_required
from backchat.web.export import blueprint as export_blueprint
from backchat.web.finding import blueprint as finding_blueprint
from backchat.web.health import blueprint as health_blueprint
from backchat.web.hosts import public_origin
from backchat.web.joining import become_member, look_up
from backchat.web.joining import blueprint as joining_blueprint
from backchat.web.messages import blueprint as messages_blueprint
from backchat.web.owners import blueprint as owners_blueprint
from backchat.web.pages import render_with_sidebar
from backchat.web.profile import blueprint as profile_blueprint
from backchat.web.prometheus import blueprint as prometheus_blueprint
from backchat.web.room_page import room_page
from backchat.web.templating import render_page

blueprint = Blueprint("chat", __name__)
blueprint.register_blueprint(messages_blueprint)
blueprint.register_blueprint(finding_blueprint)
blueprint.register_blueprint(joining_blueprint)
blueprint.register_blueprint(owners_blueprint)
blueprint.register_blueprint(admin_blueprint)
blueprint.register_blueprint(profile_blueprint)
blueprint.register_blueprint(export_blueprint)
blueprint.register_blueprint(api_blueprint)
blueprint.register_blueprint(health_blueprint)
blueprint.register_blueprint(prometheus_blueprint)


@blueprint.get("/")
async def home() -> ResponseReturnValue:
    """The landing page, or "Your rooms" with the create and join forms."""
    if g.user is None:
        return await render_page("chat/landing.html")
    return await render_with_sidebar("chat/home.html", errors={}, room_name="", room_slug="")


@blueprint.route("/create/", methods=["GET", "POST"])
@login_required
async def create() -> ResponseReturnValue:
    """Create a room and go to it."""
    if request.method != "POST":
        return await render_with_sidebar(
            "chat/create.html", errors={}, room_name="", visibility=OPEN
        )
    form = await request.form
    room_name, visibility = form.get("room_name", "").strip(), form.get("visibility", OPEN)
    errors = room_change_errors(room_name, visibility)
    if any(errors.values()):
        page = await render_with_sidebar(
            "chat/create.html", errors=errors, room_name=room_name, visibility=visibility
        )
        return page, 400
    room = await create_room(room_name, g.user, visibility)
    await current_hub().rooms_changed(g.user.id)
    return redirect(f"/room/{room.slug}/", 303)


@blueprint.get("/room/<slug>/")
@login_required
async def room(slug: str) -> ResponseReturnValue:
    """The room: its history, its members and the composer. Visiting an open room joins it;
    a private one is a member's only (anyone else is told there is no such room)."""
    found = await room_of_member(g.user, slug) or await look_up(lambda: visible_room(g.user, slug))
    if found is None:
        page = await render_with_sidebar("chat/room_missing.html", slug=slug)
        return page, 404
    await become_member(found)
    return await room_page(found)


NOT_SIGNED_IN = 4401
FORBIDDEN_ORIGIN = 4403
NO_SUCH_ROOM = 4404


def origin_allowed(origin: str | None) -> bool:
    """True for the site's own origin and those listed in `ALLOWED_ORIGINS`."""
    if not origin:
        return False
    parts = urlsplit(origin)
    if parts.scheme in ("http", "https") and parts.netloc == websocket.host:
        return True
    origin = origin.rstrip("/")
    return origin == public_origin() or origin in current_app.config["ALLOWED_ORIGINS"]


def socket_refusal() -> int:
    """Why this socket may not open (a close code), or 0: it comes from another site, or from
    nobody signed in."""
    if not origin_allowed(websocket.headers.get("Origin")):
        return FORBIDDEN_ORIGIN
    return NOT_SIGNED_IN if g.user is None else 0


async def refuse(code: int) -> None:
    """Accept, then close with a 44xx code: the page's socket does not reconnect."""
    await websocket.accept()
    await websocket.close(code)
    logs.socket_refused(code)


@blueprint.websocket("/chat/<slug>/")
async def chat_socket(slug: str) -> None:
    """A room page's live channel: the room, and the page's sidebar."""
    if refusal := socket_refusal():
        return await refuse(refusal)
    room = await room_of_member(g.user, slug)
    if room is None:
        return await refuse(NO_SUCH_ROOM)
    socket = websocket._get_current_object()
    await logged(ChatConnection(socket, current_hub(), room, g.user, g.session_id), room.id)


@blueprint.websocket("/live/")
async def sidebar_socket() -> None:
    """The live channel of a page without a room: its sidebar's news."""
    if refusal := socket_refusal():
        return await refuse(refusal)
    socket = websocket._get_current_object()
    await logged(SidebarSocket(socket, current_hub(), g.user, g.session_id), None)


async def logged(page_socket: ChatConnection | SidebarSocket, room_id: int | None) -> None:
    """Serve a page's socket, logging and counting its opening and its end."""
    opened = logs.socket_opened(room_id)
    OPEN_SOCKETS.inc()
    try:
        await page_socket.serve()
    finally:
        OPEN_SOCKETS.dec()
        logs.socket_closed(room_id, page_socket.close_code, opened)
