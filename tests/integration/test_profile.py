"""A person's own settings, through a real hypercorn on the in-process broker and across two
processes on Redis: a display name shown beside their messages (the username on hover), taken
up at once by their tabs already open; and changing the password, which needs the current
one and signs out every other session (their sockets close with 4401), never this one."""

import asyncio

import pytest

from tests.chat_client import PASSWORD, Browser, has_message, people_in_a_room, said

pytestmark = pytest.mark.usefixtures("close_tabs")

SESSION_ENDED = 4401
NEW_PASSWORD = "a brand new passphrase"


def signed_in_again(person: Browser, password: str = PASSWORD) -> Browser:
    """The same person signed in from another device."""
    other = Browser(person.base_url)
    other.username = person.username
    other.post("/auth/login/", {"username": person.username, "password": password})
    return other


def settings_change(person: Browser, path: str, form: dict[str, str]) -> tuple[int, str, str]:
    return person.submit(path, form, "/settings/")


def author_line(username: str, shown: str) -> str:
    return f'<span class="message-author" title="@{username}">{shown}</span>'


async def said_until_shown(tab, watcher, line: str, tries: int = 25) -> None:
    """Say messages from `tab` until `watcher` gets one under `line` (the news of a changed
    name reaches the tab's process through the broker, just after the change answers)."""
    for n in range(tries):
        mark = len(watcher.text)
        await said(tab, f"message {n}")
        await watcher.receive_until(has_message(f"message {n}"))
        if line in watcher.text[mark:]:
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"no message under {line!r}")


async def test_a_display_name_shows_beside_messages_even_from_tabs_already_open(servers):
    first, second = servers
    alice, bob, slug = people_in_a_room(first)
    alice_tab = await alice.open_tab(slug, server_url=second)
    bob_tab = await bob.open_tab(slug, server_url=first)

    status, url, body = settings_change(alice, "/settings/profile/", {"display_name": " A & <b> "})
    assert (status, url) == (200, f"{first}/settings/?done=profile")
    assert "Your display name is saved." in body and 'value="A &amp; &lt;b&gt;"' in body
    await said_until_shown(alice_tab, bob_tab, author_line(alice.username, "A &amp; &lt;b&gt;"))
    assert author_line(alice.username, "A &amp; &lt;b&gt;") in bob.get(f"/room/{slug}/")[1]
    assert "Signed in as" in alice.get("/")[1] and "A &amp; &lt;b&gt;</strong>" in alice.get("/")[1]

    for bad, error in (("x" * 65, "at most 64"), ("evil\u202eman", "text-direction")):
        status, _, body = settings_change(alice, "/settings/profile/", {"display_name": bad})
        assert status == 400 and error in body
    assert author_line(alice.username, "A &amp; &lt;b&gt;") in bob.get(f"/room/{slug}/")[1]
    # Cleared: the username again, with nothing on hover.
    settings_change(alice, "/settings/profile/", {"display_name": ""})
    await said_until_shown(
        alice_tab, bob_tab, f'<span class="message-author">{alice.username}</span>'
    )


async def test_changing_the_password_signs_out_every_other_session(servers):
    first, second = servers
    alice, _, slug = people_in_a_room(first)
    laptop = signed_in_again(alice)
    laptop_tab = await laptop.open_tab(slug, server_url=second)
    here_tab = await alice.open_tab(slug, server_url=first)
    change = "/settings/password/"

    status, _, body = settings_change(
        alice,
        change,
        {"current_password": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert status == 400 and "not your current password" in body
    status, _, body = settings_change(
        alice, change, {"current_password": PASSWORD, "password1": "short", "password2": "short"}
    )
    assert status == 400 and "at least" in body
    status, _, body = settings_change(
        alice,
        change,
        {
            "current_password": PASSWORD,
            "password1": NEW_PASSWORD,
            "password2": "something else entirely",
        },
    )
    assert status == 400 and "do not match" in body
    assert "Your rooms" in laptop.get("/")[1]  # nothing changed yet

    status, url, body = settings_change(
        alice,
        change,
        {"current_password": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert (status, url) == (200, f"{first}/settings/?done=password")
    assert "your other sessions are signed out" in body
    assert await laptop_tab.close_code() == SESSION_ENDED
    assert "Your rooms" not in laptop.get("/")[1]
    # This session goes on: its page and its socket.
    assert "Your rooms" in alice.get("/")[1]
    await said(here_tab, "still here")
    # The new password signs in; the old one does not.
    assert "Your rooms" in signed_in_again(alice, NEW_PASSWORD).get("/")[1]
    old = Browser(first).submit(
        "/auth/login/", {"username": alice.username, "password": PASSWORD}, "/auth/login/"
    )
    assert old[0] == 401
