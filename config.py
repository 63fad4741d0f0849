"""backchat's settings: one place, every value from an environment variable.

`load_settings()` gives the Quart config; `TORTOISE_ORM` is what aerich reads.
Every setting is listed in the README.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

DEVELOPMENT = "development"
PRODUCTION = "production"
REGISTRATION_OPEN = "open"
REGISTRATION_CLOSED = "closed"
REGISTRATION_INVITE = "invite"
REGISTRATION_MODES = (REGISTRATION_OPEN, REGISTRATION_CLOSED, REGISTRATION_INVITE)


def _text(environ: Mapping[str, str], name: str, default: str = "") -> str:
    """A setting's text; a blank one (`NAME=` in an environment file) counts as unset."""
    return (environ.get(name) or "").strip() or default


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _proxy_hops(value: str | None) -> int:
    """`TRUST_PROXY_HEADERS`: how many proxies append to `X-Forwarded-For` (a flag means one)."""
    value = (value or "").strip().lower()
    if value.isdigit():
        return int(value)
    return 1 if _flag(value, default=False) else 0


def _positive(environ: Mapping[str, str], name: str, default: str, kind: type = int) -> Any:
    """A limit's value: a number above zero (a limit of zero would refuse everything)."""
    value = kind(_text(environ, name, default))
    if value <= 0:
        raise ValueError(f"{name} must be above zero, not {value}")
    return value


def _registration(value: str | None) -> str:
    mode = (value or REGISTRATION_OPEN).strip().lower()
    if mode not in REGISTRATION_MODES:
        raise ValueError(
            f"REGISTRATION must be one of {', '.join(REGISTRATION_MODES)}, not {mode!r}"
        )
    return mode


def instance_path(environ: Mapping[str, str] = os.environ) -> Path:
    """The folder for local state: the SQLite file, the development secret key, locks."""
    return Path(_text(environ, "INSTANCE_PATH", "instance")).resolve()


def database_url(environ: Mapping[str, str] = os.environ) -> str:
    """`DATABASE_URL`, or a SQLite file in the instance folder (WAL, with a busy timeout)."""
    url = _text(environ, "DATABASE_URL")
    if url:
        return url
    return f"sqlite://{instance_path(environ) / 'backchat.sqlite3'}?busy_timeout=5000"


def tortoise_config(url: str) -> dict[str, Any]:
    """Tortoise ORM configuration for one database URL."""
    return {
        "connections": {"default": url},
        "apps": {
            "models": {
                "models": ["backchat.models", "aerich.models"],
                "default_connection": "default",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def load_settings(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """Read every setting from the environment, with development defaults."""
    env = _text(environ, "BACKCHAT_ENV", DEVELOPMENT)
    production = env == PRODUCTION
    cookie_secure = _flag(environ.get("COOKIE_SECURE"), default=production)
    origins = _text(environ, "ALLOWED_ORIGINS")
    history_page_size = int(_text(environ, "HISTORY_PAGE_SIZE", "50"))
    return {
        "BACKCHAT_ENV": env,
        "INSTANCE_PATH": instance_path(environ),
        "DATABASE_URL": database_url(environ),
        "REDIS_URL": _text(environ, "REDIS_URL") or None,
        "SECRET_KEY": _text(environ, "SECRET_KEY") or None,
        "MAX_MESSAGE_CHARS": int(_text(environ, "MAX_MESSAGE_CHARS", "4000")),
        "HISTORY_PAGE_SIZE": history_page_size,
        "RESUME_MAX_MESSAGES": int(_text(environ, "RESUME_MAX_MESSAGES", str(history_page_size))),
        "SOCKET_QUEUE_SIZE": int(_text(environ, "SOCKET_QUEUE_SIZE", "500")),
        "PRESENCE_TTL_SECONDS": int(_text(environ, "PRESENCE_TTL_SECONDS", "45")),
        "MAX_SOCKETS_PER_USER": int(_text(environ, "MAX_SOCKETS_PER_USER", "20")),
        "PUBLIC_URL": _text(environ, "PUBLIC_URL").rstrip("/") or None,
        "MESSAGE_RATE_BURST": _positive(environ, "MESSAGE_RATE_BURST", "10"),
        "MESSAGE_RATE_PER_SECOND": _positive(environ, "MESSAGE_RATE_PER_SECOND", "1", float),
        "LOGIN_FAILURES_PER_5MIN": _positive(environ, "LOGIN_FAILURES_PER_5MIN", "5"),
        "ROOM_CODE_FAILURES_PER_5MIN": _positive(environ, "ROOM_CODE_FAILURES_PER_5MIN", "20"),
        "REGISTRATIONS_PER_ADDRESS_PER_HOUR": _positive(
            environ, "REGISTRATIONS_PER_ADDRESS_PER_HOUR", "10"
        ),
        "TRUST_PROXY_HEADERS": _proxy_hops(environ.get("TRUST_PROXY_HEADERS")),
        "LOG_JSON": _flag(environ.get("LOG_JSON"), default=False),
        "METRICS_TOKEN": _text(environ, "METRICS_TOKEN"),
        "REGISTRATION": _registration(environ.get("REGISTRATION")),
        "ALLOWED_ORIGINS": [o.strip().rstrip("/") for o in origins.split(",") if o.strip()],
        "SESSION_COOKIE_SECURE": cookie_secure,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True,
        "QUART_AUTH_COOKIE_SECURE": cookie_secure,
        "QUART_AUTH_COOKIE_SAMESITE": "Lax",
        "QUART_AUTH_COOKIE_HTTP_ONLY": True,
        "QUART_AUTH_COOKIE_NAME": "backchat_auth",
        "SESSION_COOKIE_NAME": "backchat_session",
        "QUART_AUTH_DURATION": int(_text(environ, "SESSION_DAYS", "30")) * 24 * 3600,
    }


TORTOISE_ORM = tortoise_config(database_url())
