"""The in-process broker: the default, for one server process."""

from __future__ import annotations

import fcntl
import os
from contextlib import AbstractAsyncContextManager
from pathlib import Path

from backchat.realtime.broker import Broker, Subscription
from backchat.realtime.broker.local import LocalSubscribers


class MoreThanOneProcess(RuntimeError):
    """A second process tried to serve with the in-process broker."""


async def _nothing(_channel: str) -> None:
    return None


class MemoryBroker(Broker):
    """Delivers within this process only; holds a lock so that a second worker refuses to start."""

    def __init__(self, instance_path: Path, max_queued: int) -> None:
        self._lock_path = instance_path / "in-process-broker.lock"
        self._lock_fd: int | None = None
        self._local = LocalSubscribers(max_queued, _nothing, _nothing)

    async def start(self) -> None:
        self._lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise MoreThanOneProcess(
                "Another backchat process is already serving from this instance folder with "
                "the in-process broker. To run more than one worker, set REDIS_URL "
                "(for example REDIS_URL=redis://127.0.0.1:6379/0)."
            ) from None
        self._lock_fd = fd

    async def stop(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing releases the lock
            self._lock_fd = None

    async def publish(self, channel: str, payload: bytes) -> None:
        self._local.dispatch(channel, payload)

    def subscribe(
        self, channel: str, subscription: Subscription | None = None
    ) -> AbstractAsyncContextManager[Subscription]:
        return self._local.subscribe(channel, subscription)
