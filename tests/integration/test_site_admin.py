"""Site admins, through a real hypercorn on the in-process broker and across two processes on
Redis: deactivating an account signs its person out everywhere at once (their sockets close
with 4401 on every worker) and keeps them out until reactivated; an admin deletes anyone's
message; nobody else may do either. Then the same from the quart CLI beside a running
server, which no broker connects to the CLI: the server's sweep closes the sockets."""

import urllib.error

import pytest

from tests.chat_client import (
    PASSWORD,
    Browser,
    new_person,
    people_in_a_room,
    said,
)
from tests.server import live_server, run_quart

pytestmark = pytest.mark.usefixtures("close_tabs")

SESSION_ENDED = 4401
ROOM_GONE = 4404


@pytest.fixture(scope="module", name="admin")
def _admin(servers) -> Browser:
    """The site's first account: its admin."""
    return new_person(servers[0], "admin")


def status_of(browser, path: str) -> int:
    try:
        browser.get(path)
    except urllib.error.HTTPError as error:
        return error.code
    return 200


def log_in(base_url: str, username: str) -> tuple[int, str]:
    """Sign in from a new browser: the status and the page it ended on."""
    browser = Browser(base_url)
    status, _, body = browser.submit(
        "/auth/login/", {"username": username, "password": PASSWORD}, "/auth/login/"
    )
    return status, body


async def test_a_deactivated_account_is_signed_out_everywhere_and_kept_out(servers, admin):
    first, second = servers
    alice, bob, slug = people_in_a_room(first)
    bob_tab = await bob.open_tab(slug, server_url=second)
    bob_home = await bob.open_sidebar(server_url=first)
    await said(bob_tab, "before I was deactivated")
    assert f'id="person-{bob.username.lower()}" data-active="yes"' in admin.get("/admin/")[1]

    status, url, _ = admin.submit(
        f"/admin/people/{bob.username}/deactivate/", {"q": "bob"}, "/admin/"
    )
    assert (status, url) == (200, f"{first}/admin/?q=bob")  # 303 back to the list
    assert await bob_tab.close_code() == SESSION_ENDED
    assert await bob_home.close_code() == SESSION_ENDED
    assert "Your rooms" not in bob.get("/")[1]  # the cookie is signed out
    status, body = log_in(first, bob.username)
    assert status == 403 and "deactivated by a site admin" in body
    assert 'data-active="no"' in admin.get(f"/admin/?q={bob.username}")[1]
    assert "before I was deactivated" in alice.get(f"/room/{slug}/")[1]  # their words stay

    assert admin.submit(f"/admin/people/{bob.username}/reactivate/", {}, "/admin/")[0] == 200
    status, body = log_in(second, bob.username)
    assert status == 200 and "Your rooms" in body


async def test_only_site_admins_manage_accounts(servers, admin):
    first, _ = servers
    carol = new_person(first, "carol")
    assert status_of(carol, "/admin/") == 403
    deactivate_admin = f"/admin/people/{admin.username}/deactivate/"
    assert carol.submit(deactivate_admin, {}, "/")[0] == 403
    assert status_of(Browser(first), "/admin/") == 200  # signed out: the login page
    status, _, body = admin.submit(deactivate_admin, {}, "/admin/")
    assert status == 403 and "your own account" in body
    assert admin.submit("/admin/people/nobody-here/deactivate/", {}, "/admin/")[0] == 404
    assert admin.submit(f"/admin/people/{carol.username}/erase/", {}, "/admin/")[0] == 404
    assert "Admin" in admin.get("/")[1] and 'href="/admin/"' not in carol.get("/")[1]
    assert status_of(carol, "/") == 200 and "Your rooms" in carol.get("/")[1]  # still active


async def test_a_site_admin_deletes_anyones_message(servers, admin):
    first, second = servers
    alice, bob, slug = people_in_a_room(first)
    admin.join_room(slug)
    alice_tab = await alice.open_tab(slug, server_url=second)
    spam = await said(alice_tab, "buy my stuff")
    assert ".message .action-delete" in admin.get("/me.css")[1]
    assert ".message .action-delete" not in bob.get("/me.css")[1]
    room_page = f"/room/{slug}/"
    assert bob.submit(f"/room/{slug}/m/{spam}/delete/", {}, room_page)[0] == 403
    assert admin.submit(f"/room/{slug}/m/{spam}/delete/", {}, room_page)[0] == 200
    await alice_tab.receive_until(lambda t: "message deleted" in t)
    assert "buy my stuff" not in bob.get(room_page)[1]


async def test_the_cli_deactivates_reactivates_and_deletes_beside_a_running_server(tmp_path):
    instance = tmp_path / "instance"
    with live_server(instance) as server:
        alice, bob, slug = people_in_a_room(server.url)
        bob_tab = await bob.open_tab(slug)
        said_id = await said(bob_tab, "a slip of the keyboard")

        done = run_quart(instance, "deactivate-user", bob.username.upper())
        assert done.returncode == 0, done.stderr
        assert "signed out everywhere" in done.stdout
        # No broker reaches the server from here: its sweep finds the ended session.
        assert await bob_tab.close_code(timeout=15) == SESSION_ENDED
        assert log_in(server.url, bob.username)[0] == 403
        assert run_quart(instance, "reactivate-user", bob.username).returncode == 0
        assert log_in(server.url, bob.username)[0] == 200

        alice_tab = await alice.open_tab(slug)
        await alice_tab.resume(None)
        deleted = run_quart(instance, "delete-message", str(said_id))
        assert deleted.returncode == 0, deleted.stderr
        assert f"in room {slug}" in deleted.stdout
        page = alice.get(f"/room/{slug}/")[1]
        assert "a slip of the keyboard" not in page and "message deleted" in page
        # An open page learns of it with the room's next change (its feed reads the gap).
        await said(alice_tab, "next")
        gone = f'<li id="message-{said_id}" class="message deleted"'
        await alice_tab.receive_until(lambda t: gone in t)

        assert (
            "No user is called 'nobody'" in run_quart(instance, "deactivate-user", "nobody").stderr
        )
        assert (
            "No message has the id 999999" in run_quart(instance, "delete-message", "999999").stderr
        )


async def test_a_room_deleted_from_the_cli_closes_its_open_pages(tmp_path):
    instance = tmp_path / "instance"
    with live_server(instance) as server:
        alice, bob, slug = people_in_a_room(server.url)
        alice_tab, bob_tab = await alice.open_tab(slug), await bob.open_tab(slug)
        other = alice.create_room("Still here")
        elsewhere = await alice.open_tab(other)
        deleted = run_quart(instance, "delete-room", slug, "--yes")
        assert deleted.returncode == 0, deleted.stderr
        # No broker reaches the server from here: its sweep finds the room gone.
        assert await alice_tab.close_code(timeout=15) == ROOM_GONE
        assert await bob_tab.close_code(timeout=15) == ROOM_GONE
        await said(elsewhere, "this room lives on")
        with pytest.raises(urllib.error.HTTPError) as page:
            alice.get(f"/room/{slug}/")
        page.value.close()
        assert page.value.code == 404
