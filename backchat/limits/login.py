"""How many sign-in attempts an account and an address get before they must wait."""

from __future__ import annotations

from backchat.limits.memory import BackoffPolicy
from backchat.limits.store import Backoff, LimitStore, attempt_each

WINDOW_SECONDS = 300.0
MAX_DELAY_SECONDS = 900.0
#: One address may fail this many times more than one account from one address.
ADDRESS_FACTOR = 4
#: Failures on one account from everywhere before it waits: a distributed guesser's backstop.
ACCOUNT_FACTOR = 10
#: Longer than any username, so a made-up one cannot make a huge key.
MAX_ACCOUNT_KEY_CHARS = 64


class LoginThrottle:
    """Sign-in attempts are counted three ways, each allowed `failures_per_5min` times
    (times a factor) in a row before a delay that doubles with each further attempt, from
    the steady rate's interval (60 s, 120 s, ... for 5 per 5 minutes) to at most 15 minutes:

    - per account and address: the guesser at one account. A person who signs in from
      elsewhere is not held up by it, so an attacker cannot lock someone out this way.
    - per address (4x): one address trying many accounts.
    - per account from every address (10x): a slow backstop against a botnet guessing one
      password; an attacker would need 50 failures in 5 minutes to hold it, and it eases
      again as soon as they stop.

    An attempt is counted before the password is checked, so concurrent guesses cannot race
    past the limit, and a refused attempt costs no password hash. A success takes its
    attempt back and clears its account-and-address count.
    """

    def __init__(self, store: LimitStore, failures_per_5min: int) -> None:
        def policy(factor: int) -> BackoffPolicy:
            return BackoffPolicy(failures_per_5min * factor, WINDOW_SECONDS, MAX_DELAY_SECONDS)

        self.pair = store.backoff("login-pair", policy(1))
        self.address = store.backoff("login-address", policy(ADDRESS_FACTOR))
        self.account = store.backoff("login-account", policy(ACCOUNT_FACTOR))

    def _counts(self, username: str, address: str) -> list[tuple[Backoff, str]]:
        """The counts an attempt goes into, the address first: a refused address leaves none
        of the others behind, however many usernames it makes up."""
        account = username.lower()[:MAX_ACCOUNT_KEY_CHARS]
        return [
            (self.address, address),
            (self.pair, f"{account}|{address}"),
            (self.account, account),
        ]

    async def attempt(self, username: str, address: str) -> float | None:
        """None when this sign-in may be checked (and is counted), else the seconds to wait."""
        return await attempt_each(self._counts(username, address))

    async def succeeded(self, username: str, address: str) -> None:
        """The password was right: this attempt does not count against anyone."""
        for backoff, key in self._counts(username, address):
            if backoff is self.pair:
                await backoff.reset(key)
            else:
                await backoff.forgive(key)
