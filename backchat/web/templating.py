"""Jinja filters shared by pages and pushed fragments."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime

from quart import Quart

from backchat.formatting import excerpt, is_block, is_emoji_only, mentioned, render_body


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


def init_app(app: Quart) -> None:
    """Register the filters."""
    app.jinja_env.filters["iso_utc"] = iso_utc
    app.jinja_env.filters["clock"] = clock
    app.jinja_env.filters["day_and_time"] = day_and_time
    app.jinja_env.filters["avatar_hue"] = avatar_hue
    app.jinja_env.filters["formatted"] = render_body
    app.jinja_env.filters["excerpt"] = excerpt
    app.jinja_env.filters["mentioned"] = mentioned
    app.jinja_env.tests["block"] = is_block
    app.jinja_env.tests["emoji_only"] = is_emoji_only
