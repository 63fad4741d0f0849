"""backchat installed from its wheel, as an operator would (docs/deploy.md): a fresh virtual
environment of Debian's Python (where there is one) with only the locked runtime dependencies,
run from a folder outside the checkout."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.chat_client import close_all_tabs, has_message, people_in_a_room
from tests.databases import instance_settings
from tests.server import ROOT, live_server

#: The Python docs/deploy.md installs on (Debian 12's 3.11.2: a lock made on a later 3.11 once
#: missed a package that only it needs).
DEBIAN_PYTHON = "/usr/bin/python3"


def deploy_python() -> str:
    """Debian's Python where it can make a venv (python3-venv installed), else this one."""
    if Path(DEBIAN_PYTHON).exists():
        usable = subprocess.run([DEBIAN_PYTHON, "-c", "import ensurepip"], capture_output=True)
        if usable.returncode == 0:
            return DEBIAN_PYTHON
    return sys.executable


@dataclass
class Installation:
    wheel: Path
    python: Path
    #: A folder outside the checkout, where the installed app is run from.
    elsewhere: Path

    def run(self, *args: str, instance: Path) -> subprocess.CompletedProcess[str]:
        """The installed interpreter with `args`, from outside the checkout."""
        return subprocess.run(
            [str(self.python), *args],
            cwd=self.elsewhere,
            env={"PATH": "/usr/bin:/bin", **instance_settings(instance)},
            capture_output=True,
            text=True,
            timeout=120,
        )


def _run(*args: str | Path) -> None:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"


@pytest.fixture(scope="module", name="installed")
def _installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installation]:
    """`pip wheel .`, then a new venv with requirements.lock and that wheel (nothing else)."""
    root = tmp_path_factory.mktemp("installed")
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", root / "dist", ROOT)  # fmt: skip
    (wheel,) = (root / "dist").glob("backchat-*.whl")
    _run(deploy_python(), "-m", "venv", root / "venv")
    pip = root / "venv" / "bin" / "pip"
    _run(pip, "install", "--quiet", "--require-hashes", "-r", ROOT / "requirements.lock")
    _run(pip, "install", "--quiet", "--no-deps", wheel)
    _run(pip, "check")
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    yield Installation(wheel, root / "venv" / "bin" / "python", elsewhere)


def test_the_wheel_carries_templates_static_files_and_migrations(installed):
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
    assert "config.py" in names
    assert "backchat/templates/chat/room.html" in names
    assert "backchat/static/app.css" in names
    assert any(n.startswith("backchat/static/vendor/htmx") for n in names)
    assert any(n.startswith("backchat/migrations/models/0_") for n in names)
    assert not any(n.startswith(("tests/", "bench/")) for n in names)


def test_the_installed_app_runs_from_its_own_files_not_the_checkout(installed, tmp_path):
    where = installed.run(
        "-c", "import backchat, config; print(backchat.__file__); print(config.__file__)",
        instance=tmp_path,
    )  # fmt: skip
    site_packages = str(installed.python.parent.parent / "lib")
    assert where.returncode == 0, where.stderr
    assert all(line.startswith(site_packages) for line in where.stdout.splitlines())
    dev_tools = installed.run("-c", "import pytest", instance=tmp_path)
    assert "No module named 'pytest'" in dev_tools.stderr


async def test_the_installed_app_migrates_serves_and_chats(installed, tmp_path):
    instance = tmp_path / "instance"
    help_text = installed.run("-m", "quart", "--app", "backchat", "--help", instance=instance)
    for command in ("migrate", "create-user", "export-room", "prune-messages"):
        assert command in help_text.stdout
    with live_server(instance, python=str(installed.python), cwd=installed.elsewhere) as server:
        with urllib.request.urlopen(f"{server.url}/static/app.css") as stylesheet:
            assert stylesheet.status == 200
        alice, bob, slug = people_in_a_room(server.url, "Installed room")
        try:
            alice_tab, bob_tab = await alice.open_tab(slug), await bob.open_tab(slug)
            await alice_tab.say("hello from the wheel")
            await bob_tab.receive_until(has_message("hello from the wheel"))
        finally:
            await close_all_tabs()
        rooms = installed.run("-m", "quart", "--app", "backchat", "list-rooms", instance=instance)
        assert slug in rooms.stdout, rooms.stderr
