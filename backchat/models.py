"""Tortoise ORM models: users and their login sessions, rooms, memberships, messages and the
room's event log.

aerich owns the schema (`migrations/`); a test keeps models and migrations in step.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tortoise import fields
from tortoise.models import Model


class User(Model):
    """A person with an account. `username_key` is the lower-cased name, unique. A site admin
    looks after every room and account, and may deactivate one."""

    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=32)
    username_key = fields.CharField(max_length=32, unique=True)
    # Shown beside their messages instead of the username (which shows on hover); None: unset.
    display_name = fields.CharField(max_length=64, null=True)
    password_hash = fields.CharField(max_length=255)
    created_at = fields.DatetimeField(auto_now_add=True)
    is_admin = fields.BooleanField(default=False, db_default=False)
    # A site admin deactivated the account: it cannot sign in, and its sessions were ended.
    is_active = fields.BooleanField(default=True, db_default=True)
    # The account a room's bot posts as (its display name is the bot's): it cannot sign in.
    is_bot = fields.BooleanField(default=False, db_default=False)

    memberships: fields.ReverseRelation[Membership]

    class Meta:
        table = "user"

    def __str__(self) -> str:
        return self.username


class LoginSession(Model):
    """One signed-in browser. The auth cookie carries its random id; logout deletes the row."""

    id = fields.CharField(max_length=64, primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="sessions", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "login_session"


class Room(Model):
    """A chat room, found by its unique shareable `slug` (the room code). An open room is
    listed and anyone signed in may join it; a private one is seen by its members only, and
    joined through its invite link (`/join/<invite_token>/`). A direct conversation is a
    private room of two people, named after both ("alice, bob")."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=80)
    slug = fields.CharField(max_length=64, unique=True)
    visibility = fields.CharField(max_length=8, default="open", db_default="open")
    # Random; resetting it makes the old invite link stop working. None: not made yet.
    invite_token = fields.CharField(max_length=64, null=True, unique=True)
    # A direct conversation's two people ("<lower id>:<higher id>"): there is one per pair,
    # nobody else joins it, and it stays private. None: any other room.
    dm_key = fields.CharField(max_length=32, null=True, unique=True)
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="rooms_created", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    last_activity_at = fields.DatetimeField(db_index=True)
    # Moved by every change to the room, in the same transaction: they serialise a room's
    # writes, number its events without gaps, and read together they say which messages a page
    # holds at which event.
    last_message_id = fields.BigIntField(null=True)
    last_event = fields.BigIntField(default=0, db_default=0)

    class Meta:
        table = "room"

    def __str__(self) -> str:
        return self.name


