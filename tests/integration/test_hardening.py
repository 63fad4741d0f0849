"""Security headers, the CSRF token's rotation at sign-in, closed registration and the password
rules on the forms and the CLI."""

from __future__ import annotations

import click
import pytest

from backchat.cli import add_user
from backchat.models import User
from backchat.web.headers import PERMISSIONS_POLICY, STRICT_TRANSPORT_SECURITY
from tests.conftest import PASSWORD, csrf_token

PAGES = ["/", "/auth/login/", "/auth/register/", "/no/such/page/", "/static/app.css"]


@pytest.mark.parametrize("path", PAGES)
async def test_every_response_carries_permissions_policy_and_opener_policy(client, path):
    response = await client.get(path)
    assert response.headers["Permissions-Policy"] == PERMISSIONS_POLICY
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers


def test_permissions_policy_denies_camera_microphone_and_place_but_keeps_copying():
    for denied in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert denied in PERMISSIONS_POLICY.split(", ")
    assert "clipboard-write=(self)" in PERMISSIONS_POLICY.split(", ")


@pytest.mark.parametrize("path", PAGES)
async def test_production_responses_carry_hsts(make_app, path):
    client = (await make_app(BACKCHAT_ENV="production")).test_client()
    response = await client.get(path)
    assert response.headers["Strict-Transport-Security"] == STRICT_TRANSPORT_SECURITY


async def test_the_csrf_token_from_before_sign_in_stops_working_after_it(client, auth):
    await auth.register("alice")
    await auth.logout()
    before = await csrf_token(client, "/auth/login/")
    signed_in = await client.post(
        "/auth/login/", form={"username": "alice", "password": PASSWORD, "csrf_token": before}
    )
    assert signed_in.status_code == 303
    stale = await client.post("/auth/logout/", form={"csrf_token": before})
    assert stale.status_code == 400
    fresh = await csrf_token(client, "/auth/logout/")
    assert fresh != before
    assert (await client.post("/auth/logout/", form={"csrf_token": fresh})).status_code == 303


async def test_the_csrf_token_from_the_register_form_stops_working_after_sign_up(client):
    before = await csrf_token(client, "/auth/register/")
    form = {"username": "alice", "password1": PASSWORD, "password2": PASSWORD}
    await client.post("/auth/register/", form={**form, "csrf_token": before})
    assert (await client.post("/auth/logout/", form={"csrf_token": before})).status_code == 400


@pytest.mark.parametrize(
    ("mode", "explanation"),
    [
        ("closed", "does not take new accounts"),
        ("invite", "open by invitation only"),
    ],
)
async def test_registration_closed_or_by_invite_says_so_and_refuses_the_form(
    make_app, mode, explanation
):
    client = (await make_app(REGISTRATION=mode)).test_client()
    page = await client.get("/auth/register/")
    text = await page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Registration is closed" in text
    assert explanation in text
    assert 'name="password1"' not in text
    token = await csrf_token(client, "/auth/login/")
    form = {"username": "mallory", "password1": PASSWORD, "password2": PASSWORD}
    refused = await client.post("/auth/register/", form={**form, "csrf_token": token})
    assert refused.status_code == 403
    assert await User.all().count() == 0
    for path in ("/", "/auth/login/"):
        assert 'href="/auth/register/"' not in await (await client.get(path)).get_data(True)


async def test_open_registration_links_to_the_sign_up_form(client):
    assert 'href="/auth/register/"' in await (await client.get("/auth/login/")).get_data(True)


async def test_a_common_password_is_refused_on_the_form_with_the_reason(client):
    token = await csrf_token(client, "/auth/register/")
    form = {"username": "bob", "password1": "password1", "password2": "password1"}
    response = await client.post("/auth/register/", form={**form, "csrf_token": token})
    assert response.status_code == 400
    assert "among the most commonly used" in await response.get_data(as_text=True)
    assert await User.all().count() == 0


async def test_create_user_refuses_a_common_password(suite_database):
    with pytest.raises(click.ClickException, match="most commonly used"):
        await add_user(suite_database, "alice", "iloveyou")
