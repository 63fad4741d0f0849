"""Message text as HTML: the Markdown subset people use in chat, and nothing a sender could use
to script, restyle or drive the page."""

import pytest

from backchat.formatting import (
    MAX_LARGE_EMOJI,
    excerpt,
    is_block,
    is_emoji_only,
    render_body,
    rendered,
)
from tests.xss import PAYLOADS, parse

LINK = 'rel="nofollow noopener"'


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("plain words", "plain words"),
        ("**bold** and __bold__", "<strong>bold</strong> and <strong>bold</strong>"),
        ("*italic* and _italic_", "<em>italic</em> and <em>italic</em>"),
        ("run `make test` now", "run <code>make test</code> now"),
        ("`<b>` stays text", "<code>&lt;b&gt;</code> stays text"),
        ("one\ntwo", "one<br>\ntwo"),
        ("one\n\ntwo", "<p>one</p>\n<p>two</p>"),
        ("```\nif a < b:\n    pass\n```", "<pre><code>if a &lt; b:\n    pass\n</code></pre>"),
        (
            "```python\nx = 1\n```",  # the language is dropped: no class a sender chooses
            "<pre><code>x = 1\n</code></pre>",
        ),
        ("\\*not italic\\*", "*not italic*"),
        ("    four spaces are not code", "four spaces are not code"),
        ("# not a heading", "# not a heading"),
        ("> not a quote", "&gt; not a quote"),
        ("- not a list", "- not a list"),
        ("&amp; stays as typed", "&amp;amp; stays as typed"),
        ("//host/path", "//host/path"),
    ],
)
def test_the_markdown_subset(text, html):
    assert render_body(text) == html


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("see https://example.com/a?b=1&c=2.", "https://example.com/a?b=1&amp;c=2"),
        ("see example.com", "http://example.com"),
        ("[the docs](https://example.com/docs)", "https://example.com/docs"),
        ("<https://example.com>", "https://example.com"),
        ("write to ops@example.com", "mailto:ops@example.com"),
    ],
)
def test_links_are_marked_nofollow_noopener(text, href):
    html = render_body(text)
    assert f'<a href="{href}" {LINK}>' in html
    assert html.count("<a ") == 1


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](data:text/html,<script>alert(1)</script>)",
        "[click](vbscript:msgbox)",
        "javascript:alert(1)",
    ],
)
def test_script_addresses_are_not_linked(text):
    assert "<a" not in render_body(text)


def test_an_image_is_a_link_to_it_never_loaded():
    html = render_body("![image](https://example.com/tracker.png)")
    assert html == f'!<a href="https://example.com/tracker.png" {LINK}>image</a>'


@pytest.mark.parametrize("payload", PAYLOADS)
def test_raw_html_is_text_and_only_the_subset_tags_exist(payload):
    allowed = {"#document", "p", "br", "strong", "em", "code", "pre", "a"}
    for element in parse(str(render_body(payload))).walk():
        assert element.tag in allowed, payload
        assert set(element.attrs) <= ({"href", "rel"} if element.tag == "a" else set()), payload


def test_attributes_cannot_be_smuggled_through_a_link():
    html = render_body('[x](https://example.com/" hx-get="/auth/logout/" onclick="alert(1))')
    tree = parse(str(html))
    for element in tree.walk():
        assert not any(name.startswith(("hx-", "on")) for name in element.attrs)


def test_blocks_are_told_from_a_run_of_text():
    assert not is_block(render_body("one line with **bold**"))
    assert not is_block(render_body("two\nlines"))
    assert is_block(render_body("two\n\nparagraphs"))
    assert is_block(render_body("```\ncode\n```"))


@pytest.mark.parametrize(
    ("text", "large"),
    [
        ("🎉", True),
        ("👍🏽 👍", True),
        ("👨‍👩‍👧", True),
        ("❤️", True),
        ("🎉" * MAX_LARGE_EMOJI, True),
        ("🎉" * (MAX_LARGE_EMOJI + 1), False),
        ("🎉 done", False),
        ("", False),
        ("  ", False),
        ("123", False),
    ],
)
def test_a_few_emoji_alone_are_shown_large(text, large):
    assert is_emoji_only(text) is large


@pytest.mark.parametrize(
    ("text", "html", "names"),
    [
        ("hi @alice", 'hi <span class="mention">@alice</span>', ("alice",)),
        ("@Bob_1, and @bob_1.", None, ("bob_1",)),  # once each, lower-cased
        ("(@carol) @d.e-f", None, ("carol", "d.e-f")),
        ("@alice-", '<span class="mention">@alice</span>-', ("alice",)),
        ("mail bob@example.com", None, ()),  # an address, not a mention
        ("`@alice` and\n```\n@bob\n```", None, ()),  # code mentions nobody
        ("@al is too short", "@al is too short", ()),
        ("@<b>x</b>", "@&lt;b&gt;x&lt;/b&gt;", ()),
        ("**@alice**", '<strong><span class="mention">@alice</span></strong>', ("alice",)),
    ],
)
def test_mentions_are_marked_and_named(text, html, names):
    shown = rendered(text)
    if html is not None:
        assert shown.html == html
    assert shown.mentions == names
    assert shown.html.count('class="mention"') >= len(names)


def test_a_mention_class_cannot_be_written_by_hand():
    assert "<span" not in rendered('<span class="mention">@x</span>').html
    # A link's title is dropped (no attribute but href and rel on any tag).
    assert rendered('[x](https://a.b "mention")').html == (
        '<a href="https://a.b" rel="nofollow noopener">x</a>'
    )


def test_an_excerpt_is_one_line_of_plain_text_cut_short():
    assert excerpt("**Bold** and `code`\n\nnext <b>para</b>") == "Bold and code next <b>para</b>"
    cut = excerpt("word " * 100, limit=20)
    assert cut == "word word word word…" and len(cut) <= 20
