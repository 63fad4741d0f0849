"""The room's event log: every change to a room is an event at a position in the room's log.

Messages saved before it become `posted` events at positions equal to their ids (a room's
positions need only grow, and a page open during the upgrade holds a message id as its
`last_seen`, which then still means the same point in the room).
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

BACKFILL = """
        INSERT INTO "room_event" ("room_id", "seq", "kind", "message_id", "created_at")
            SELECT "room_id", "id", 'posted', "id", "created_at" FROM "message" ORDER BY "id";
        UPDATE "room" SET "last_event" = COALESCE("last_message_id", 0);"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    if db.capabilities.dialect == "postgres":
        return (
            """
        CREATE TABLE IF NOT EXISTS "room_event" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "seq" BIGINT NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "message_id" BIGINT REFERENCES "message" ("id") ON DELETE CASCADE,
    "room_id" INT NOT NULL REFERENCES "room" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_room_event_room_id_bcae22" UNIQUE ("room_id", "seq")
);
COMMENT ON TABLE "room_event" IS 'One change to a room (a message posted, ...), at position `seq` in the room''s log.';
        ALTER TABLE "room" ADD "last_event" BIGINT NOT NULL DEFAULT 0;"""
            + BACKFILL
        )
    return (
        """
        CREATE TABLE IF NOT EXISTS "room_event" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "seq" BIGINT NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "message_id" BIGINT REFERENCES "message" ("id") ON DELETE CASCADE,
    "room_id" INT NOT NULL REFERENCES "room" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_room_event_room_id_bcae22" UNIQUE ("room_id", "seq")
) /* One change to a room (a message posted, ...), at position `seq` in the room's log. */;
        ALTER TABLE "room" ADD "last_event" BIGINT NOT NULL DEFAULT 0;"""
        + BACKFILL
    )


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "room" DROP COLUMN "last_event";
        DROP TABLE IF EXISTS "room_event";"""


MODELS_STATE = (
    "eJztXFtT2zgU/iuavBRmaCYECuzuU6Bpm10gO5BuO72MUWyRaLGl1FJIM13++x7ZVnwPDj"
    "iZJPgJLOlI8ifpXD4d51fN4RaxRf2cDyi7JkJQzmq/o181hh0C/2TW76EaHo3CWlUgcd/2"
    "BGzV0hCRpn0hXWxKqLzFtiBQZBFhunQk/cFqXUaQoANGrNeUob7LJ4K4ddQbEoTHcohMzu"
    "8oQSZ2XUoEolIgFzOLO4hafyAYkI8lgokQCbUSpKCHuhra4iaMTdlgqaOMGf0xJobkAwLF"
    "Loz19TsUU2aRn0Tox9GdcUuJbcXQpZbqwCs35HTklZ0NsfvOa6neoG+Y3B47LGw9msohZ7"
    "Pm8IKqdEAYcbEkVgRmNrbtYFl0kT9XKJDumMwmaYUFFrnFY1stlpL2ZxCW1Qzjstszrts9"
    "w6ilFlJLRFAPikzO1CagTArv/R3807AJG8ghPB4dPvjjhDj4rdSA/7Suzj60rnaODnfVgB"
    "x2kr/PLoOaplf14HWBJfY78VAPYTZdoqAxsEzD/RZqJHVINuRxyQT0ViBa1/88ZSF0QbgS"
    "4SlZxVLAC1pdZk+DLTBnKXqdi/Z1r3XxtxrOEeKH7eHX6rVVTdMrnSZKd44SyzbrBH3q9D"
    "4g9Yi+dC/bHrxcyIHrjRi2632pqTnBEeUG4xMDW5Hdqks1atAyXPUxnG8j64R1mMxe7YhE"
    "YqkBrk1c3IGaxOvm/uHx4cnB0eEJNPEmOis5nrPencsenCulu27vMo+VgiuN7jvuElCzf5"
    "GpB3IHZoSZSTJADWzLx6CbDQP3Qe8eXRpuSxdPZso+uqng3X0D4un51vVZ62275iHcx+bd"
    "BLuWEYNa1fAmT5TM2qarnKaTLMEMDzxw1FuoOQeoXxCnT1wxpKMsex+pnWvtnXi7R019Cy"
    "k4UJ/YnA3AjHKEwY5yp47OCb4HuOF5BBNG3EWmzYVfAsMhRu5B0CUOv/esc9rAl9x3hln/"
    "Otvyqt/a9+eY+VwlVFT/BHttfY18CcpnnlH/l1P2JJseE6xM+iaZdHXsFjPpEYnKpM9OVe"
    "UkVU7SZjlJSS1QAqRXQTdbCmlE862X3ykE9o5chtPpVz3icYaNCribAt8TC5lDLFEgWUcd"
    "S6CByyeIMq8eHEKLuHtIcMXrTP3HwHl8JdCQCsndaZbDWXLvmS6nIqe4PhymTQmT6iHpfH"
    "6NLriuL+yNntLBS3FIf2s2Dw6Om42Do5M3h8fHb04aM42frpqn+k8775X2j/lCj7utfW5N"
    "0/j3yM8c9HX7cmi/9dBdma5o+3Mv5oVqgm/novV5N+aJnncv3+vmEULw7Lx7mvBuKuIv/z"
    "Rsb5QQKsnUoueT6zGhJx22YGprs8BLIdkjKHMmKRsTkWFNOLcJZjlAR+USQPdBcFlnaVYS"
    "xTrbbyhDn512u+ex83LaSSqsjxen7audfQ9zaERlzISESMc8gIJRWkymitMyUK24hCVHvl"
    "WYVkqYltYEFZ3wGKgx7ReD9Qqci6vOWW9e+BviTe6JGjlt4AK5d39dERvLINMhf/+2VT+b"
    "50Lkwf2wTILAO+8Z7IDWA/nUgFY4RXgBL2ZXAnvolo+ZhfpTL+XDhx4J8BOJ6hfdCHs8uE"
    "E7fsYHd5AJA+9mkQFldFlyLslLiemXdsnk/V0gitDttyJaj0cQJ40CEcRJIzeCUFVxD0wd"
    "g0XA1e2rDKjHg7OK+HiBxIeNhTTA8NF7KqdPWPss+dXsgFWevQ1ZcA3S4yseXD1kBrPziP"
    "0M4SfFtWvmta6S50+sBNF+/oKLMJNbHa/QSKLf2DTEtaXqTxejcVJyW7Tpl8XlhJitjnxY"
    "M4SLcg+p7RXjH2AW6PLj+Xkx/iFMr3wmCRHP59wwjy2Xhohqg8COPRunWXbBNoK0aj5rY0"
    "BaNqHlA5bDas3QnE9thV5CsU+qzCFmAxLmQaMdrLNUkPJDibWH6vX67h7CUhVQJYxuBPlx"
    "o3JXNDv1SqiPn7K/pyp3iG/sG/vkUikJ07UC0IIVwkyosARksf/tlT+wl1QTJHVLxb5NoB"
    "pP8BSpGE8gldY9Ddp+Y1Qihwqh5gS9B1k5ty7MWvWoZwcd3ErieszdjeecCULYTX5+ToTA"
    "h/d6XlJ4lYZTrrOYT+yppVoI/kBgmy7+Vuyv38HbLkL36fZbyKXuHxUg/PaTxEJI+Kmqiv"
    "CrCL+nMj8V6VOOSqtySKockjWgHBbKIYkk0D8T1eLB8popi6K4xtXkOn1F4VFoGeGkptby"
    "I0n9PVKRJIkRcQXEXBMqhwhD7GWafMxkHd2oTtTIxh2ZQiTnx2Q2nxD3tYkhwkKqci/IfM"
    "jKlSix5yplYr1SJvQKLuLqR2W20N0/aBZw9w+aue6+qkp/tqmPyVOA1nJbl0pRPtQjLMSE"
    "g8IeYjFcBOuU4Bbu7OabNwXwhla5gHt1VSz7MmPZlOdf5FIs+G2xZ15jJH/RbMM2QsE7se"
    "r6sLo+LA8kFWcKI1Cyz79F3J7Acan3hy3iUnNYy4j2gpq9efEeDts8FvHlw1DFWOsVY92D"
    "Mg6OV1FvNCJS+aHF/FB1qBZAOGi+hejuN4rk/kOr/AurRir7X30HnJkt+ed19zL/0+HsRE"
    "mLmhL9h2wqNpFEnwOuAiPmwKd+FiH5CwgJz1x1cJpFsq+SuHz4H4xSdvg="
)
