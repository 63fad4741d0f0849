"""The write path: messages waiting for a room are validated, saved in one transaction with
their events and published as one envelope, in order, with repeated sends refused; on SQLite
and on the real PostgreSQL."""

import asyncio

import pytest

from backchat import create_app
from backchat.accounts import create_user
from backchat.limits.memory import MemoryTokenBucket
from backchat.messaging import (
    DuplicateSend,
    InvalidMessage,
    NewMessage,
    RateLimited,
    save_messages,
)
from backchat.models import Message, Room, RoomEvent
from backchat.realtime.broker import make_broker, room_channel
from backchat.realtime.envelopes import Event, EventsEnvelope, decode, encode
from backchat.realtime.feeds import Feeds, Listener, events_delivery
from backchat.realtime.fragments import Fragments
from backchat.realtime.presence import MemoryPresence
from backchat.realtime.writer import MessageWriter
from backchat.rooms import create_room

PASSWORD = "long enough password"
NO_LIMIT = MemoryTokenBucket("message", 1_000_000, 1_000_000)
MAX_CHARS = 4000


@pytest.fixture(name="fragments")
def _fragments(tmp_path):
    return Fragments(create_app({"INSTANCE_PATH": tmp_path / "instance"}))


@pytest.fixture(name="broker")
async def _broker(tmp_path):
    broker = make_broker(None, tmp_path, max_queued=100)
    await broker.start()
    yield broker
    await broker.stop()


@pytest.fixture(name="people")
async def _people(db):
    alice = await create_user("alice", PASSWORD)
    bob = await create_user("bob", PASSWORD)
    return alice, bob, await create_room("Room", alice)


async def test_messages_waiting_together_are_published_as_one_run_of_events(
    people, broker, fragments
):
    alice, bob, room = people
    writer = MessageWriter(broker, fragments, NO_LIMIT, MAX_CHARS)
    async with broker.subscribe(room_channel(room.id)) as subscription:
        live = await asyncio.gather(
            *(
                writer.submit(room, NewMessage((alice, bob)[n % 2], f"message {n}"))
                for n in range(10)
            )
        )
        envelope = decode(await asyncio.wait_for(subscription.get(), 2))
    assert all(accepted.live for accepted in live)
    assert isinstance(envelope, EventsEnvelope)
    events = envelope.events
    saved = await Message.filter(room=room).order_by("id").values_list("id", flat=True)
    assert [accepted.message_id for accepted in live] == saved
    assert [e.seq for e in events] == list(range(1, 11))
    assert [e.message_id for e in events] == saved
    assert all(f"message {n}" in e.html for n, e in enumerate(events))
    assert [e.data["message"]["body"] for e in events] == [f"message {n}" for n in range(10)]
    assert {e.data["kind"] for e in events} == {"posted"}
    room_now = await Room.get(id=room.id)
    assert (room_now.last_event, room_now.last_message_id) == (10, saved[-1])
    logged = await RoomEvent.filter(room=room).order_by("seq").values_list("message_id", flat=True)
    assert logged == saved


async def test_a_batch_refuses_repeated_nonces_and_saves_the_rest(people):
    alice, bob, room = people
    await save_messages(room, [NewMessage(alice, "first", "nonce-1")])
    results = await save_messages(
        room,
        [
            NewMessage(alice, "first again", "nonce-1"),  # saved before this batch
            NewMessage(bob, "bob may use it", "nonce-1"),
            NewMessage(alice, "second", "nonce-2"),
            NewMessage(alice, "second again", "nonce-2"),  # repeated within the batch
        ],
    )
    assert [type(r).__name__ for r in results] == [
        "DuplicateSend",
        "RoomEvent",
        "RoomEvent",
        "DuplicateSend",
    ]
    saved = await Message.filter(room=room).order_by("id").values_list("body", flat=True)
    assert saved == ["first", "bob may use it", "second"]
    assert [results[1].seq, results[2].seq] == [2, 3]  # the log skips what was refused


