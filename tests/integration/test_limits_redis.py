"""Limits shared through a real redis-server, and per-process limits while it is down."""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio import Redis

from backchat.accounts import create_user
from backchat.limits import Limits
from backchat.limits.memory import BackoffPolicy
from backchat.limits.redis import RedisBackoff, RedisTokenBucket
from backchat.limits.store import LimitStore
from config import load_settings
from tests.conftest import PASSWORD
from tests.integration.test_throttles import ATTACKER, ELSEWHERE, log_in

POLICY = BackoffPolicy(allowed=2, window=300, cap=900)


@pytest.fixture(name="stores")
async def _stores(redis_server):
    """Two processes' view of the same Redis: two stores, each with its own client."""
    first, second = LimitStore(redis_server.url), LimitStore(redis_server.url)
    first.redis.retry_seconds = second.redis.retry_seconds = 0.05
    yield first, second
    await first.stop()
    await second.stop()


async def test_a_token_bucket_is_shared_by_two_limiter_instances(stores):
    first, second = (store.token_bucket("message", burst=3, per_second=1) for store in stores)
    assert [await first.take(42) for _ in range(2)] == [None, None]
    assert await second.take(42) is None
    wait = await second.take(42)
    assert wait == pytest.approx(1.0, abs=0.2)
    assert await first.take(42) == pytest.approx(wait, abs=0.2)
    assert await first.take(43) is None


async def test_a_backoff_is_shared_by_two_limiter_instances(stores):
    first, second = (store.backoff("login", POLICY) for store in stores)
    assert await first.attempt("alice") is None
    assert await second.attempt("alice") is None
    assert await first.attempt("alice") == pytest.approx(150, abs=1)
    await second.forgive("alice")
    assert await first.attempt("alice") is None
    await second.reset("alice")
    assert await first.attempt("alice") is None


async def test_concurrent_takes_on_two_instances_get_exactly_the_burst(stores):
    first, second = (store.token_bucket("message", burst=10, per_second=0.01) for store in stores)
    answers = await asyncio.gather(*(bucket.take(9) for bucket in [first, second] * 25))
    assert answers.count(None) == 10


async def test_limit_keys_expire_in_redis(stores, redis_server):
    bucket = stores[0].token_bucket("message", burst=10, per_second=1)
    backoff = stores[0].backoff("login", POLICY)
    await bucket.take(7)
    await backoff.attempt("bob")
    async with Redis.from_url(redis_server.url) as redis:
        assert 0 < await redis.pttl("backchat:limit:message:7") <= 1000
        assert 0 < await redis.pttl("backchat:limit:login:bob") <= 300_000


async def test_with_redis_stopped_limits_hold_per_process_and_are_shared_again_after(
    stores, redis_server
):
    first, second = (
        (RedisTokenBucket(store.redis, "message", 2, 1), RedisBackoff(store.redis, "l", POLICY))
        for store in stores
    )
    assert await first[0].take(1) is None
    redis_server.stop()
    assert [await first[0].take(1) for _ in range(2)] == [None, None]  # memory: a fresh bucket
    assert await first[0].take(1) == pytest.approx(1.0, abs=0.2)
    assert await second[0].take(1) is None  # another process keeps its own count meanwhile
    assert [await first[1].attempt("k") for _ in range(3)][-1] == pytest.approx(150, abs=1)
    assert not stores[0].redis.available
    redis_server.start()
    await asyncio.sleep(0.1)
    # Redis again (a restarted, empty one): the two share its count, not their memories'.
    assert await first[0].take(1) is None
    assert await second[0].take(1) is None
    assert await first[0].take(1) == pytest.approx(1.0, abs=0.2)
    assert stores[0].redis.available and stores[1].redis.available


async def test_the_app_limits_use_redis_when_redis_url_is_set(redis_server):
    settings = {**load_settings({}), "REDIS_URL": redis_server.url}
    limits, other_worker = Limits(settings), Limits(settings)
    try:
        assert isinstance(limits.message, RedisTokenBucket)
        for _ in range(settings["MESSAGE_RATE_BURST"]):
            assert await limits.message.take(5) is None
        assert await other_worker.message.take(5) == pytest.approx(1.0, abs=0.2)
    finally:
        await limits.stop()
        await other_worker.stop()


async def test_sign_in_is_throttled_not_broken_while_redis_is_down(make_app, redis_server):
    app = await make_app(REDIS_URL=redis_server.url, LOGIN_FAILURES_PER_5MIN=1)
    await create_user("alice", PASSWORD)
    redis_server.stop()
    client = app.test_client()
    assert (await log_in(client, "alice", "wrong password", ATTACKER)).status_code == 401
    assert (await log_in(client, "alice", PASSWORD, ATTACKER)).status_code == 429
    assert (await log_in(client, "alice", PASSWORD, ELSEWHERE)).status_code == 303
