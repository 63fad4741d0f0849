"""Synchronizer-token CSRF protection for every state-changing request."""

from __future__ import annotations

import hmac
import secrets

from quart import Quart, abort, request, session

FIELD_NAME = "csrf_token"
HEADER_NAME = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


#: Paths of the bot API: no cookie, no CSRF token.
API_PREFIX = "/api/"


def csrf_token() -> str:
    """This browser session's token, created on first use."""
    token = session.get(FIELD_NAME)
    if not token:
        token = secrets.token_urlsafe(32)
        session[FIELD_NAME] = token
    return token


def rotate_csrf_token() -> None:
    """Give this browser session a new token (at sign-in), so one seen before stops working."""
    session[FIELD_NAME] = secrets.token_urlsafe(32)


async def protect() -> None:
    """Refuse an unsafe request whose form field or header lacks this session's token."""
    if request.method in SAFE_METHODS or request.path.startswith(API_PREFIX):
        return  # the bot API takes a bearer token, never a cookie
    expected = session.get(FIELD_NAME)
    sent = request.headers.get(HEADER_NAME) or (await request.form).get(FIELD_NAME)
    # Compared as bytes: compare_digest refuses str with non-ASCII characters (a TypeError).
    if not expected or not sent or not hmac.compare_digest(expected.encode(), sent.encode()):
        abort(
            400,
            "This form has expired or was not sent from this site. Reload the page and try again.",
        )


def init_app(app: Quart) -> None:
    """Check every unsafe request and offer `csrf_token()` to templates."""
    app.before_request(protect)
    app.jinja_env.globals["csrf_token"] = csrf_token
