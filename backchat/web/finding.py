"""Finding messages across your rooms: the messages that mention you (`GET /mentions/`)."""

from __future__ import annotations

from quart import Blueprint, ResponseReturnValue, current_app, g, request
from werkzeug.exceptions import BadRequest

from backchat.mentions import mentions_of
from backchat.web.auth import login_required
from backchat.web.pages import render_with_sidebar

blueprint = Blueprint("finding", __name__)


def before_id() -> int | None:
    """The query argument `before` (a message id: the page goes on from there), or None."""
    value = request.args.get("before")
    if value is None:
        return None
    if not (value.isascii() and value.isdigit() and len(value) < 19):
        raise BadRequest("`before` must be the id of a message.")
    return int(value)


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
