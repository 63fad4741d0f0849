"""Every open page's sidebar, kept current: each of the person's rooms with its unread count and
mentions, live.

A process follows the channel of every room shown in one of its sidebars (not the room a room
page shows: that one is read as it arrives) and the channel of every person with a page open
here. A room's events change the news of each sidebar showing it, in memory; a person's channel
says they read a room (in any tab, on any process) or joined one. Nothing is published per
member: a message costs its room one publish however many sidebars show it, and sidebars'
changed links go out at most a few times a second per room.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager, suppress

from backchat.events import DELETED, POSTED, ROOM_CHANGED
from backchat.formatting import mentioned
from backchat.models import Room, User
from backchat.realtime.broker import (
    RESYNC,
    Broker,
    Inbox,
    Payload,
    room_channel,
    user_channel,
)
from backchat.realtime.coalescing import Coalescer
from backchat.realtime.envelopes import (
    Event,
    EventsEnvelope,
    LooksChangedEnvelope,
    ProfileChangedEnvelope,
    ReadEnvelope,
    RoomsChangedEnvelope,
    UnreadableEnvelope,
    decode,
)
from backchat.realtime.fragments import Fragments
from backchat.realtime.listener import Listener
from backchat.rooms import rooms_of
from backchat.unread import Unread, news_in, raises_notice

log = logging.getLogger(__name__)

Change = Callable[[Unread], bool]
Handler = Callable[[Payload], Awaitable[None]]
#: Payloads waiting for the sidebars of a process; past that, every sidebar is read again.
INBOX_SIZE = 10_000


def change_of(event: Event, username: str, names: tuple[str, ...]) -> Change | None:
    """How a room event changes one member's news (None: it does not); `names` are those its
    message mentions."""
    message = event.data.get("message")
    if message is None or message["author"] == username:
        return None
    message_id, seq = message["id"], event.seq
    if event.kind == DELETED or message["deleted"]:
        return lambda news: news.deleted(message_id)
    names_them = username.lower() in names
    if event.kind == POSTED:
        return lambda news: news.posted(message_id, seq, names_them)
    return lambda news: news.edited(message_id, names_them)


class Sidebar:
    """One open page's sidebar: whose it is, the socket it goes out on, the room the page shows
    (None: no room), and each room's news as the sidebar shows it."""

    def __init__(self, user: User, listener: Listener, current_room_id: int | None) -> None:
        self.user = user
        self.listener = listener
        self.current_room_id = current_room_id
        self.rooms: dict[int, Room] = {}
        self.news: dict[int, Unread] = {}
        #: Rooms whose link changed since it was last sent.
        self.changed: set[int] = set()
        #: Changes heard while the sidebar is read from the database, applied after it.
        self.held: list[tuple[int, Change]] | None = []
        self.closed = False

    @property
    def watched(self) -> set[int]:
        """The rooms whose news this sidebar follows."""
        return set(self.rooms) - {self.current_room_id}

    def change(self, room_id: int, change: Change) -> bool:
        """Apply a change to a room's news; True if its link must be sent again."""
        if self.held is not None:
            self.held.append((room_id, change))
            return False
        news = self.news.get(room_id)
        if news is None or not change(news):
            return False
        self.changed.add(room_id)
        return True


class _Following:
    """A channel followed into the sidebars' inbox, and what handles its payloads."""

    __slots__ = ("entered", "handle", "subscription")

    def __init__(self, subscription: AbstractAsyncContextManager[object], handle: Handler) -> None:
        self.subscription = subscription
        self.handle = handle
        self.entered = asyncio.Event()


