"""The benchmark matrix behind `make bench`: figures, a table, JSON and a plot.

    python -m bench.run [--quick] [--out bench/results]

Each configuration is served by hypercorn exactly as in production (a private redis-server
where it needs one) and driven by `bench.loadgen`; the minimal broadcast server of
`bench.broadcast_server` is measured the same way as the "physical limit". Benchmarks print
figures; nothing here passes or fails on a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.loadgen import RAW_ROOM, set_up_room
from bench.loadgen import run as drive
from tests.databases import sqlite_url
from tests.redis_server import RedisServer
from tests.server import APP, LiveServer, live_server

PAGE_SIZE = 4096
CLOCK_TICKS = 100


@dataclass(frozen=True)
class Config:
    name: str
    workers: int = 1
    redis: bool = False
    reference: bool = False
    #: On a throw-away PostgreSQL database instead of the instance's SQLite file.
    postgres: bool = False


IN_PROCESS = Config("in-process, 1 worker")
REDIS_1 = Config("redis, 1 worker", redis=True)
REDIS_2 = Config("redis, 2 workers", workers=2, redis=True)
REFERENCE = Config("minimal broadcast (reference)", reference=True)
POSTGRES_1 = Config("postgres, 1 worker", postgres=True)
POSTGRES_2 = Config("postgres + redis, 2 workers", workers=2, redis=True, postgres=True)
CONFIGS = [IN_PROCESS, REDIS_1, REDIS_2, REFERENCE, POSTGRES_1, POSTGRES_2]
#: Each PostgreSQL configuration and the SQLite one it is held against (issue 12: p99 within
#: 1.2x at L=500, 20 msg/s, in the same run).
ON_SQLITE = {POSTGRES_1: IN_PROCESS, POSTGRES_2: REDIS_2}
LISTENERS = [10, 100, 500, 1000, 2000]
#: The PostgreSQL column: the points its targets name, and L=1000 for the trend.
POSTGRES_LISTENERS = [500, 1000]
QUICK_LISTENERS = [10, 100]
#: Max mode (10 senders as fast as the server takes them): the issue's point, and L=500 for the
#: ratio to the minimal broadcast server.
MAX_LISTENERS = [100, 500]
# Benchmarks raise the limits that protect a real server from abuse (thousands of accounts
# sign in from 127.0.0.1 and send as fast as they can).
LIMITS = {
    "SOCKET_QUEUE_SIZE": "2000",
    # A listener cut as too slow catches up on everything it missed, however much.
    "RESUME_MAX_MESSAGES": "1000000",
    "REGISTRATIONS_PER_ADDRESS_PER_HOUR": "1000000",
    "LOGIN_FAILURES_PER_5MIN": "1000000",
    "ROOM_CODE_FAILURES_PER_5MIN": "1000000",
    "MESSAGE_RATE_BURST": "1000000",
    "MESSAGE_RATE_PER_SECOND": "1000000",
    "MAX_SOCKETS_PER_USER": "100000",
}


def server_pids(server: LiveServer) -> list[int]:
    children = subprocess.run(
        ["pgrep", "-P", str(server.process.pid)], capture_output=True, text=True
    ).stdout.split()
    return [server.process.pid, *(int(pid) for pid in children)]


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / CLOCK_TICKS


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
        except FileNotFoundError:
            continue
    return round(total / 2**20, 1)


@contextmanager
def watched(server: LiveServer) -> Iterator[dict]:
    """Server CPU and RSS around a run: before, peak while it runs, after."""
    pids = server_pids(server)
    stats = {"rss_before_mb": rss_mb(pids), "rss_peak_mb": 0.0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.25):
            stats["rss_peak_mb"] = max(stats["rss_peak_mb"], rss_mb(pids))

    sampler = threading.Thread(target=sample, daemon=True)
    cpu_before, started = cpu_seconds(pids), time.monotonic()
    sampler.start()
    try:
        yield stats
    finally:
        stop.set()
        sampler.join()
        wall = time.monotonic() - started
        stats["server_cpu_percent"] = round((cpu_seconds(pids) - cpu_before) / wall * 100, 1)
        stats["rss_after_mb"] = rss_mb(pids)


@contextmanager
def serving(config: Config, workdir: Path, greet: bool = False) -> Iterator[LiveServer]:
    """The configuration served; `greet`: the minimal server sends each socket a first frame."""
    env = dict(LIMITS) | ({"BENCH_GREET": "1"} if greet else {})
    instance = workdir / "instance"
    with redis_for(config) as redis_url, database_for(config, instance) as database_url:
        env["DATABASE_URL"] = database_url
        if redis_url:
            env["REDIS_URL"] = redis_url
        app = "bench.broadcast_server:app" if config.reference else APP
        with live_server(instance, env, config.workers, app=app) as server:
            yield server


@contextmanager
def database_for(config: Config, instance: Path) -> Iterator[str]:
    """A fresh PostgreSQL database's URL for a PostgreSQL configuration, else the instance's
    SQLite file's (named, so that no DATABASE_URL of the caller's leaks in)."""
    if not config.postgres:
        yield sqlite_url(instance / "backchat.sqlite3")
        return
    from bench.history import postgres_database

    with postgres_database() as url:
        yield url


@contextmanager
def redis_for(config: Config) -> Iterator[str | None]:
    """A private redis-server's URL when the configuration uses Redis, else None."""
    if not config.redis:
        yield None
        return
    with tempfile.TemporaryDirectory() as folder:
        redis = RedisServer(Path(folder))
        redis.start()
        try:
            yield redis.url
        finally:
            redis.stop()


