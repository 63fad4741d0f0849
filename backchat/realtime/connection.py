"""One browser tab's websocket in a room: live delivery out, chat messages and resumes in."""

from __future__ import annotations

import asyncio
import logging
import math
import secrets

from quart import Websocket

from backchat.events import POSTED, as_they_are_now, events_after, room_position
from backchat.messaging import (
    DuplicateSend,
    InvalidMessage,
    NewMessage,
    RateLimited,
    SessionEnded,
)
from backchat.models import Room, User
from backchat.realtime.closes import SESSION_ENDED
from backchat.realtime.frames import (
    BadFrame,
    ChatFrame,
    ReadFrame,
    ResumeFrame,
    TypingFrame,
    parse_frame,
)
from backchat.realtime.hub import Hub
from backchat.realtime.page_socket import PageSocket
from backchat.realtime.sidebars import Sidebar
from backchat.realtime.writer import Accepted

log = logging.getLogger(__name__)

CATCH_UP_BATCH = 500
#: After a socket closes, how long to look for frames it sent but nobody read yet.
LEFTOVER_WAIT = 0.05
SAVE_FAILED = "Your message could not be saved. Please send it again."
#: Typing pings passed on from one socket at most this often (the page pings every 2 s).
TYPING_PING_SECONDS = 1.0