class Sidebars:
    """This process's open sidebars, and the room and person channels they follow."""

    def __init__(self, broker: Broker, fragments: Fragments) -> None:
        self._broker = broker
        self._fragments = fragments
        self._by_user: dict[int, set[Sidebar]] = {}
        self._by_room: dict[int, set[Sidebar]] = {}
        #: Every channel a sidebar here follows, all read by one task from one inbox.
        self._inbox = Inbox(INBOX_SIZE)
        self._following: dict[str, _Following] = {}
        self._receiving: asyncio.Task[None] | None = None
        self._links = Coalescer(self._send_links, room_size=lambda r: len(self._by_room.get(r, ())))
        #: Sidebars to read (again) from the database, one after another.
        self._to_read: dict[Sidebar, None] = {}
        self._reading: asyncio.Task[None] | None = None

    def open(self, sidebar: Sidebar) -> None:
        """Show a page's sidebar live: it is read soon, then sent whole, then kept current."""
        if self._receiving is None:
            self._receiving = asyncio.create_task(self._receive(), name="sidebar-news")
        self._by_user.setdefault(sidebar.user.id, set()).add(sidebar)
        self._read_soon([sidebar])

    async def close(self, sidebar: Sidebar) -> None:
        """Stop keeping a sidebar current (its page closed)."""
        sidebar.closed = True
        self._to_read.pop(sidebar, None)
        sidebars = self._by_user.get(sidebar.user.id, set())
        sidebars.discard(sidebar)
        if not sidebars:
            self._by_user.pop(sidebar.user.id, None)
        await self._forget(sidebar)

    async def _forget(self, sidebar: Sidebar) -> None:
        """Stop following what only a closed sidebar needed."""
        if sidebar.user.id not in self._by_user:
            await self._unfollow(user_channel(sidebar.user.id))
        for room_id in sidebar.watched:
            await self._leave_room(room_id, sidebar)

    async def stop(self) -> None:
        """Stop following every channel."""
        for task in (self._reading, self._receiving):
            if task is not None:
                task.cancel()
                with suppress(asyncio.CancelledError):
                    await task
        await self._links.stop()
        for channel in list(self._following):
            await self._unfollow(channel)

    def _read_soon(self, sidebars: list[Sidebar]) -> None:
        for sidebar in sidebars:
            if not sidebar.closed:
                self._to_read[sidebar] = None
        if self._to_read and self._reading is None:
            self._reading = asyncio.create_task(self._read_waiting(), name="sidebars")

    async def _read_waiting(self) -> None:
        try:
            while self._to_read:
                sidebar = next(iter(self._to_read))
                del self._to_read[sidebar]
                try:
                    await self._read(sidebar)
                except Exception:  # the database is away: the page keeps what it shows
                    log.exception("reading a sidebar failed")
                    sidebar.held = None  # its news as last read goes on changing; none is kept
        finally:
            self._reading = None

    async def _read(self, sidebar: Sidebar) -> None:
        """Follow the person's channel and every room shown, then read each room's news from
        the database and send the whole list; what the channels said meanwhile is applied
        after (each change is idempotent, so one heard twice counts once)."""
        sidebar.held = sidebar.held if sidebar.held is not None else []
        await self._follow(user_channel(sidebar.user.id), self._on_user(sidebar.user.id))
        rooms = await rooms_of(sidebar.user)
        was_watched = sidebar.watched
        sidebar.rooms = {room.id: room for room in rooms}
        for room_id in sidebar.watched - was_watched:
            self._by_room.setdefault(room_id, set()).add(sidebar)
            await self._follow(room_channel(room_id), self._on_room(room_id))
        for room_id in was_watched - sidebar.watched:
            await self._leave_room(room_id, sidebar)
        watched = [room for room in rooms if room.id in sidebar.watched]
        news = await news_in(sidebar.user, watched)
        if sidebar.closed:  # its page closed meanwhile
            await self._forget(sidebar)
            return
        sidebar.news = news
        held, sidebar.held = sidebar.held, None
        for room_id, change in held:
            sidebar.change(room_id, change)
        sidebar.changed.clear()
        sidebar.listener.send(
            self._fragments.room_list(
                rooms, sidebar.news, sidebar.current_room_id, sidebar.user.username
            )
        )

    async def _leave_room(self, room_id: int, sidebar: Sidebar) -> None:
        sidebars = self._by_room.get(room_id, set())
        sidebars.discard(sidebar)
        if not sidebars:
            self._by_room.pop(room_id, None)
            await self._unfollow(room_channel(room_id))

    async def _follow(self, channel: str, handle: Handler) -> None:
        """Follow a channel, if no sidebar here does yet; return once it is subscribed."""
        following = self._following.get(channel)
        if following is None:
            subscription = self._broker.subscribe(channel, self._inbox.subscription(channel))
            following = self._following[channel] = _Following(subscription, handle)
            try:
                await subscription.__aenter__()
            finally:
                following.entered.set()
        await following.entered.wait()

    async def _unfollow(self, channel: str) -> None:
        following = self._following.pop(channel, None)
        if following is not None:
            await following.entered.wait()
            await following.subscription.__aexit__(None, None, None)

    async def _receive(self) -> None:
        """Hand each payload in the inbox to its channel's handler."""
        while True:
            channel, payload = await self._inbox.get()
            if channel is None:  # the inbox overflowed: anything may have been missed
                self._read_soon([s for sidebars in self._by_user.values() for s in sidebars])
                continue
            following = self._following.get(channel)
            if following is None:
                continue  # no sidebar here follows it any more
            try:
                await following.handle(payload)
            except Exception:  # one bad payload must not stop the sidebars' news
                log.exception("sidebar news on %s failed", channel)

    def _on_room(self, room_id: int) -> Handler:
        async def handle(payload: Payload) -> None:
            sidebars = list(self._by_room.get(room_id, ()))
            if payload is RESYNC:  # news may have been missed: read again
                self._read_soon(sidebars)
                return
            try:
                envelope = decode(payload)
            except UnreadableEnvelope:
                return  # the room's feed says so, where there is one
            if not isinstance(envelope, EventsEnvelope):
                return
            changed = False
            for event in envelope.events:
                if event.kind == ROOM_CHANGED:
                    changed = self._room_changed(room_id, event.data["room"], sidebars) or changed
                    continue
                message = event.data.get("message")
                names = mentioned(message["body"]) if message else ()
                for sidebar in sidebars:
                    change = change_of(event, sidebar.user.username, names)
                    if change is None:
                        continue
                    changed = sidebar.change(room_id, change) or changed
                    if event.kind == POSTED:
                        self._notice(sidebar, room_id, event, names)
            if changed:
                self._links.mark(room_id, "news")

        return handle

    def _notice(self, sidebar: Sidebar, room_id: int, event: Event, names: tuple[str, ...]) -> None:
        """Raise a desktop notification on the sidebar's page for a new message by someone
        else, if the member's level for the room asks for one (the page raises it only if
        they turned them on and it is in the background)."""
        room, news = sidebar.rooms.get(room_id), sidebar.news.get(room_id)
        if room is None or news is None or sidebar.held is not None or event.seq <= news.position:
            return
        mentions_member = sidebar.user.username.lower() in names
        if raises_notice(news.level, bool(room.dm_key), mentions_member):
            message = event.data["message"]
            viewer = sidebar.user.username
            sidebar.listener.send(self._fragments.desktop_notice(room, message, viewer))

    def _room_changed(self, room_id: int, room: dict[str, str], sidebars: list[Sidebar]) -> bool:
        """Show the room's new name and mark in these sidebars (one being read from the
        database is read again: its read may predate the change); True if any changed."""
        self._read_soon([sidebar for sidebar in sidebars if sidebar.held is not None])
        changed = False
        for sidebar in sidebars:
            shown = sidebar.rooms.get(room_id)
            if sidebar.held is None and shown is not None:
                shown.name, shown.visibility = room["name"], room["visibility"]
                sidebar.changed.add(room_id)
                changed = True
        return changed

    def _on_user(self, user_id: int) -> Handler:
        async def handle(payload: Payload) -> None:
            sidebars = list(self._by_user.get(user_id, ()))
            if payload is RESYNC:
                self._read_soon(sidebars)
                return
            envelope = decode(payload)
            if isinstance(envelope, RoomsChangedEnvelope):
                self._read_soon(sidebars)
            elif isinstance(envelope, ProfileChangedEnvelope):
                for sidebar in sidebars:  # its page's socket sends as this person
                    sidebar.user.display_name = envelope.display_name
            elif isinstance(envelope, LooksChangedEnvelope):
                looks = self._fragments.my_looks(envelope.version)
                for sidebar in sidebars:
                    sidebar.listener.send(looks)
            elif isinstance(envelope, ReadEnvelope):
                room_id, position = envelope.room_id, envelope.position
                changed = [s.change(room_id, lambda n: n.read_to(position)) for s in sidebars]
                if any(changed):
                    self._links.mark(room_id, "read")

        return handle

    async def _send_links(self, room_id: int, _: set[str]) -> None:
        """Send each sidebar whose link to the room changed its new link (rendered once for
        every sidebar showing the same news)."""
        rendered: dict[tuple[int, int, str], str] = {}
        sidebars = list(self._by_room.get(room_id, ()))
        for sidebar in sidebars:
            if room_id not in sidebar.changed:
                continue
            sidebar.changed.discard(room_id)
            room, news = sidebar.rooms.get(room_id), sidebar.news.get(room_id)
            if room is None or news is None:
                continue
            # A direct conversation's link names the other person: rendered per reader.
            viewer = sidebar.user.username if room.dm_key else ""
            key = (news.shown, news.mentions_shown, viewer)
            if key not in rendered:
                rendered[key] = self._fragments.room_link(room, news, viewer)
            sidebar.listener.send(rendered[key])
