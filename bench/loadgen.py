"""A load generator for one chat room: real logins, real websockets, spread over processes.

    python -m bench.loadgen --url http://127.0.0.1:8000 --listeners 100 --senders 5 \
        --rate 20 --duration 10 [--max] [--processes 2] [--json out.json]

Users register and join through the HTTP forms; their cookies open websockets as browsers do.
Senders put an id and a send timestamp in every message; listeners record when each arrives.
A listener the server cuts as too slow (1013) reconnects and resumes from the last message it
holds, as the page would, so catch-up deliveries are counted (late), never silently missing.
With `--max`, each sender sends its next message as soon as its previous one came back.
With `--changes N`, N edits and reactions a second are mixed in: a changer in each process
posts a message of its own, then edits it and reacts to it through the forms, as the page does
(every change goes out to every listener; listeners count only the bench messages).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import re
import resource
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.chat_client import Browser

BENCH_MESSAGE = re.compile(rb"bench (\d+):(\d+) (\d+\.\d+)")
MESSAGE_ID = re.compile(rb'id="message-(\d+)"')
#: A changer's own message ("change <changer>:<n>"), with its id; once edited it says "changed".
CHANGE_TARGET = re.compile(rb'id="message-(\d+)"(?:(?!id="message-).)*?>change (\d+):(\d+)<', re.S)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
REACTION = "👍"
RECONNECT_CODES = {1006, 1011, 1012, 1013}
ACCOUNTS = 20  # sockets share accounts: registering thousands of users would time scrypt
MAX_IN_FLIGHT = 32  # deep enough that the server, not the round trip, sets the pace
CONNECT_BATCH = 100  # opened together, then waited for, like a crowd arriving


@dataclass
class Plan:
    """What one generator process does."""

    url: str
    slug: str
    listeners: list[str]  # a cookie header per listening socket
    senders: list[tuple[int, str]]  # (sender number, cookie header)
    rate_per_sender: float  # messages/s; 0 in max mode
    duration: float
    drain: float
    last_seen: int
    raw: bool
    storm: bool = False  # every listener connects at once, after `go`
    changes_per_s: float = 0.0  # edits and reactions mixed in by this process's changer
    changer: str = ""  # its cookie header


@dataclass
class ProcessResult:
    connect_seconds: list[float] = field(default_factory=list)
    failed_connects: int = 0
    sent: int = 0
    unique: int = 0  # distinct messages received, summed over listeners
    last_arrival: float = 0.0  # wall clock of the last message received
    duplicated: int = 0
    latencies: list[float] = field(default_factory=list)
    reconnects: int = 0
    cpu_seconds: float = 0.0
    connected_at: float = 0.0  # wall clock when this process's last listener was connected
    frames: int = 0  # every frame received, of any kind
    changes: int = 0  # edits and reactions made
    failed_changes: int = 0


async def open_socket(plan: Plan, cookie: str) -> ClientConnection:
    ws_url = plan.url.replace("http://", "ws://") + f"/chat/{plan.slug}/"
    return await connect(
        ws_url,
        origin=plan.url,
        additional_headers={"Cookie": cookie} if cookie else None,
        max_size=None,
        open_timeout=60,
        ping_interval=None,
    )


async def resume(socket: ClientConnection, last_seen: int, raw: bool) -> None:
    if not raw:
        await socket.send(json.dumps({"action": "resume", "last_seen": str(last_seen)}))


class Listener:
    """One listening tab: what it received, and the last message id it holds."""

    def __init__(self, plan: Plan, cookie: str, result: ProcessResult) -> None:
        self.plan, self.cookie, self.result = plan, cookie, result
        self.last_seen = plan.last_seen
        self.seen: set[bytes] = set()
        self.receptions = 0

    async def run(self, stop: asyncio.Event) -> None:
        """Receive until `stop`; reconnect and resume when the server cuts the socket."""
        try:
            while await self._connection(stop):
                self.result.reconnects += 1
        finally:
            self.result.unique += len(self.seen)
            self.result.duplicated += self.receptions - len(self.seen)

    async def _connection(self, stop: asyncio.Event) -> bool:
        started = time.monotonic()
        socket = await open_socket(self.plan, self.cookie)
        await resume(socket, self.last_seen, self.plan.raw)
        if self.plan.storm:  # connected means set up: the server has sent the tab something
            self._record(await socket.recv(decode=False), time.time())
        self.result.connect_seconds.append(time.monotonic() - started)
        try:
            while not stop.is_set():
                self._record(await socket.recv(decode=False), time.time())
        except ConnectionClosed:
            return socket.close_code in RECONNECT_CODES and not stop.is_set()
        finally:
            await socket.close()
        return False

    def _record(self, frame: bytes, now: float) -> None:
        self.result.frames += 1
        for sender, seq, sent_at in BENCH_MESSAGE.findall(frame):
            self.seen.add(sender + b":" + seq)
            self.receptions += 1
            self.result.latencies.append(now - float(sent_at))
            self.result.last_arrival = now
        ids = MESSAGE_ID.findall(frame)
        if ids:
            self.last_seen = max(self.last_seen, *(int(i) for i in ids))


async def send(
    plan: Plan, number: int, cookie: str, result: ProcessResult, stop: asyncio.Event
) -> None:
    """Send at the planned rate, or in max mode as fast as the server takes them back: up to
    `MAX_IN_FLIGHT` messages of this sender not yet seen coming back from the room."""
    socket = await open_socket(plan, cookie)
    await resume(socket, plan.last_seen, plan.raw)
    echoed = asyncio.Queue[int]()

    async def read_echoes() -> None:  # a sender's tab reads the room too, or it is cut as slow
        mine = re.compile(rb"bench %d:(\d+) " % number)
        while True:
            for seq in mine.findall(await socket.recv(decode=False)):
                echoed.put_nowait(int(seq))

    reader = asyncio.create_task(read_echoes())
    interval = 1 / plan.rate_per_sender if plan.rate_per_sender else 0.0
    next_at, seq, acknowledged = time.monotonic(), 0, 0
    try:
        while not stop.is_set():
            seq += 1
            body = f"bench {number}:{seq} {time.time():.6f}"
            await socket.send(json.dumps({"message": body, "HEADERS": {}}))
            result.sent += 1
            if interval:
                next_at += interval
                await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            else:
                while seq - acknowledged >= MAX_IN_FLIGHT:
                    acknowledged = max(acknowledged, await echoed.get())
    finally:
        reader.cancel()
        await socket.close()


def _post_form(plan: Plan, path: str, form: dict[str, str], token: str) -> int:
    """POST a form as htmx does (its header, the session's CSRF token); the status."""
    data = urllib.parse.urlencode({**form, "csrf_token": token}).encode()
    headers = {"Cookie": plan.changer, "HX-Request": "true"}
    request = urllib.request.Request(plan.url + path, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _csrf_token(plan: Plan) -> str:
    request = urllib.request.Request(plan.url + "/", headers={"Cookie": plan.changer})
    with urllib.request.urlopen(request, timeout=30) as response:
        found = CSRF.search(response.read().decode())
    assert found, "no CSRF token on the home page"
    return found.group(1)


async def change(plan: Plan, number: int, result: ProcessResult, stop: asyncio.Event) -> None:
    """Mix edits and reactions into the load at `plan.changes_per_s`: post a message, then
    edit it and react to it through the forms (two changes a round)."""
    socket = await open_socket(plan, plan.changer)
    await resume(socket, plan.last_seen, plan.raw)
    token = await asyncio.to_thread(_csrf_token, plan)
    posted = asyncio.Queue[int]()

    async def read_room() -> None:  # its own messages' ids, as they come back
        while True:
            for message_id, changer, _ in CHANGE_TARGET.findall(await socket.recv(decode=False)):
                if int(changer) == number:
                    posted.put_nowait(int(message_id))

    reader = asyncio.create_task(read_room())
    interval = 2 / plan.changes_per_s
    next_at, round_ = time.monotonic(), 0
    try:
        while not stop.is_set():
            round_ += 1
            await socket.send(json.dumps({"message": f"change {number}:{round_}", "HEADERS": {}}))
            message = f"/room/{plan.slug}/m/{await posted.get()}"
            for path, form in (
                (f"{message}/edit/", {"body": f"changed {number}:{round_}"}),
                (f"{message}/react/", {"emoji": REACTION}),
            ):
                status = await asyncio.to_thread(_post_form, plan, path, form, token)
                result.changes += 1
                result.failed_changes += status != 204  # what htmx gets for a change made
            next_at += interval
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
    finally:
        reader.cancel()
        await socket.close()


async def run_plan(plan: Plan, ready: mp.Event, go: mp.Event) -> ProcessResult:
    result = ProcessResult()
    stop = asyncio.Event()
    listeners: list[asyncio.Task[None]] = []
    if plan.storm:
        ready.set()
        await _until_set(go)
    batch_size = len(plan.listeners) if plan.storm else CONNECT_BATCH
    for batch_start in range(0, len(plan.listeners), batch_size or 1):
        batch = plan.listeners[batch_start : batch_start + batch_size]
        listeners += [asyncio.create_task(Listener(plan, c, result).run(stop)) for c in batch]
        await _until_connected(result, len(listeners), listeners)
    result.connected_at = time.time()
    if not plan.storm:
        ready.set()
        await _until_set(go)
    sending = asyncio.Event()
    senders = [asyncio.create_task(send(plan, n, c, result, sending)) for n, c in plan.senders]
    if plan.changes_per_s:
        senders.append(asyncio.create_task(change(plan, os.getpid(), result, sending)))
    await asyncio.sleep(plan.duration)
    sending.set()
    await asyncio.gather(*senders, return_exceptions=True)
    await _until_quiet(result, plan.drain)  # let deliveries in flight arrive
    stop.set()
    for task in listeners:
        task.cancel()
    await asyncio.gather(*listeners, return_exceptions=True)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result.cpu_seconds = usage.ru_utime + usage.ru_stime
    return result


async def _until_set(event: mp.Event) -> None:
    while not event.is_set():
        await asyncio.sleep(0.005)


async def _until_connected(
    result: ProcessResult, count: int, listeners: list[asyncio.Task[None]]
) -> None:
    """Wait until `count` listeners have connected (raising if one failed to)."""
    while len(result.connect_seconds) < count:
        for task in listeners:
            if task.done() and task.exception():
                raise task.exception()  # type: ignore[misc]
        await asyncio.sleep(0.02)


async def _until_quiet(result: ProcessResult, quiet: float, limit: float = 60.0) -> None:
    """Wait until no frame has arrived for `quiet` seconds (at most `limit`)."""
    deadline = time.monotonic() + limit
    count, still_since = result.frames, time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - still_since < quiet:
        await asyncio.sleep(0.1)
        if result.frames != count:
            count, still_since = result.frames, time.monotonic()


def _process_main(plan: Plan, ready: mp.Event, go: mp.Event, out: mp.Queue) -> None:
    try:
        out.put(asdict(asyncio.run(run_plan(plan, ready, go))))
    except BaseException as exc:  # reported to the parent, which fails the run
        ready.set()
        out.put({"error": repr(exc)})


@dataclass(frozen=True)
class Room:
    """A room to drive: its code, the cookies of accounts in it, its newest message id."""

    slug: str
    cookies: list[str]
    last_seen: int


RAW_ROOM = Room("bench", [""], 0)  # the reference server has no accounts


def set_up_room(url: str, accounts: int = ACCOUNTS) -> Room:
    """Register accounts through the forms and make a room they all join."""
    tag = uuid.uuid4().hex[:6]
    browsers = [Browser(url).register(f"bench{tag}_{n}") for n in range(accounts)]
    slug = browsers[0].create_room(f"Bench {tag}")
    for browser in browsers[1:]:
        browser.join_room(slug)
    page = browsers[0].get(f"/room/{slug}/")[1]
    found = re.search(r'id="last-seen" name="last_seen" value="(\d*)"', page)
    last_seen = int(found.group(1) or 0) if found else 0
    return Room(slug, [b.cookie_header for b in browsers], last_seen)


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run(
    url: str,
    room: Room,
    listeners: int,
    senders: int,
    rate: float,
    duration: float,
    processes: int = 2,
    max_mode: bool = False,
    drain: float = 2.0,
    storm: bool = False,
    changes: float = 0.0,
) -> dict:
    """Drive the room and return the figures (see the module docstring). In a `storm`, every
    listener connects at once when all generator processes are ready, and the connect wall is
    the time from then until the last of them was set up. `changes` edits and reactions a
    second, in all, are mixed in."""
    raw = room is RAW_ROOM
    slug, cookies, last_seen = room.slug, room.cookies, room.last_seen
    listener_cookies = [cookies[n % len(cookies)] for n in range(listeners)]
    sender_cookies = [(n, cookies[n % len(cookies)]) for n in range(senders)]
    rate_per_sender = rate / senders if senders and not max_mode else 0.0
    context = mp.get_context("spawn")
    ready = [context.Event() for _ in range(processes)]
    go = context.Event()
    out = context.Queue()
    workers = []
    for index in range(processes):
        plan = Plan(
            url,
            slug,
            listener_cookies[index::processes],
            sender_cookies[index::processes],
            rate_per_sender,
            duration,
            drain,
            last_seen,
            raw,
            storm,
            changes / processes,
            cookies[-1],
        )
        worker = context.Process(target=_process_main, args=(plan, ready[index], go, out))
        worker.start()
        workers.append(worker)
    connect_started = time.monotonic()
    for event in ready:
        event.wait()
    connect_wall = time.monotonic() - connect_started
    started = time.time()
    go.set()
    results = [out.get() for _ in workers]
    for worker in workers:
        worker.join()
    errors = [r["error"] for r in results if "error" in r]
    if errors:
        raise RuntimeError(f"load generator failed: {errors}")
    if storm:
        connect_wall = max(r["connected_at"] for r in results) - started
    span = max((r["last_arrival"] for r in results), default=0.0) - started
    return summarise(results, listeners, senders, duration, connect_wall, span)


def summarise(
    results: list[dict],
    listeners: int,
    senders: int,
    duration: float,
    connect_wall: float,
    span: float,
) -> dict:
    """The run's figures from every generator process's results."""
    sent = sum(r["sent"] for r in results)
    expected = sent * listeners
    delivered = sum(r["unique"] for r in results)
    latencies = [x for r in results for x in r["latencies"]]
    connects = [x for r in results for x in r["connect_seconds"]]
    return {
        "listeners": listeners,
        "senders": senders,
        "duration_s": duration,
        "connected": len(connects),
        "connect_wall_s": round(connect_wall, 3),
        "connect_p50_ms": round(statistics.median(connects) * 1000, 1) if connects else None,
        "connect_p99_ms": round(percentile(connects, 0.99) * 1000, 1) if connects else None,
        "sent": sent,
        "expected": expected,
        "delivered": delivered,
        "lost": expected - delivered,
        "duplicated": sum(r["duplicated"] for r in results),
        "reconnects": sum(r["reconnects"] for r in results),
        "latency_ms": {
            name: round(percentile(latencies, q) * 1000, 1)
            for name, q in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99), ("max", 1.0))
        },
        # Over the time it took: from the first send to the last arrival.
        "deliveries_per_s": round(delivered / span, 1) if span > 0 else 0.0,
        "delivery_span_s": round(span, 2),
        "generator_cpu_s": round(sum(r["cpu_seconds"] for r in results), 2),
        # Edits and reactions mixed in, and how many the server refused.
        "changes": sum(r["changes"] for r in results),
        "failed_changes": sum(r["failed_changes"] for r in results),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--listeners", type=int, default=10)
    parser.add_argument("--senders", type=int, default=1)
    parser.add_argument("--rate", type=float, default=10.0, help="messages/s, all senders")
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--processes", type=int, default=max(1, (os.cpu_count() or 2) // 2))
    parser.add_argument("--max", action="store_true", help="send as fast as the server absorbs")
    parser.add_argument("--raw", action="store_true", help="target the minimal broadcast server")
    parser.add_argument("--changes", type=float, default=0.0, help="edits and reactions/s")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    room = RAW_ROOM if args.raw else set_up_room(args.url)
    figures = run(
        args.url,
        room,
        args.listeners,
        args.senders,
        args.rate,
        args.duration,
        args.processes,
        args.max,
        changes=args.changes,
    )
    text = json.dumps(figures, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text)


if __name__ == "__main__":
    main()
