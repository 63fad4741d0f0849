"""Rendering signed-in pages: every one has the person's rooms in its sidebar, each with its
unread count and mentions, and the total in the page's title."""

from __future__ import annotations

from typing import Any

from quart import g

from backchat.rooms import rooms_of
from backchat.unread import unread_in
from backchat.web.templating import render_page


async def render_with_sidebar(template: str, **context: Any) -> str:
    """Render a signed-in page, with the user's rooms and what is unread in them."""
    rooms = await rooms_of(g.user)
    unread = await unread_in(g.user, rooms)
    return await render_page(
        template,
        my_rooms=rooms,
        unread=unread,
        unread_total=sum(news.messages for news in unread.values()),
        **context,
    )
