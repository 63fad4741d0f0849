"""backchat behind nginx as `deploy/nginx.conf` has it: Debian's nginx serving the shipped
file (only its port and its two upstream addresses changed) in front of two hypercorn
processes of the app in production mode, sharing one database and one Redis. Every request
and websocket goes through nginx."""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.chat_client import (
    PASSWORD,
    Browser,
    has_message,
    new_person,
    people_in_a_room,
    room_id_of,
    said,
)
from tests.conftest import service_missing
from tests.databases import instance_database_url
from tests.server import ROOT, LiveServer, free_port, live_server

pytestmark = pytest.mark.usefixtures("close_tabs")

NGINX = Path("/usr/sbin/nginx")
SHIPPED = ROOT / "deploy" / "nginx.conf"
#: The shipped file's own listening port and upstreams: the only lines the test changes.
LISTEN = "listen 80;"
UPSTREAMS = ("server 127.0.0.1:8001;", "server 127.0.0.1:8002;")
LOGIN_FAILURES = 2


@dataclass
class Site:
    """The public address (nginx) and the two processes behind it."""

    url: str
    servers: tuple[LiveServer, LiveServer]

    def log(self, server: LiveServer) -> list[dict]:
        """The app's request log lines (LOG_JSON) of one process."""
        lines = (server.instance / "server.log").read_text().splitlines()
        records = [json.loads(line) for line in lines if line.startswith("{")]
        return [record for record in records if record["logger"] == "backchat.requests"]

    def logs(self) -> list[dict]:
        """Both processes' request log lines."""
        return [line for server in self.servers for line in self.log(server)]

    def sockets_opened(self, server: LiveServer, room_id: int) -> list[int]:
        """The users whose sockets to the room one process opened."""
        opened = (line for line in self.log(server) if line["event"] == "websocket open")
        return [line["user"] for line in opened if line["room"] == room_id]


def replace_directive(config: str, directive: str, replacement: str) -> str:
    """`config` with its one (uncommented) `directive` line replaced; fails if there is not
    exactly one, so that a change to the shipped file cannot go untested."""
    pattern = re.compile(rf"^(\s*){re.escape(directive)}$", re.M)
    changed, count = pattern.subn(rf"\g<1>{replacement}", config)
    if count != 1:
        pytest.fail(f"{SHIPPED} has {count} `{directive}` lines, not 1: update this test")
    return changed


def site_config(port: int, upstreams: Sequence[str]) -> str:
    """The shipped file, listening on 127.0.0.1:`port` and proxying to `upstreams`."""
    config = replace_directive(SHIPPED.read_text(), LISTEN, f"listen 127.0.0.1:{port};")
    for default, address in zip(UPSTREAMS, upstreams, strict=True):
        config = replace_directive(config, default, f"server {address};")
    return config


