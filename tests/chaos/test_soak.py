"""Soak: 50 tabs in one room (some people with two), 20,000 messages from several senders:
every message reaches every tab exactly once and in order, and the server's memory stays flat
after warm-up, through the messages and through tabs opening and closing over and over.

`make soak` runs it longer (`SOAK_MESSAGES`, `SOAK_CYCLES`); the figures are printed at the end
of the run either way.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import time
import uuid
from array import array
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.chaos.faults import RAISED_LIMITS, SAVED_ACK, saved_messages
from tests.chat_client import Browser, Tab, close_all_tabs, new_person
from tests.server import live_server

MESSAGES = int(os.environ.get("SOAK_MESSAGES", "20000"))
#: Rounds of opening and closing `CYCLE_TABS` tabs, after the messages.
CYCLES = int(os.environ.get("SOAK_CYCLES", "5"))
CYCLE_TABS = 20
TABS = 50
#: People with a second tab in the room (so 35 people hold the 50 tabs).
TWO_TABS = 15
SENDERS = 5
#: The first tenth of the messages (and one round of tabs opening and closing) warm up.
WARM_UP = max(1000, MESSAGES // 10)
#: Messages sent but not yet received by every tab: the senders wait beyond this, as a person
#: waits for the room to show what they sent; it keeps every socket's queue far from its cap.
WINDOW = 300
#: Memory may grow this much after warm-up (a leak per message or per connection would not).
GROWTH_MB, GROWTH_SHARE = 20.0, 0.15
_MESSAGE_ID = re.compile(r'<li id="message-(\d+)"')
_PROBLEM = re.compile(r"could not be saved|Slow down")


class Reader:
    """Reads one member tab's socket to the end, keeping only message ids and acks."""

    def __init__(self, tab: Tab) -> None:
        self.tab = tab
        self.ids = array("q")
        self.acks = 0
        self.problems: list[str] = []
        self.task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for frame in self.tab.socket:
            self.ids.extend(int(i) for i in _MESSAGE_ID.findall(frame))
            self.acks += frame.count(SAVED_ACK)
            self.problems.extend(_PROBLEM.findall(frame))


def worker_rss_mb(server) -> float:
    """Resident memory of the server's one worker process (hypercorn's spawned child), in MB."""
    children = subprocess.run(
        ["pgrep", "-P", str(server.process.pid)], capture_output=True, text=True
    ).stdout.split()
    (worker,) = [pid for pid in children if b"spawn_main" in read_bytes(f"/proc/{pid}/cmdline")]
    status = read_bytes(f"/proc/{worker}/status").decode()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def read_bytes(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def people(base_url: str, count: int) -> list[Browser]:
    """`count` newly registered people (a few registering at a time)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda n: new_person(base_url, f"soak{n}"), range(count)))


async def wait_until(condition, timeout: float, readers: list[Reader], what: str) -> None:
    """Wait for `condition()`, failing early if a tab's socket ended or was told of a problem."""
    deadline = time.monotonic() + timeout
    while not condition():
        for reader in readers:
            assert not reader.problems, f"a tab was told: {reader.problems[:3]}"
            assert not reader.task.done(), f"a tab closed ({reader.tab.socket.close_code})"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.01)


async def send(senders: list[Reader], count: int, start: int, readers: list[Reader]) -> None:
    """`count` messages, round robin over the senders, never more than WINDOW unreceived."""
    for n in range(start, start + count):
        floor = n - WINDOW
        if min(len(reader.ids) for reader in readers) <= floor:
            caught_up = lambda floor=floor: all(len(r.ids) > floor for r in readers)  # noqa: E731
            await wait_until(caught_up, 60, readers, "the slowest tab")
        await senders[n % len(senders)].tab.say(f"soak {n}", client_id=uuid.uuid4().hex)


