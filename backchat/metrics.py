"""The server's figures for Prometheus, summed over every hypercorn worker: prometheus-client's
multiprocess mode, each worker writing its values to files in one folder
(`PROMETHEUS_MULTIPROC_DIR`, by default `<instance>/metrics`) that `GET /metrics` adds up.

A worker starting removes the files of processes that are gone (and any of its own pid from an
earlier process), so a restarted server counts from zero and open sockets are never counted
twice."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from config import instance_path

# prometheus-client reads the folder from the environment; blank counts as unset.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip():
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(instance_path() / "metrics")
METRICS_DIR = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])


def alive(pid: int) -> bool:
    """Whether the process `pid` is running."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def pids_with_files() -> set[int]:
    """The processes that have written values to the folder."""
    pids = set()
    for path in METRICS_DIR.glob("*.db"):
        with_pid = path.stem.rsplit("_", 1)[-1]
        if with_pid.isdigit():
            pids.add(int(with_pid))
    return pids


def _forget_other_lives() -> None:
    METRICS_DIR.mkdir(parents=True, exist_ok=True)
    for pid in pids_with_files():
        if pid == os.getpid() or not alive(pid):
            for path in METRICS_DIR.glob(f"*_{pid}.db"):
                path.unlink(missing_ok=True)


_forget_other_lives()

# Imported once the folder is set: prometheus-client chooses its multiprocess values on import.
from prometheus_client import Counter, Gauge, Histogram  # noqa: E402

OPEN_SOCKETS = Gauge(
    "backchat_open_websockets", "Websockets open now.", multiprocess_mode="livesum"
)
MESSAGES_SAVED = Counter("backchat_messages_saved", "Messages saved.")
FRAGMENTS_DELIVERED = Counter(
    "backchat_fragments_delivered", "Fragments handed to open sockets (one per socket)."
)
DELIVERY_SECONDS = Histogram(
    "backchat_delivery_seconds",
    "From a message's save to its fragment being handed to this worker's sockets.",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
SLOW_CLIENT_CUTS = Counter(
    "backchat_slow_client_cuts", "Sockets closed (1013) for falling too far behind."
)
BROKER_RECONNECTS = Counter("backchat_broker_reconnects", "Times Redis came back after an outage.")
RATE_LIMITED = Counter("backchat_rate_limit_refusals", "Refused for going over a limit.", ["limit"])
HTTP_REQUESTS = Counter(
    "backchat_http_requests", "HTTP requests answered.", ["route", "method", "status"]
)


def message_delivered(created_at: str) -> None:
    """A message saved at `created_at` (ISO 8601) reached this worker's sockets now."""
    saved = datetime.fromisoformat(created_at)
    DELIVERY_SECONDS.observe(max(0.0, (datetime.now(UTC) - saved).total_seconds()))
