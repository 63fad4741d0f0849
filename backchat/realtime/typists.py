"""Who is typing in a room, as one process's feed knows it: each typist shown for a few
seconds after their latest ping, and no longer once they send. Nothing of the draft is kept:
a ping says only who."""

from __future__ import annotations

import time
from collections.abc import Sequence

#: How long a ping keeps its typist shown (the page pings at most every 2 s while typing).
TYPING_SHOWN_SECONDS = 4.0
#: The most typists named; the others are counted.
MAX_TYPISTS_NAMED = 3


class Typists:
    """Typists and when each stops being shown."""

    def __init__(self) -> None:
        self._until: dict[str, float] = {}

    def typing(self, username: str) -> bool:
        """A ping from `username`; True when they were not shown already."""
        new = username not in self._until
        self._until[username] = time.monotonic() + TYPING_SHOWN_SECONDS
        return new

    def stopped(self, usernames: Sequence[str]) -> bool:
        """These users sent a message (or left); True when one of them was shown."""
        return bool([self._until.pop(name) for name in usernames if name in self._until])

    def expire(self) -> bool:
        """Forget the typists whose time is up; True when there were any."""
        now = time.monotonic()
        return self.stopped([name for name, until in self._until.items() if until <= now])

    @property
    def next_expiry(self) -> float | None:
        """Seconds until the next typist's time is up (None when nobody is typing)."""
        return min(self._until.values()) - time.monotonic() if self._until else None

    @property
    def names(self) -> list[str]:
        """Who is typing, earliest first."""
        return list(self._until)

    def as_seen_by(self, username: str) -> list[str]:
        """Who is typing, for one reader: never themselves."""
        return [name for name in self._until if name != username]


def typing_line(names: Sequence[str]) -> str:
    """ "alice is typing…", "alice and bob are typing…", "alice, bob, carol and 2 others are
    typing…", or "" when nobody is."""
    if not names:
        return ""
    shown, others = list(names[:MAX_TYPISTS_NAMED]), len(names) - MAX_TYPISTS_NAMED
    if others > 0:
        shown.append(f"{others} other" if others == 1 else f"{others} others")
    who = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
    return f"{who} {'is' if len(names) == 1 else 'are'} typing…"
