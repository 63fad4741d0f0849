"""Site-wide rules: which pages need login, security headers, error pages, the landing page."""

import pytest
from quart import Quart

from backchat import create_app
from backchat.web.headers import CONTENT_SECURITY_POLICY
from tests.conftest import AuthActions

PUBLIC = {"/", "/auth/login/", "/auth/register/", "/healthz"}
#: Guarded by a token of its own instead (tests/integration/test_metrics.py).
SCRAPED = {"/metrics"}


def page_paths(app: Quart, method: str = "GET") -> list[str]:
    """Every path routed for `method` (and, for POST, not for GET), with sample values."""
    paths = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.websocket or method not in rule.methods:
            continue
        if method != "GET" and "GET" in rule.methods:
            continue
        sample = rule.rule.replace("<slug>", "some-room-1234").replace("<token>", "some-invite")
        sample = sample.replace("<username>", "someone")
        paths.append(sample.replace("<int:message_id>", "1"))
    return paths


async def test_every_page_but_the_public_ones_needs_login(app, client):
    private = [path for path in page_paths(app) if path not in PUBLIC | SCRAPED]
    assert "/create/" in private and "/me.css" in private
    for path in private:
        response = await client.get(path)
        assert response.status_code in (302, 303), path
        assert response.headers["Location"] == f"/auth/login/?next={path}", path


async def test_every_action_refuses_a_signed_out_visitor(app, client):
    actions = page_paths(app, "POST")
    assert "/room/some-room-1234/m/1/delete/" in actions
    for path in actions:
        response = await client.post(path, form={"csrf_token": "forged"})
        # The bot API wants its bearer token instead (CLARIFICATIONS 11).
        refused = (401,) if path.startswith("/api/") else (302, 303, 400, 403)
        assert response.status_code in refused, path


@pytest.mark.parametrize("path", sorted(PUBLIC))
async def test_public_pages_open_without_login(client, path):
    assert (await client.get(path)).status_code == 200


async def test_landing_page_offers_login_and_register(client):
    page = await (await client.get("/")).get_data(as_text=True)
    assert 'href="/auth/login/"' in page
    assert 'href="/auth/register/"' in page


async def test_every_response_carries_the_security_headers(client):
    for path in ["/", "/auth/login/", "/nowhere/", "/static/app.css"]:
        response = await client.get(path)
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path


async def test_pages_use_only_vendored_scripts_and_no_inline_code(client):
    page = await (await client.get("/auth/login/")).get_data(as_text=True)
    assert '<script src="/static/vendor/htmx/htmx.min.js"' in page
    assert '<script src="/static/vendor/htmx-ext-ws/ws.min.js"' in page
    assert "<script>" not in page
    assert "<style" not in page
    assert "style=" not in page
    assert "hx-on" not in page
    for asset in [
        "/static/vendor/htmx/htmx.min.js",
        "/static/vendor/htmx-ext-ws/ws.min.js",
        "/static/app.css",
        "/static/favicon.svg",
    ]:
        assert (await client.get(asset)).status_code == 200, asset


async def test_unknown_paths_get_a_friendly_404_in_the_layout(client):
    response = await client.get("/no/such/page/")
    page = await response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Page not found" in page
    assert 'class="topbar"' in page


async def test_a_crash_gets_a_friendly_500_that_reveals_nothing(tmp_path, suite_database):
    app = create_app(
        {"DATABASE_URL": suite_database, "INSTANCE_PATH": tmp_path, "SECRET_KEY": "test"}
    )

    @app.get("/boom/")
    async def boom() -> str:
        raise RuntimeError("secret internals")

    async with app.test_app():
        response = await app.test_client().get("/boom/")
    page = await response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in page
    assert "secret internals" not in page


async def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("BACKCHAT_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY must be set"):
        create_app({"INSTANCE_PATH": tmp_path})


def test_development_secret_key_is_made_once_and_kept(tmp_path):
    first = create_app({"INSTANCE_PATH": tmp_path}).config["SECRET_KEY"]
    second = create_app({"INSTANCE_PATH": tmp_path}).config["SECRET_KEY"]
    assert first == second
    assert len(first) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


async def test_every_page_for_a_signed_in_person_is_kept_out_of_caches(client, auth):
    await auth.register()
    response = await auth.post("/create/", {"room_name": "Private matters"})
    room_path = response.headers["Location"]
    for path in ["/", "/create/", "/join/", room_path, "/auth/logout/", "/no/such/page/"]:
        assert (await client.get(path)).headers.get("Cache-Control") == "no-store", path
    assert (await client.get("/static/app.css")).headers.get("Cache-Control") != "no-store"
    response = await auth.logout()
    assert response.headers.get("Cache-Control") == "no-store"


PUBLIC_URL = {"PUBLIC_URL": "https://chat.example"}


async def test_invite_links_come_from_public_url_not_the_host_header(make_app):
    client = (await make_app(**PUBLIC_URL)).test_client()
    auth = AuthActions(client)
    await auth.register()
    response = await auth.post("/create/", {"room_name": "Invites"})
    room_path = response.headers["Location"]
    forged = await client.get(room_path, headers={"Host": "evil.example"})
    page = await forged.get_data(as_text=True)
    assert 'value="https://chat.example/join/' in page
    assert "evil.example" not in page


async def test_production_answers_only_for_the_public_host(make_app):
    client = (await make_app(**PUBLIC_URL, BACKCHAT_ENV="production")).test_client()
    forged = await client.get("/auth/login/", headers={"Host": "evil.example"})
    assert forged.status_code == 400
    assert "does not answer for that host" in await forged.get_data(as_text=True)
    assert (await client.get("/auth/login/", headers={"Host": "chat.example"})).status_code == 200


async def test_health_and_metrics_answer_a_monitor_calling_the_servers_own_address(make_app):
    """A load balancer or scraper asks for 10.0.0.5:8001, not the public host name."""
    app = await make_app(**PUBLIC_URL, BACKCHAT_ENV="production", METRICS_TOKEN="scrape")
    client = app.test_client()
    direct = {"Host": "10.0.0.5:8001"}
    health = await client.get("/healthz", headers=direct)
    assert health.status_code == 200 and await health.get_json() == {
        "database": "ok",
        "broker": "ok",
    }
    scrape = direct | {"Authorization": "Bearer scrape"}
    assert (await client.get("/metrics", headers=scrape)).status_code == 200
    assert (await client.get("/auth/login/", headers=direct)).status_code == 400


async def test_head_answers_like_get_on_every_page(app, client, auth):
    for path in sorted(PUBLIC):
        assert (await client.head(path)).status_code == 200, path
    await auth.register()
    for path in page_paths(app):
        get, head = await client.get(path), await client.head(path)
        assert head.status_code == get.status_code, path
