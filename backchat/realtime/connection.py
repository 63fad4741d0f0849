"""One browser tab's websocket in a room: live delivery out, chat messages and resumes in."""

from __future__ import annotations

import asyncio
import logging
import math
import secrets
from contextlib import suppress

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
from backchat.realtime.feeds import Listener
from backchat.realtime.frames import (
    BadFrame,
    ChatFrame,
    ReadFrame,
    ResumeFrame,
    TypingFrame,
    parse_frame,
)
from backchat.realtime.hub import Hub

log = logging.getLogger(__name__)

SLOW_CLIENT = 1013
#: Frames joined into one websocket message when several are waiting.
MAX_BATCH = 64
CATCH_UP_BATCH = 500
#: After a socket closes, how long to look for frames it sent but nobody read yet.
LEFTOVER_WAIT = 0.05
SAVE_FAILED = "Your message could not be saved. Please send it again."
#: Typing pings passed on from one socket at most this often (the page pings every 2 s).
TYPING_PING_SECONDS = 1.0


class ChatConnection:
    """Serves one websocket until either side closes it."""

    def __init__(
        self, websocket: Websocket, hub: Hub, room: Room, user: User, session_id: str | None
    ) -> None:
        self.websocket = websocket
        self.hub = hub
        self.room = room
        self.user = user
        self.user_id: int = user.id
        self.session_id = session_id
        self.listener = Listener(
            hub.socket_queue_size, hub.fragments, self._wake_sender, user.username
        )
        self._typed_at = -math.inf
        #: The task serving the socket (it receives), and one sending only while frames wait.
        self._serving: asyncio.Task[None] | None = None
        self._sending: asyncio.Task[None] | None = None
        self._ending: asyncio.Task[None] | None = None
        self._open = False
        #: Set when the server closed the socket for good: nothing it sends is saved any more.
        self._ended = False

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
                await self.websocket.accept()
                self._open = True
                if self.listener.waiting:  # queued on joining the feed (its who's-here list)
                    self._wake_sender()
                await self.hub.open_socket(self)
                first_tab = self.hub.presence.arrive(self.room.id, self.user.username)
                try:
                    await self._announce(first_tab)
                    await self._exchange()
                finally:
                    await self.hub.close_socket(self)
                    await self._depart()
        finally:
            await self._finish_what_was_sent()

    async def end(self, code: int) -> None:
        """Close the socket with `code` now (its session ended, or its person opened too
        many); nothing it sends from now on is saved."""
        if self._ended:
            return
        self._ended = True
        if self._open:
            self._open = False
            with suppress(Exception):  # already closing
                await self.websocket.close(code)
        self._stop_serving()

    async def restart(self, code: int, wait: float) -> None:
        """Close the socket with `code` because this process is stopping. Unlike `end`, what
        the tab sent before it saw the close is still read and saved (it reconnects and
        resumes); a tab that does not answer the close within `wait` seconds is cut."""
        serving = self._serving
        if self._open:
            self._open = False
            if self._sending is not None:
                self._sending.cancel()
            with suppress(Exception):  # already closing
                await self.websocket.close(code)
        if serving is None or serving.done() or serving is asyncio.current_task():
            return
        if not (await asyncio.wait({serving}, timeout=wait))[0]:
            serving.cancel()
            await asyncio.wait({serving}, timeout=wait)

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
            self._open = False
            if self._sending is not None:
                self._sending.cancel()
                with suppress(asyncio.CancelledError):
                    await self._sending  # a failed send's error surfaces here

    async def _announce(self, first_tab: bool) -> None:
        """Tell the room this user arrived (the feed gave this tab the whole list)."""
        if first_tab:
            self.hub.presence_changed(self.room.id, self.user.username)

    async def _depart(self) -> None:
        """Tell the room this user left, if this was their last tab here."""
        if self.hub.presence.depart(self.room.id, self.user.username):
            self.hub.presence_changed(self.room.id, self.user.username)

    def _wake_sender(self) -> None:
        """Frames are waiting: start sending them, unless a sender is at it already."""
        if self._open and (self._sending is None or self._sending.done()):
            self._sending = asyncio.create_task(self._send_waiting())
            self._sending.add_done_callback(self._sender_ended)

    async def _send_waiting(self) -> None:
        """Send what is queued, several frames at a time, until nothing is (an idle socket
        has no task). A socket found too slow is closed with 1013."""
        listener = self.listener
        while not listener.overflowed and (frames := listener.take(MAX_BATCH)):
            await self.websocket.send(frames)
        if listener.overflowed and self._open:
            self._open = False
            await self.websocket.close(SLOW_CLIENT)
            self._stop_serving()

    def _sender_ended(self, sending: asyncio.Task[None]) -> None:
        if sending.cancelled() or sending.exception() is None:
            if self._sending is sending:
                self._sending = None  # an idle socket keeps no finished task
        elif self._open:
            self._open = False
            self._stop_serving()  # the error surfaces where the serving task awaits the sender

    def _stop_serving(self) -> None:
        if self._serving is not None:
            self._serving.cancel()

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

    def _posted(self, posting: asyncio.Future[bool]) -> None:
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
        if failure is None and not posting.result():
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
