"""The auth blueprint (register, log in, log out) and who the current user is."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import ParamSpec, TypeVar
from urllib.parse import urlsplit

from quart import (
    Blueprint,
    Quart,
    Response,
    ResponseReturnValue,
    current_app,
    g,
    has_request_context,
    redirect,
    request,
    url_for,
)
from quart_auth import AuthUser, QuartAuth, current_user, login_user, logout_user

from backchat.accounts import (
    UsernameTaken,
    authenticate,
    create_user,
    end_session,
    end_sessions_of,
    registration_errors,
    start_session,
    user_for_session,
)
from backchat.limits import current_limits
from backchat.models import User
from backchat.realtime.hub import current_hub
from backchat.web.client_address import client_address, limit_key
from backchat.web.csrf import rotate_csrf_token
from backchat.web.errors import too_many_requests
from backchat.web.templating import render_page
from config import REGISTRATION_OPEN

blueprint = Blueprint("auth", __name__, url_prefix="/auth")

P = ParamSpec("P")
T = TypeVar("T")


async def load_current_user() -> None:
    """Set `g.user` and `g.session_id` from the login cookie; a cookie whose session has
    ended is dropped (from a page: a websocket cannot set cookies, it is just refused)."""
    g.user = g.session_id = None
    session_id = current_user.auth_id
    if session_id is None:
        return
    g.user = await user_for_session(session_id)
    if g.user is not None:
        g.session_id = session_id
    elif has_request_context():
        logout_user()


def login_required(view: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """Send a signed-out visitor to the login page, then back here."""

    @wraps(view)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        if g.user is None:
            return redirect(url_for("auth.login", next=_current_path()))  # type: ignore[return-value]
        return await view(*args, **kwargs)

    return wrapper


def _current_path() -> str:
    query = request.query_string.decode("latin-1")
    return f"{request.path}?{query}" if query else request.path


def safe_next(target: str | None) -> str:
    """`target` if it is a path on this site, else `/` (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return "/"
    parts = urlsplit(target)
    return "/" if parts.scheme or parts.netloc else target


async def _log_in(user: User) -> None:
    login_user(AuthUser(await start_session(user)), remember=True)
    rotate_csrf_token()


@blueprint.route("/register/", methods=["GET", "POST"])
async def register() -> ResponseReturnValue:
    """Create an account and sign in, then go to the page that asked for it (a room link
    followed while signed out), unless `REGISTRATION` is closed or by invite."""
    mode = current_app.config["REGISTRATION"]
    if mode != REGISTRATION_OPEN:
        page = await render_page("auth/registration_closed.html", mode=mode)
        return page, 403 if request.method == "POST" else 200
    form = await request.form
    next_path = safe_next(form.get("next") or request.args.get("next"))
    if request.method != "POST":
        return await render_page("auth/register.html", errors={}, username="", next=next_path)
    username = form.get("username", "").strip()
    errors = registration_errors(username, form.get("password1", ""), form.get("password2", ""))
    if not errors:
        wait = await current_limits().registration.take(limit_key(client_address()))
        if wait is not None:
            return await too_many_requests("Too many accounts were created from here.", wait)
        try:
            user = await create_user(username, form["password1"], current_hub().writer.join)
        except UsernameTaken:
            errors["username"] = "That username is taken. Try another."
        else:
            await _log_in(user)
            return redirect(next_path, 303)
    page = await render_page("auth/register.html", errors=errors, username=username, next=next_path)
    return page, 400


@blueprint.route("/login/", methods=["GET", "POST"])
async def login() -> ResponseReturnValue:
    """Sign in, then go to the page that asked for it."""
    next_path = safe_next(request.args.get("next"))
    if request.method != "POST":
        if g.user is not None:
            return redirect(next_path, 303)
        return await render_page("auth/login.html", error=None, username="", next=next_path)
    form = await request.form
    username = form.get("username", "").strip()
    next_path = safe_next(form.get("next") or request.args.get("next"))
    password = form.get("password", "")
    if not username or not password:
        error, status = "Enter your username and password.", 400
    else:
        throttle, address = current_limits().login, limit_key(client_address())
        wait = await throttle.attempt(username, address)  # before any password hash
        if wait is not None:
            return await too_many_requests("Too many sign-in attempts.", wait)
        user = await authenticate(username, password)
        if user is not None and not user.is_active:
            error, status = "This account was deactivated by a site admin.", 403
        elif user is not None:
            await throttle.succeeded(username, address)
            await _log_in(user)
            return redirect(next_path, 303)
        else:
            error, status = "That username and password do not match an account.", 401
    page = await render_page("auth/login.html", error=error, username=username, next=next_path)
    return page, status


@blueprint.route("/logout/", methods=["GET", "POST"])
@login_required
async def logout() -> ResponseReturnValue:
    """GET asks to confirm; POST ends this login session, or every one of the user's
    ("sign out everywhere"), and closes their open sockets on every worker."""
    if request.method != "POST":
        return await render_page("auth/logout.html")
    if (await request.form).get("everywhere"):
        ended = await end_sessions_of(g.user)
    else:
        await end_session(g.session_id)
        ended = [g.session_id]
    await current_hub().closes.sessions_ended(ended)
    logout_user()
    return redirect("/", 303)


async def no_store_when_signed_in(response: Response) -> Response:
    """Pages for a signed-in person are never kept by the browser or a proxy: after logging
    out, Back must not show a room. (Static files hold nothing of theirs and stay cacheable.)"""
    if g.get("user") is not None and request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Quart) -> None:
    """Install quart-auth, load the current user before every request, and keep signed-in
    pages out of caches."""
    QuartAuth(app)
    app.before_request(load_current_user)
    app.before_websocket(load_current_user)
    app.after_request(no_store_when_signed_in)
