"""A room's news for one member, as a live sidebar keeps it: what counts, what stops counting,
and that hearing a change twice counts it once."""

from backchat.unread import COUNT_CAP, Unread


def test_messages_after_the_position_count_once_and_mentions_with_them():
    news = Unread(position=10)
    assert not news.posted(1, seq=9, mentions_member=False)  # read already
    assert news.posted(2, seq=11, mentions_member=False)
    assert news.posted(3, seq=12, mentions_member=True)
    assert not news.posted(3, seq=12, mentions_member=True)  # heard twice
    assert (news.messages, news.mentions) == (2, 1)


def test_edits_add_and_drop_mentions_and_deletions_drop_the_message():
    news = Unread(position=0)
    news.posted(1, seq=1, mentions_member=False)
    assert news.edited(1, mentions_member=True)
    assert not news.edited(1, mentions_member=True)
    assert not news.edited(99, mentions_member=True)  # not news: an edit does not make it so
    assert news.mentions == 1
    assert news.deleted(1)
    assert not news.deleted(1)
    assert (news.messages, news.mentions) == (0, 0)


def test_reading_drops_what_it_covers_and_never_moves_back():
    news = Unread(position=0)
    for seq in range(1, 6):
        news.posted(seq, seq=seq, mentions_member=seq == 2)
    assert news.read_to(3)
    assert (news.messages, news.mentions, news.position) == (2, 0, 3)
    assert not news.read_to(2)
    assert news.position == 3
    assert not news.posted(1, seq=1, mentions_member=False)


def test_counting_stops_at_the_cap():
    news = Unread(position=0)
    for seq in range(1, COUNT_CAP + 10):
        news.posted(seq, seq=seq, mentions_member=False)
    assert news.messages == COUNT_CAP


def test_the_members_level_decides_what_the_badges_show():
    news = Unread(position=0)
    news.posted(1, 1, mentions_member=False)
    news.posted(2, 2, mentions_member=True)
    shown = {}
    for level in ("all", "mentions", "none"):
        news.level = level
        shown[level] = (news.shown, news.mentions_shown)
    assert shown == {"all": (2, 1), "mentions": (1, 1), "none": (0, 0)}
