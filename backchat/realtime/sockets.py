"""This process's open room sockets, by login session and by person: so that a session that
ends closes its sockets at once, and one person cannot hold more than a few. Each has an id
that is unique across processes, for closing it from another one."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable
from typing import Protocol


class OpenSocket(Protocol):
    """What the registry needs of a socket: whose it is, and a way to close it."""

    user_id: int
    session_id: str | None
    #: The room it shows live (None: a page without a room).
    room_id: int | None

    async def end(self, code: int) -> None:
        """Close the socket with `code`; nothing it sends afterwards is saved."""

    async def restart(self, code: int, wait: float) -> None:
        """Close the socket with `code` as this process stops; what the tab sent before it saw
        the close is still saved. Returns when it is done (`wait` seconds at most)."""


class OpenSockets:
    """Open sockets in the order they opened, per person and per login session."""

    def __init__(self, max_per_user: int) -> None:
        self._max_per_user = max_per_user
        self._by_user: dict[int, list[OpenSocket]] = {}
        self._by_id: dict[str, OpenSocket] = {}
        self._ids: dict[OpenSocket, str] = {}
        self._process = uuid.uuid4().hex[:12]
        self._serial = itertools.count(1)

    def add(self, socket: OpenSocket) -> list[OpenSocket]:
        """Count a newly opened socket; the person's oldest ones it pushes over the cap here."""
        socket_id = f"{self._process}:{next(self._serial)}"
        self._by_id[socket_id], self._ids[socket] = socket, socket_id
        sockets = self._by_user.setdefault(socket.user_id, [])
        sockets.append(socket)
        excess = len(sockets) - self._max_per_user
        return sockets[:excess] if excess > 0 else []

    def remove(self, socket: OpenSocket) -> None:
        """Forget a closed socket."""
        self._by_id.pop(self._ids.pop(socket, ""), None)
        sockets = self._by_user.get(socket.user_id, [])
        if socket in sockets:
            sockets.remove(socket)
        if not sockets:
            self._by_user.pop(socket.user_id, None)

    def id_of(self, socket: OpenSocket) -> str:
        """The socket's id (unique across processes)."""
        return self._ids[socket]

    def with_ids(self, socket_ids: Iterable[str]) -> list[OpenSocket]:
        """Those of these sockets that are open here."""
        return [self._by_id[i] for i in socket_ids if i in self._by_id]

    def of_sessions(self, session_ids: Iterable[str]) -> list[OpenSocket]:
        """The open sockets of these login sessions."""
        wanted = set(session_ids)
        return [s for sockets in self._by_user.values() for s in sockets if s.session_id in wanted]

    def in_room(self, user_id: int, room_id: int) -> list[OpenSocket]:
        """The person's open sockets in the room."""
        return [s for s in self._by_user.get(user_id, []) if s.room_id == room_id]

    def showing(self, room_id: int) -> list[OpenSocket]:
        """Everyone's open sockets in the room."""
        return [socket for socket in self.all() if socket.room_id == room_id]

    def all(self) -> list[OpenSocket]:
        """Every open socket."""
        return [socket for sockets in self._by_user.values() for socket in sockets]

    @property
    def session_ids(self) -> set[str]:
        """Every login session with an open socket here."""
        return {s.session_id for sockets in self._by_user.values() for s in sockets if s.session_id}

    @property
    def room_ids(self) -> set[int]:
        """Every room shown live by a socket here."""
        return {s.room_id for s in self.all() if s.room_id is not None}
