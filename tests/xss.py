"""A corpus of classic cross-site scripting payloads, and a check that one was shown inert:
HTML is parsed (stdlib html.parser) and its shape (elements, their attribute names, nesting)
compared with the same page or fragment made with harmless text in the payload's place."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">click</a>',
    "javascript:alert(1)",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    '" autofocus onfocus="alert(1)" x="',
    "{{7*7}}",
    "{{ config }}{{ self.__init__.__globals__ }}",
    "${7*7}#{7*7}<%= 7*7 %>",
    '<b hx-get="/auth/logout/" hx-trigger="load">bold</b>',
    '<div hx-on:click="alert(1)">x</div>',
    '<div hx-on="click: alert(1)">x</div>',
    '<form hx-post="/create/" hx-trigger="load"><input name=room_name></form>',
    '<div id="messages" hx-swap-oob="true">gone</div>',
    '<div ws-send hx-trigger="load" hx-vals=\'{"message": "x"}\'>x</div>',
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext></p><img src=x onerror=alert(1)>",
    "<style>*{display:none}</style>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="//evil.example/">',
    "</textarea></title></p></li><script>alert(1)</script>",
    "<!--<script>alert(1)//-->",
    "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#60;b&#62;",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<IMG SRC=JaVaScRiPt:alert(1)>",
    '<object data="data:text/html,<script>alert(1)</script>">',
    '"}); alert(1); //',
    "\u202e<b>gnp.exe</b>",
    "<x onclick=alert(1)>click me</x>",
]
#: Harmless text of the kind a payload replaces: the shape every page must keep.
HARMLESS = "Just some words"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "ws-connect", "hx-get", "hx-post"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    children: list[Element] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def walk(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.walk()

    def shape(self) -> tuple:
        """The element's tag, attribute names and children's shapes (values and text aside)."""
        return (self.tag, tuple(sorted(self.attrs)), tuple(c.shape() for c in self.children))

    def kind(self) -> tuple:
        """The shape with runs of alike siblings counted once: a list of one entry or of ten
        is one kind of list (an extra element of another kind still shows)."""
        kinds: list[tuple] = []
        for child in self.children:
            kind = child.kind()
            if not kinds or kinds[-1] != kind:
                kinds.append(kind)
        return (self.tag, tuple(sorted(self.attrs)), tuple(kinds))

    def shown(self) -> list[str]:
        """Every text and attribute value in this element, as a reader gets it (unescaped)."""
        found = []
        for element in self.walk():
            found += element.text
            found += [value for value in element.attrs.values() if value]
        return found


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open[-1].children.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.open[-1].text.append(data)

    def handle_comment(self, data: str) -> None:
        self.open[-1].children.append(Element("#comment", {}))


def parse(html: str) -> Element:
    """The document (or fragment) as a tree of elements."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def assert_same_shape(tree: Element, harmless: Element, what: str) -> None:
    """`tree` has the elements and attribute names of `harmless`, and no script URL."""
    assert tree.shape() == harmless.shape(), f"{what}: the payload changed the markup"
    for element in tree.walk():
        for name, value in element.attrs.items():
            if name in URL_ATTRIBUTES or name.startswith("hx-"):
                scheme = (value or "").strip().lower()
                assert not scheme.startswith(("javascript:", "data:")), f"{what}: {name}={value}"


def assert_shown_as_text(html: str, tree: Element, payload: str) -> None:
    """The payload is there literally for the reader, and never unescaped in the markup.

    Quotes may stand unescaped in text (message text is serialised so); one that broke out of
    an attribute would add attribute names, which the shape comparison catches."""
    assert any(payload in shown for shown in tree.shown()), f"not shown literally: {payload!r}"
    if set(payload) & set("<>&"):
        assert payload not in html, f"shown unescaped: {payload!r}"


#: What message formatting may add inside a message's body, and the attributes each may carry.
FORMATTING = {
    "strong": set(),
    "em": set(),
    "code": set(),
    "pre": set(),
    "a": {"href", "rel"},
    "span": {"class"},
}


def without_formatting(tree: Element, in_body: bool = False) -> tuple[Element, int]:
    """`tree` with the elements of message formatting (bold, links...) unwrapped into their
    parent, and how many there were. Each must carry only its own attributes, and a link only
    an http, https or mailto address marked `rel="nofollow noopener"`."""
    found = 0
    children: list[Element] = []
    text = list(tree.text)
    in_body = in_body or (tree.attrs.get("class") or "").startswith("message-body")
    for child in tree.children:
        inner, count = without_formatting(child, in_body)
        found += count
        if in_body and child.tag in FORMATTING:
            assert set(child.attrs) == FORMATTING[child.tag], child.attrs
            if child.tag == "a":
                assert child.attrs["rel"] == "nofollow noopener", child.attrs
                assert (child.attrs["href"] or "").startswith(("http://", "https://", "mailto:"))
            if child.tag == "span":
                assert child.attrs["class"] == "mention", child.attrs
            found += 1
            children += inner.children
            text += inner.text
        else:
            children.append(inner)
    return Element(tree.tag, tree.attrs, children, text), found


def assert_inert(html: str, harmless_html: str, payload: str) -> None:
    """`html` shows `payload` only as text: the same elements and attribute names as the page
    made with harmless text, no script URL, and the payload's text there literally."""
    tree = parse(html)
    assert_same_shape(tree, parse(harmless_html), repr(payload))
    assert_shown_as_text(html, tree, payload)


def by_id(tree: Element, element_id: str) -> Element:
    """The element with this id."""
    return next(e for e in tree.walk() if e.attrs.get("id") == element_id)


def top_level_with(html: str, marker: str) -> list[Element]:
    """The top-level elements of a pushed frame that hold an element whose id starts with
    `marker` (a frame may carry other fragments beside the one looked for)."""
    return [
        element
        for element in parse(html).children
        if any(e.attrs.get("id", "").startswith(marker) for e in element.walk())
    ]
