"""Lookups the ORM builds once and the hot path then only runs.

Building a query in Tortoise (resolving filters and joins, rendering the SQL) costs about as
much as running it on SQLite. Every request looks up its session, and every websocket also
its room, so a reconnect storm runs thousands of each at once: these are built once per
database dialect, with placeholders, and afterwards only executed with new values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model
from tortoise.queryset import QuerySet

M = TypeVar("M", bound=Model)


class PreparedFirst(Generic[M]):
    """`build(*values).first()`, with the SQL rendered once per dialect.

    `kinds` are the types of `build`'s arguments (str or int): it is called once with
    stand-in values of those types, which mark where each value goes among the query's
    parameters.
    """

    def __init__(self, model: type[M], build: Callable[..., QuerySet[M]], *kinds: type) -> None:
        self.model = model
        self._build = build
        self._stand_ins = [_stand_in(kind, n) for n, kind in enumerate(kinds)]
        self._compiled: dict[type, tuple[str, list[Any], list[int]]] = {}

    async def __call__(self, *values: Any) -> M | None:
        db = self.model._meta.db
        sql, parameters, slots = self._compiled.get(type(db)) or self._compile(db)
        bound = list(parameters)
        for slot, value in zip(slots, values, strict=True):
            bound[slot] = value
        rows = await db.executor_class(model=self.model, db=db).execute_select(sql, bound)
        return rows[0] if rows else None

    def _compile(self, db: BaseDBAsyncClient) -> tuple[str, list[Any], list[int]]:
        query = self._build(*self._stand_ins).using_db(db).limit(1)
        sql = query.sql()
        parameters = list(query.query.get_parameterized_sql()[1])
        if any(parameters.count(stand_in) != 1 for stand_in in self._stand_ins):
            raise ValueError("each value must be exactly one parameter of the query")
        slots = [parameters.index(stand_in) for stand_in in self._stand_ins]
        self._compiled[type(db)] = (sql, parameters, slots)
        return sql, parameters, slots


def _stand_in(kind: type, n: int) -> object:
    """A value of `kind` no real lookup uses, distinct for each argument."""
    if kind is str:
        return f"\x00prepared-{n}"
    if kind is int:
        return -2_000_000_000 + n
    raise TypeError(f"no stand-in for {kind.__name__}")
