"""Registering, logging in and out through the real forms, and the CSRF and cookie rules."""

import pytest

from backchat.models import LoginSession, Room, User
from backchat.rooms import LOBBY_SLUG
from tests.conftest import PASSWORD, csrf_token
from tests.integration.test_rooms import created_slug


async def test_register_creates_the_user_logs_them_in_and_goes_home(client, auth):
    response = await auth.register("alice")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    home = await (await client.get("/")).get_data(as_text=True)
    assert "Your rooms" in home
    assert "alice" in home


async def test_password_is_stored_as_a_slow_salted_hash(auth):
    await auth.register("alice")
    user = await User.get(username_key="alice")
    assert user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash


@pytest.mark.parametrize(
    ("form", "field_message"),
    [
        ({"username": "al"}, "3 to 32 characters"),
        ({"username": "x" * 10_000}, "3 to 32 characters"),
        ({"username": "<b>bold</b>"}, "letters, digits"),
        ({"password1": "short", "password2": "short"}, "Use at least 8 characters"),
        ({"password2": "something else"}, "The two passwords do not match"),
        ({"password1": "y" * 5000, "password2": "y" * 5000}, "at most 1024"),
    ],
)
async def test_invalid_registration_shows_the_error_and_keeps_the_username(
    client, form, field_message
):
    token = await csrf_token(client, "/auth/register/")
    fields = {"username": "bob", "password1": PASSWORD, "password2": PASSWORD, **form}
    response = await client.post("/auth/register/", form={**fields, "csrf_token": token})
    page = await response.get_data(as_text=True)
    assert response.status_code == 400
    assert field_message in page
    if len(fields["username"]) < 100:
        assert f'value="{fields["username"].replace("<", "&lt;").replace(">", "&gt;")}"' in page
    assert await User.all().count() == 0


@pytest.mark.parametrize("second", ["alice", "ALICE", "Alice"])
async def test_usernames_are_unique_whatever_their_case(client, auth, second):
    await auth.register("alice")
    await auth.logout()
    response = await auth.register(second)
    assert response.status_code == 400
    assert "That username is taken" in await response.get_data(as_text=True)
    assert await User.all().count() == 1


async def test_login_with_the_right_password_goes_home(client, auth):
    await auth.register("alice")
    await auth.logout()
    response = await auth.login("ALICE")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert "Your rooms" in await (await client.get("/")).get_data(as_text=True)


async def test_login_returns_to_the_page_that_asked(client, auth):
    await auth.register("alice")
    await auth.logout()
    redirect = await client.get("/create/")
    assert redirect.headers["Location"] == "/auth/login/?next=/create/"
    response = await auth.login("alice", next="/create/")
    assert response.headers["Location"] == "/create/"


async def test_an_invite_followed_while_signed_out_survives_signing_up(client, auth):
    await auth.register("alice")
    slug = await created_slug(auth, "Team room")
    await auth.logout()
    invite = await client.get(f"/room/{slug}/")
    login_path = invite.headers["Location"]
    assert login_path == f"/auth/login/?next=/room/{slug}/"
    login_page = await (await client.get(login_path)).get_data(as_text=True)
    assert "Log in to open the room you were invited to." in login_page
    register_path = f"/auth/register/?next=/room/{slug}/"
    assert f'href="{register_path}"' in login_page
    register_page = await (await client.get(register_path)).get_data(as_text=True)
    assert f'name="next" value="/room/{slug}/"' in register_page
    assert f'href="/auth/login/?next=/room/{slug}/"' in register_page

    response = await auth.register("bob", next=f"/room/{slug}/")
    assert response.status_code == 303 and response.headers["Location"] == f"/room/{slug}/"
    assert "Team room" in await (await client.get(f"/room/{slug}/")).get_data(as_text=True)
    bob = await User.get(username_key="bob")
    assert await bob.memberships.filter(room__slug=slug).exists()


async def test_signing_up_never_redirects_off_site(auth):
    response = await auth.register("alice", next="https://evil.example/")
    assert response.status_code == 303 and response.headers["Location"] == "/"


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"]
)
async def test_login_never_redirects_off_site(auth, unsafe):
    await auth.register("alice")
    await auth.logout()
    response = await auth.login("alice", next=unsafe)
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    ("username", "password"), [("alice", "wrong password"), ("nobody", PASSWORD)]
)
async def test_wrong_credentials_get_401_without_saying_which_part(
    client, auth, username, password
):
    await auth.register("alice")
    await auth.logout()
    response = await auth.login(username, password)
    page = await response.get_data(as_text=True)
    assert response.status_code == 401
    assert "That username and password do not match an account." in page
    assert "Your rooms" not in await (await client.get("/")).get_data(as_text=True)


async def test_empty_login_form_is_a_400(client, auth):
    response = await auth.login("", "")
    assert response.status_code == 400
    assert "Enter your username and password" in await response.get_data(as_text=True)


async def test_logout_get_asks_to_confirm(client, auth):
    await auth.register("alice")
    page = await (await client.get("/auth/logout/")).get_data(as_text=True)
    assert "Log out?" in page
    assert 'name="csrf_token"' in page
    assert "Your rooms" in await (await client.get("/")).get_data(as_text=True)


async def test_logout_ends_the_session_for_every_copy_of_the_cookie(app, client, auth):
    await auth.register("alice")
    stolen = app.test_client()
    stolen.cookie_jar = client.cookie_jar.__class__()
    for cookie in client.cookie_jar:
        stolen.cookie_jar.set_cookie(cookie)
    assert (await stolen.get("/create/")).status_code == 200

    response = await auth.logout()
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert await LoginSession.all().count() == 0
    assert (await stolen.get("/create/")).status_code == 302
    assert "Create an account" in await (await client.get("/")).get_data(as_text=True)


@pytest.mark.parametrize("token", [None, "", "forged-token"])
async def test_posts_without_a_valid_csrf_token_change_nothing(client, auth, token):
    await auth.register("alice")
    form = {"room_name": "Secret plans"}
    if token is not None:
        form["csrf_token"] = token
    response = await client.post("/create/", form=form)
    assert response.status_code == 400
    assert "This form has expired" in await response.get_data(as_text=True)
    assert not await Room.exclude(slug=LOBBY_SLUG).exists()


async def test_register_without_csrf_creates_nobody(client):
    response = await client.post(
        "/auth/register/",
        form={"username": "mallory", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 400
    assert await User.all().count() == 0


async def test_logout_without_csrf_keeps_you_signed_in(client, auth):
    await auth.register("alice")
    response = await client.post("/auth/logout/", form={})
    assert response.status_code == 400
    assert await LoginSession.all().count() == 1


async def test_auth_cookie_is_httponly_and_samesite_lax(auth):
    response = await auth.register("alice")
    cookies = [v for k, v in response.headers.items() if k.lower() == "set-cookie"]
    auth_cookie = next(c for c in cookies if c.startswith("backchat_auth="))
    assert "HttpOnly" in auth_cookie
    assert "SameSite=Lax" in auth_cookie


async def test_oversized_request_bodies_are_refused(client):
    token = await csrf_token(client, "/auth/register/")
    response = await client.post(
        "/auth/register/",
        form={"username": "alice", "password1": "x" * 2_000_000, "csrf_token": token},
    )
    assert response.status_code == 413
    assert await User.all().count() == 0