async def open_and_close_tabs(browsers: list[Browser], slug: str) -> None:
    """One round of tabs opening (each resumes and gets its history page) and closing."""
    tabs = [await browser.open_tab(slug) for browser in browsers]
    for tab in tabs:
        await tab.resume(None)
    for tab in tabs:
        await tab.receive_until(lambda text: 'id="last-seen"' in text, timeout=30)
        await tab.close()


@pytest.fixture(name="soak_server")
def _soak_server(tmp_path):
    with live_server(tmp_path / "instance", RAISED_LIMITS) as server:
        yield server


async def test_fifty_tabs_get_every_message_once_in_order_and_memory_stays_flat(
    soak_server, figure
):
    started = time.monotonic()
    owner = new_person(soak_server.url, "owner")
    slug = owner.create_room("Soak")
    everyone = [owner, *people(soak_server.url, TABS - TWO_TABS - 1)]
    for person in everyone[1:]:
        person.join_room(slug)
    tabs = [await person.open_tab(slug) for person in everyone + everyone[:TWO_TABS]]
    readers = [Reader(tab) for tab in tabs]
    for tab in tabs:
        await tab.resume(None)
    senders = readers[TWO_TABS : TWO_TABS + SENDERS]  # people with one tab
    set_up = time.monotonic() - started

    started = time.monotonic()
    await send(senders, WARM_UP, 0, readers)
    await wait_until(lambda: all(len(r.ids) == WARM_UP for r in readers), 60, readers, "warm-up")
    await open_and_close_tabs(everyone[:CYCLE_TABS], slug)
    warm_rss = worker_rss_mb(soak_server)
    warm_up = time.monotonic() - started

    started = time.monotonic()
    await send(senders, MESSAGES - WARM_UP, WARM_UP, readers)
    await wait_until(lambda: all(len(r.ids) == MESSAGES for r in readers), 120, readers, "all")
    sending = time.monotonic() - started
    after_messages_rss = worker_rss_mb(soak_server)

    started = time.monotonic()
    for _ in range(CYCLES):
        await open_and_close_tabs(everyone[:CYCLE_TABS], slug)
    cycling = time.monotonic() - started
    after_cycles_rss = worker_rss_mb(soak_server)

    saved = saved_messages(soak_server.instance, slug)
    numbers = [int(body.removeprefix("soak ")) for _, body in saved]
    assert sorted(numbers) == list(range(MESSAGES))  # every message saved once
    for sender in range(SENDERS):  # each sender's in the order it sent them
        mine = [n for n in numbers if n % SENDERS == sender]
        assert mine == sorted(mine)
    saved_ids = array("q", (message_id for message_id, _ in saved))
    for reader in readers:
        assert reader.ids == saved_ids  # every message, once, in order
    assert sum(sender.acks for sender in senders) == MESSAGES
    await close_all_tabs()

    lines = [
        f"{MESSAGES} messages from {SENDERS} senders to {TABS} tabs of {len(everyone)} people"
        f" ({MESSAGES * TABS:,} deliveries): set-up {set_up:.1f} s, warm-up"
        f" ({WARM_UP} messages) {warm_up:.1f} s, the rest {sending:.1f} s"
        f" ({(MESSAGES - WARM_UP) * TABS / sending:,.0f} deliveries/s)",
        f"{CYCLES} rounds of {CYCLE_TABS} tabs opening and closing: {cycling:.1f} s",
        f"worker RSS: {warm_rss:.1f} MB after warm-up, {after_messages_rss:.1f} MB after the"
        f" messages ({after_messages_rss - warm_rss:+.1f} MB), {after_cycles_rss:.1f} MB after"
        f" the open/close rounds ({after_cycles_rss - after_messages_rss:+.1f} MB)",
    ]
    for line in lines:
        figure(line)
    allowed = max(GROWTH_MB, GROWTH_SHARE * warm_rss)
    assert after_messages_rss - warm_rss < allowed, lines[-1]
    assert after_cycles_rss - after_messages_rss < allowed, lines[-1]
