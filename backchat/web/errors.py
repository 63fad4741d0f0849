"""Friendly error pages in the site's layout."""

from __future__ import annotations

import math

from quart import Quart, ResponseReturnValue
from werkzeug.exceptions import HTTPException, InternalServerError, TooManyRequests

from backchat.metrics import RATE_LIMITED
from backchat.web.templating import render_page

TITLES = {
    400: "That request could not be used",
    403: "Not allowed",
    404: "Page not found",
    405: "Not allowed here",
    413: "That was too large",
    429: "Slow down",
    500: "Something went wrong",
}


async def render_error(error: HTTPException) -> ResponseReturnValue:
    """The error page for an HTTP error, with its status code."""
    code = error.code or 500
    title = TITLES.get(code, error.name)
    # A description of our own says what is missing; werkzeug's default is replaced by ours.
    said = error.description if error.description != type(error).description else None
    page = await render_page("error.html", code=code, title=title, error=error, said=said)
    return page, code


async def render_server_error(_error: Exception) -> ResponseReturnValue:
    """A 500 page that reveals nothing about the failure."""
    return await render_error(InternalServerError())


def wait_phrase(seconds: int) -> str:
    """`seconds` in words a person reads at a glance: "45 seconds", "3 minutes"."""
    if seconds < 120:
        return "1 second" if seconds == 1 else f"{seconds} seconds"
    return f"{math.ceil(seconds / 60)} minutes"


async def too_many_requests(message: str, wait: float) -> ResponseReturnValue:
    """The 429 page: what was refused and when to try again, also as `Retry-After`."""
    seconds = max(1, math.ceil(wait))
    RATE_LIMITED.labels("requests").inc()
    error = TooManyRequests(f"{message} Try again in {wait_phrase(seconds)}.")
    page = await render_page("error.html", code=429, title=TITLES[429], error=error)
    return page, 429, {"Retry-After": str(seconds)}


def init_app(app: Quart) -> None:
    """Render every HTTP error with the site's error page."""
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(InternalServerError, render_server_error)
