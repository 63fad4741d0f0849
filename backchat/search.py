"""Searching message text in the rooms a person is in: SQLite's FTS5 or PostgreSQL's full-text
index (migration 7), newest first, with the matches marked in an excerpt.

What people type is never query syntax: it is cut into words, and each word becomes a quoted
phrase (FTS5) or a quoted lexeme (tsquery), all of them required. A short last word (up to
`PREFIX_CHARS`) is matched as the start of a word, on FTS5's prefix index ("lun" finds
"lunch"); a longer one as a whole word, stemmed ("meeting" finds "meetings"): FTS5 reads every
match of a longer prefix before it can give the newest. The membership filter is part of the
SQL, so another room's message never leaves the database.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markupsafe import Markup, escape
from tortoise import Tortoise

from backchat.formatting import render_body
from backchat.history import SHOWN_WITH
from backchat.models import Message

#: A search uses at most this many words, each at most this long.
MAX_TERMS = 8
MAX_TERM_CHARS = 64
#: A last word this short is a prefix (the FTS5 table has prefix indexes of 2 to 4 characters).
PREFIX_CHARS = 4
#: How much of a long message a result shows around its first match.
EXCERPT_CHARS = 200
_WORD = re.compile(r"\w+")


def search_terms(query: str) -> list[str]:
    """The words of a query, lower-cased, each once (the rest of what was typed is ignored)."""
    words = (word.lower()[:MAX_TERM_CHARS] for word in _WORD.findall(query))
    return list(dict.fromkeys(words))[:MAX_TERMS]


async def search_messages(
    user_id: int,
    terms: Sequence[str],
    limit: int,
    room_id: int | None = None,
    before_id: int | None = None,
) -> list[Message]:
    """The newest `limit` messages (older than `before_id`) holding every term, in the rooms
    the user is a member of (or in one of them), not deleted; with what showing them takes."""
    if not terms:
        return []
    connection = Tortoise.get_connection("default")
    postgres = connection.capabilities.dialect == "postgres"
    sql, params = (_postgres_query if postgres else _sqlite_query)(
        terms, user_id, limit, room_id, before_id
    )
    ids = [row["id"] for row in await connection.execute_query_dict(sql, params)]
    found = {m.id: m for m in await Message.filter(id__in=ids).select_related(*SHOWN_WITH)}
    return [found[i] for i in ids if i in found]


def _sqlite_query(
    terms: Sequence[str], user_id: int, limit: int, room_id: int | None, before_id: int | None
) -> tuple[str, list[object]]:
    phrases = [f'"{term}"' for term in terms]
    if _is_prefix(terms[-1]):
        phrases[-1] += "*"
    where, params = ["message_search MATCH ?"], [" ".join(phrases)]
    where.append("m.deleted_at IS NULL")
    where.append("m.room_id IN (SELECT room_id FROM membership WHERE user_id = ?)")
    params.append(user_id)
    if room_id is not None:
        where.append("m.room_id = ?")
        params.append(room_id)
    if before_id is not None:
        where.append("message_search.rowid < ?")
        params.append(before_id)
    params.append(limit)
    sql = (
        "SELECT m.id FROM message_search JOIN message m ON m.id = message_search.rowid"
        f" WHERE {' AND '.join(where)} ORDER BY message_search.rowid DESC LIMIT ?"
    )
    return sql, params


def _postgres_query(
    terms: Sequence[str], user_id: int, limit: int, room_id: int | None, before_id: int | None
) -> tuple[str, list[object]]:
    lexemes = [f"'{term}'" for term in terms]
    if _is_prefix(terms[-1]):
        lexemes[-1] += ":*"
    params: list[object] = [" & ".join(lexemes), user_id]
    where = [
        "to_tsvector('english', m.body) @@ to_tsquery('english', $1)",
        "m.deleted_at IS NULL",
        "m.room_id IN (SELECT room_id FROM membership WHERE user_id = $2)",
    ]
    if room_id is not None:
        params.append(room_id)
        where.append(f"m.room_id = ${len(params)}")
    if before_id is not None:
        params.append(before_id)
        where.append(f"m.id < ${len(params)}")
    params.append(limit)
    sql = f"SELECT m.id FROM message m WHERE {' AND '.join(where)} ORDER BY m.id DESC"
    return f"{sql} LIMIT ${len(params)}", params


def _is_prefix(term: str) -> bool:
    """True when the last word of a search is matched as the start of a word."""
    return len(term) <= PREFIX_CHARS


def highlight(text: str, terms: Sequence[str]) -> Markup:
    """A message's text as one line of plain text (around its first match when it is long),
    escaped, with the words that start with a search term marked (`<mark>`)."""
    plain = render_body(text).striptags()
    words = re.compile(r"\b(?:" + "|".join(map(re.escape, terms)) + r")\w*", re.IGNORECASE)
    start = 0
    if len(plain) > EXCERPT_CHARS and (first := words.search(plain)):
        start = max(0, first.start() - EXCERPT_CHARS // 3)
    window = plain[start : start + EXCERPT_CHARS]
    parts: list[Markup] = [Markup("…")] if start else []
    shown = 0
    for match in words.finditer(window) if terms else ():
        parts += [escape(window[shown : match.start()]), Markup("<mark>%s</mark>") % match[0]]
        shown = match.end()
    parts.append(escape(window[shown:]))
    if start + EXCERPT_CHARS < len(plain):
        parts.append(Markup("…"))
    return Markup("").join(parts)
