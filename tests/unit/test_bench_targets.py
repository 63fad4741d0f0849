"""`make bench` states issue 5's targets (and issue 10's: the same with edits and reactions
mixed in) as met or not from its own figures."""

from bench.run import targets


def figures(config: str, mode: str, listeners: int, per_second: float, p99: float = 50.0) -> dict:
    return {
        "config": config,
        "mode": mode,
        "listeners": listeners,
        "deliveries_per_s": per_second,
        "latency_ms": {"p99": p99},
        "lost": 0,
        "duplicated": 0,
    }


def test_each_target_is_reported_as_met_or_not():
    results = {
        "runs": [
            figures("in-process, 1 worker", "rate", 500, 10_000, p99=120.0),
            figures("in-process, 1 worker", "max", 100, 60_000),
            figures("redis, 1 worker", "max", 100, 30_000),
            figures("redis, 2 workers", "max", 100, 51_000),
            figures("in-process, 1 worker", "max", 500, 40_000),
            figures("minimal broadcast (reference)", "max", 500, 100_000),
            figures("postgres, 1 worker", "rate", 500, 10_000, p99=150.0),
            figures("redis, 2 workers", "rate", 500, 10_000, p99=90.0),
            figures("postgres + redis, 2 workers", "rate", 500, 10_000, p99=100.0),
            figures("in-process, 1 worker", "rate+changes", 500, 10_000, p99=80.0)
            | {"changes": 160, "failed_changes": 0},
            figures("in-process, 1 worker", "max+changes", 100, 45_000)
            | {"changes": 160, "failed_changes": 2},
        ],
        "idle": {
            "1000": {"connect_wall_s": 3.2},
            "10000": {"connected": 10_000, "rss_per_connection_kb": 45.0},
            "reference 10000": {"connected": 10_000, "rss_per_connection_kb": 41.0},
        },
    }
    rows = targets(results).splitlines()
    assert rows[:2] == ["| target | measured | status |", "| --- | --- | --- |"]
    assert rows[2:] == [
        "| in-process, L=500, 20 msg/s: p99 < 100 ms | 120.0 ms | not met |",
        "| in-process, 1 worker, max, L=100: ≥ 50,000/s | 60,000/s | met |",
        "| redis, 1 worker, max, L=100: ≥ 32,000/s | 30,000/s | not met |",
        "| redis, 2 workers ≥ 1.6x 1 worker (max, L=100) | 51,000/s vs 30,000/s: 1.70x | met |",
        "| in-process, L=500, 20 msg/s, with 10 changes/s: p99 < 100 ms | 80.0 ms | met |",
        "| in-process, 1 worker, max, L=100, with 10 changes/s: ≥ 50,000/s | 45,000/s | not met |",
        "| postgres, 1 worker, L=500, 20 msg/s: p99 within 1.2x of in-process, 1 worker (SQLite) "
        "| 150.0 ms vs 120.0 ms: 1.25x | not met |",
        "| postgres + redis, 2 workers, L=500, 20 msg/s: p99 within 1.2x of redis, 2 workers "
        "(SQLite) | 100.0 ms vs 90.0 ms: 1.11x | met |",
        "| within 2x of the minimal server (max, L=500) | 40,000/s vs 100,000/s: 0.40x | not met |",
        "| 10,000 idle sockets, < 40 KB each | 10,000 held, 45.0 KB (minimal server: 41.0 KB) "
        "| not met |",
        "| 1,000 clients connect in < 5 s | 3.2 s | met |",
        "| zero loss and zero duplicates everywhere | 0 lost or duplicated | met |",
        "| every edit and reaction mixed in accepted | 320 made, 2 refused | not met |",
    ]
