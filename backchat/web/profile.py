"""A person's own settings (`/settings/`): the display name shown beside their messages, and
changing their password, which signs out every other session of theirs ("sign out
everywhere" is on the logout page)."""

from __future__ import annotations

from typing import Any

from quart import Blueprint, ResponseReturnValue, g, redirect, request

from backchat.accounts import (
    change_password,
    display_name_error,
    password_change_errors,
    password_matches,
    set_display_name,
)
from backchat.limits import current_limits
from backchat.realtime.hub import current_hub
from backchat.web.auth import login_required
from backchat.web.client_address import client_address, limit_key
from backchat.web.errors import too_many_requests
from backchat.web.pages import render_with_sidebar

blueprint = Blueprint("profile", __name__)
DONE = {
    "profile": "Your display name is saved.",
    "password": "Your password is changed; your other sessions are signed out.",
}


async def settings_page(status: int = 200, **context: Any) -> ResponseReturnValue:
    """The settings page, with what the person typed and any errors."""
    context.setdefault("display_name", g.user.display_name or "")
    context.setdefault("errors", {})
    notice = DONE.get(request.args.get("done", ""))
    page = await render_with_sidebar("auth/settings.html", notice=notice, **context)
    return page, status


@blueprint.get("/settings/")
@login_required
async def settings() -> ResponseReturnValue:
    """Your display name and password."""
    return await settings_page()


@blueprint.post("/settings/profile/")
@login_required
async def profile() -> ResponseReturnValue:
    """Save your display name ("" clears it); your open pages send with it at once."""
    name = (await request.form).get("display_name", "").strip()
    error = display_name_error(name)
    if error:
        return await settings_page(400, display_name=name, errors={"display_name": error})
    await set_display_name(g.user, name)
    await current_hub().profile_changed(g.user)
    return redirect("/settings/?done=profile", 303)


@blueprint.post("/settings/password/")
@login_required
async def password() -> ResponseReturnValue:
    """Change your password (with your current one): every other session of yours ends, and
    its open sockets close with 4401 on every worker. Wrong current passwords are throttled
    as sign-ins are."""
    form = await request.form
    throttle, address = current_limits().login, limit_key(client_address())
    wait = await throttle.attempt(g.user.username, address)
    if wait is not None:
        return await too_many_requests("Too many wrong passwords.", wait)
    matches = await password_matches(g.user, form.get("current_password", ""))
    password1, password2 = form.get("password1", ""), form.get("password2", "")
    errors = password_change_errors(g.user, matches, password1, password2)
    if errors:
        return await settings_page(400, errors=errors)
    await throttle.succeeded(g.user.username, address)
    ended = await change_password(g.user, password1, g.session_id)
    await current_hub().closes.sessions_ended(ended)
    return redirect("/settings/?done=password", 303)
