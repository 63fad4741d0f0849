"""Model-level behaviour, on SQLite and on the real PostgreSQL."""

import asyncio
from datetime import timedelta

import pytest
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from backchat import rooms
from backchat.accounts import (
    UsernameTaken,
    authenticate,
    create_user,
    end_session,
    hash_password,
    save_new_user,
    start_session,
    user_for_session,
)
from backchat.bots import bot_for_token, create_bot
from backchat.events import RoomPosition, events_after, room_position
from backchat.history import recent_messages
from backchat.messaging import DuplicateSend, save_message
from backchat.models import Membership, Message, Room, User
from backchat.ownership import (
    delete_room,
    leave_room,
    membership_named,
    memberships_of,
    promote,
    remove_member,
)
from backchat.prepared import PreparedFirst
from backchat.rooms import (
    LOBBY_SLUG,
    create_room,
    find_room,
    join_room,
    room_of_member,
    rooms_of,
)

PASSWORD = "long enough password"


async def test_usernames_are_unique_case_insensitively(db):
    await create_user("Alice", PASSWORD)
    with pytest.raises(UsernameTaken):
        await create_user("aLICE", PASSWORD)


async def test_authenticate_checks_the_password_and_ignores_case(db):
    alice = await create_user("Alice", PASSWORD)
    assert (await authenticate("alice", PASSWORD)).id == alice.id
    assert await authenticate("alice", "not the password") is None
    assert await authenticate("nobody", PASSWORD) is None


async def test_a_login_session_works_until_it_ends(db):
    alice = await create_user("alice", PASSWORD)
    session_id = await start_session(alice)
    assert len(session_id) >= 40
    assert (await user_for_session(session_id)).id == alice.id
    await end_session(session_id)
    assert await user_for_session(session_id) is None


async def test_a_socket_finds_a_room_only_for_its_members(db):
    """The handshake's lookup (SQL built once per dialect) answers as the ORM query would."""
    alice = await create_user("alice", PASSWORD)
    bob = await create_user("bob", PASSWORD)
    room = await create_room("Ops", alice)
    found = await room_of_member(alice, room.slug)
    assert (found.id, found.name, found.slug) == (room.id, "Ops", room.slug)
    assert await room_of_member(bob, room.slug) is None
    assert await room_of_member(alice, "no-such-room") is None
    await join_room(bob, room)
    async with in_transaction():  # the lookup runs on the transaction's connection
        assert (await room_of_member(bob, room.slug)).id == room.id


async def test_a_prepared_lookup_refuses_a_value_it_cannot_place(db):
    """A value used twice in the query (or not at all) cannot be bound by position."""
    twice = PreparedFirst(Room, lambda code: Room.filter(Q(slug=code) | Q(name=code)), str)
    with pytest.raises(ValueError, match="exactly one parameter"):
        await twice("ops")
    unused = PreparedFirst(Room, lambda code: Room.filter(slug="fixed"), str)
    with pytest.raises(ValueError, match="exactly one parameter"):
        await unused("ops")


async def test_creating_a_room_makes_the_creator_its_owner(db):
    alice = await create_user("alice", PASSWORD)
    room = await create_room("Café ☕", alice)
    assert room.slug.startswith("cafe-")
    assert [(m.user.username, m.role) for m in await memberships_of(room)] == [("alice", "owner")]
    assert (await find_room(room.slug)).id == room.id


async def test_a_colliding_slug_is_drawn_again(db, monkeypatch):
    alice = await create_user("alice", PASSWORD)
    drawn = iter(["same-aaaa", "same-aaaa", "same-bbbb"])
    monkeypatch.setattr(rooms, "new_slug", lambda name: next(drawn))
    first = await create_room("Same", alice)
    second = await create_room("Same", alice)
    assert (first.slug, second.slug) == ("same-aaaa", "same-bbbb")
    assert await Room.exclude(slug=LOBBY_SLUG).count() == 2
    assert await Membership.filter(user=alice).exclude(room__slug=LOBBY_SLUG).count() == 2


async def test_joining_twice_keeps_one_membership(db):
    alice = await create_user("alice", PASSWORD)
    bob = await create_user("bob", PASSWORD)
    room = await create_room("Room", alice)
    await join_room(bob, room)
    await join_room(bob, room)
    assert await Membership.filter(room=room).count() == 2
    members = [(m.user.username, m.role) for m in await memberships_of(room)]
    assert members == [("alice", "owner"), ("bob", "member")]


async def test_every_change_to_the_members_is_an_event_of_the_rooms_log(db):
    alice, bob, carol = [await create_user(name, PASSWORD) for name in ("alice", "bob", "carol")]
    room = await create_room("Room", alice)
    joins = await asyncio.gather(join_room(bob, room), join_room(bob, room), join_room(carol, room))
    assert sorted(e.user.username for e in joins if e is not None) == ["bob", "carol"]
    bob_there, carol_there = [await membership_named(room, name) for name in ("bob", "carol")]
    assert (await promote(room, bob_there)).kind == "promoted"
    assert await promote(room, bob_there) is None  # an owner already
    assert (await remove_member(room, carol_there)).kind == "removed"
    assert await remove_member(room, carol_there) is None  # gone already
    assert (await leave_room(bob, room)).kind == "left"
    assert await leave_room(bob, room) is None
    logged = await events_after(room.id, 0, (await room_position(room.id)).event, 100)
    assert [(e.seq, e.kind, e.user.username) for e in logged[2:]] == [
        (3, "promoted", "bob"),
        (4, "removed", "carol"),
        (5, "left", "bob"),
    ]
    assert [e.seq for e in logged[:2]] == [1, 2]
    assert [e.member_count for e in logged] == [1] * 5  # as the room is now: alice alone


