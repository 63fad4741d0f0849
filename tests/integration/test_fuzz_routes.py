"""Arbitrary requests at every route of the URL map (hypothesis): arbitrary path values, query
strings, form fields, bodies and headers, signed in or out, with a valid, wrong or missing CSRF
token. None gets a server error."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from quart import Quart
from quart.typing import TestClientProtocol as Client

from backchat.accounts import USERNAME_PATTERN
from backchat.models import Room, User
from backchat.rooms import room_name_error
from tests.conftest import AuthActions, csrf_token
from tests.server import ROOT

_VARIABLE = re.compile(r"<[^>]+>")
# Every field any form of ours sends (so a fuzzed form often is nearly right), and more.
FIELD_NAMES = sorted(
    set(
        re.findall(
            r'name="([a-z0-9_]+)"', "".join(p.read_text() for p in ROOT.glob("templates/**/*.html"))
        )
    )
    - {"viewport"}
    | {"before", "token", "code"}
)
EXTRA_METHODS = {"PUT", "PATCH", "DELETE"}
CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=latin-1",
    "multipart/form-data; boundary=fuzz",
    "application/json",
    "text/plain",
    None,
]
HEADER_NAMES = ["Origin", "Referer", "X-Forwarded-For", "HX-Request", "Accept", "Accept-Language"]


def routes(app: Quart) -> list[tuple[str, str]]:
    """Every (rule, method) the app routes over HTTP, and a few methods it does not."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.websocket:
            continue
        found += [(rule.rule, method) for method in sorted((rule.methods or set()) | EXTRA_METHODS)]
    return found


# Bytes as a form or URL carries them: any text (lone surrogates pass as invalid UTF-8), any bytes.
wire_bytes = (
    st.text().map(lambda t: t.encode("utf-8", "surrogatepass"))
    | st.text(min_size=30, max_size=120).map(str.encode)  # past a column's or rule's length
    | st.binary(max_size=40)
)
field_name = st.sampled_from(FIELD_NAMES).map(str.encode) | wire_bytes
fields = st.lists(st.tuples(field_name, wire_bytes), max_size=6)
header_values = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40)
headers = st.dictionaries(st.sampled_from(HEADER_NAMES), header_values, max_size=3)
csrf_choices = st.sampled_from(["valid field", "valid header", "wrong", "missing"])


def fill_path(rule: str, values: list[bytes]) -> str:
    """The rule with each `<variable>` replaced by one of `values`, percent-encoded."""
    supply = iter(values)
    return _VARIABLE.sub(lambda _: quote(next(supply, b"x"), safe=""), rule)


async def ensure_signed_in(client: Client, auth: AuthActions) -> None:
    """Sign in again if an earlier example logged this client out."""
    if (await client.get("/create/")).status_code != 200:
        assert (await auth.login()).status_code == 303


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
async def test_no_request_gets_a_server_error(app, client, auth, data):
    if not hasattr(app, "fuzz_room"):  # once per test: a user with a room to aim at
        await auth.register()
        app.fuzz_room = (await auth.post("/create/", {"room_name": "Fuzz"})).headers["Location"]
    rule, method = data.draw(st.sampled_from(routes(app)), label="route")
    real_slug = app.fuzz_room.split("/")[2].encode()
    path = fill_path(rule, data.draw(st.lists(st.just(real_slug) | wire_bytes, max_size=3)))
    query = urlencode(data.draw(fields, label="query"))
    form = data.draw(fields, label="form")
    signed_in = data.draw(st.booleans(), label="signed in")
    csrf = data.draw(csrf_choices, label="csrf")
    sent_headers = data.draw(headers, label="headers")
    content_type = data.draw(st.sampled_from(CONTENT_TYPES), label="content type")

    browser = client if signed_in else app.test_client()
    if signed_in:
        await ensure_signed_in(client, auth)
    if csrf == "valid field":
        form.append((b"csrf_token", (await csrf_token(browser, "/auth/register/")).encode()))
    elif csrf == "valid header":
        sent_headers["X-CSRF-Token"] = await csrf_token(browser, "/auth/register/")
    elif csrf == "wrong":
        form.append((b"csrf_token", data.draw(wire_bytes, label="wrong token")))
    if content_type:
        sent_headers["Content-Type"] = content_type
    body = urlencode(form).encode() if method not in ("GET", "HEAD") else b""

    response = await browser.open(
        f"{path}?{query}" if query else path, method=method, data=body, headers=sent_headers
    )
    event(f"answered {response.status_code}")
    assert response.status_code < 500, f"{method} {path}?{query} -> {response.status_code}"
    await assert_nothing_invalid_saved()


async def assert_nothing_invalid_saved() -> None:
    """Every room name and username in the database passes the rules that admit them."""
    for name in await Room.all().values_list("name", flat=True):
        assert name == name.strip() and room_name_error(name) is None, name
    for username in await User.all().values_list("username", flat=True):
        assert USERNAME_PATTERN.fullmatch(username), username


async def test_a_csrf_token_with_non_ascii_characters_is_refused_not_a_crash(client, auth):
    # Found by the fuzzer: hmac.compare_digest raised TypeError on such a token (a 500).
    await auth.register()
    for sent in ({"csrf_token": "t\u00f8ken"}, {}):
        headers = {} if sent else {"X-CSRF-Token": "t\u00f8ken".encode().decode("latin-1")}
        response = await client.post("/create/", form={"room_name": "x", **sent}, headers=headers)
        assert response.status_code == 400


async def test_a_login_with_a_name_longer_than_any_account_is_refused_not_a_crash(auth):
    # Found by the XSS corpus: the ORM raised ValidationError on the lookup (a 500).
    response = await auth.login("x" * 33, "a long password")
    assert response.status_code == 401