class ChatConnection(PageSocket):
    """Serves one room page's websocket until either side closes it."""

    def __init__(
        self, websocket: Websocket, hub: Hub, room: Room, user: User, session_id: str | None
    ) -> None:
        super().__init__(websocket, hub, user, session_id)
        self.room = room
        self.room_id = room.id
        self._typed_at = -math.inf
        self._ending: asyncio.Task[None] | None = None

    async def serve(self) -> None:
        """Accept the socket and deliver the room live from that moment; handle what the tab
        sends.

        The room's feed is joined before accepting, so every message saved after the accept
        is above the socket's floor and arrives live, even for a client that never resumes.
        The tab may close at any moment, even before we are set up: whatever it sent first
        is still saved, and its presence is counted out exactly when it was counted in.
        """
        self._serving = asyncio.current_task()
        try:
            async with self.hub.feeds.listen(self.room.id, self.listener):
                await self._accept()  # sends what joining the feed queued (who is here)
                await self.hub.open_socket(self)
                first_tab = self.hub.presence.arrive(self.room.id, self.user.username)
                sidebar = Sidebar(self.user, self.listener, self.room.id)
                self.hub.sidebars.open(sidebar)
                try:
                    await self._announce(first_tab)
                    await self._exchange()
                finally:
                    await self.hub.sidebars.close(sidebar)
                    await self.hub.close_socket(self)
                    await self._depart()
        finally:
            await self._finish_what_was_sent()

    async def _exchange(self) -> None:
        """Handle what the tab sends until it closes (sending runs in its own task)."""
        try:
            while True:
                frame = parse_frame(await self.websocket.receive())
                if isinstance(frame, ChatFrame):
                    self._post(frame)  # queued in the order received; the next frame need not wait
                elif isinstance(frame, ResumeFrame):
                    await self._resume(frame.last_seen)
                elif isinstance(frame, TypingFrame):
                    await self._typing()
                elif isinstance(frame, ReadFrame):
                    self._read()
                else:
                    self._tell(frame)
        finally:
            await self._stop_sending()

    async def _announce(self, first_tab: bool) -> None:
        """Tell the room this user arrived (the feed gave this tab the whole list)."""
        if first_tab:
            self.hub.presence_changed(self.room.id, self.user.username)

    async def _depart(self) -> None:
        """Tell the room this user left, if this was their last tab here."""
        if self.hub.presence.depart(self.room.id, self.user.username):
            self.hub.presence_changed(self.room.id, self.user.username)

    async def _finish_what_was_sent(self) -> None:
        """The socket is closing: save any message the tab sent before it closed that is still
        waiting to be read (the writer finishes what it was given whatever becomes of us)."""
        if self._ended:
            return
        while True:
            try:
                raw = await asyncio.wait_for(self.websocket.receive(), LEFTOVER_WAIT)
            except TimeoutError:
                return
            frame = parse_frame(raw)
            if isinstance(frame, ChatFrame):
                self._post(frame)

    async def _typing(self) -> None:
        """Tell the room this person is typing, at most once every `TYPING_PING_SECONDS`."""
        now = asyncio.get_running_loop().time()
        if not self._ended and now - self._typed_at >= TYPING_PING_SECONDS:
            self._typed_at = now
            await self.hub.typing(self.room.id, self.user.username)

    def _read(self) -> None:
        """The page is in view: its person has read the room up to what this socket delivered
        (written soon, with this process's other read marks)."""
        listener = self.listener
        position = listener.last_live_seq or listener.floor
        if not self._ended and listener.resumed and position:
            self.hub.read_marks.read(self.user.id, self.room.id, position)

    def _tell(self, problem: BadFrame) -> None:
        self.listener.send(self.hub.fragments.composer_error(problem.error))

    def _post(self, frame: ChatFrame) -> None:
        if self._ended:
            return
        new = NewMessage(self.user, frame.message, frame.client_id, self.session_id, frame.reply_to)
        self.hub.writer.submit(self.room, new).add_done_callback(self._posted)

    def _posted(self, posting: asyncio.Future[Accepted]) -> None:
        """The sender's composer is cleared once its message is saved (or was, the first time
        it was sent); a failed save is said under the composer, and the text stays in it."""
        if posting.cancelled():
            return
        failure = posting.exception()
        if isinstance(failure, SessionEnded):  # logged out while it was on its way
            self._ending = self._ending or asyncio.create_task(self.end(SESSION_ENDED))
            return
        if isinstance(failure, RateLimited):
            self._tell(BadFrame(f"Slow down: try again in {math.ceil(failure.wait)} s."))
            return
        if isinstance(failure, InvalidMessage):
            self._tell(BadFrame(str(failure)))
            return
        if failure is not None and not isinstance(failure, DuplicateSend):
            log.error("saving a message failed", exc_info=failure)
            self._tell(BadFrame(SAVE_FAILED))
            return
        fresh_composer = self.hub.fragments.composer_reset(secrets.token_urlsafe(16))
        self.listener.send(fresh_composer)
        if failure is None and not posting.result().live:
            self.listener.send(self.hub.fragments.delivery_state(paused=True))

    async def _resume(self, last_seen: int | None) -> None:
        """Send what the page missed up to the floor, placed before any live message sent: at
        most `RESUME_MAX_MESSAGES` of the latest, marked as cut when there were more."""
        listener, fragments = self.listener, self.hub.fragments
        if listener.resumed or listener.floor is None:
            return
        if last_seen is not None and last_seen > listener.floor:
            # The page read the room up to there, further than this process's feed has handed
            # out (changes saved but not yet published, or never: a worker crashed): what the
            # feed delivers up to there, once it reads the gap, the page holds already. Never
            # past the room's log, though: a page of another history (a restored database, a
            # made-up value) would otherwise never be sent anything again.
            saved = (await room_position(self.room.id)).event
            listener.floor = max(listener.floor, min(last_seen, saved))
        most = self.hub.history_page_size if last_seen is None else self.hub.resume_max_messages
        after = 0 if last_seen is None else min(last_seen, listener.floor)
        missed = []
        if after < listener.floor:  # else up to date: no read (a storm's usual)
            missed = await events_after(self.room.id, after, listener.floor, most + 1, latest=True)
        catch_up = as_they_are_now(missed[-most:])
        placed = [fragments.event(event) for event in catch_up if event.kind == POSTED]
        if last_seen is not None and len(missed) > most:
            placed.insert(0, fragments.history_cut(self.room.slug))
        for start in range(0, len(placed), CATCH_UP_BATCH):
            batch = placed[start : start + CATCH_UP_BATCH]
            listener.send(fragments.place(batch, before_id=listener.first_live_message_id))
        if changed := [fragments.event(event) for event in catch_up if event.kind != POSTED]:
            listener.send("".join(changed))
        newest = listener.last_live_seq or listener.floor
        if newest and newest != last_seen:  # a page up to date holds it already
            listener.send(fragments.last_seen(newest))
        listener.resumed = True
