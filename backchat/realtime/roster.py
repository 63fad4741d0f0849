"""One room's "Here now" as this process knows it, and the frames that keep pages in step.

The feed keeps a `Roster` per open room: which users each process has there, updated from the
changes published on the room's channel and re-read from the presence store now and then.
A change goes to the room's sockets as a delta (users added to or removed from `#presence`),
or as the whole list when that is smaller; a socket that joins gets the whole list once, so
every later delta applies to exactly what its page shows.
"""

from __future__ import annotations

import logging
from bisect import insort
from collections import Counter
from collections.abc import Iterable, Mapping

from backchat.realtime.envelopes import PresenceCheck, PresenceEnvelope
from backchat.realtime.fragments import Fragments
from backchat.realtime.presence import Presence

log = logging.getLogger(__name__)


#: "Here now" names this many people, alphabetically, and counts the rest: a crowd arriving
#: then changes a few names and one count, so an arrival costs the same in a room of 10 or 2,000.
SHOWN = 50


def shown_and_more(users: list[str]) -> tuple[list[str], int]:
    """The users "Here now" names (sorted `users`), and how many more there are."""
    return users[:SHOWN], max(0, len(users) - SHOWN)


class Roster:
    """Users per process in one room; each change rendered once for every local socket."""

    def __init__(self, room_id: int, presence: Presence, fragments: Fragments) -> None:
        self._room_id = room_id
        self._presence = presence
        self._fragments = fragments
        self._by_process: dict[str, set[str]] = {}
        self._processes_per_user: Counter[str] = Counter()
        #: Everyone here, kept sorted as the page lists them.
        self._sorted: list[str] = []
        self._whole: str | None = None
        #: False until the store was first read: a socket joining then waits for that read.
        self.known = False

    @property
    def users(self) -> list[str]:
        """Everyone here, sorted as the page lists them."""
        return list(self._sorted)

    def whole(self) -> str:
        """The whole list, replacing `#presence` (rendered once per change)."""
        if self._whole is None:
            shown, more = shown_and_more(self._sorted)
            self._whole = self._fragments.presence(shown, more)
        return self._whole

    def change(self, process_id: str, arrived: Iterable[str], departed: Iterable[str]) -> str:
        """Apply one process's arrivals and departures; the frame for pages ("" if none)."""
        before = shown_and_more(self._sorted)
        users = self._by_process.setdefault(process_id, set())
        for user in arrived:
            if user not in users:
                users.add(user)
                self._processes_per_user[user] += 1
                if self._processes_per_user[user] == 1:
                    insort(self._sorted, user, key=str.lower)
        for user in departed:
            if user in users:
                users.discard(user)
                self._processes_per_user[user] -= 1
                if not self._processes_per_user[user]:
                    del self._processes_per_user[user]
                    self._sorted.remove(user)
        if not users:
            del self._by_process[process_id]
        return self._frame(*before)

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
        before = shown_and_more(self._sorted)
        self._by_process = {p: set(users) for p, users in by_process.items() if users}
        self._processes_per_user = Counter(u for us in self._by_process.values() for u in us)
        self._sorted = sorted(self._processes_per_user, key=str.lower)
        return self._frame(*before)

    def _frame(self, shown_before: list[str], more_before: int) -> str:
        """What pages showing `shown_before` (and that many more) need to show the room now:
        names deleted, names inserted in their place, and the count of the rest."""
        shown, more = shown_and_more(self._sorted)
        if shown == shown_before and more == more_before:
            return ""
        self._whole = None
        gone = [user for user in shown_before if user not in set(shown)]
        new = set(shown) - set(shown_before)
        if len(gone) + len(new) >= len(shown):
            return self.whole()  # a burst: the whole list is no longer than the changes
        # Each newcomer goes before the name after it, inserted last to first so that name is
        # on the page already (None: at the end).
        placed = [
            (user, shown[i + 1] if i + 1 < len(shown) else None)
            for i, user in reversed(list(enumerate(shown)))
            if user in new
        ]
        return self._fragments.presence_changes(placed, gone, more if more != more_before else None)
