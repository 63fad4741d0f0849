"""Who is typing: the line each reader sees, and how long a ping lasts."""

import time

import pytest

from backchat.realtime import typists
from backchat.realtime.typists import Typists, typing_line


@pytest.mark.parametrize(
    ("names", "line"),
    [
        ([], ""),
        (["alice"], "alice is typing…"),
        (["alice", "bob"], "alice and bob are typing…"),
        (["alice", "bob", "carol"], "alice, bob and carol are typing…"),
        (["alice", "bob", "carol", "dave"], "alice, bob, carol and 1 other are typing…"),
        (["a", "b", "c", "d", "e"], "a, b, c and 2 others are typing…"),
    ],
)
def test_the_line(names, line):
    assert typing_line(names) == line


def test_a_reader_is_never_shown_as_typing_to_themselves():
    typing = Typists()
    assert typing.typing("alice") and typing.typing("bob")
    assert not typing.typing("alice")  # a renewal: nothing to show anew
    assert typing.as_seen_by("alice") == ["bob"]
    assert typing.as_seen_by("carol") == ["alice", "bob"]


def test_sending_ends_it_and_a_ping_expires(monkeypatch):
    monkeypatch.setattr(typists, "TYPING_SHOWN_SECONDS", 0.05)
    typing = Typists()
    typing.typing("alice")
    typing.typing("bob")
    assert typing.stopped(["alice", "carol"])
    assert not typing.stopped(["carol"])
    assert typing.names == ["bob"]
    assert not typing.expire()
    assert 0 < typing.next_expiry <= 0.05
    time.sleep(0.06)
    assert typing.expire()
    assert typing.names == [] and typing.next_expiry is None
