"""Jinja filters shared by pages and pushed fragments, and rendering without async Jinja.

Quart renders templates asynchronously, which costs about twice as much as plain rendering
for pages of many small includes (a room page holds fifty messages); none of our templates
awaits anything, so pages and fragments render with a synchronous overlay of the app's
environment (the same loader, filters and globals).
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime
from typing import Any

from jinja2 import Environment
from quart import Quart, current_app, g

from backchat.formatting import excerpt, is_block, is_emoji_only, mentioned, render_body
from backchat.models import Room
from backchat.rooms import room_label


def iso_utc(moment: datetime) -> str:
    """A machine-readable UTC timestamp for `<time datetime>` ("2026-11-25T09:30:00Z")."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def clock(moment: datetime) -> str:
    """The time of day in UTC, hours and minutes."""
    return moment.astimezone(UTC).strftime("%H:%M")


def day_and_time(moment: datetime) -> str:
    """A short UTC date and time ("25 Nov 09:30")."""
    return moment.astimezone(UTC).strftime("%d %b %H:%M")


def avatar_hue(username: str) -> int:
    """One of eight avatar colours, the same for a username everywhere."""
    return zlib.crc32(username.lower().encode()) % 8


def room_ref(room: Room, viewer: str | None) -> str:
    """The room as running text names it: "#general", or "@bob" for a direct conversation."""
    return ("@" if room.dm_key else "#") + room_label(room, viewer)


def viewer() -> dict[str, str | None]:
    """Pages know who reads them (`viewer`: a direct conversation is named for the other
    person); pushed fragments are given it."""
    user = g.get("user")
    return {"viewer": user.username if user is not None else None}


def sync_environment(app: Quart) -> Environment:
    """The app's Jinja environment, rendering synchronously (made once per app)."""
    env = app.extensions.get("sync_jinja")
    if env is None:
        # The overlay compiles its own templates: the parent's are compiled for async.
        env = app.extensions["sync_jinja"] = app.jinja_env.overlay(
            enable_async=False, cache_size=400
        )
    return env


async def render_page(name: str, **context: Any) -> str:
    """Render a template for the current request, as Quart's `render_template` does (its
    context processors run), but synchronously."""
    app = current_app._get_current_object()
    await app.update_template_context(context)
    return sync_environment(app).get_template(name).render(context)


def init_app(app: Quart) -> None:
    """Register the filters, and `viewer` for pages."""
    app.jinja_env.filters["iso_utc"] = iso_utc
    app.jinja_env.filters["clock"] = clock
    app.jinja_env.filters["day_and_time"] = day_and_time
    app.jinja_env.filters["avatar_hue"] = avatar_hue
    app.jinja_env.filters["formatted"] = render_body
    app.jinja_env.filters["excerpt"] = excerpt
    app.jinja_env.filters["mentioned"] = mentioned
    app.jinja_env.filters["room_label"] = room_label
    app.jinja_env.filters["room_ref"] = room_ref
    app.context_processor(viewer)
    app.jinja_env.tests["block"] = is_block
    app.jinja_env.tests["emoji_only"] = is_emoji_only
