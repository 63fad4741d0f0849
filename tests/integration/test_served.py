"""The app as `make run` serves it: hypercorn, the factory, hypercorn.toml, real HTTP."""

import http.cookiejar
import re
import urllib.parse
import urllib.request

from tests.server import live_server


def test_a_new_user_can_sign_up_and_create_a_room_over_real_http(tmp_path):
    with live_server(tmp_path / "instance") as server:
        jar = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

        def get(path: str) -> tuple[str, str]:
            with browser.open(f"{server.url}{path}") as response:
                return response.url, response.read().decode()

        def post(path: str, form: dict[str, str]) -> tuple[str, str]:
            token = re.search(r'name="csrf_token" value="([^"]+)"', get(path)[1]).group(1)
            data = urllib.parse.urlencode({**form, "csrf_token": token}).encode()
            with browser.open(f"{server.url}{path}", data=data) as response:
                return response.url, response.read().decode()

        with browser.open(server.url + "/") as landing:
            assert landing.status == 200
            assert "default-src 'self'" in landing.headers["Content-Security-Policy"]

        url, page = post(
            "/auth/register/",
            {"username": "alice", "password1": "a long password", "password2": "a long password"},
        )
        assert url == server.url + "/"
        assert "Your rooms" in page

        url, page = post("/create/", {"room_name": "Live room"})
        assert re.fullmatch(rf"{server.url}/room/live-room-[a-z0-9]{{4}}/", url)
        assert "Live room" in page
