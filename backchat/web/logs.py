"""One log line per request, per websocket opened and closed (with its close code) and per
error: `key=value` text, or a JSON object per line when `LOG_JSON=1`. Lines name routes, ids,
statuses and codes, never what anyone wrote or holds: no bodies, drafts, query strings,
passwords, cookies or tokens."""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime
from typing import Any

from quart import Quart, Response, g, request, websocket

from backchat.web.client_address import client_address

log = logging.getLogger("backchat.requests")


class JsonLines(logging.Formatter):
    """A record as one JSON object: time, level, logger, event, its fields, any error."""

    def format(self, record: logging.LogRecord) -> str:
        line = _basics(record) | getattr(record, "fields", {})
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class KeyValues(logging.Formatter):
    """A record as one line of text: time, level, logger, event, then `key=value` fields."""

    def format(self, record: logging.LogRecord) -> str:
        fields = _basics(record) | getattr(record, "fields", {})
        line = " ".join(f"{key}={_logfmt(value)}" for key, value in fields.items())
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def _logfmt(value: Any) -> str:
    """A value as logfmt writes it: quoted where it has a space, a quote or an equals sign."""
    text = str(value)
    return json.dumps(text, ensure_ascii=False) if any(c in text for c in ' "=') else text


def _basics(record: logging.LogRecord) -> dict[str, Any]:
    moment = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
    return {
        "time": moment,
        "level": record.levelname.lower(),
        "logger": record.name,
        "event": record.getMessage(),
    }


def socket_opened(room_id: int | None) -> float:
    """Log a websocket accepted for the signed-in person: when it opened."""
    log.info("websocket open", extra={"fields": _socket_fields(room_id)})
    return time.monotonic()


def socket_closed(room_id: int | None, code: int | None, opened: float) -> None:
    """Log a websocket's end: its close code (None: the browser closed it or went away)."""
    fields = _socket_fields(room_id) | {
        "code": code,
        "seconds": round(time.monotonic() - opened, 1),
    }
    log.info("websocket closed", extra={"fields": fields})


def socket_refused(code: int) -> None:
    """Log a websocket closed as soon as it opened (signed out, another site, no such room)."""
    log.info("websocket refused", extra={"fields": _socket_fields(None) | {"code": code}})


def _socket_fields(room_id: int | None) -> dict[str, Any]:
    user = getattr(g, "user", None)
    return {
        "route": websocket.url_rule.rule if websocket.url_rule else None,
        "room": room_id,
        "user": user.id if user else None,
        "client": client_address(),
    }


def _path() -> str:
    """The request's path; its route instead where the path holds a secret (an invite)."""
    if "token" in (request.view_args or {}) and request.url_rule is not None:
        return request.url_rule.rule
    return request.path


async def _start_clock() -> None:
    g.request_started = time.monotonic()


async def _log_request(response: Response) -> Response:
    user = getattr(g, "user", None)
    started = getattr(g, "request_started", time.monotonic())
    fields = {
        "method": request.method,
        "path": _path(),
        "route": request.url_rule.rule if request.url_rule else None,
        "status": response.status_code,
        "ms": round((time.monotonic() - started) * 1000, 1),
        "user": user.id if user else None,
        "client": client_address(),
    }
    log.info("request", extra={"fields": fields})
    return response


def init_app(app: Quart) -> None:
    """Format the app's log lines (as `LOG_JSON` says) and log every request."""
    formatter = JsonLines() if app.config["LOG_JSON"] else KeyValues()
    # The app's logger ("backchat") has the framework's stderr handler unless something
    # above it already handles its records (pytest, an operator's logging config).
    for handler in app.logger.handlers:
        handler.setFormatter(formatter)
    app.logger.setLevel(logging.INFO)
    app.before_request(_start_clock)
    app.after_request(_log_request)
