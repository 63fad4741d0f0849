"""`GET /metrics` in Prometheus text format, summed over the workers, for a scraper that sends
`Authorization: Bearer <METRICS_TOKEN>`; with no token set, only for clients on a private or
loopback address. Counts every HTTP request by route, method and status on the way out."""

from __future__ import annotations

import hmac
import ipaddress

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead
from quart import Blueprint, Response, ResponseReturnValue, abort, current_app, request

from backchat.metrics import HTTP_REQUESTS, METRICS_DIR, alive, pids_with_files
from backchat.web.client_address import client_address

blueprint = Blueprint("prometheus", __name__)


def scraper_allowed() -> bool:
    """The request carries the metrics token, or (none set) comes from a private address."""
    token = current_app.config["METRICS_TOKEN"]
    if token:
        sent = request.headers.get("Authorization", "").removeprefix("Bearer ")
        return hmac.compare_digest(sent.encode(), token.encode())
    try:
        address = ipaddress.ip_address(client_address())
    except ValueError:
        return False
    return address.is_private or address.is_loopback


@blueprint.get("/metrics")
async def metrics() -> ResponseReturnValue:
    """Every worker's figures added up (open sockets: only those of running workers)."""
    if not scraper_allowed():
        abort(404)
    for pid in pids_with_files():
        if not alive(pid):
            mark_process_dead(pid, str(METRICS_DIR))
    registry = CollectorRegistry()
    MultiProcessCollector(registry, str(METRICS_DIR))
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


@blueprint.after_app_request
async def count_request(response: Response) -> Response:
    """Count the request by its route (not its path: no slugs, no tokens)."""
    route = request.url_rule.rule if request.url_rule else "unrouted"
    HTTP_REQUESTS.labels(route, request.method, str(response.status_code)).inc()
    return response