async def test_grouping_follows_the_order_within_a_batch(people):
    alice, bob, room = people
    results = await save_messages(
        room,
        [
            NewMessage(alice, "one"),
            NewMessage(alice, "two"),
            NewMessage(bob, "three"),
            NewMessage(alice, "4"),
        ],
    )
    assert [event.message.continues for event in results] == [False, True, False, False]


async def test_a_message_is_saved_even_if_its_sender_stops_waiting(people, broker, fragments):
    alice, _, room = people
    writer = MessageWriter(broker, fragments, NO_LIMIT, MAX_CHARS)
    sending = writer.submit(room, NewMessage(alice, "sent as the tab closed"))
    sending.cancel()  # the tab closed: nobody waits for the outcome
    await writer.stop()
    assert await Message.filter(body="sent as the tab closed").exists()


async def test_a_repeated_send_through_the_writer_raises(people, broker, fragments):
    alice, _, room = people
    writer = MessageWriter(broker, fragments, NO_LIMIT, MAX_CHARS)
    await writer.submit(room, NewMessage(alice, "hello", "nonce-1"))
    with pytest.raises(DuplicateSend):
        await writer.submit(room, NewMessage(alice, "hello", "nonce-1"))


def posted(seq: int, message_id: int, html: str) -> Event:
    return Event(seq, "posted", message_id, html, {})


def test_a_run_that_straddles_a_new_sockets_floor_sends_only_the_newer_part(fragments):
    listener = Listener(10, fragments, wake=lambda: None)
    listener.floor = 5
    four, five, six = (
        posted(4, 40, "<p>four</p>"),
        posted(5, 50, "<p>five</p>"),
        posted(6, 60, "<p>six</p>"),
    )
    listener.offer(events_delivery(fragments, [four, five]))
    listener.offer(events_delivery(fragments, [five, six]))
    frames = listener.take(10)
    assert "six" in frames and "five" not in frames and "four" not in frames
    assert (listener.first_live_message_id, listener.last_live_seq) == (60, 6)
    assert listener.take(10) == ""


def test_a_listener_wakes_its_sender_and_overflows_when_too_slow(fragments):
    wakes = []
    listener = Listener(2, fragments, wake=lambda: wakes.append(1))
    listener.floor = 0
    for n in range(3):
        listener.send(f"<p>{n}</p>")
    assert listener.overflowed
    assert len(wakes) == 3
    assert listener.take(1) == "<p>0</p>"


@pytest.mark.parametrize("unstorable", ["lone \udfff surrogate", "nul \x00 byte"])
async def test_a_message_the_database_refuses_fails_alone(people, broker, fragments, unstorable):
    alice, bob, room = people
    writer = MessageWriter(broker, fragments, NO_LIMIT, MAX_CHARS)
    before = writer.submit(room, NewMessage(alice, "before"))
    refused = writer.submit(room, NewMessage(bob, unstorable))
    after = writer.submit(room, NewMessage(alice, "after"))
    results = await asyncio.gather(before, refused, after, return_exceptions=True)
    saved = await Message.filter(room=room).order_by("id").values_list("body", flat=True)
    if unstorable in saved:  # SQLite stores NUL (validation refuses it before the writer)
        assert "\x00" in unstorable and saved == ["before", unstorable, "after"]
        return
    assert isinstance(results[1], Exception)
    assert saved == ["before", "after"]
    assert results[0].live and results[2].live
    room_now = await Room.get(id=room.id)
    assert room_now.last_event == 2
    assert room_now.last_message_id == await Message.get(body="after").values_list("id", flat=True)


