"""The two shapes of a log line: JSON objects (`LOG_JSON=1`) and `key=value` text, each with
its fields and, for an error, the traceback."""

import json
import logging
import sys

from backchat.web.logs import JsonLines, KeyValues


def record(fields: dict, error: bool = False) -> logging.LogRecord:
    """A log record as the request log makes one (with a caught exception, when `error`)."""
    exc_info = None
    if error:
        try:
            raise ValueError("the database went away")
        except ValueError:
            exc_info = sys.exc_info()
    made = logging.LogRecord(
        "backchat.requests", logging.ERROR, __file__, 1, "request", (), exc_info
    )
    made.fields = fields
    return made


def test_a_json_line_holds_the_fields_and_the_error():
    line = JsonLines().format(record({"status": 500, "route": "/room/<slug>/"}, error=True))
    assert "\n" not in line
    data = json.loads(line)
    assert (data["event"], data["level"], data["logger"]) == (
        "request",
        "error",
        "backchat.requests",
    )
    assert (data["status"], data["route"]) == (500, "/room/<slug>/")
    assert "ValueError: the database went away" in data["error"]
    assert data["time"].endswith("+00:00")


def test_a_text_line_is_key_value_pairs():
    line = KeyValues().format(record({"status": 200, "user": None, "event": "websocket open"}))
    assert line.endswith(
        ' level=error logger=backchat.requests event="websocket open" status=200 user=None'
    )
    assert line.startswith("time=")
