"""Shutting one process down cleanly: notice that hypercorn asked this worker to stop, and close
every open room socket with 1012 so that tabs reconnect (to another worker, or to this server
once it is back) after what they sent is saved.

hypercorn tells the app nothing until its graceful wait for open connections is over: the ASGI
lifespan shutdown comes after `graceful_timeout`, by which time it has cut every websocket with
1011 and cancelled its handler. Its workers are told to stop through the multiprocessing event
they were started with, which is the one early signal; we watch it as hypercorn does.
"""

from __future__ import annotations

import asyncio
import multiprocessing

from backchat.realtime.sockets import OpenSockets

#: Close code for sockets closed because this process is going away: "service restart".
SERVICE_RESTART = 1012
#: How often the stop request is checked (hypercorn checks as often).
POLL_SECONDS = 0.1


def _hypercorn_stop_event() -> object | None:
    """The event hypercorn's parent process sets to stop this worker, if it is one."""
    worker_arguments = getattr(multiprocessing.current_process(), "_kwargs", None) or {}
    return worker_arguments.get("shutdown_event")


async def shutdown_requested() -> None:
    """Return once this process has been asked to stop (never, when it is not a hypercorn
    worker process: then the lifespan shutdown closes the sockets, after hypercorn's wait)."""
    event = _hypercorn_stop_event()
    if event is None or not hasattr(event, "is_set"):
        await asyncio.Event().wait()
        return
    while not event.is_set():
        await asyncio.sleep(POLL_SECONDS)


async def restart_sockets(sockets: OpenSockets, wait: float) -> None:
    """Close every open socket with 1012 (and any that opens meanwhile), each given `wait`
    seconds to finish reading what its tab sent; returns when all are done."""
    restarted: set[object] = set()
    while pending := [socket for socket in sockets.all() if socket not in restarted]:
        restarted.update(pending)
        await asyncio.gather(*(socket.restart(SERVICE_RESTART, wait) for socket in pending))
