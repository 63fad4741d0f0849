"""Message text as HTML: a safe Markdown subset (bold, italic, inline code, fenced code, links,
line breaks) with URLs linked.

markdown-it-py renders with raw HTML off; nh3 then keeps only the tags and attributes that
subset produces (no `hx-*`, no `on*`, no images, only http, https and mailto links) and marks
every link `rel="nofollow noopener"`.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

#: Emoji (with their joiners, variation selectors and skin tones) and the space between them.
_EMOJI_ONLY = re.compile(
    r"[\s\u200d\ufe0f\u20e3\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff"
    r"\u24c2\u25aa-\u27bf\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299"
    r"\U0001f000-\U0001faff]+"
)
#: Messages of at most this many emoji are shown large.
MAX_LARGE_EMOJI = 8
_NOT_COUNTED = " \n\t\u200d\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff"

_ALLOWED_TAGS = {"p", "br", "strong", "em", "code", "pre", "a"}
_ALLOWED_ATTRIBUTES = {"a": {"href"}}

_markdown = MarkdownIt("zero", {"html": False, "linkify": True, "breaks": True}).enable(
    ["emphasis", "backticks", "fence", "link", "linkify", "newline", "escape", "autolink"]
)
# "//host/path" is text in chat, not a link to wherever the page happens to be served from.
_markdown.linkify.add("//", None)


@lru_cache(maxsize=4096)
def render_body(text: str) -> Markup:
    """A message's text as safe HTML: one paragraph as inline HTML (no `<p>`), several blocks
    (paragraphs, code) as they are."""
    clean = nh3.clean(
        _markdown.render(text),
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    ).strip()
    if clean.startswith("<p>") and clean.endswith("</p>") and clean.count("<p>") == 1:
        clean = clean[3:-4]
    return Markup(clean)


def excerpt(text: str, limit: int = 140) -> str:
    """A message's text as one line of plain text (formatting dropped), at most `limit`
    characters: what a reply quotes of its original."""
    plain = render_body(text).striptags()
    if len(plain) <= limit:
        return plain
    return plain[: limit - 1].rstrip() + "…"


def is_block(html: str) -> bool:
    """True when rendered text holds blocks (paragraphs, code) rather than one run of text."""
    return html.startswith(("<p>", "<pre>"))


def is_emoji_only(text: str) -> bool:
    """True for a short message of nothing but emoji (shown large)."""
    if not text.strip() or not _EMOJI_ONLY.fullmatch(text):
        return False
    return sum(1 for char in text if char not in _NOT_COUNTED) <= MAX_LARGE_EMOJI
