"""Helpers for the fault tests: what the database holds, how a process ended, what a tab
was told."""

from __future__ import annotations

import subprocess
import time
import tomllib
from pathlib import Path

from tests.databases import instance_database_url, query
from tests.server import ROOT

#: The composer a sender gets back once its message is saved (one per saved message).
SAVED_ACK = 'name="client_id"'
PAUSED = "Live delivery is paused"
#: These tests send faster than a person may (CLARIFICATIONS 15: tests raise the limits where
#: load needs it); what they prove does not depend on the limits.
RAISED_LIMITS = {
    "MESSAGE_RATE_BURST": "1000000",
    "MESSAGE_RATE_PER_SECOND": "1000000",
    "MAX_SOCKETS_PER_USER": "1000",
    "REGISTRATIONS_PER_ADDRESS_PER_HOUR": "100000",
}


def graceful_timeout() -> float:
    """hypercorn's graceful_timeout, as configured for `make run`."""
    return tomllib.loads((ROOT / "hypercorn.toml").read_text())["graceful_timeout"]


def saved_messages(instance: Path, slug: str) -> list[tuple[int, str]]:
    """(id, body) of a room's saved messages in id order, from the instance's database."""
    return query(
        instance_database_url(instance),
        "SELECT m.id, m.body FROM message m JOIN room r ON r.id = m.room_id"
        " WHERE r.slug = ? ORDER BY m.id",
        slug,
    )


def seconds_to_exit(process: subprocess.Popen[bytes], limit: float) -> float:
    """Wait up to `limit` seconds for a process to end; how long it took (inf if it did not)."""
    start = time.monotonic()
    try:
        process.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        return float("inf")
    return time.monotonic() - start


def acks(received: str) -> int:
    """How many of its messages a sender was told are saved."""
    return received.count(SAVED_ACK)
