"""Rendering signed-in pages: every one has the person's rooms in its sidebar."""

from __future__ import annotations

from typing import Any

from quart import g, render_template

from backchat.rooms import rooms_of


async def render_with_sidebar(template: str, **context: Any) -> str:
    """Render a signed-in page, with the user's rooms for the sidebar."""
    return await render_template(template, my_rooms=await rooms_of(g.user), **context)
