"""Sign-in and registration throttles, seen through the real forms from several addresses."""

from __future__ import annotations

import asyncio

import pytest
from quart.typing import TestClientProtocol as Client

import backchat.accounts
from backchat.accounts import create_user
from backchat.models import User
from tests.conftest import PASSWORD, csrf_token

ATTACKER = "203.0.113.66"
ELSEWHERE = "198.51.100.7"


def at(address: str) -> dict:
    """Test-client arguments for a request whose socket peer is `address`."""
    return {"scope_base": {"client": (address, 40000)}}


async def log_in(client: Client, username: str, password: str, address: str):
    token = await csrf_token(client, "/auth/login/")
    form = {"username": username, "password": password, "csrf_token": token}
    return await client.post("/auth/login/", form=form, **at(address))


async def register(client: Client, username: str, address: str, headers=None):
    token = await csrf_token(client, "/auth/register/")
    form = {"username": username, "password1": PASSWORD, "password2": PASSWORD}
    return await client.post(
        "/auth/register/", form={**form, "csrf_token": token}, headers=headers, **at(address)
    )


@pytest.fixture(name="password_checks")
def _password_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password hash comparison the app makes (the real one still runs)."""
    checks: list[str] = []
    real = backchat.accounts.check_password_hash

    def counted(stored: str, password: str) -> bool:
        checks.append(password)
        return real(stored, password)

    monkeypatch.setattr(backchat.accounts, "check_password_hash", counted)
    return checks


async def test_repeated_wrong_passwords_get_429_with_retry_after_and_cost_no_hash(
    make_app, password_checks
):
    client = (await make_app(LOGIN_FAILURES_PER_5MIN=2)).test_client()
    await create_user("alice", PASSWORD)
    for _ in range(2):
        assert (await log_in(client, "alice", "wrong password", ATTACKER)).status_code == 401
    refused = await log_in(client, "alice", PASSWORD, ATTACKER)
    page = await refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "150"
    assert "Too many sign-in attempts. Try again in 3 minutes." in page
    assert "Slow down" in page
    assert len(password_checks) == 2


async def test_concurrent_guesses_cannot_race_past_the_limit(make_app, password_checks):
    app = await make_app(LOGIN_FAILURES_PER_5MIN=2)
    await create_user("alice", PASSWORD)
    clients = [app.test_client() for _ in range(8)]
    responses = await asyncio.gather(
        *(log_in(client, "alice", f"guess {n}", ATTACKER) for n, client in enumerate(clients))
    )
    assert sorted(r.status_code for r in responses) == [401, 401] + [429] * 6
    assert len(password_checks) == 2


async def test_a_person_elsewhere_signs_in_while_their_account_is_attacked(make_app):
    app = await make_app(LOGIN_FAILURES_PER_5MIN=2)
    await create_user("alice", PASSWORD)
    attacker, alice = app.test_client(), app.test_client()
    for _ in range(2):
        await log_in(attacker, "alice", "wrong password", ATTACKER)
    assert (await log_in(attacker, "alice", PASSWORD, ATTACKER)).status_code == 429
    assert (await log_in(alice, "alice", PASSWORD, ELSEWHERE)).status_code == 303


async def test_one_address_trying_many_accounts_is_throttled(make_app):
    client = (await make_app(LOGIN_FAILURES_PER_5MIN=1)).test_client()
    for n in range(4):  # four times the per-account allowance, one account each
        assert (await log_in(client, f"user{n}", "wrong password", ATTACKER)).status_code == 401
    assert (await log_in(client, "user9", "wrong password", ATTACKER)).status_code == 429
    assert (await log_in(client, "user9", "wrong password", ELSEWHERE)).status_code == 401


async def test_a_successful_sign_in_takes_back_the_failures_of_its_address(make_app):
    app = await make_app(LOGIN_FAILURES_PER_5MIN=2)
    await create_user("alice", PASSWORD)
    typo, alice = app.test_client(), app.test_client()
    assert (await log_in(typo, "alice", "wrong password", ATTACKER)).status_code == 401
    assert (await log_in(alice, "alice", PASSWORD, ATTACKER)).status_code == 303
    assert (await log_in(typo, "alice", "wrong password", ATTACKER)).status_code == 401
    assert (await log_in(typo, "alice", "wrong password", ATTACKER)).status_code == 401


async def test_registrations_per_address_are_limited_with_429_and_retry_after(make_app):
    client = (await make_app(REGISTRATIONS_PER_ADDRESS_PER_HOUR=2)).test_client()
    assert (await register(client, "alice", ATTACKER)).status_code == 303
    assert (await register(client, "bob", ATTACKER)).status_code == 303
    refused = await register(client, "carol", ATTACKER)
    assert refused.status_code == 429
    assert 1700 <= int(refused.headers["Retry-After"]) <= 1800
    assert "Too many accounts were created from here." in await refused.get_data(as_text=True)
    assert (await register(client, "dave", ELSEWHERE)).status_code == 303
    assert await User.filter(username="carol").count() == 0


async def test_a_form_with_errors_does_not_use_up_a_registration(make_app):
    client = (await make_app(REGISTRATIONS_PER_ADDRESS_PER_HOUR=1)).test_client()
    assert (await register(client, "x", ATTACKER)).status_code == 400
    assert (await register(client, "alice", ATTACKER)).status_code == 303


async def test_forwarded_for_counts_only_with_trust_proxy_headers(make_app):
    client = (
        await make_app(REGISTRATIONS_PER_ADDRESS_PER_HOUR=1, TRUST_PROXY_HEADERS=1)
    ).test_client()
    proxy = "127.0.0.1"
    first = {"X-Forwarded-For": "198.51.100.1"}
    assert (await register(client, "alice", proxy, first)).status_code == 303
    assert (
        await register(client, "bob", proxy, {"X-Forwarded-For": "198.51.100.2"})
    ).status_code == 303
    spoofed = {"X-Forwarded-For": "6.6.6.6, 198.51.100.1"}  # a claim to the left of our proxy's
    assert (await register(client, "carol", proxy, spoofed)).status_code == 429


async def test_forwarded_for_is_ignored_without_trust_proxy_headers(make_app):
    client = (await make_app(REGISTRATIONS_PER_ADDRESS_PER_HOUR=1)).test_client()
    first = {"X-Forwarded-For": "198.51.100.1"}
    assert (await register(client, "alice", ATTACKER, first)).status_code == 303
    second = {"X-Forwarded-For": "198.51.100.2"}
    assert (await register(client, "bob", ATTACKER, second)).status_code == 429
