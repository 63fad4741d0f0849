"""`GET /metrics` from two real hypercorn workers on Redis: Prometheus text that adds up both
workers' figures whichever of them answers, only for a scraper with the token."""

import re
import urllib.error
import urllib.request

import pytest

from backchat.web.prometheus import scraper_allowed
from tests.chat_client import people_in_a_room, said
from tests.server import live_server

pytestmark = pytest.mark.usefixtures("close_tabs")
TOKEN = "scrape-me-4f1c"


def scrape(url: str, token: str | None = TOKEN) -> str:
    """The metrics page, asked with `token`."""
    request = urllib.request.Request(f"{url}/metrics")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/plain; version=")
        return response.read().decode()


def value(text: str, sample: str) -> float:
    """The value of one sample line (name with its labels), 0 when it is not there."""
    found = re.search(rf"^{re.escape(sample)} (\S+)$", text, re.M)
    return float(found.group(1)) if found else 0.0


async def test_metrics_add_up_every_worker_for_a_scraper_with_the_token(tmp_path, redis_url):
    instance = tmp_path / "instance"
    env = {"REDIS_URL": redis_url, "METRICS_TOKEN": TOKEN}
    with live_server(instance, env=env, workers=2) as server:
        alice, bob, slug = people_in_a_room(server.url)
        alice_tab, bob_tab = await alice.open_tab(slug), await bob.open_tab(slug)
        for text in ("one", "two", "three"):
            await said(alice_tab, text)
        await bob_tab.receive_until(lambda t: "three" in t)
        pids = {path.stem.rsplit("_", 1)[1] for path in (instance / "metrics").glob("*.db")}
        assert len(pids) == 2  # both workers keep figures

        for _ in range(6):  # whichever worker answers, the sums are the same
            text = scrape(server.url)
            assert value(text, "backchat_messages_saved_total") == 3
            assert value(text, "backchat_open_websockets") == 2
            assert value(text, "backchat_fragments_delivered_total") >= 6
            assert value(text, "backchat_delivery_seconds_count") >= 3
            room_page = (
                'backchat_http_requests_total{method="GET",route="/room/<slug>/",status="200"}'
            )
            assert value(text, room_page) >= 2
        assert slug not in text  # routes, never paths

        await alice_tab.close()
        await bob_tab.close()
        for _ in range(50):
            if value(scrape(server.url), "backchat_open_websockets") == 0:
                break
        assert value(scrape(server.url), "backchat_open_websockets") == 0

        for token in (None, "wrong"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                scrape(server.url, token)
            refused.value.close()
            assert refused.value.code == 404


@pytest.mark.parametrize(
    ("client", "allowed"),
    [("127.0.0.1", True), ("10.1.2.3", True), ("::1", True), ("93.184.216.34", False)],
)
async def test_without_a_token_only_private_addresses_may_scrape(app, client, allowed):
    # Quart's ASGI layer gives a request its peer's address as this header.
    async with app.test_request_context("/metrics", headers={"Remote-Addr": client}):
        assert scraper_allowed() is allowed


async def test_with_a_token_only_the_token_may_scrape(make_app):
    app = await make_app(METRICS_TOKEN=TOKEN)
    for sent, allowed in ((f"Bearer {TOKEN}", True), ("Bearer nope", False), (None, False)):
        headers = {"Remote-Addr": "127.0.0.1"} | ({"Authorization": sent} if sent else {})
        async with app.test_request_context("/metrics", headers=headers):
            assert scraper_allowed() is allowed, sent