class Bot(Model):
    """A room's incoming webhook: a secret token (kept as its SHA-256, shown once) that posts
    to the room as the bot's own account."""

    id = fields.IntField(primary_key=True)
    room: fields.ForeignKeyRelation[Room] = fields.ForeignKeyField(
        "models.Room", related_name="bots", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="bot", on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "bot"


class RoomBan(Model):
    """Someone a room's owner removed: they cannot join it again until the owner lets them."""

    id = fields.IntField(primary_key=True)
    room: fields.ForeignKeyRelation[Room] = fields.ForeignKeyField(
        "models.Room", related_name="bans", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="room_bans", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "room_ban"
        unique_together = (("room", "user"),)


#: A membership's role: an owner manages the room.
MEMBER, OWNER = "member", "owner"


class Membership(Model):
    """A user belongs to a room, as a member or as one of its owners (who manage it: its
    creator, and anyone an owner promotes). Leaving a page or closing a tab never removes it."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="memberships", on_delete=fields.CASCADE
    )
    room: fields.ForeignKeyRelation[Room] = fields.ForeignKeyField(
        "models.Room", related_name="memberships", on_delete=fields.CASCADE
    )
    joined_at = fields.DatetimeField(auto_now_add=True)
    # How far in the room's event log the member has read: what comes after is unread.
    last_read_event = fields.BigIntField(default=0, db_default=0)
    role = fields.CharField(max_length=8, default=MEMBER, db_default=MEMBER)
    # What of the room's news the member's badges count: "all", "mentions" or "none".
    notify = fields.CharField(max_length=8, default="all", db_default="all")

    class Meta:
        table = "membership"
        unique_together = (("user", "room"),)


class Message(Model):
    """A saved chat message. Ids grow in save order, so they order a room's history."""

    id = fields.BigIntField(primary_key=True)
    room: fields.ForeignKeyRelation[Room] = fields.ForeignKeyField(
        "models.Room", related_name="messages", on_delete=fields.CASCADE
    )
    author: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="messages", on_delete=fields.RESTRICT
    )
    body = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)
    # The composer's nonce: a send the browser repeats after a reconnect is saved once.
    client_id = fields.CharField(max_length=64, null=True)
    # Shown grouped under the previous message (same author, soon after): decided on save, so
    # the one rendered fragment is right for every reader.
    continues = fields.BooleanField(default=False, db_default=False)
    # Set by an edit by its author; a deleted message keeps its place and loses its text.
    edited_at = fields.DatetimeField(null=True)
    deleted_at = fields.DatetimeField(null=True)
    # The message this one answers (in the same room; checked on save). A reply shows an
    # excerpt of it.
    reply_to: fields.ForeignKeyNullableRelation[Message] = fields.ForeignKeyField(
        "models.Message",
        related_name="replies",
        null=True,
        on_delete=fields.SET_NULL,
        db_index=True,
    )
    #: Who reacted with what, when read for showing (`reactions.attach_reactions`); a message
    #: just posted has none.
    reaction_counts: Sequence[Any] = ()

    class Meta:
        table = "message"
        # "The latest N in a room" and "older than id X in a room" both walk this index.
        indexes = (("room_id", "id"),)
        unique_together = (("author_id", "client_id"),)


class RoomEvent(Model):
    """One change to a room (a message posted, someone joining, ...), at position `seq` in the
    room's log.

    Written in the same transaction as the change, so a page that was away reads every change
    it missed, in order, from the positions after its `last_seen`.
    """

    id = fields.BigIntField(primary_key=True)
    room: fields.ForeignKeyRelation[Room] = fields.ForeignKeyField(
        "models.Room", related_name="events", on_delete=fields.CASCADE
    )
    seq = fields.BigIntField()
    kind = fields.CharField(max_length=16)
    message: fields.ForeignKeyNullableRelation[Message] = fields.ForeignKeyField(
        "models.Message", related_name="events", null=True, on_delete=fields.CASCADE
    )
    #: Whose membership changed (joined, left, removed, promoted).
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="room_events", null=True, on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    #: The room's member count, on a membership event read for showing
    #: (`events.attach_member_counts`).
    member_count: int = 0

    class Meta:
        table = "room_event"
        # Every read of the log is "a room's events after position X", on this index.
        unique_together = (("room_id", "seq"),)


class Reaction(Model):
    """A person's emoji on a message (one of `reactions.EMOJI`); toggled, one of each per person."""

    id = fields.BigIntField(primary_key=True)
    message: fields.ForeignKeyRelation[Message] = fields.ForeignKeyField(
        "models.Message", related_name="reactions", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="reactions", on_delete=fields.CASCADE
    )
    emoji = fields.CharField(max_length=8)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "reaction"
        unique_together = (("message_id", "user_id", "emoji"),)


class Mention(Model):
    """A message names a person (`@username`): it is in their list of mentions."""

    id = fields.BigIntField(primary_key=True)
    message: fields.ForeignKeyRelation[Message] = fields.ForeignKeyField(
        "models.Message", related_name="mentions", on_delete=fields.CASCADE, db_index=True
    )
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="mentions", on_delete=fields.CASCADE
    )

    class Meta:
        table = "mention"
        # "A person's mentions, newest first" walks this index.
        unique_together = (("user_id", "message_id"),)
