""" "Here now" as a room's feed keeps it: each change becomes the smallest frame that brings a
page from what it showed to what is true, and a crowd is named up to a limit and counted."""

from pathlib import Path

import pytest

from backchat import create_app
from backchat.realtime.fragments import Fragments
from backchat.realtime.presence import MemoryPresence
from backchat.realtime.roster import SHOWN, Roster
from tests.chat_client import more_present, present_users


@pytest.fixture(name="roster")
def _roster(tmp_path: Path) -> Roster:
    return Roster(1, MemoryPresence(), Fragments(create_app({"INSTANCE_PATH": tmp_path})))


def page_after(roster: Roster, page: str, *changes: tuple[list[str], list[str]]) -> str:
    """What a page showing `page` receives through the changes, appended."""
    for arrived, departed in changes:
        page += roster.change("process", arrived, departed)
    return page


def test_arrivals_go_in_their_place_and_departures_are_deleted(roster):
    page = page_after(roster, roster.whole(), (["carol", "alice", "j.doe", "zed"], []))
    page = page_after(roster, page, (["bob"], []), (["ivan", "kim"], ["zed"]), ([], ["alice"]))
    assert present_users(page) == ["bob", "carol", "ivan", "j.doe", "kim"]
    assert "beforebegin:#presence-j\\.doe" in page  # ivan went before j.doe, dot escaped


def test_one_arrival_in_a_big_room_is_one_small_frame(roster):
    crowd = [f"user{n:04}" for n in range(2000)]
    roster.change("process", crowd, [])
    page = roster.whole()
    assert present_users(page) == crowd[:SHOWN] and more_present(page) == 2000 - SHOWN
    late = roster.change("process", ["zz-late"], [])
    assert len(late) < 200 and "zz-late" not in late  # only the count changed
    early = roster.change("process", ["aaa-early"], [])
    assert len(early) < 400
    page += late + early
    assert present_users(page) == ["aaa-early", *crowd[: SHOWN - 1]]
    assert more_present(page) == 2002 - SHOWN


def test_when_most_names_change_the_whole_list_is_sent(roster):
    roster.change("process", ["a", "b", "c"], [])
    frame = roster.change("process", ["x", "y"], ["a", "b"])
    assert frame.startswith('<ul id="presence"')
    assert present_users(frame) == ["c", "x", "y"]


def test_nothing_that_shows_nothing_is_sent(roster):
    roster.change("process", ["alice"], [])
    assert roster.change("process", ["alice"], []) == ""
    assert roster.change("other process", ["alice"], []) == ""  # there twice, shown once
    assert roster.change("process", [], ["alice"]) == ""
