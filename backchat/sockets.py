"""This process's open room sockets, by login session and by person: so that a session that
ends closes its sockets at once, and one person cannot hold more than a few."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class OpenSocket(Protocol):
    """What the registry needs of a socket: whose it is, and a way to close it."""

    user_id: int
    session_id: str | None

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

    def add(self, socket: OpenSocket) -> list[OpenSocket]:
        """Count a newly opened socket; the person's oldest ones it pushes over the cap."""
        sockets = self._by_user.setdefault(socket.user_id, [])
        sockets.append(socket)
        excess = len(sockets) - self._max_per_user
        return sockets[:excess] if excess > 0 else []

    def remove(self, socket: OpenSocket) -> None:
        """Forget a closed socket."""
        sockets = self._by_user.get(socket.user_id, [])
        if socket in sockets:
            sockets.remove(socket)
        if not sockets:
            self._by_user.pop(socket.user_id, None)

    def of_sessions(self, session_ids: Iterable[str]) -> list[OpenSocket]:
        """The open sockets of these login sessions."""
        wanted = set(session_ids)
        return [s for sockets in self._by_user.values() for s in sockets if s.session_id in wanted]

    def all(self) -> list[OpenSocket]:
        """Every open socket."""
        return [socket for sockets in self._by_user.values() for socket in sockets]

    @property
    def session_ids(self) -> set[str]:
        """Every login session with an open socket here."""
        return {s.session_id for sockets in self._by_user.values() for s in sockets if s.session_id}
