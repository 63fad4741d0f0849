"""Every HTML fragment pushed over a websocket, rendered from `templates/chat/_*.html`.

Fragments render with the app's own Jinja environment (its loader, filters and globals), but
synchronously and without a request: a fragment is rendered once and the same bytes go to
every receiver (who is typing aside: it leaves out the reader), and a connection can compose
a frame without yielding to other tasks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup
from quart import Quart

from backchat.events import JOINED, MEMBERSHIP, POSTED, PROMOTED, ROOM_CHANGED
from backchat.models import Message, Room, RoomEvent
from backchat.realtime.typists import typing_line
from backchat.unread import Unread
from backchat.web.templating import sync_environment

APPEND_TO_LIST = "beforeend:#messages"


class Fragments:
    """Renders the pushed fragments with one app's templates and filters."""

    def __init__(self, app: Quart) -> None:
        self._env = sync_environment(app)
        self._max_message_chars = app.config["MAX_MESSAGE_CHARS"]

    def _render(self, name: str, **context: Any) -> str:
        return self._env.get_template(name).render(**context)

    def message(self, message: Message, replace: bool = False) -> str:
        """One message as it appears in the list (author, time, escaped body, its actions), or
        replacing itself by id, as it is now."""
        return self._render("chat/_message.html", message=message, oob=replace)

    def event(self, event: RoomEvent) -> str:
        """A room event as it changes the page: a posted message as it appears in the list, a
        changed one replacing itself; the room's new name and mark; a change to the members."""
        if event.kind == ROOM_CHANGED:
            return self._render("chat/_room_changed.html", room=event.room)
        if event.kind in MEMBERSHIP:
            return self._membership(event)
        return self.message(event.message, replace=event.kind != POSTED)

    def _membership(self, event: RoomEvent) -> str:
        """A newcomer appended to `#members`, a new owner marked, or someone gone from it; and
        the new count."""
        slug, username = event.room.slug, event.user.username
        count = event.member_count
        if event.kind == JOINED:
            return self._render(
                "chat/_members_joined.html", slug=slug, username=username, count=count
            )
        if event.kind == PROMOTED:
            return self._render(
                "chat/_member.html", slug=slug, username=username, owner=True, oob=True
            )
        return self._render("chat/_member_left.html", username=username, count=count)

    def place(self, messages_html: Sequence[str], before_id: int | None = None) -> str:
        """Out-of-band swap that appends messages to `#messages`, or puts them before one."""
        swap = f"beforebegin:#message-{before_id}" if before_id else APPEND_TO_LIST
        return self._render("chat/_place.html", swap=swap, content=Markup("".join(messages_html)))

    def events(self, events: Sequence[tuple[str, str]]) -> str:
        """A run of the room's events, (kind, html) in order, as one frame: the new messages
        appended together, then the changed ones replacing themselves."""
        placed = [html for kind, html in events if kind == POSTED]
        frame = self.place(placed) if placed else ""
        return frame + "".join(html for kind, html in events if kind != POSTED)

    def history_cut(self, slug: str) -> str:
        """Marks where a resume left out older messages than it sent."""
        return self._render("chat/_history_cut.html", slug=slug)

    def last_seen(self, position: int) -> str:
        """Keeps the page's resume form holding its position in the room's event log."""
        return self._render("chat/_last_seen.html", position=position, oob=True)

    def presence(self, shown: Sequence[str], more: int) -> str:
        """The whole who's-here list, replacing `#presence`, and the count of the rest."""
        return self._render("chat/_presence.html", present=shown, more=more, oob=True)

    def presence_changes(
        self, placed: Sequence[tuple[str, str | None]], gone: Sequence[str], more: int | None
    ) -> str:
        """Users removed from `#presence` by id, users inserted before the (user) element after
        them (None: at the end), and the new count of the rest (None: unchanged)."""
        return self._render("chat/_presence_changes.html", placed=placed, gone=gone, more=more)

    def composer_reset(self, client_id: str) -> str:
        """Clears the sender's composer (keeping focus) and gives it a fresh nonce."""
        return self._render(
            "chat/_composer_reset.html",
            client_id=client_id,
            max_message_chars=self._max_message_chars,
        )

    def composer_error(self, error: str) -> str:
        """An error under the sender's composer."""
        return self._render("chat/_composer_error.html", error=error)

    def typing(self, names: Sequence[str]) -> str:
        """Who is typing ("alice is typing…"), replacing the line under the messages."""
        return self._render("chat/_typing.html", line=typing_line(names), oob=True)

    def room_link(self, room: Room, news: Unread | None, viewer: str) -> str:
        """A room's link in `viewer`'s sidebar with its unread count and mentions, replacing
        itself."""
        return self._render(
            "chat/_room_link.html", r=room, news=news, current=False, oob=True, viewer=viewer
        )

    def desktop_notice(self, room: Room, message: Mapping[str, Any], viewer: str) -> str:
        """A desktop notification for `viewer`'s page to raise: a new message (as event data)
        in one of their rooms, naming them or in a direct conversation."""
        return self._render("chat/_desktop_notice.html", room=room, message=message, viewer=viewer)

    def my_looks(self, version: str) -> str:
        """The page's link to `/me.css`, replaced by one to its `version` (loaded again)."""
        return self._render("chat/_my_looks.html", version=version, oob=True)

    def room_list(
        self,
        rooms: Sequence[Room],
        news: Mapping[int, Unread],
        current_id: int | None,
        viewer: str,
    ) -> str:
        """`viewer`'s whole list of their rooms, replacing `#my-rooms`."""
        return self._render(
            "chat/_room_list.html",
            my_rooms=rooms,
            unread=news,
            current_id=current_id,
            oob=True,
            viewer=viewer,
        )

    def delivery_state(self, paused: bool) -> str:
        """The room's live-delivery notice: shown while the broker is unreachable."""
        return self._render("chat/_delivery_state.html", paused=paused, oob=True)
