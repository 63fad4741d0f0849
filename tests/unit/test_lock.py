"""requirements.lock (what `make audit` checks) stays in step with pyproject.toml."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.server import ROOT

_PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;]+)", re.MULTILINE)


def locked() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text()
    return {canonicalize_name(name): version for name, version in _PIN.findall(text)}


def test_every_runtime_dependency_is_locked_at_a_version_it_allows():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = locked()
    for line in project["dependencies"]:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in requirements.lock: run `make lock`"
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]}: `make lock`"


def test_every_locked_package_carries_its_hashes():
    entries = re.split(r"\n(?=\S)", (ROOT / "requirements.lock").read_text())
    pinned = [entry for entry in entries if _PIN.match(entry)]
    assert len(pinned) == len(locked()) > 10
    for entry in pinned:
        assert "--hash=sha256:" in entry, entry.splitlines()[0]