def measure(server: LiveServer, config: Config, **load: object) -> dict:
    """One load on the server; accounts are set up before its CPU is watched."""
    room = RAW_ROOM if config.reference else set_up_room(server.url)
    with watched(server) as stats:
        figures = drive(server.url, room, **load)  # type: ignore[arg-type]
    figures.update(stats)
    if figures["connected"]:
        grown = stats["rss_peak_mb"] - stats["rss_before_mb"]
        figures["rss_per_connection_kb"] = round(grown * 1024 / figures["connected"], 1)
    return figures


#: Edits and reactions a second mixed into the "+ changes" runs (issue 10).
CHANGES = 10.0
MODES = {
    "rate": "20 msg/s",
    "max": "max",
    "rate+changes": f"20 msg/s + {CHANGES:.0f} changes/s",
    "max+changes": f"max + {CHANGES:.0f} changes/s",
}


def matrix(quick: bool, duration: float, out: Path) -> dict:
    """Every configuration and load; the JSON is rewritten after each configuration. Our
    configurations are also measured with edits and reactions mixed in, at the loads the
    targets name."""
    results: dict = {"machine": platform.node(), "cpus": os.cpu_count(), "runs": []}
    rate_load = {"senders": 5, "rate": 20, "duration": duration}
    max_load = {"senders": 10, "rate": 0, "duration": duration, "max_mode": True}
    for config in CONFIGS:
        listeners = POSTGRES_LISTENERS if config.postgres else LISTENERS
        loads = [("rate", n, rate_load) for n in (QUICK_LISTENERS if quick else listeners)]
        loads += [
            ("max", n, max_load) for n in MAX_LISTENERS[: 1 if quick or config.postgres else None]
        ]
        if not (config.reference or config.postgres):
            loads += [
                ("rate+changes", 100 if quick else 500, rate_load),
                ("max+changes", 100, max_load),
            ]
        with tempfile.TemporaryDirectory() as folder, serving(config, Path(folder)) as server:
            for mode, listeners, load in loads:
                changes = CHANGES if mode.endswith("+changes") else 0.0
                figures = measure(server, config, listeners=listeners, changes=changes, **load)
                results["runs"].append({"config": config.name, "mode": mode, **figures})
                print(_row(config.name, MODES[mode], figures), flush=True)
        (out / "latest.json").write_text(json.dumps(results, indent=2))
    if not quick:
        results["idle"] = idle_capacity()
        results["storm"], results["storm_reference"] = storm(), storm(reference=True)
        results["history"] = big_history()
    return results


def big_history() -> list[dict]:
    """The 1,000,000-message room on SQLite and PostgreSQL (`bench.history`)."""
    from bench.history import big_history as measure_history

    return measure_history()


def storm(reference: bool = False) -> dict:
    """The reconnect-storm point (`bench.storm`), printed as it is measured; with `reference`,
    on the minimal broadcast server (the floor of hypercorn and Quart)."""
    from bench.storm import reconnect_storm

    figures = reconnect_storm(reference=reference)
    print(f"reconnect storm{' (minimal server)' if reference else ''}: {figures}", flush=True)
    return figures


IDLE_FIGURES = (
    "connected",
    "connect_wall_s",
    "rss_before_mb",
    "rss_peak_mb",
    "rss_per_connection_kb",
    "server_cpu_percent",
)


