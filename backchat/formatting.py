"""Message text as HTML: a safe Markdown subset (bold, italic, inline code, fenced code, links,
line breaks) with URLs linked and `@username` mentions marked.

markdown-it-py renders with raw HTML off; nh3 then keeps only the tags and attributes that
subset produces (no `hx-*`, no `on*`, no images, only http, https and mailto links) and marks
every link `rel="nofollow noopener"`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markupsafe import Markup, escape

#: Emoji (with their joiners, variation selectors and skin tones) and the space between them.
_EMOJI_ONLY = re.compile(
    r"[\s\u200d\ufe0f\u20e3\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff"
    r"\u24c2\u25aa-\u27bf\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299"
    r"\U0001f000-\U0001faff]+"
)
#: Messages of at most this many emoji are shown large.
MAX_LARGE_EMOJI = 8
_NOT_COUNTED = " \n\t\u200d\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff"

_ALLOWED_TAGS = {"p", "br", "strong", "em", "code", "pre", "a", "span"}
#: "*": no attribute on every tag (nh3 would allow `lang` and `title`).
_ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href"}, "*": set()}
_ALLOWED_CLASSES = {"span": {"mention"}}
#: `@` and a username (backchat.accounts' rules), not inside a word or an address; a name
#: ends on a letter, digit or underscore, so "@alice." mentions alice.
_MENTION = re.compile(r"@([A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,30}[A-Za-z0-9_])?)")
_BEFORE_MENTION = re.compile(r"[\w@.+-]")

_markdown = MarkdownIt("zero", {"html": False, "linkify": True, "breaks": True}).enable(
    ["emphasis", "backticks", "fence", "link", "linkify", "newline", "escape", "autolink"]
)
# "//host/path" is text in chat, not a link to wherever the page happens to be served from.
_markdown.linkify.add("//", None)


def _mention(state: StateInline, silent: bool) -> bool:
    """Inline rule: `@name` (outside code) becomes a `mention` token."""
    start = state.pos
    if state.src[start] != "@" or (start and _BEFORE_MENTION.match(state.src[start - 1])):
        return False
    found = _MENTION.match(state.src, start)
    if not found or len(found.group(1)) < 3:
        return False
    if not silent:
        token = state.push("mention", "", 0)
        token.meta = {"name": found.group(1)}
    state.pos = found.end()
    return True


_markdown.inline.ruler.before("emphasis", "mention", _mention)
_markdown.add_render_rule(
    "mention",
    lambda _self, tokens, idx, _options, _env: (
        f'<span class="mention">@{escape(tokens[idx].meta["name"])}</span>'
    ),
)


@dataclass(frozen=True, slots=True)
class Rendered:
    """A message's text as safe HTML, and the usernames it mentions (lower-cased, once each,
    in order)."""

    html: Markup
    mentions: tuple[str, ...]


@lru_cache(maxsize=4096)
def rendered(text: str) -> Rendered:
    """A message's text rendered: one paragraph as inline HTML (no `<p>`), several blocks
    (paragraphs, code) as they are; with the names it mentions."""
    tokens = _markdown.parse(text)
    names = dict.fromkeys(
        child.meta["name"].lower()
        for token in tokens
        for child in token.children or ()
        if child.type == "mention"
    )
    clean = nh3.clean(
        _markdown.renderer.render(tokens, _markdown.options, {}),
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        allowed_classes=_ALLOWED_CLASSES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    ).strip()
    if clean.startswith("<p>") and clean.endswith("</p>") and clean.count("<p>") == 1:
        clean = clean[3:-4]
    return Rendered(Markup(clean), tuple(names))


def render_body(text: str) -> Markup:
    """A message's text as safe HTML (see `rendered`)."""
    return rendered(text).html


def mentioned(text: str) -> tuple[str, ...]:
    """The usernames a message's text mentions, lower-cased (not those in code)."""
    return rendered(text).mentions


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
