"""The realtime services of one process: broker, presence, room feeds, the message writer,
read marks, sidebars and fragments."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import suppress

from quart import Quart, current_app

from backchat.limits import current_limits
from backchat.models import Room, User
from backchat.realtime.announcements import PresenceAnnouncer
from backchat.realtime.broker import Broker, BrokerUnavailable, make_broker
from backchat.realtime.closes import TOO_MANY_SOCKETS, Closes
from backchat.realtime.envelopes import (
    LooksChangedEnvelope,
    ProfileChangedEnvelope,
    RoomsChangedEnvelope,
    TypingEnvelope,
    publish_to_room,
    publish_to_user,
)
from backchat.realtime.feeds import Feeds
from backchat.realtime.fragments import Fragments
from backchat.realtime.presence import Presence, make_presence
from backchat.realtime.read_marks import ReadMarks
from backchat.realtime.roster import shown_and_more
from backchat.realtime.shutdown import restart_sockets, shutdown_requested
from backchat.realtime.sidebars import Sidebars
from backchat.realtime.socket_cap import SocketCap
from backchat.realtime.sockets import OpenSocket, OpenSockets
from backchat.realtime.writer import MessageWriter

log = logging.getLogger(__name__)
#: A room feed's own subscription; it resyncs from the database if this ever fills.
FEED_QUEUE_SIZE = 10_000
#: Sockets closed at shutdown get this long to finish reading what their tabs sent: well
#: within hypercorn's graceful_timeout (hypercorn.toml).
RESTART_WAIT_SECONDS = 2.0


class Hub:
    """Everything a websocket needs besides the database, shared by the process."""

    def __init__(self, app: Quart) -> None:
        self.broker: Broker = make_broker(
            app.config["REDIS_URL"], app.config["INSTANCE_PATH"], FEED_QUEUE_SIZE
        )
        self.presence_ttl: int = app.config["PRESENCE_TTL_SECONDS"]
        self.presence: Presence = make_presence(app.config["REDIS_URL"], self.presence_ttl)
        self.fragments = Fragments(app)
        self.feeds = Feeds(self.broker, self.fragments, self.presence)
        self.presence_changes = PresenceAnnouncer(self.presence, self.broker)
        self.writer = MessageWriter(
            self.broker, self.fragments, current_limits().message, app.config["MAX_MESSAGE_CHARS"]
        )
        self.read_marks = ReadMarks(self.broker)
        self.sidebars = Sidebars(self.broker, self.fragments)
        self.sockets = OpenSockets(app.config["MAX_SOCKETS_PER_USER"])
        self.closes = Closes(self.broker, self.sockets)
        self.socket_cap: SocketCap | None = None
        if app.config["REDIS_URL"]:
            self.socket_cap = SocketCap(app.config["REDIS_URL"], app.config["MAX_SOCKETS_PER_USER"])
        self.socket_queue_size: int = app.config["SOCKET_QUEUE_SIZE"]
        self.history_page_size: int = app.config["HISTORY_PAGE_SIZE"]
        self.resume_max_messages: int = app.config["RESUME_MAX_MESSAGES"]
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        await self.broker.start()
        await self.closes.start()
        self._tasks = [
            asyncio.create_task(self._refresh_presence_forever()),
            asyncio.create_task(self._restart_sockets_at_shutdown()),
        ]

    async def stop(self) -> None:
        """Close the sockets (reading what their tabs sent), finish saving, then disconnect."""
        for task in self._tasks:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
        await restart_sockets(self.sockets, RESTART_WAIT_SECONDS)
        await self.writer.stop()
        await self.read_marks.stop()
        await self.sidebars.stop()
        await self.presence_changes.stop()
        await self.closes.stop()
        if self.socket_cap is not None:
            with suppress(Exception):
                await self.socket_cap.stop()
        await self.feeds.stop()
        with suppress(Exception):  # Redis may be gone already; entries expire on their own
            await self.presence.stop()
        await self.broker.stop()

    async def open_socket(self, socket: OpenSocket) -> None:
        """Count an accepted socket in; the person's oldest ones over the cap close (4409),
        on this process or, through Redis, on any."""
        for oldest in self.sockets.add(socket):
            await oldest.end(TOO_MANY_SOCKETS)
        if self.socket_cap is not None:
            over = await self.socket_cap.opened(socket.user_id, self.sockets.id_of(socket))
            await self.closes.over_cap(over)

    async def close_socket(self, socket: OpenSocket) -> None:
        """Count a closed socket out."""
        socket_id = self.sockets.id_of(socket)
        self.sockets.remove(socket)
        if self.socket_cap is not None:
            await self.socket_cap.closed(socket.user_id, socket_id)

    def presence_changed(self, room_id: int, username: str) -> None:
        """A user's first tab opened or last tab closed on this process: tell the room soon."""
        self.presence_changes.changed(room_id, username)

    async def typing(self, room_id: int, username: str) -> None:
        """Tell the room, on every process, that this person is typing (while the broker is
        down, this process's sockets only)."""
        with suppress(BrokerUnavailable):
            await publish_to_room(self.broker, room_id, TypingEnvelope(username))

    async def member_left(self, room: Room, user: User) -> None:
        """Someone left the room or was removed (the writer told the room): their sockets in
        it close (4403) wherever they are, and their own other pages drop the room from the
        sidebar."""
        await self.closes.left_room(room.id, user.id)
        await self.rooms_changed(user.id)

    async def room_deleted(self, room_id: int, member_ids: list[int]) -> None:
        """A room was deleted: every socket in it closes (4404) wherever it is, and it leaves
        the sidebars of everyone who was in it."""
        await self.closes.room_deleted(room_id)
        for user_id in member_ids:
            await self.rooms_changed(user_id)

    async def profile_changed(self, user: User) -> None:
        """The person's display name changed: their open sockets, on every process, send
        their next messages with it."""
        await publish_to_user(self.broker, user.id, ProfileChangedEnvelope(user.display_name))

    async def looks_changed(self, user_id: int) -> None:
        """What the person may do changed (they became an owner): their open pages, on every
        process, load `/me.css` again and show the controls it allows."""
        version = str(time.time_ns())
        await publish_to_user(self.broker, user_id, LooksChangedEnvelope(version))

    async def rooms_changed(self, user_id: int) -> None:
        """The person's rooms changed (joined, made, left or deleted): their open pages'
        sidebars list them again, soon."""
        await publish_to_user(self.broker, user_id, RoomsChangedEnvelope())

    async def here_now(self, room_id: int) -> tuple[list[str], int]:
        """Whom "Here now" names on a room page, and how many more are here (nobody while
        presence is unavailable)."""
        return shown_and_more(await self.present_users(room_id) or [])

    async def present_users(self, room_id: int) -> list[str] | None:
        """The room's present users (as this process's feed knows them, else from the store),
        or None while presence is unavailable (Redis down)."""
        feed = self.feeds.get(room_id)
        if feed is not None and feed.roster.known:
            return feed.roster.users
        try:
            return await self.presence.present(room_id)
        except Exception as exc:  # presence is best effort while Redis is down
            log.warning("presence unavailable: %s", exc)
            return None

    async def _restart_sockets_at_shutdown(self) -> None:
        """As soon as the server starts to shut down, close every socket with 1012, so that
        hypercorn's graceful wait ends with them instead of cutting them with 1011."""
        await shutdown_requested()
        await restart_sockets(self.sockets, RESTART_WAIT_SECONDS)

    async def _refresh_presence_forever(self) -> None:
        """Renew this process's presence entries, and have each feed re-read who is here (a
        crashed process's users vanish when its entries expire)."""
        while True:
            await asyncio.sleep(self.presence_ttl / 3)
            for room_id in self.feeds.rooms:
                try:
                    await self.presence.refresh(room_id)
                except Exception as exc:  # Redis is down: renewed on a later round
                    log.warning("presence unavailable: %s", exc)
                feed = self.feeds.get(room_id)
                if feed is not None:
                    feed.check_presence()


def current_hub() -> Hub:
    """The running app's hub."""
    return current_app.extensions["backchat.hub"]


def init_app(app: Quart) -> None:
    """Start the hub when the app starts serving; stop it when it stops, before the database
    closes (Quart ends `while_serving` before it runs `after_serving` hooks), so that every
    message its sockets were sent is saved."""

    @app.while_serving
    async def _serve() -> AsyncIterator[None]:
        hub = Hub(app)
        await hub.start()
        app.extensions["backchat.hub"] = hub
        try:
            yield
        finally:
            app.extensions.pop("backchat.hub", None)
            await hub.stop()
