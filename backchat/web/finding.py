"""Finding messages: those that mention you (`GET /mentions/`), and searching your rooms
(`GET /search/?q=`) or one of them (`GET /room/<slug>/search/?q=`)."""

from __future__ import annotations

from quart import Blueprint, ResponseReturnValue, current_app, g, request

from backchat.mentions import mentions_of
from backchat.models import Room
from backchat.search import highlight, search_messages, search_terms
from backchat.web.auth import login_required
from backchat.web.messages import message_id_arg
from backchat.web.pages import member_room, render_with_sidebar

blueprint = Blueprint("finding", __name__)


def before_id() -> int | None:
    """The query argument `before` (a message id: the page goes on from there), or None."""
    return message_id_arg("before") if "before" in request.args else None


@blueprint.get("/mentions/")
@login_required
async def mentions() -> ResponseReturnValue:
    """The messages that mention you, newest first, a page at a time (`?before=<id>`)."""
    size = current_app.config["HISTORY_PAGE_SIZE"]
    found = await mentions_of(g.user, size + 1, before_id())
    return await render_with_sidebar(
        "chat/mentions.html",
        messages=found[:size],
        older=found[size - 1].id if len(found) > size else None,
        section="mentions",
    )


@blueprint.get("/search/")
@login_required
async def search() -> ResponseReturnValue:
    """Messages in all your rooms holding every word of `q`, newest first."""
    return await _results(None)


@blueprint.get("/room/<slug>/search/")
@login_required
async def search_room(slug: str) -> ResponseReturnValue:
    """Messages in one of your rooms holding every word of `q`, newest first."""
    return await _results(await member_room(slug))


async def _results(room: Room | None) -> ResponseReturnValue:
    size = current_app.config["HISTORY_PAGE_SIZE"]
    query = request.args.get("q", "")[:200]
    terms = search_terms(query)
    found = await search_messages(
        g.user.id, terms, size + 1, room_id=room and room.id, before_id=before_id()
    )
    return await render_with_sidebar(
        "chat/search.html",
        query=query,
        searched=bool(terms),
        results=[(message, highlight(message.body, terms)) for message in found[:size]],
        older=found[size - 1].id if len(found) > size else None,
        scope=room,
        room=room,
        section="search",
    )
