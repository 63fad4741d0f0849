"""Browser tests: Debian's Chromium, driven by Playwright, against real served backchats.

`site` is the app served by hypercorn from a temporary instance folder (SQLite), in two
configurations: one worker with the in-process broker, and two workers sharing a private
Redis. `people` opens one browser context (a person) per call and, when the test ends,
closes them all and fails the test if any page logged an error.
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio
from playwright.async_api import Browser, ConsoleMessage, async_playwright

from tests.browser.helpers import DESKTOP, Person, unique_name
from tests.conftest import service_missing
from tests.redis_server import RedisServer
from tests.server import live_server

# Debian's Chromium (`.ci/run` installs it); BACKCHAT_TEST_CHROMIUM names another build.
CHROMIUM = Path(os.environ.get("BACKCHAT_TEST_CHROMIUM") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Neither setting may leak in from the developer's shell: SQLite in the instance folder, and
# Redis only where a configuration asks for it.
PLAIN = {"DATABASE_URL": "", "REDIS_URL": ""}


@dataclass
class Site:
    """A served backchat and the name of its configuration (used in screenshot names)."""

    config: str
    url: str
    #: Its instance folder (the SQLite database the tests may seed).
    instance: Path


@pytest_asyncio.fixture(scope="session", loop_scope="session", name="browser")
async def _browser() -> AsyncIterator[Browser]:
    """One headless Chromium for the whole run (each person gets a context of their own)."""
    if not CHROMIUM.exists():
        service_missing(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            await browser.close()


@pytest.fixture(scope="session", name="browser_redis")
def _browser_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A private redis-server for the Redis configuration of `site`."""
    if not RedisServer.available():
        service_missing("redis-server is not installed")
    server = RedisServer(tmp_path_factory.mktemp("browser-redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session", name="site", params=["inprocess", "redis"])
def _site(
    request: pytest.FixtureRequest, browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """The app on a free port: one worker with the in-process broker, or two workers and
    Redis. Shared by every test of the session (so tests use unique usernames). Depends on
    `browser` so that Chromium is checked for before a server is started."""
    config = request.param
    env, workers = dict(PLAIN), 1
    if config == "redis":
        env["REDIS_URL"] = request.getfixturevalue("browser_redis").url
        workers = 2
    instance = tmp_path_factory.mktemp(f"browser-{config}") / "instance"
    with live_server(instance, env, workers=workers) as server:
        yield Site(config, server.url, instance)


class People:
    """Opens people (a browser context and page each) and collects their pages' errors."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.people: list[Person] = []
        self.errors: list[str] = []
        # (pattern, pattern of the message that comes with it, or None): see expect_console_error.
        self._expected: list[tuple[re.Pattern[str], re.Pattern[str] | None]] = []
        self._next_expected: dict[str, re.Pattern[str]] = {}

    async def new(self, base_url: str, name: str = "user", **context_options) -> Person:
        """A person with a fresh browser context (no cookies) whose pages start at `base_url`,
        and a unique username starting with `name`."""
        context = await self.browser.new_context(
            base_url=base_url, viewport=DESKTOP, **context_options
        )
        context.set_default_timeout(10_000)
        page = await context.new_page()
        person = Person(unique_name(name), context, page)
        page.on("console", lambda message: self._console(person, message))
        page.on("pageerror", lambda error: self.errors.append(f"{person.name}: {error}"))
        self.people.append(person)
        return person

    def _console(self, person: Person, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        # Matched as "<text> at <script url>", so that a pattern can say who logged it.
        text = f"{message.text} at {message.location.get('url', '')}"
        follower = self._next_expected.pop(person.name, None)
        if follower and follower.search(text):
            return
        for pattern, comes_with in self._expected:
            if pattern.search(text):
                if comes_with:
                    self._next_expected[person.name] = comes_with
                return
        self.errors.append(f"{person.name}: console error: {text}")

    def expect_console_error(self, pattern: str, followed_by: str | None = None) -> None:
        """From now on, allow console errors matching `pattern`, each optionally followed
        (on the same page, at once) by one matching `followed_by`. Both are regular
        expressions matched against "<text> at <url of the script that logged it>"."""
        self._expected.append((re.compile(pattern), followed_by and re.compile(followed_by)))

    async def close(self) -> None:
        while self.people:
            await self.people.pop().context.close()


@pytest_asyncio.fixture(loop_scope="session", name="people")
async def _people(browser: Browser) -> AsyncIterator[People]:
    people = People(browser)
    try:
        yield people
    finally:
        await people.close()
    assert people.errors == [], "errors in the browser console:\n" + "\n".join(people.errors)
