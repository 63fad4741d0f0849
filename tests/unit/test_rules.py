"""Pure rules: usernames and passwords, room names, slugs, room codes, redirect targets."""

import re

import pytest

from backchat.accounts import registration_errors
from backchat.messaging import InvalidMessage, clean_body
from backchat.rooms import code_from_input, new_slug, room_name_error, slugify
from backchat.web.auth import safe_next
from tests.browser.helpers import PASSWORD as BROWSER_PASSWORD
from tests.chat_client import PASSWORD as CLIENT_PASSWORD
from tests.conftest import PASSWORD as CONFTEST_PASSWORD

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*-[a-z0-9]{4}")


@pytest.mark.parametrize(
    ("username", "password1", "password2", "field", "message"),
    [
        ("al", "long enough", "long enough", "username", "3 to 32 characters"),
        ("a" * 33, "long enough", "long enough", "username", "3 to 32 characters"),
        ("bad name", "long enough", "long enough", "username", "letters, digits"),
        ("<script>", "long enough", "long enough", "username", "letters, digits"),
        ("émile", "long enough", "long enough", "username", "letters, digits"),
        ("alice", "short", "short", "password1", "at least 8"),
        ("alice", "x" * 1025, "x" * 1025, "password1", "at most 1024"),
        ("alice", "long enough", "long enougH", "password2", "do not match"),
        ("alice", " " * 12, " " * 12, "password1", "cannot be blank"),
        ("alice", "password123", "password123", "password1", "most commonly used"),
        ("alice", "qwertyuiop", "qwertyuiop", "password1", "top-100 common password"),
        ("alice", "aaaaaaaaaa", "aaaaaaaaaa", "password1", "first an attacker tries"),
        ("alice", "iloveyou!", "iloveyou!", "password1", "similar to a commonly used"),
        ("alice", "alicealice", "alicealice", "password1", "most commonly used"),
    ],
)
def test_registration_errors_name_the_field(username, password1, password2, field, message):
    errors = registration_errors(username, password1, password2)
    assert message in errors[field]


@pytest.mark.parametrize("username", ["bob", "Alice_99", "j.doe-x", "a" * 32])
def test_valid_registration_has_no_errors(username):
    assert registration_errors(username, "long enough", "long enough") == {}


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Café", "cafe"),
        ("Café Noir & Friends!", "cafe-noir-friends"),
        ("  --Hello   World--  ", "hello-world"),
        ("Ærøskøbing Straße", "aeroskobing-strasse"),
        ("Łódź", "lodz"),
        ("🎉🎉", ""),
        ("東京", ""),
        ("x" * 100, "x" * 40),
    ],
)
def test_slugify_folds_to_ascii(name, slug):
    assert slugify(name) == slug


@pytest.mark.parametrize(
    ("name", "prefix"), [("Café", "cafe-"), ("🎉", "room-"), ("東京", "room-")]
)
def test_new_slug_adds_a_random_suffix(name, prefix):
    slugs = {new_slug(name) for _ in range(20)}
    assert all(s.startswith(prefix) and SLUG.fullmatch(s) for s in slugs)
    assert len(slugs) > 1


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Give the room a name"),
        ("x" * 81, "at most 80"),
        ("bell\x07", "control characters"),
        ("nul\x00", "control characters"),
        ("lone \udfff", "broken Unicode"),
        ("evil\u202egnp.exe", "text-direction overrides"),
        ("isolate\u2066x\u2069", "text-direction overrides"),
    ],
)
def test_room_name_errors(name, message):
    assert message in room_name_error(name)


def test_unstorable_message_text_is_refused_with_a_reason():
    for body in ("nul \x00", "lone \ud800", "esc \x1b[31m", "c1 \x9b", "del \x7f"):
        with pytest.raises(InvalidMessage, match="control characters or broken Unicode"):
            clean_body(body, 4000)


def test_message_text_keeps_newlines_and_tabs():
    assert clean_body(" one\r\ntwo\tthree\rfour ", 4000) == "one\ntwo\tthree\nfour"


@pytest.mark.parametrize("name", ["a", "x" * 80, "Café ☕", "東京の部屋", "🎉", "שלום עולם"])
def test_room_names_in_any_script_are_fine(name):
    assert room_name_error(name) is None


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("  Cafe-AB12 ", "cafe-ab12"),
        ("http://127.0.0.1:8000/room/cafe-ab12/", "cafe-ab12"),
        ("https://chat.example/room/Cafe-Ab12", "cafe-ab12"),
        ("", ""),
    ],
)
def test_code_from_input_accepts_codes_and_invite_links(typed, code):
    assert code_from_input(typed) == code


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/room/abc-1234/", "/room/abc-1234/"),
        ("/create/?x=1", "/create/?x=1"),
        (None, "/"),
        ("", "/"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/\tjavascript:alert(1)", "/"),
        ("room/abc", "/"),
    ],
)
def test_safe_next_only_allows_paths_on_this_site(target, expected):
    assert safe_next(target) == expected


@pytest.mark.parametrize(
    "password", [CONFTEST_PASSWORD, CLIENT_PASSWORD, BROWSER_PASSWORD, "long enough password"]
)
def test_the_passwords_of_tests_and_bench_pass_the_password_rules(password):
    assert registration_errors("bench_user_1", password, password) == {}
