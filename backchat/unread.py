"""Unread: what a member has not read yet in each of their rooms, from how far they have read in
the room's log (`Membership.last_read_event`): new messages by others, and those that mention
them. Counts stop at `COUNT_CAP` (shown as "99+"), so their cost does not grow with a room
left unread for long.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from backchat.events import POSTED
from backchat.models import Membership, Mention, Room, RoomEvent, User

#: Counting stops here: the sidebar then says "99+".
COUNT_CAP = 100
#: What of a room's news a member's badges count (`Membership.notify`).
EVERYTHING, MENTIONS, NOTHING = "all", "mentions", "none"
NOTIFY_LEVELS = (EVERYTHING, MENTIONS, NOTHING)
#: Which new messages by others raise a desktop notification (for whoever turned them on).
ALL_NOTICES, MENTION_NOTICES, NO_NOTICES = "all", "mentions", ""


def desktop_notices(level: str, direct: bool) -> str:
    """Which of a room's new messages by others raise a desktop notification for a member at
    `level`: every one in a direct conversation, those naming the member elsewhere (or at level
    "mentions"), none at level "none"."""
    if level == NOTHING:
        return NO_NOTICES
    return ALL_NOTICES if direct and level == EVERYTHING else MENTION_NOTICES


def raises_notice(level: str, direct: bool, mentions_member: bool) -> bool:
    """Whether a new message by someone else raises a desktop notification for the member."""
    notices = desktop_notices(level, direct)
    return notices == ALL_NOTICES or (notices == MENTION_NOTICES and mentions_member)


@dataclass(slots=True)
class Unread:
    """One room's news for one member: from where they have read to (`position` in the room's
    log), the messages by others since (id -> position, at most `COUNT_CAP`) and those of them
    naming the member. Kept current live by the sidebars of their open pages. What the badges
    show of it follows the member's `level` for the room."""

    position: int
    unread: dict[int, int] = field(default_factory=dict)
    mentioning: set[int] = field(default_factory=set)
    level: str = EVERYTHING

    @property
    def messages(self) -> int:
        """How many messages are unread (counting stops at `COUNT_CAP`)."""
        return len(self.unread)

    @property
    def mentions(self) -> int:
        """How many of them mention the member."""
        return len(self.mentioning)

    @property
    def shown(self) -> int:
        """The unread count the member's badges show: every message, the mentioning ones
        only, or none, by their level for the room."""
        if self.level == EVERYTHING:
            return self.messages
        return self.mentions if self.level == MENTIONS else 0

    @property
    def mentions_shown(self) -> int:
        """The mentions the badges show (none at level "none")."""
        return 0 if self.level == NOTHING else self.mentions

    def posted(self, message_id: int, seq: int, mentions_member: bool) -> bool:
        """Someone else posted a message at `seq`; True if the news changed."""
        if seq <= self.position or message_id in self.unread or len(self.unread) >= COUNT_CAP:
            return False
        self.unread[message_id] = seq
        if mentions_member:
            self.mentioning.add(message_id)
        return True

    def edited(self, message_id: int, mentions_member: bool) -> bool:
        """A message was edited (it may name the member now, or no longer); True if changed."""
        if message_id not in self.unread or (message_id in self.mentioning) == mentions_member:
            return False
        if mentions_member:
            self.mentioning.add(message_id)
        else:
            self.mentioning.discard(message_id)
        return True

    def deleted(self, message_id: int) -> bool:
        """A message was deleted: it is no news any more; True if it was."""
        self.mentioning.discard(message_id)
        return self.unread.pop(message_id, None) is not None

    def read_to(self, position: int) -> bool:
        """The member read the room up to `position` (never back); True if the news changed."""
        if position <= self.position:
            return False
        self.position = position
        before = len(self.unread)
        self.unread = {m: seq for m, seq in self.unread.items() if seq > position}
        self.mentioning &= self.unread.keys()
        return len(self.unread) != before


async def news_in(user: User, rooms: Sequence[Room]) -> dict[int, Unread]:
    """Each of the user's rooms' news for them, by room id (rooms they are not a member of are
    left out). Only rooms whose log moved past the member's position are read: one query for
    the rest."""
    if not rooms:
        return {}
    memberships = await Membership.filter(
        user_id=user.id, room_id__in=[r.id for r in rooms]
    ).values_list("room_id", "last_read_event", "notify")
    read = {room_id: position for room_id, position, _ in memberships}
    news = {room_id: Unread(position, level=level) for room_id, position, level in memberships}
    moved = [(r.id, read[r.id]) for r in rooms if r.id in read and r.last_event > read[r.id]]
    for room_id, position in moved:
        fresh = RoomEvent.filter(room_id=room_id, seq__gt=position, kind=POSTED)
        unread = await (
            fresh.exclude(message__author_id=user.id)
            .filter(message__deleted_at=None)
            .order_by("seq")
            .limit(COUNT_CAP)
            .values_list("message_id", "seq")
        )
        if not unread:
            continue
        news[room_id].unread = dict(unread)
        mentioning = await Mention.filter(
            user_id=user.id, message_id__in=list(news[room_id].unread)
        ).values_list("message_id", flat=True)
        news[room_id].mentioning = set(mentioning)
    return news


async def unread_in(user: User, rooms: Sequence[Room]) -> dict[int, Unread]:
    """The rooms with news the user's badges show, by room id."""
    news = await news_in(user, rooms)
    return {room_id: room_news for room_id, room_news in news.items() if room_news.shown}


async def first_unread(user: User, room_id: int) -> int | None:
    """The first message by others after where the member had read to (None: nothing new)."""
    position = (
        await Membership.filter(user_id=user.id, room_id=room_id)
        .first()
        .values_list("last_read_event", flat=True)
    )
    if position is None:
        return None
    return await (
        RoomEvent.filter(room_id=room_id, seq__gt=position, kind=POSTED)
        .exclude(message__author_id=user.id)
        .order_by("seq")
        .first()
        .values_list("message_id", flat=True)
    )


async def notify_level(user: User, room: Room) -> str:
    """What of the room's news the member's badges count."""
    found = Membership.filter(user_id=user.id, room_id=room.id).first()
    return await found.values_list("notify", flat=True) or EVERYTHING  # type: ignore[return-value]


async def set_notify_level(user: User, room: Room, level: str) -> None:
    """What of the room's news the member's badges count (one of `NOTIFY_LEVELS`)."""
    await Membership.filter(user_id=user.id, room_id=room.id).update(notify=level)


async def mark_read(user_id: int, room_id: int, position: int) -> bool:
    """The member has read the room up to `position` (never moves back); True if it moved."""
    moved = await Membership.filter(
        user_id=user_id, room_id=room_id, last_read_event__lt=position
    ).update(last_read_event=position)
    return bool(moved)
