"""The "physical limit" reference: the smallest websocket broadcast server on the same stack.

Served by hypercorn like backchat, but with no database, no templates and no broker: every
text frame a client sends goes, as is, to every connected client through the same kind of
bounded per-socket queue. For the reconnect storm (`BENCH_GREET=1`) it sends each socket one
frame as it accepts, as backchat does (its who's-here list), which tells the storm the socket
is set up. `make bench` measures it with the same load generator.
"""

from __future__ import annotations

import asyncio
import os

from quart import Quart, websocket

app = Quart(__name__)
sockets: set[asyncio.Queue[str]] = set()
GREET = os.environ.get("BENCH_GREET") == "1"


@app.websocket("/chat/<slug>/")
async def broadcast(slug: str) -> None:
    queue: asyncio.Queue[str] = asyncio.Queue(500)
    sockets.add(queue)
    await websocket.accept()
    if GREET:
        await websocket.send('<ul id="presence"></ul>')

    async def send_forever() -> None:
        while True:
            frames = [await queue.get()]
            while not queue.empty():
                frames.append(queue.get_nowait())
            await websocket.send("".join(frames))

    sender = asyncio.create_task(send_forever())
    try:
        while True:
            frame = await websocket.receive()
            for other in list(sockets):
                if other.full():
                    continue  # the reference does not bother with slow clients
                other.put_nowait(frame)
    finally:
        sockets.discard(queue)
        sender.cancel()
