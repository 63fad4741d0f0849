"""Which address a request comes from, and which settings the limits read."""

from __future__ import annotations

import pytest

from backchat.web.client_address import forwarded_client, limit_key
from config import load_settings


@pytest.mark.parametrize(
    ("header", "hops", "client"),
    [
        ("203.0.113.7", 1, "203.0.113.7"),
        ("6.6.6.6, 203.0.113.7", 1, "203.0.113.7"),  # the left one is what the client claimed
        ("6.6.6.6, 203.0.113.7, 10.0.0.2", 2, "203.0.113.7"),
        ("203.0.113.7", 2, None),  # fewer entries than proxies: the header is not ours
        ("", 1, None),
        (None, 1, None),
        ("203.0.113.7", 0, None),
        ("6.6.6.6, ", 1, None),
    ],
)
def test_the_client_is_the_address_our_nearest_trusted_proxy_saw(header, hops, client):
    assert forwarded_client(header, hops) == client


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:1:2:3", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("<local>", "<local>"),
    ],
)
def test_limits_count_an_ipv6_subscriber_by_its_64_block(address, key):
    assert limit_key(address) == key


def test_limits_have_documented_defaults():
    settings = load_settings({})
    assert settings["MESSAGE_RATE_BURST"] == 10
    assert settings["MESSAGE_RATE_PER_SECOND"] == 1.0
    assert settings["LOGIN_FAILURES_PER_5MIN"] == 5
    assert settings["REGISTRATIONS_PER_ADDRESS_PER_HOUR"] == 10
    assert settings["TRUST_PROXY_HEADERS"] == 0
    assert settings["REGISTRATION"] == "open"


@pytest.mark.parametrize(("value", "hops"), [("true", 1), ("yes", 1), ("2", 2), ("no", 0)])
def test_trust_proxy_headers_is_a_flag_or_a_number_of_proxies(value, hops):
    assert load_settings({"TRUST_PROXY_HEADERS": value})["TRUST_PROXY_HEADERS"] == hops


def test_an_unknown_registration_mode_is_refused_at_start_up():
    with pytest.raises(ValueError, match="open, closed, invite"):
        load_settings({"REGISTRATION": "sometimes"})


@pytest.mark.parametrize("name", ["MESSAGE_RATE_BURST", "MESSAGE_RATE_PER_SECOND"])
def test_a_limit_of_zero_is_refused_at_start_up(name):
    with pytest.raises(ValueError, match=f"{name} must be above zero"):
        load_settings({name: "0"})