async def test_of_first_accounts_made_at_the_same_moment_one_is_the_admin(db):
    password_hash = await hash_password(PASSWORD)
    await asyncio.gather(*(save_new_user(f"first{n}", password_hash, join_room) for n in range(4)))
    assert await User.filter(is_admin=True).count() == 1
    await create_user("later", PASSWORD)
    assert await User.filter(is_admin=True).count() == 1


async def test_deleting_a_room_deletes_its_bots_and_their_accounts(db):
    alice, bob = [await create_user(name, PASSWORD) for name in ("alice", "bob")]
    room, other = await create_room("Room", alice), await create_room("Other", alice)
    await join_room(bob, room)
    bot, token = await create_bot(room, "Deploys")
    kept, kept_token = await create_bot(other, "CI")
    assert sorted(await delete_room(room)) == sorted([alice.id, bob.id])
    assert await bot_for_token(token) is None
    assert not await User.exists(id=bot.user_id)
    assert (await bot_for_token(kept_token)).user_id == kept.user_id
    assert await User.filter(id__in=[alice.id, bob.id]).count() == 2


async def test_recent_messages_are_the_latest_oldest_first(db):
    alice = await create_user("alice", PASSWORD)
    room = await create_room("Room", alice)
    other = await create_room("Other", alice)
    for number in range(8):
        await save_message(room, alice, f"m{number} 🎉 ünïcödé")
        await save_message(other, alice, "elsewhere")
    latest = await recent_messages(room.id, 5)
    assert [m.body.split()[0] for m in latest] == ["m3", "m4", "m5", "m6", "m7"]
    assert latest[-1].body == "m7 🎉 ünïcödé"
    assert latest[0].author.username == "alice"
    assert [m.id for m in latest] == sorted(m.id for m in latest)


async def test_saving_a_message_marks_the_room_active(db):
    alice = await create_user("alice", PASSWORD)
    quiet = await create_room("Quiet", alice)
    busy = await create_room("Busy", alice)
    await create_room("Newest", alice)
    message = (await save_message(busy, alice, "hi")).message
    assert [r.name for r in await rooms_of(alice)] == ["Busy", "Newest", "Quiet", "Lobby"]
    assert (await Room.get(id=busy.id)).last_activity_at == message.created_at
    assert quiet.last_activity_at < message.created_at


async def test_long_messages_are_stored_whole(db):
    alice = await create_user("alice", PASSWORD)
    room = await create_room("Room", alice)
    body = "word " * 2000
    saved = (await save_message(room, alice, body)).message
    assert (await Message.get(id=saved.id)).body == body


async def test_each_message_is_posted_at_the_next_position_of_its_rooms_log(db):
    alice = await create_user("alice", PASSWORD)
    room = await create_room("Room", alice)
    other = await create_room("Other", alice)
    first = await save_message(room, alice, "one")
    await save_message(other, alice, "elsewhere")
    second = await save_message(room, alice, "two")
    assert (first.seq, first.kind, second.seq) == (1, "posted", 2)
    assert await room_position(room.id) == RoomPosition(2, second.message.id)
    assert await room_position(other.id) == RoomPosition(1, first.message.id + 1)


async def test_concurrent_saves_to_one_room_fill_its_log_in_commit_order(db):
    users = [await create_user(f"user{n}", PASSWORD) for n in range(4)]
    room = await create_room("Busy", users[0])
    saved = await asyncio.gather(*(save_message(room, users[n % 4], f"m{n}") for n in range(40)))
    by_position = sorted(saved, key=lambda event: event.seq)
    assert [event.seq for event in by_position] == list(range(1, 41))
    message_ids = [event.message.id for event in by_position]
    assert message_ids == sorted(message_ids)
    logged = await events_after(room.id, 0, 40, 100)
    assert [(e.seq, e.message.id, e.message.author.username) for e in logged] == [
        (e.seq, e.message.id, e.message.author.username) for e in by_position
    ]


async def test_a_repeated_composer_nonce_is_saved_once(db):
    alice = await create_user("alice", PASSWORD)
    bob = await create_user("bob", PASSWORD)
    room = await create_room("Room", alice)
    await save_message(room, alice, "hello", client_id="nonce-1")
    with pytest.raises(DuplicateSend):
        await save_message(room, alice, "hello", client_id="nonce-1")
    await save_message(room, bob, "hello", client_id="nonce-1")  # another author may reuse it
    await save_message(room, alice, "no nonce")
    await save_message(room, alice, "no nonce")
    assert await Message.filter(room=room).count() == 4
    assert (await Room.get(id=room.id)).last_message_id == (
        await Message.all().order_by("-id").first()
    ).id


async def test_a_quick_follow_up_by_the_same_author_continues_the_group(db):
    alice = await create_user("alice", PASSWORD)
    bob = await create_user("bob", PASSWORD)
    room = await create_room("Room", alice)
    first, second, third, fourth = [
        (await save_message(room, author, body)).message
        for author, body in ((alice, "one"), (alice, "two"), (bob, "three"), (alice, "four"))
    ]
    assert [m.continues for m in (first, second, third, fourth)] == [False, True, False, False]
    await Message.filter(id=fourth.id).update(created_at=fourth.created_at - timedelta(hours=1))
    fifth = (await save_message(room, alice, "an hour later")).message
    assert not fifth.continues
