"""Every setting backchat reads is documented in the README's table and in the sample
environment file of docs/deploy.md, and that file loads as it stands."""

from __future__ import annotations

import re
from pathlib import Path

from config import load_settings

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE = ROOT / "deploy" / "backchat.env"
#: Read straight from os.environ outside config.py (prometheus-client's own setting).
_OS_ENVIRON = re.compile(r'os\.environ(?:\.get|\.setdefault)?[\[(]"([A-Z_]+)"')


class Recording(dict):
    """An environment that notes every name looked up in it."""

    def __init__(self, values: dict[str, str]) -> None:
        super().__init__(values)
        self.read: set[str] = set()

    def get(self, name, default=None):
        self.read.add(name)
        return super().get(name, default)

    def __getitem__(self, name):
        self.read.add(name)
        return super().__getitem__(name)


def settings_read() -> set[str]:
    environment = Recording({})
    load_settings(environment)
    elsewhere = {
        name
        for path in (ROOT / "backchat").rglob("*.py")
        for name in _OS_ENVIRON.findall(path.read_text())
    }
    return environment.read | elsewhere


def sample_values() -> dict[str, str]:
    lines = SAMPLE.read_text().splitlines()
    pairs = [line.split("=", 1) for line in lines if line and not line.startswith("#")]
    return dict(pairs)


def test_every_setting_is_in_the_readme_table_and_the_sample_environment_file():
    names = settings_read()
    assert {"DATABASE_URL", "PUBLIC_URL", "PROMETHEUS_MULTIPROC_DIR"} <= names
    readme = (ROOT / "README.md").read_text()
    assert [n for n in sorted(names) if f"| `{n}` |" not in readme] == []
    assert sorted(names - sample_values().keys()) == []
    assert sorted(sample_values().keys() - names) == []  # nothing stale


def test_the_sample_environment_file_loads_as_it_stands():
    """Blank values (`METRICS_TOKEN=`) count as unset, as systemd passes them on."""
    settings = load_settings(sample_values())
    assert settings["BACKCHAT_ENV"] == "production"
    assert settings["PUBLIC_URL"] == "https://chat.example.org"
    assert settings["TRUST_PROXY_HEADERS"] == 1
    assert settings["METRICS_TOKEN"] == "" and settings["ALLOWED_ORIGINS"] == []
    assert settings["RESUME_MAX_MESSAGES"] == settings["HISTORY_PAGE_SIZE"] == 50
    assert settings["SESSION_COOKIE_SECURE"] is True