def idle_capacity() -> dict:
    """How many idle sockets one worker holds, their memory, and how fast 1,000 connect; and
    the minimal broadcast server's memory per idle socket, the floor of the same stack."""
    out = {}
    for config, loads in ((IN_PROCESS, (1000, 10_000)), (REFERENCE, (10_000,))):
        with tempfile.TemporaryDirectory() as folder, serving(config, Path(folder)) as server:
            for sockets in loads:
                figures = measure(
                    server, config, listeners=sockets, senders=0, rate=0, duration=2, processes=2
                )
                name = str(sockets) if config is IN_PROCESS else f"reference {sockets}"
                out[name] = {key: figures[key] for key in IDLE_FIGURES}
                print(f"idle, {name}: {out[name]}", flush=True)
    return out


def _row(config: str, mode: str, f: dict) -> str:
    lat = f["latency_ms"]
    return (
        f"| {config} | {mode} | {f['listeners']} | {f['sent']} | {f['delivered']} | {f['lost']} "
        f"| {f['duplicated']} | {lat['p50']} | {lat['p95']} | {lat['p99']} | {lat['max']} "
        f"| {f['deliveries_per_s']:.0f} | {f['server_cpu_percent']} | {f['rss_peak_mb']} |"
    )


TABLE_HEAD = (
    "| configuration | mode | listeners | sent | delivered | lost | dup | p50 ms | p95 ms "
    "| p99 ms | max ms | deliveries/s | server CPU % | server RSS MB |\n"
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
    "| ---: |"
)


def _find(results: dict, config: Config, mode: str, listeners: int) -> dict | None:
    for run in results["runs"]:
        if (run["config"], run["mode"], run["listeners"]) == (config.name, mode, listeners):
            return run
    return None


def targets(results: dict) -> str:
    """Issue 5's targets against this run's figures, as a table."""
    in_process, redis_1, redis_2, reference = IN_PROCESS, REDIS_1, REDIS_2, REFERENCE

    def rate(config: Config, mode: str, listeners: int) -> float | None:
        run = _find(results, config, mode, listeners)
        return run["deliveries_per_s"] if run else None

    rows = []

    def row(goal: str, measured: str, met: bool | None) -> None:
        verdict = "n/a" if met is None else ("met" if met else "not met")
        rows.append(f"| {goal} | {measured} | {verdict} |")

    for suffix, mixed in (("", ""), ("+changes", f", with {CHANGES:.0f} changes/s")):
        point = _find(results, in_process, "rate" + suffix, 500)
        if point:
            p99 = point["latency_ms"]["p99"]
            row(f"in-process, L=500, 20 msg/s{mixed}: p99 < 100 ms", f"{p99} ms", p99 < 100)
        for config, goal in ((in_process, 50_000), (redis_1, 32_000)):
            got = rate(config, "max" + suffix, 100)
            if got is not None:
                row(
                    f"{config.name}, max, L=100{mixed}: ≥ {goal:,}/s",
                    f"{got:,.0f}/s",
                    got >= goal,
                )
        one, two = rate(redis_1, "max" + suffix, 100), rate(redis_2, "max" + suffix, 100)
        if one and two:
            measured = f"{two:,.0f}/s vs {one:,.0f}/s: {two / one:.2f}x"
            row(f"redis, 2 workers ≥ 1.6x 1 worker (max, L=100{mixed})", measured, two >= 1.6 * one)
    for postgres, sqlite in ON_SQLITE.items():
        on_postgres, on_sqlite = (
            _find(results, postgres, "rate", 500),
            _find(results, sqlite, "rate", 500),
        )
        if on_postgres and on_sqlite:
            pg_p99, lite_p99 = on_postgres["latency_ms"]["p99"], on_sqlite["latency_ms"]["p99"]
            row(
                f"{postgres.name}, L=500, 20 msg/s: p99 within 1.2x of {sqlite.name} (SQLite)",
                f"{pg_p99} ms vs {lite_p99} ms: {pg_p99 / lite_p99:.2f}x",
                pg_p99 <= 1.2 * lite_p99,
            )
    ours, limit = rate(in_process, "max", 500), rate(reference, "max", 500)
    if ours and limit:
        measured = f"{ours:,.0f}/s vs {limit:,.0f}/s: {ours / limit:.2f}x"
        row("within 2x of the minimal server (max, L=500)", measured, 2 * ours >= limit)
    idle = results.get("idle", {})
    if "10000" in idle:
        held = idle["10000"]
        per = held["rss_per_connection_kb"]
        measured = f"{held['connected']:,} held, {per} KB"
        if "reference 10000" in idle:
            floor = idle["reference 10000"]["rss_per_connection_kb"]
            measured += f" (minimal server: {floor} KB)"
        row("10,000 idle sockets, < 40 KB each", measured, per < 40)
    if "1000" in idle:
        wall = idle["1000"]["connect_wall_s"]
        row("1,000 clients connect in < 5 s", f"{wall} s", wall < 5)
    if "storm" in results:
        storm_figures = results["storm"]
        wall, p99 = storm_figures["connect_wall_s"], storm_figures["connect_p99_ms"]
        users = f"{storm_figures['users']:,}"
        floor = results.get("storm_reference")
        wall_floor = f" (minimal server: {floor['connect_wall_s']} s)" if floor else ""
        p99_floor = f" (minimal server: {floor['connect_p99_ms']} ms)" if floor else ""
        row(
            f"{users} distinct users at once: all connected < 3 s",
            f"{wall} s{wall_floor}",
            wall < 3,
        )
        row(
            f"{users} distinct users at once: connect p99 < 500 ms",
            f"{p99} ms{p99_floor}",
            p99 < 500,
        )
    for figures in results.get("history", []):
        for kind in HISTORY_KINDS:
            p95 = figures[kind]["p95"]
            row(
                f"{figures['messages']:,} messages ({figures['engine']}): {kind} p95 < 50 ms",
                f"{p95} ms",
                p95 < 50,
            )
    storms = [results[key] for key in ("storm", "storm_reference") if key in results]
    lost = sum(run["lost"] + run["duplicated"] for run in results["runs"] + storms)
    row("zero loss and zero duplicates everywhere", f"{lost} lost or duplicated", lost == 0)
    made = [run for run in results["runs"] if run["mode"].endswith("+changes")]
    if made:
        refused = sum(run["failed_changes"] for run in made)
        measured = f"{sum(run['changes'] for run in made):,} made, {refused} refused"
        row("every edit and reaction mixed in accepted", measured, refused == 0)
    return "| target | measured | status |\n| --- | --- | --- |\n" + "\n".join(rows)


