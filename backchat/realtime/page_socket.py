"""What every signed-in page's websocket shares: frames out through a bounded queue (its
`Listener`), sent by a task of its own only while frames wait; closing for good (the session
ended) or for a restart."""

from __future__ import annotations

import asyncio
from contextlib import suppress

from quart import Websocket

from backchat.metrics import SLOW_CLIENT_CUTS
from backchat.models import User
from backchat.realtime.hub import Hub
from backchat.realtime.listener import Listener

SLOW_CLIENT = 1013
#: Frames joined into one websocket message when several are waiting.
MAX_BATCH = 64


class PageSocket:
    """One page's websocket: whose it is, and its way out."""

    def __init__(self, websocket: Websocket, hub: Hub, user: User, session_id: str | None) -> None:
        self.websocket = websocket
        self.hub = hub
        self.user = user
        self.user_id: int = user.id
        self.session_id = session_id
        #: The room the page shows live, if any.
        self.room_id: int | None = None
        self.listener = Listener(
            hub.socket_queue_size, hub.fragments, self._wake_sender, user.username
        )
        #: The task serving the socket (it receives), and one sending only while frames wait.
        self._serving: asyncio.Task[None] | None = None
        self._sending: asyncio.Task[None] | None = None
        self._open = False
        #: Set when the server closed the socket for good: nothing it sends is saved any more.
        self._ended = False
        #: The code the server closed the socket with (None: the browser closed it).
        self.close_code: int | None = None

    async def _accept(self) -> None:
        """Accept the socket, and send what was queued before."""
        await self.websocket.accept()
        self._open = True
        if self.listener.waiting:
            self._wake_sender()

    async def end(self, code: int) -> None:
        """Close the socket with `code` now (its session ended, or its person opened too
        many); nothing it sends from now on is saved."""
        if self._ended:
            return
        self._ended = True
        if self._open:
            self._open = False
            self.close_code = code
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
            self.close_code = code
            if self._sending is not None:
                self._sending.cancel()
            with suppress(Exception):  # already closing
                await self.websocket.close(code)
        if serving is None or serving.done() or serving is asyncio.current_task():
            return
        if not (await asyncio.wait({serving}, timeout=wait))[0]:
            serving.cancel()
            await asyncio.wait({serving}, timeout=wait)

    async def _stop_sending(self) -> None:
        """The socket is closing: stop its sender (a failed send's error surfaces here)."""
        self._open = False
        if self._sending is not None:
            self._sending.cancel()
            with suppress(asyncio.CancelledError):
                await self._sending

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
            self.close_code = SLOW_CLIENT
            SLOW_CLIENT_CUTS.inc()
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
