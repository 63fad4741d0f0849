"""Changes per room are flushed together: a crowd costs one flush, not one per person."""

import asyncio

from backchat.realtime.coalescing import MAX_FLUSH_INTERVAL_SECONDS, SENDS_PER_SECOND, Coalescer


async def test_a_burst_of_changes_in_a_room_is_flushed_once_and_later_ones_together():
    flushed: list[tuple[int, set[str]]] = []

    async def flush(room_id: int, keys: set[str]) -> None:
        flushed.append((room_id, keys))

    coalescer = Coalescer(flush, interval=0.05)
    for n in range(100):
        coalescer.mark(1, f"user{n}")
    coalescer.mark(2, "elsewhere")
    await asyncio.sleep(0)  # the first flush of each room runs at once
    assert flushed == [(1, {f"user{n}" for n in range(100)}), (2, {"elsewhere"})]

    for n in range(100, 150):  # while room 1 waits out its interval
        coalescer.mark(1, f"user{n}")
    await asyncio.sleep(0.2)  # timers fire in order: the interval (0.05 s) has ended by now
    assert flushed[2:] == [(1, {f"user{n}" for n in range(100, 150)})]
    await coalescer.stop()


async def test_what_is_pending_at_shutdown_is_still_flushed():
    flushed: list[set[str]] = []

    async def flush(_room_id: int, keys: set[str]) -> None:
        flushed.append(keys)

    coalescer = Coalescer(flush, interval=10)
    coalescer.mark(1, "first")
    await asyncio.sleep(0)
    coalescer.mark(1, "last")  # waits for the interval, which shutdown cuts short
    await coalescer.stop()
    assert flushed == [{"first"}, {"last"}]


async def test_flushes_of_a_crowded_room_are_spaced_by_its_size():
    async def flush(_room_id: int, _keys: set[str]) -> None:
        pass

    sizes = {1: 10, 2: 2 * SENDS_PER_SECOND, 3: 1_000_000}
    coalescer = Coalescer(flush, interval=0.25, room_size=sizes.__getitem__)
    assert coalescer.interval(1) == 0.25  # a small room: the shortest interval
    assert coalescer.interval(2) == 2.0  # two seconds' worth of sends per flush
    assert coalescer.interval(3) == MAX_FLUSH_INTERVAL_SECONDS  # never slower than this
    assert Coalescer(flush, interval=0.25).interval(3) == 0.25  # size unknown: fixed