HISTORY_KINDS = (
    "open room",
    "scroll-back page",
    "permalink",
    "search in the room",
    "search all rooms",
)


def table(results: dict) -> str:
    rows = [TABLE_HEAD]
    for run in results["runs"]:
        rows.append(_row(run["config"], MODES[run["mode"]], run))
    return "\n".join(rows)


def plot(results: dict, path: Path) -> None:
    """Latency percentiles and deliveries/s against listeners, one line per configuration."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (latency, throughput) = plt.subplots(1, 2, figsize=(12, 4.5))
    for config in CONFIGS:
        runs = [r for r in results["runs"] if r["config"] == config.name and r["mode"] == "rate"]
        if not runs:
            continue
        xs = [r["listeners"] for r in runs]
        latency.plot(xs, [r["latency_ms"]["p99"] for r in runs], marker="o", label=config.name)
        throughput.plot(xs, [r["deliveries_per_s"] for r in runs], marker="o", label=config.name)
    latency.set(
        xscale="log",
        yscale="log",
        xlabel="listeners",
        ylabel="p99 latency (ms)",
        title="p99 latency, 5 senders, 20 msg/s",
    )
    throughput.set(
        xscale="log", xlabel="listeners", ylabel="deliveries/s", title="deliveries per second"
    )
    for axes in (latency, throughput):
        axes.grid(True, alpha=0.3)
        axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small matrix, for trying")
    parser.add_argument("--duration", type=float, default=8.0)
    parser.add_argument("--out", type=Path, default=Path("bench/results"))
    parser.add_argument(
        "--idle-only", action="store_true", help="redo the idle-capacity run, keep the matrix"
    )
    parser.add_argument(
        "--storm-only", action="store_true", help="redo the reconnect-storm run, keep the rest"
    )
    parser.add_argument(
        "--history-only", action="store_true", help="redo the 1M-message run, keep the rest"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.idle_only or args.storm_only or args.history_only:
        previous = args.out / "latest.json"
        results = json.loads(previous.read_text()) if previous.exists() else {"runs": []}
        if args.idle_only:
            results["idle"] = idle_capacity()
        if args.storm_only:
            results["storm"], results["storm_reference"] = storm(), storm(reference=True)
        if args.history_only:
            results["history"] = big_history()
    else:
        print(TABLE_HEAD, flush=True)
        results = matrix(args.quick, args.duration, args.out)
    (args.out / "latest.json").write_text(json.dumps(results, indent=2))
    (args.out / "latest.md").write_text(table(results) + "\n\n" + targets(results) + "\n")
    print("\n" + targets(results))
    plot(results, args.out / "latest.png")
    print(f"\nwrote {args.out}/latest.json, latest.md and latest.png")


if __name__ == "__main__":
    main()