async def test_a_socket_joining_a_feed_gets_every_message_the_feed_has_not_handed_out(
    people, broker, fragments
):
    """Saved a moment before a socket joins but not yet through the feed: above its floor,
    so delivered live (the floor is the feed's own head, not a second database read)."""
    alice, _, room = people
    feeds = Feeds(broker, fragments, MemoryPresence())
    early = Listener(10, fragments, wake=lambda: None)
    async with feeds.listen(room.id, early):
        (event,) = await save_messages(room, [NewMessage(alice, "in flight")])
        late = Listener(10, fragments, wake=lambda: None)
        async with feeds.listen(room.id, late):
            envelope = EventsEnvelope((posted(event.seq, event.message_id, "in flight"),))
            await broker.publish(room_channel(room.id), encode(envelope))
            for _ in range(100):
                if late.last_live_seq:
                    break
                await asyncio.sleep(0.01)
            assert late.floor == 0
            assert "in flight" in late.take(10)
    await feeds.stop()


async def test_messages_over_their_authors_rate_limit_are_refused_and_not_saved(
    people, broker, fragments
):
    alice, bob, room = people
    writer = MessageWriter(broker, fragments, MemoryTokenBucket("message", 3, 0.01), MAX_CHARS)
    sent = [writer.submit(room, NewMessage(alice, f"alice {n}")) for n in range(5)]
    sent.append(writer.submit(room, NewMessage(bob, "bob has his own limit")))
    results = await asyncio.gather(*sent, return_exceptions=True)
    refused = [r for r in results if isinstance(r, RateLimited)]
    assert len(refused) == 2 and all(90 < r.wait <= 100 for r in refused)
    saved = await Message.filter(room=room).order_by("id").values_list("body", flat=True)
    assert saved == ["alice 0", "alice 1", "alice 2", "bob has his own limit"]


async def test_a_message_sent_without_a_nonce_gets_one_so_a_repeated_save_is_refused(
    people, broker, fragments
):
    """Saving again after a failure that came after the commit must not save it twice."""
    alice, _, room = people
    writer = MessageWriter(broker, fragments, NO_LIMIT, MAX_CHARS)
    await writer.submit(room, NewMessage(alice, "from a client without nonces"))
    nonce = await Message.get(room=room).values_list("client_id", flat=True)
    assert nonce
    with pytest.raises(DuplicateSend):
        await writer.submit(room, NewMessage(alice, "from a client without nonces", nonce))
    assert await Message.filter(room=room).count() == 1


async def test_a_feed_skips_what_it_cannot_read_and_delivers_what_follows(
    people, broker, fragments
):
    """A worker of another version (a rolling deploy) or garbage on a room's channel must not
    end the room's feed."""
    alice, _, room = people
    feeds = Feeds(broker, fragments, MemoryPresence())
    listener = Listener(10, fragments, wake=lambda: None)
    async with feeds.listen(room.id, listener):
        for unreadable in (b"not json", b'{"kind": "from-the-future"}', b'{"kind": "presence"}'):
            await broker.publish(room_channel(room.id), unreadable)
        writer = MessageWriter(broker, fragments, NO_LIMIT, MAX_CHARS)
        await writer.submit(room, NewMessage(alice, "still delivered"))
        for _ in range(100):
            if listener.last_live_seq:
                break
            await asyncio.sleep(0.01)
        assert "still delivered" in listener.take(10)
    await feeds.stop()


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("   ", "Type a message before sending."),
        ("x" * 4001, "Messages are at most 4000 characters"),
    ],
)
async def test_the_write_path_refuses_a_message_that_breaks_the_rules(
    people, broker, fragments, body, error
):
    """Every sender (socket, form, bot, CLI) gets the same rules: the writer checks them."""
    alice, _, room = people
    writer = MessageWriter(broker, fragments, NO_LIMIT, MAX_CHARS)
    with pytest.raises(InvalidMessage, match=error):
        await writer.submit(room, NewMessage(alice, body))
    await writer.submit(room, NewMessage(alice, "  trimmed \r\n "))
    assert await Message.filter(room=room).values_list("body", flat=True) == ["trimmed"]
