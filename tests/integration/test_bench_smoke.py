"""The load generator behind `make bench`, run small so that it cannot rot. Figures only:
nothing here depends on how fast the machine is."""

import pytest

from bench.history import measure
from bench.loadgen import RAW_ROOM, run, set_up_room
from tests.server import live_server


@pytest.mark.parametrize(("max_mode", "changes"), [(False, 0), (True, 0), (True, 4)])
def test_the_load_generator_counts_every_delivery(tmp_path, max_mode, changes):
    with live_server(tmp_path / "instance") as server:
        room = set_up_room(server.url, accounts=2)
        figures = run(
            server.url,
            room,
            listeners=4,
            senders=2,
            rate=10,
            duration=1,
            processes=1,
            max_mode=max_mode,
            drain=0.5,
            changes=changes,
        )
    assert figures["connected"] == 4
    assert figures["sent"] > 0
    assert figures["expected"] == figures["sent"] * 4
    assert (figures["lost"], figures["duplicated"]) == (0, 0)
    assert figures["latency_ms"]["p50"] > 0
    # Edits and reactions mixed in count as changes, never as messages.
    assert (figures["changes"] > 0, figures["failed_changes"]) == (changes > 0, 0)


def test_the_reference_broadcast_server_is_measured_the_same_way(tmp_path):
    with live_server(tmp_path / "instance", app="bench.broadcast_server:app") as server:
        figures = run(
            server.url,
            RAW_ROOM,
            listeners=4,
            senders=1,
            rate=10,
            duration=1,
            processes=1,
            drain=0.5,
        )
    assert figures["delivered"] == figures["sent"] * 4 > 0


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_the_big_history_point_builds_its_room_and_times_every_request_kind(
    tmp_path, request, engine
):
    url = request.getfixturevalue("fresh_postgres") if engine == "postgres" else ""
    figures = measure(engine, 300, 3, tmp_path, url)
    assert figures["messages"] == 300
    for kind in ("open room", "scroll-back page", "permalink", "search in the room"):
        assert 0 < figures[kind]["p50"] <= figures[kind]["p95"] <= figures[kind]["max"]
