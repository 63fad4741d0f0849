"""The arithmetic of rate limits and sign-in backoff, on a clock the test moves."""

from __future__ import annotations

import pytest

from backchat.limits.memory import BackoffPolicy, MemoryBackoff, MemoryTokenBucket, take_token


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(name="clock")
def _clock() -> Clock:
    return Clock()


def test_a_bucket_allows_its_burst_at_once_then_says_how_long_to_wait() -> None:
    tat, now = 0.0, 50.0
    for _ in range(3):
        tat, wait = take_token(tat, now, interval=2.0, burst=3)
        assert wait is None
    assert take_token(tat, now, interval=2.0, burst=3) == (tat, pytest.approx(2.0))


async def test_a_bucket_refills_at_its_rate_and_keys_are_separate(clock: Clock) -> None:
    bucket = MemoryTokenBucket("message", burst=10, per_second=1, clock=clock)
    assert [await bucket.take(7) for _ in range(10)] == [None] * 10
    assert await bucket.take(7) == pytest.approx(1.0)
    assert await bucket.take(8) is None
    clock.now += 2.5
    assert [await bucket.take(7) for _ in range(2)] == [None, None]
    assert await bucket.take(7) == pytest.approx(0.5)


def test_backoff_delay_doubles_after_the_allowed_attempts_up_to_its_cap() -> None:
    policy = BackoffPolicy(allowed=5, window=300, cap=900)
    assert [policy.delay(n) for n in range(5)] == [0] * 5
    assert [policy.delay(n) for n in range(5, 10)] == [60, 120, 240, 480, 900]
    assert policy.delay(10_000) == 900


async def test_backoff_refuses_attempts_during_a_growing_delay(clock: Clock) -> None:
    backoff = MemoryBackoff("login", BackoffPolicy(allowed=2, window=300, cap=900), clock=clock)
    assert [await backoff.attempt("k") for _ in range(2)] == [None, None]
    assert await backoff.attempt("k") == pytest.approx(150)
    assert await backoff.attempt("k") == pytest.approx(150)  # a refusal is not counted
    clock.now += 150
    assert await backoff.attempt("k") is None
    assert await backoff.attempt("k") == pytest.approx(300)
    assert await backoff.attempt("other") is None


async def test_a_forgiven_attempt_does_not_count_and_a_quiet_key_starts_again(
    clock: Clock,
) -> None:
    backoff = MemoryBackoff("login", BackoffPolicy(allowed=2, window=300, cap=900), clock=clock)
    await backoff.attempt("k")
    await backoff.forgive("k")
    await backoff.attempt("k")
    assert await backoff.attempt("k") is None
    assert await backoff.attempt("k") is not None
    clock.now += 150 + 300
    assert [await backoff.attempt("k") for _ in range(2)] == [None, None]


async def test_expired_keys_are_swept_so_memory_follows_live_keys(clock: Clock) -> None:
    bucket = MemoryTokenBucket("message", burst=1, per_second=1, clock=clock)
    for n in range(5000):
        await bucket.take(n)
        clock.now += 0.01
    assert len(bucket._table._entries) < 1500


def test_a_fresh_key_never_waits_whatever_the_rounding() -> None:
    for now in (1e-3, 12345.678, 1.7e9 + 0.123):
        assert take_token(now, now, interval=3600.0, burst=1)[1] is None
        assert take_token(0.0, now, interval=1 / 3, burst=3)[1] is None
