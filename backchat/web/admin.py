"""What site admins do on the web (`/admin/`): find people, and deactivate or reactivate their
accounts. A deactivated person is signed out everywhere at once (their open sockets close with
4401 on every worker) and cannot sign in until reactivated; their messages stay. Anyone else
asking gets 403."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import ParamSpec, TypeVar
from urllib.parse import urlencode

from quart import Blueprint, ResponseReturnValue, g, redirect, request
from werkzeug.exceptions import Forbidden, NotFound

from backchat.accounts import people, set_active
from backchat.models import User
from backchat.realtime.hub import current_hub
from backchat.web.auth import login_required
from backchat.web.pages import render_with_sidebar

blueprint = Blueprint("admin", __name__)
P = ParamSpec("P")
T = TypeVar("T")


def admin_required(view: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """The view answers signed-in site admins only (403 for anyone else signed in)."""

    @login_required
    @wraps(view)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        if not g.user.is_admin:
            raise Forbidden("Only site admins can do this.")
        return await view(*args, **kwargs)

    return wrapper


@blueprint.get("/admin/")
@admin_required
async def people_page() -> ResponseReturnValue:
    """Everyone with an account (`?q=` narrows them by name), with their status."""
    search = request.args.get("q", "").strip()[:32]
    return await render_with_sidebar(
        "admin/people.html", people=await people(search), q=search, section="admin"
    )


@blueprint.post("/admin/people/<username>/<any(deactivate, reactivate):change>/")
@admin_required
async def set_status(username: str, change: str) -> ResponseReturnValue:
    """Deactivate an account (never your own) or reactivate it."""
    person = await User.get_or_none(username_key=username.lower()[:32])
    if person is None:
        raise NotFound("Nobody has that username.")
    if person.id == g.user.id:
        raise Forbidden("You cannot deactivate your own account.")
    ended = await set_active(person, change == "reactivate")
    await current_hub().closes.sessions_ended(ended)
    search = (await request.form).get("q", "")
    return redirect("/admin/" + (f"?{urlencode({'q': search})}" if search else ""), 303)
