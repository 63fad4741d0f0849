"""One contract, both brokers: the in-process broker and Redis pub/sub."""

import asyncio

import pytest
from redis.asyncio import Redis

from backchat.realtime.broker import RESYNC, BrokerUnavailable, Inbox, make_broker
from backchat.realtime.broker.memory import MoreThanOneProcess


@pytest.fixture(name="broker_url", params=["memory", "redis"])
def _broker_url(request):
    return None if request.param == "memory" else request.getfixturevalue("redis_url")


@pytest.fixture(name="broker")
async def _broker(broker_url, tmp_path):
    broker = make_broker(broker_url, tmp_path, max_queued=100)
    await broker.start()
    yield broker
    await broker.stop()


async def until(condition, timeout=5.0):
    async def poll():
        while not condition():
            await asyncio.sleep(0.02)

    await asyncio.wait_for(poll(), timeout)


async def next_payload(subscription, timeout=2.0):
    return await asyncio.wait_for(subscription.get(), timeout)


async def test_a_published_payload_reaches_every_subscriber_of_its_channel(broker):
    async with (
        broker.subscribe("room:1") as first,
        broker.subscribe("room:1") as second,
        broker.subscribe("room:2") as other,
    ):
        await broker.publish("room:1", b"hello")
        assert await next_payload(first) == b"hello"
        assert await next_payload(second) == b"hello"
        await broker.publish("room:2", b"elsewhere")
        assert await next_payload(other) == b"elsewhere"
        assert other._queue.qsize() == 0


async def test_payloads_arrive_in_the_order_published(broker):
    async with broker.subscribe("room:1") as subscription:
        for n in range(80):
            await broker.publish("room:1", str(n).encode())
        received = [await next_payload(subscription) for _ in range(80)]
    assert received == [str(n).encode() for n in range(80)]


async def test_nothing_arrives_after_unsubscribing(broker):
    async with broker.subscribe("room:1") as subscription:
        pass
    await broker.publish("room:1", b"too late")
    with pytest.raises(TimeoutError):
        await next_payload(subscription, timeout=0.3)


async def test_a_subscriber_that_falls_behind_is_told_to_resync(broker):
    async with broker.subscribe("room:1") as subscription:
        for n in range(150):  # the queue holds 100
            await broker.publish("room:1", str(n).encode())
        await asyncio.sleep(0.2)
        assert await next_payload(subscription) is RESYNC


async def test_an_inbox_takes_many_channels_in_order_and_says_when_it_overflowed(broker):
    inbox = Inbox(max_queued=10)
    async with (
        broker.subscribe("user:1", inbox.subscription("user:1")),
        broker.subscribe("room:1", inbox.subscription("room:1")),
        broker.subscribe("room:1") as own,  # another subscriber keeps its own queue
    ):
        await broker.publish("room:1", b"posted")
        await broker.publish("user:1", b"read")
        assert await asyncio.wait_for(inbox.get(), 2) == ("room:1", b"posted")
        assert await asyncio.wait_for(inbox.get(), 2) == ("user:1", b"read")
        assert await next_payload(own) == b"posted"
        for n in range(15):
            await broker.publish("room:1", str(n).encode())
        await asyncio.sleep(0.2)
        assert await asyncio.wait_for(inbox.get(), 2) == (None, RESYNC)
        after = [await asyncio.wait_for(inbox.get(), 2) for _ in range(4)]  # queued since
        assert after == [("room:1", str(n).encode()) for n in range(11, 15)]
    await broker.publish("room:1", b"too late")
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(inbox.get(), 0.3)


async def test_redis_holds_one_subscription_per_channel_while_anyone_listens(redis_url, tmp_path):
    broker = make_broker(redis_url, tmp_path, max_queued=100)
    await broker.start()
    observer = Redis.from_url(redis_url)
    try:
        async with broker.subscribe("room:7"), broker.subscribe("room:7"):
            await asyncio.sleep(0.1)
            assert await observer.pubsub_numsub("room:7") == [(b"room:7", 1)]
        await asyncio.sleep(0.1)
        assert await observer.pubsub_numsub("room:7") == [(b"room:7", 0)]
    finally:
        await observer.aclose()
        await broker.stop()


async def test_redis_outage_delivers_locally_then_resyncs_when_redis_is_back(
    redis_server, tmp_path
):
    broker = make_broker(redis_server.url, tmp_path, max_queued=100)
    await broker.start()
    try:
        async with broker.subscribe("room:1") as subscription:
            redis_server.stop()
            with pytest.raises(BrokerUnavailable):
                await broker.publish("room:1", b"during outage")
            assert await next_payload(subscription) == b"during outage"
            await until(lambda: not broker.available)

            redis_server.start()
            assert await next_payload(subscription, timeout=10) is RESYNC
            assert broker.available
            await broker.publish("room:1", b"after outage")
            assert await next_payload(subscription) == b"after outage"
    finally:
        await broker.stop()


async def test_a_blink_of_redis_is_an_outage_too(redis_server, tmp_path):
    """Redis gone for a moment and back before anyone published: what was published in that
    moment is lost to the subscriber, so it must still be told to resync (redis-py's own
    reconnect-and-resubscribe would hide the gap)."""
    broker = make_broker(redis_server.url, tmp_path, max_queued=100)
    await broker.start()
    try:
        async with broker.subscribe("room:1") as subscription:
            redis_server.stop()
            await asyncio.sleep(1)
            redis_server.start()
            assert await next_payload(subscription, timeout=10) is RESYNC
            await broker.publish("room:1", b"after the blink")
            assert await next_payload(subscription) == b"after the blink"
    finally:
        await broker.stop()


async def test_the_in_process_broker_refuses_a_second_process(tmp_path):
    first = make_broker(None, tmp_path, max_queued=10)
    await first.start()
    try:
        second = make_broker(None, tmp_path, max_queued=10)
        with pytest.raises(MoreThanOneProcess, match="set REDIS_URL"):
            await second.start()
    finally:
        await first.stop()
    third = make_broker(None, tmp_path, max_queued=10)
    await third.start()  # the lock went with the first
    await third.stop()
