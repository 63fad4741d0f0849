"""One room's "Here now" as this process knows it, and the frames that keep pages in step.

The feed keeps a `Roster` per open room: which users each process has there, updated from the
changes published on the room's channel and re-read from the presence store now and then.
A change goes to the room's sockets as a delta (users added to or removed from `#presence`),
or as the whole list when that is smaller; a socket that joins gets the whole list once, so
every later delta applies to exactly what its page shows.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping

from backchat.envelopes import PresenceCheck, PresenceEnvelope
from backchat.fragments import Fragments
from backchat.presence import Presence

log = logging.getLogger(__name__)


class Roster:
    """Users per process in one room; each change rendered once for every local socket."""

    def __init__(self, room_id: int, presence: Presence, fragments: Fragments) -> None:
        self._room_id = room_id
        self._presence = presence
        self._fragments = fragments
        self._by_process: dict[str, set[str]] = {}
        self._processes_per_user: Counter[str] = Counter()
        self._whole: str | None = None
        self._items: dict[str, str] = {}
        #: False until the store was first read: a socket joining then waits for that read.
        self.known = False

    @property
    def users(self) -> list[str]:
        """Everyone here, sorted as the page lists them."""
        return sorted(self._processes_per_user, key=str.lower)

    def whole(self) -> str:
        """The whole list, replacing `#presence` (joined once per change, from each user's
        element rendered once while they are here)."""
        if self._whole is None:
            items = self._items
            for user in self._processes_per_user.keys() - items.keys():
                items[user] = self._fragments.present_user(user)
            for user in items.keys() - self._processes_per_user.keys():
                del items[user]
            self._whole = self._fragments.presence_of([items[user] for user in self.users])
        return self._whole

    def change(self, process_id: str, arrived: Iterable[str], departed: Iterable[str]) -> str:
        """Apply one process's arrivals and departures; the frame for pages ("" if none)."""
        users = self._by_process.setdefault(process_id, set())
        appeared, vanished = [], []
        for user in arrived:
            if user not in users:
                users.add(user)
                self._processes_per_user[user] += 1
                if self._processes_per_user[user] == 1:
                    appeared.append(user)
        for user in departed:
            if user in users:
                users.discard(user)
                self._processes_per_user[user] -= 1
                if not self._processes_per_user[user]:
                    del self._processes_per_user[user]
                    vanished.append(user)
        if not users:
            del self._by_process[process_id]
        return self._frame(appeared, vanished)

    async def receive(self, envelope: PresenceEnvelope | PresenceCheck) -> str:
        """Apply a change from the channel, or re-read the store; the frame for pages."""
        if isinstance(envelope, PresenceCheck):
            return await self.reload()
        return self.change(envelope.process, envelope.arrived, envelope.departed)

    async def reload(self) -> str:
        """Re-read the room from the presence store; the frame for pages ("" if none). The
        first read's frame is the whole list, for the sockets that joined before it."""
        try:
            frame = self.reset(await self._presence.by_process(self._room_id))
        except Exception as exc:  # Redis is down: keep what the channel said
            log.warning("presence unavailable: %s", exc)
            frame = ""
        if not self.known:
            self.known = True
            return self.whole()
        return frame

    def reset(self, by_process: Mapping[str, set[str]]) -> str:
        """Replace everything with a fresh read of the store; the frame for pages ("" if none)."""
        before = set(self._processes_per_user)
        self._by_process = {p: set(users) for p, users in by_process.items() if users}
        self._processes_per_user = Counter(u for us in self._by_process.values() for u in us)
        after = set(self._processes_per_user)
        return self._frame(sorted(after - before), sorted(before - after))

    def _frame(self, appeared: list[str], vanished: list[str]) -> str:
        if not appeared and not vanished:
            return ""
        self._whole = None
        if len(appeared) + len(vanished) >= len(self._processes_per_user):
            return self.whole()  # a burst: the whole list is no longer than the changes
        return self._fragments.presence_changes(appeared, vanished)
