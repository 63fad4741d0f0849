"""Export for members: a room's history as JSON Lines (`export.jsonl`, one event per line)
and as a transcript (`export.html`) that reads well opened from disk: its stylesheet inside,
no script, and a Content-Security-Policy of its own that allows only that stylesheet (by its
hash). Both stream; anyone but a member gets 404."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime
from functools import cache

from quart import Blueprint, Response, ResponseReturnValue, stream_template

from backchat.export import jsonl_lines, room_messages
from backchat.paths import resource_dir
from backchat.web.auth import login_required
from backchat.web.pages import member_room

blueprint = Blueprint("export", __name__)


@cache
def transcript_style() -> tuple[str, str]:
    """The transcript's stylesheet, and the CSP source that allows exactly it."""
    css = (resource_dir("templates") / "export" / "transcript.css").read_text()
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    return css, f"'sha256-{digest}'"


def download(slug: str, extension: str) -> dict[str, str]:
    """Headers that save the response as a file named for the room and the day."""
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    return {"Content-Disposition": f'attachment; filename="{slug}-{day}.{extension}"'}


@blueprint.get("/room/<slug>/export.jsonl")
@login_required
async def export_jsonl(slug: str) -> ResponseReturnValue:
    """The room's log, one event per line (JSON Lines), streamed."""
    room = await member_room(slug)
    response = Response(jsonl_lines(room), mimetype="application/jsonl")
    response.headers.update(download(room.slug, "jsonl"))
    return response


@blueprint.get("/room/<slug>/export.html")
@login_required
async def export_html(slug: str) -> ResponseReturnValue:
    """The room's transcript: a standalone page to keep, streamed."""
    room = await member_room(slug)
    css, style_source = transcript_style()
    body = await stream_template(
        "export/transcript.html",
        room=room,
        messages=room_messages(room),
        style=css,
        exported_at=datetime.now(UTC),
    )
    response = Response(body, mimetype="text/html")
    response.headers.update(download(room.slug, "html"))
    response.headers["Content-Security-Policy"] = (
        f"default-src 'none'; style-src {style_source}; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    )
    return response
