"""The instance folder: local state that is not code (SQLite file, development secret key)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def development_secret_key(instance: Path) -> str:
    """The secret key kept in `instance/secret_key`, created once and shared by every process."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    try:
        # Create-exclusive: when two workers start together, one writes and both read it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_urlsafe(48))
    for _ in range(50):
        key = path.read_text().strip()
        if key:
            return key
    raise RuntimeError(f"{path} is empty; delete it and start again")
