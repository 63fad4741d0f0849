"""A real backchat served by hypercorn on a free port, for tests that need real sockets."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests import databases

ROOT = Path(__file__).resolve().parent.parent
APP = "backchat:create_app()"
#: Test servers take many registrations, sign-ins and messages from 127.0.0.1 at once; a test
#: of a limit passes its own value in `env`.
RAISED_LIMITS = {
    "REGISTRATIONS_PER_ADDRESS_PER_HOUR": "1000000",
    "LOGIN_FAILURES_PER_5MIN": "1000000",
    "ROOM_CODE_FAILURES_PER_5MIN": "1000000",
    "MESSAGE_RATE_BURST": "1000000",
    "MESSAGE_RATE_PER_SECOND": "1000000",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    instance: Path
    #: Its database: the instance's SQLite file, or a PostgreSQL database of its own.
    database_url: str

    def crash(self) -> None:
        """Kill the server and its worker processes at once, with no clean shutdown."""
        children = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        ).stdout.split()
        for pid in [*children, str(self.process.pid)]:
            subprocess.run(["kill", "-KILL", pid], check=False)
        self.process.wait(timeout=10)

    def saved_bodies(self, slug: str) -> list[str]:
        """Bodies of a room's saved messages in id order, read from its database."""
        rows = self.query(
            "SELECT m.body FROM message m JOIN room r ON r.id = m.room_id"
            " WHERE r.slug = ? ORDER BY m.id",
            slug,
        )
        return [body for (body,) in rows]

    def query(self, sql: str, *params: object) -> list[tuple]:
        """The rows of one statement (`?` placeholders) on the server's database."""
        return databases.query(self.database_url, sql, *params)


def quart_environment(instance: Path) -> dict[str, str]:
    """The environment of a CLI command run on `instance`: its own database (on the suite's
    engine), no broker, its own figures."""
    unset = ("DATABASE_URL", "REDIS_URL", "PROMETHEUS_MULTIPROC_DIR")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    return env | databases.instance_settings(instance)


def run_quart(instance: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`quart --app backchat …` against a served instance folder (its own database, no
    broker), as an operator beside the running server would run it."""
    env = quart_environment(instance)
    return subprocess.run(
        [sys.executable, "-m", "quart", "--app", "backchat", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def migrate(environment: Mapping[str, str], python: str = sys.executable, cwd: Path = ROOT) -> None:
    """`quart --app backchat migrate` with this environment."""
    subprocess.run(
        [python, "-m", "quart", "--app", "backchat", "migrate"],
        env=environment,
        cwd=cwd,
        check=True,
        capture_output=True,
        timeout=60,
    )


@contextmanager
def live_server(
    instance: Path,
    env: Mapping[str, str] = {},
    workers: int = 1,
    port: int | None = None,
    app: str = APP,
    python: str = sys.executable,
    cwd: Path = ROOT,
) -> Iterator[LiveServer]:
    """Migrate `instance` and serve the app from it with hypercorn, as `make run` does:
    on a free port, or on `port` (to bring a stopped server back at the same address). Its
    database is `env`'s DATABASE_URL, else the instance's (on the suite's engine).
    `app` may name another ASGI app served the same way (the benchmark's reference);
    `python` and `cwd` another installation of it (a wheel's, outside the checkout)."""
    # Each server keeps its figures in its own instance folder (not in this process's).
    inherited = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
    environment = {**inherited, **RAISED_LIMITS, "INSTANCE_PATH": str(instance), **env}
    explicit = env.get("DATABASE_URL")
    database_url = explicit or databases.instance_database_url(instance)
    # The instance's SQLite file is the app's default, as in `make run`: no DATABASE_URL.
    environment["DATABASE_URL"] = explicit or ("" if databases.ENGINE == "sqlite" else database_url)
    migrate(environment, python, cwd)
    port = port or free_port()
    # Appended to, so that servers sharing an instance folder (or restarted) keep every log.
    log = (instance / "server.log").open("ab")
    process = subprocess.Popen(
        [
            python,
            "-m",
            "hypercorn",
            "--config",
            str(ROOT / "hypercorn.toml"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            app,
        ],
        env=environment,
        cwd=cwd,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url, process, instance / "server.log")
        yield LiveServer(url, process, instance, database_url)
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


def _wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/auth/login/", timeout=1):
                return
        except urllib.error.HTTPError:
            return  # answering at all is serving (an app without that page)
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"server at {url} did not start")