def main_config(folder: Path) -> str:
    """A main nginx.conf that keeps everything in `folder` and includes `backchat.conf`
    there, as Debian's includes sites-enabled/."""
    # A master process running as root hands its workers to `nobody`, who could not write
    # the temporary files here.
    user = "user root;" if os.geteuid() == 0 else ""
    temp_paths = "\n".join(
        f"    {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}
worker_processes 1;
daemon off;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{}}
http {{
    access_log {folder / "access.log"};
{temp_paths}
    include {folder / "backchat.conf"};
}}
"""


@contextmanager
def nginx(folder: Path, port: int, upstreams: Sequence[str]) -> Iterator[None]:
    """Debian's nginx serving the shipped file on `port`, in front of `upstreams`."""
    folder.mkdir()
    (folder / "backchat.conf").write_text(site_config(port, upstreams))
    (folder / "nginx.conf").write_text(main_config(folder))
    command = [str(NGINX), "-p", str(folder), "-c", str(folder / "nginx.conf")]
    command += ["-e", str(folder / "error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=10)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until_listening(port, process, folder / "error.log")
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_until_listening(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nginx did not listen on {port}")


def app_environment(public_url: str, database_url: str, redis_url: str) -> dict[str, str]:
    """Both processes' settings, as deploy/nginx.conf asks for them."""
    return {
        "BACKCHAT_ENV": "production",
        "SECRET_KEY": "the nginx test's secret key",
        # The test's clients speak plain http to nginx: a Secure cookie would not come back.
        "COOKIE_SECURE": "0",
        "PUBLIC_URL": public_url,
        "TRUST_PROXY_HEADERS": "1",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "LOG_JSON": "1",
        "LOGIN_FAILURES_PER_5MIN": str(LOGIN_FAILURES),
    }


@pytest.fixture(scope="module", name="site")
def _site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """nginx on a free port in front of two processes, each with its own instance folder
    (and so its own server.log) but one database (of the suite's engine) and one Redis."""
    if not NGINX.exists():
        service_missing(f"{NGINX} is not installed (Debian's nginx-light)")
    folder = tmp_path_factory.mktemp("nginx")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    redis_url = request.getfixturevalue("module_redis_url")
    env = app_environment(url, instance_database_url(folder), redis_url)
    with (
        live_server(folder / "first", env) as first,
        live_server(folder / "second", env) as second,
        nginx(folder / "nginx", port, [urlsplit(s.url).netloc for s in (first, second)]),
    ):
        yield Site(url, (first, second))


@pytest.fixture(name="addresses")
def _addresses() -> tuple[str, str]:
    """Two client addresses of the test's own on the loopback network (a Redis shared with
    other runs, BACKCHAT_TEST_REDIS_URL, keeps their sign-in counts for 5 minutes)."""
    network = f"127.{random.randrange(1, 255)}.{random.randrange(256)}"
    return f"{network}.2", f"{network}.3"


async def test_two_people_chat_through_nginx_each_on_a_process_of_their_own(site: Site):
    alice, bob, slug = people_in_a_room(site.url)
    alice_tab, bob_tab = await alice.open_tab(slug), await bob.open_tab(slug)
    await said(alice_tab, "hello through the proxy")
    await bob_tab.receive_until(has_message("hello through the proxy"))
    await said(bob_tab, "and back again")
    await alice_tab.receive_until(has_message("and back again"))

    # least_conn sent the second socket to the process that did not hold the first.
    room_id = room_id_of(alice, slug)
    first, second = (site.sockets_opened(server, room_id) for server in site.servers)
    assert len(first) == len(second) == 1 and first != second
    for server in site.servers:
        assert any(line["event"] == "request" for line in site.log(server))


async def test_a_room_export_downloads_through_its_own_nginx_location(site: Site):
    alice, bob, slug = people_in_a_room(site.url)
    await said(await alice.open_tab(slug), "for the record")
    _, body = alice.get(f"/room/{slug}/export.jsonl")
    events = [json.loads(line) for line in body.splitlines()]
    assert bob.username in [event.get("member") for event in events]
    assert events[-1]["message"]["body"] == "for the record"


def sign_in(browser: Browser, username: str, password: str) -> int:
    """The status of a sign-in through the real form (200 for one that went through)."""
    form = {"username": username, "password": password}
    status, _, _ = browser.submit("/auth/login/", form, token_from="/auth/login/")
    return status


def test_throttles_count_the_address_nginx_saw_not_the_one_a_client_claims(
    site: Site, addresses: tuple[str, str]
):
    near, far = addresses
    carol = new_person(site.url, "carol").username
    guesser = Browser(site.url, source_address=near)
    for _ in range(LOGIN_FAILURES):
        assert sign_in(guesser, carol, "not her password") == 401
    assert sign_in(guesser, carol, "not her password") == 429

    forger = Browser(site.url, source_address=near, headers={"X-Forwarded-For": "10.9.9.9"})
    assert sign_in(forger, carol, "not her password") == 429
    assert sign_in(Browser(site.url, source_address=far), carol, PASSWORD) == 200

    tries = [line for line in site.logs() if line.get("route") == "/auth/login/"]
    posted = [(line["client"], line["status"]) for line in tries if line["method"] == "POST"]
    assert (near, 429) in posted and (far, 303) in posted
    assert "10.9.9.9" not in {line["client"] for line in site.logs()}


async def test_a_socket_opened_from_another_site_is_refused_behind_nginx(site: Site):
    alice, _, slug = people_in_a_room(site.url)
    tab = await alice.open_tab(slug, origin="http://chat.other.example")
    assert await tab.close_code() == 4403


def test_a_request_for_another_host_is_refused_by_the_app_behind_nginx(site: Site):
    netloc = urlsplit(site.url).netloc
    with closing(http.client.HTTPConnection(netloc, timeout=10)) as connection:
        connection.request("GET", "/auth/login/", headers={"Host": "chat.other.example"})
        response = connection.getresponse()
        page = response.read().decode()
    assert response.status == 400
    assert "This site does not answer for that host name." in page
