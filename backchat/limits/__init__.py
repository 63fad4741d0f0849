"""The app's rate limits, shared by every worker through Redis when `REDIS_URL` is set.

limits = current_limits()
wait = await limits.message.take(user.id)  # None, or seconds until the next message
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quart import Quart, current_app

from backchat.limits.codes import CodeThrottle
from backchat.limits.login import LoginThrottle
from backchat.limits.store import Backoff, LimitStore, TokenBucket

__all__ = ["Backoff", "LimitStore", "Limits", "TokenBucket", "current_limits", "init_app"]
EXTENSION = "backchat.limits"
SECONDS_PER_HOUR = 3600


class Limits:
    """Every limit the app applies, made from its settings."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.store = LimitStore(config["REDIS_URL"])
        #: Chat messages per user.
        self.message: TokenBucket = self.store.token_bucket(
            "message", config["MESSAGE_RATE_BURST"], config["MESSAGE_RATE_PER_SECOND"]
        )
        per_hour = config["REGISTRATIONS_PER_ADDRESS_PER_HOUR"]
        #: New accounts per client address.
        self.registration: TokenBucket = self.store.token_bucket(
            "registration", per_hour, per_hour / SECONDS_PER_HOUR
        )
        #: Sign-in attempts per account and address.
        self.login = LoginThrottle(self.store, config["LOGIN_FAILURES_PER_5MIN"])
        #: Room codes and invite links that lead nowhere, per account and address.
        self.room_codes = CodeThrottle(self.store, config["ROOM_CODE_FAILURES_PER_5MIN"])

    async def stop(self) -> None:
        await self.store.stop()


def current_limits() -> Limits:
    """The running app's limits."""
    return current_app.extensions[EXTENSION]


def init_app(app: Quart) -> None:
    """Make the limits when the app starts serving; close them when it stops."""

    @app.before_serving
    async def _start() -> None:
        app.extensions[EXTENSION] = Limits(app.config)

    @app.after_serving
    async def _stop() -> None:
        limits = app.extensions.pop(EXTENSION, None)
        if limits is not None:
            await limits.stop()
