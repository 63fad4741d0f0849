"""The site's public address (`PUBLIC_URL`): absolute links are built from it, never from the
Host header a client sent, and in production a request for another host is refused (except by
the endpoints for machines, which monitors and scrapers call by the server's own address)."""

from __future__ import annotations

from urllib.parse import urlsplit

from quart import Quart, abort, current_app, has_request_context, request, websocket

from config import PRODUCTION

#: Blueprints answering any Host: they build no link and show nothing a Host could change.
FOR_MACHINES = frozenset({"health", "prometheus"})


def absolute_url(path: str) -> str:
    """`path` on the site: under `PUBLIC_URL` when set, else under the requested host."""
    base = current_app.config["PUBLIC_URL"] or request.host_url.rstrip("/")
    return base + path


def public_origin() -> str | None:
    """The origin of `PUBLIC_URL` ("https://chat.example"), or None when unset."""
    url = current_app.config["PUBLIC_URL"]
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


async def refuse_other_hosts() -> None:
    """In production with `PUBLIC_URL` set, answer 400 to a request for any other host."""
    config = current_app.config
    if config["BACKCHAT_ENV"] != PRODUCTION or not config["PUBLIC_URL"]:
        return
    asked = request if has_request_context() else websocket
    if (asked.blueprint or "").rpartition(".")[2] in FOR_MACHINES:  # nested: "chat.health"
        return
    if asked.host.lower() != urlsplit(config["PUBLIC_URL"]).netloc.lower():
        abort(400, "This site does not answer for that host name.")


def init_app(app: Quart) -> None:
    """Check the Host of every request and websocket."""
    app.before_request(refuse_other_hosts)
    app.before_websocket(refuse_other_hosts)
