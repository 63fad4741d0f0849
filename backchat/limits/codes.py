"""How many room codes and invite links that lead nowhere a person may try before they must
wait: a guesser of codes (a name and four characters) is held up long before they find one."""

from __future__ import annotations

from backchat.limits.memory import BackoffPolicy
from backchat.limits.store import Backoff, LimitStore, attempt_each

WINDOW_SECONDS = 300.0
MAX_DELAY_SECONDS = 900.0
#: One address may miss this many times more than one account.
ADDRESS_FACTOR = 4


class CodeThrottle:
    """Room lookups by code or invite are counted per account and per address (4x), each
    allowed `failures_per_5min` misses in a row before a delay that doubles with each further
    one (at most 15 minutes). A lookup is counted before it is made and taken back when it
    finds a room, so only misses add up, and concurrent guesses cannot race past the limit."""

    def __init__(self, store: LimitStore, failures_per_5min: int) -> None:
        def policy(factor: int) -> BackoffPolicy:
            return BackoffPolicy(failures_per_5min * factor, WINDOW_SECONDS, MAX_DELAY_SECONDS)

        self.account = store.backoff("code-account", policy(1))
        self.address = store.backoff("code-address", policy(ADDRESS_FACTOR))

    def _counts(self, user_id: int, address: str) -> list[tuple[Backoff, str]]:
        return [(self.address, address), (self.account, str(user_id))]

    async def attempt(self, user_id: int, address: str) -> float | None:
        """None when this lookup may be made (and is counted), else the seconds to wait."""
        return await attempt_each(self._counts(user_id, address))

    async def found(self, user_id: int, address: str) -> None:
        """The lookup found a room: it does not count."""
        for backoff, key in self._counts(user_id, address):
            await backoff.forgive(key)
