"""`GET /healthz` for load balancers and monitors: whether the database and the broker answer,
without a login and without naming anything secret."""

from __future__ import annotations

import asyncio
import logging

from quart import Blueprint, ResponseReturnValue
from tortoise import connections

from backchat.realtime.hub import current_hub

blueprint = Blueprint("health", __name__)
log = logging.getLogger(__name__)
#: The longest either check may take before it counts as not answering.
CHECK_SECONDS = 2.0


async def database_answers() -> bool:
    """The database runs a trivial query in time."""
    try:
        await asyncio.wait_for(connections.get("default").execute_query("SELECT 1"), CHECK_SECONDS)
    except Exception:  # any failure means "not answering"; the log says which
        log.warning("health check: the database does not answer", exc_info=True)
        return False
    return True


async def broker_answers() -> bool:
    """The broker answers in time (an in-process one always does)."""
    try:
        return await asyncio.wait_for(current_hub().broker.answers(), CHECK_SECONDS)
    except TimeoutError:
        return False


@blueprint.get("/healthz")
async def healthz() -> ResponseReturnValue:
    """200 `{"database": "ok", "broker": "ok"}` when both answer; 503 with the one that does
    not marked "unavailable"."""
    database, broker = await asyncio.gather(database_answers(), broker_answers())
    body = {
        name: "ok" if up else "unavailable"
        for name, up in (("database", database), ("broker", broker))
    }
    return body, 200 if database and broker else 503, {"Cache-Control": "no-store"}
