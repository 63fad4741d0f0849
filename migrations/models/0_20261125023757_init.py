"""Initial schema. aerich writes SQL for one database, so this holds both dialects."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

SQLITE = """
CREATE TABLE IF NOT EXISTS "user" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "username" VARCHAR(32) NOT NULL,
    "username_key" VARCHAR(32) NOT NULL UNIQUE,
    "password_hash" VARCHAR(255) NOT NULL,
    "created_at" TIMESTAMP NOT NULL
) /* A person with an account. `username_key` is the lower-cased name, unique. */;
CREATE TABLE IF NOT EXISTS "login_session" (
    "id" VARCHAR(64) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMP NOT NULL,
    "user_id" INT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE
) /* One signed-in browser. The auth cookie carries its random id; logout deletes the row. */;
CREATE TABLE IF NOT EXISTS "room" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "slug" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMP NOT NULL,
    "last_activity_at" TIMESTAMP NOT NULL,
    "created_by_id" INT REFERENCES "user" ("id") ON DELETE SET NULL
) /* A chat room, found by its unique shareable `slug` (the room code). */;
CREATE INDEX IF NOT EXISTS "idx_room_last_ac_950536" ON "room" ("last_activity_at");
CREATE TABLE IF NOT EXISTS "membership" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "joined_at" TIMESTAMP NOT NULL,
    "room_id" INT NOT NULL REFERENCES "room" ("id") ON DELETE CASCADE,
    "user_id" INT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_membership_user_id_631d58" UNIQUE ("user_id", "room_id")
) /* A user belongs to a room. Leaving a page or closing a tab never removes it. */;
CREATE TABLE IF NOT EXISTS "message" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "author_id" INT NOT NULL REFERENCES "user" ("id") ON DELETE RESTRICT,
    "room_id" INT NOT NULL REFERENCES "room" ("id") ON DELETE CASCADE
) /* A saved chat message. Ids grow in save order, so they order a room's history. */;
CREATE INDEX IF NOT EXISTS "idx_message_room_id_989b75" ON "message" ("room_id", "id");
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSON NOT NULL
);
"""

POSTGRES = """
CREATE TABLE IF NOT EXISTS "user" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "username" VARCHAR(32) NOT NULL,
    "username_key" VARCHAR(32) NOT NULL UNIQUE,
    "password_hash" VARCHAR(255) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "user" IS 'A person with an account. `username_key` is the lower-cased name, unique.';
CREATE TABLE IF NOT EXISTS "login_session" (
    "id" VARCHAR(64) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "user_id" INT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "login_session" IS 'One signed-in browser. The auth cookie carries its random id; logout deletes the row.';
CREATE TABLE IF NOT EXISTS "room" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(80) NOT NULL,
    "slug" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMPTZ NOT NULL,
    "last_activity_at" TIMESTAMPTZ NOT NULL,
    "created_by_id" INT REFERENCES "user" ("id") ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS "idx_room_last_ac_950536" ON "room" ("last_activity_at");
COMMENT ON TABLE "room" IS 'A chat room, found by its unique shareable `slug` (the room code).';
CREATE TABLE IF NOT EXISTS "membership" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "joined_at" TIMESTAMPTZ NOT NULL,
    "room_id" INT NOT NULL REFERENCES "room" ("id") ON DELETE CASCADE,
    "user_id" INT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_membership_user_id_631d58" UNIQUE ("user_id", "room_id")
);
COMMENT ON TABLE "membership" IS 'A user belongs to a room. Leaving a page or closing a tab never removes it.';
CREATE TABLE IF NOT EXISTS "message" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "author_id" INT NOT NULL REFERENCES "user" ("id") ON DELETE RESTRICT,
    "room_id" INT NOT NULL REFERENCES "room" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_message_room_id_989b75" ON "message" ("room_id", "id");
COMMENT ON TABLE "message" IS 'A saved chat message. Ids grow in save order, so they order a room''s history.';
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.capabilities.dialect == "postgres" else SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
DROP TABLE IF EXISTS "message";
DROP TABLE IF EXISTS "membership";
DROP TABLE IF EXISTS "room";
DROP TABLE IF EXISTS "login_session";
DROP TABLE IF EXISTS "user";
"""


MODELS_STATE = (
    "eJztW21z4jYQ/isavjSZSZgceaPtJ5Ijd/QIdAjX3lwm4whbsdXYEmcJCHPNf68k2/gdTA"
    "IpEH9J4tWuZD8r7e4jKT8rDjWQzaptamJygxjDlFR+Az8rBDpI/JHZfgAqcDgMW6WAw4Gt"
    "DGypqbGI6oBxF+pcND5AmyEhMhDTXTzk3mCVLkGAYZMg4xATMHDphCG3CvoWAnDELaBT+o"
    "gR0KHrYsQA5gy4kBjUAdj4HYgB6YgD8SKIi1YurEQPVTm0QXUxNibmWkcZEfxjhDROTSTE"
    "rhjr9k6IMTHQE2LB4/BRe8DINmLoYkN2oOQanw6V7NKC7pXSlF8w0HRqjxwSag+n3KJkpi"
    "4+UEpNRJALOTIiMJORbftuCUTeuwoBd0do9pJGKDDQAxzZ0lnS2nuDUFbRtE63r900+5pW"
    "STkysIig7ot0SuQkwIQz9f0OfNJsRExuicezk2dvnBAHT0sO+Fejd/m50ds7O9mXA1Ixk7"
    "x51vFbaqrpWXUBOfQ6UaiHMOsuktBokKfh/ihaOHZQNuRxywT0hm9aDf54iSMCQeiJcJW8"
    "hSvEBxpdYk/9KTDHFf3WdfOm37j+Uw7nMPbDVvg1+k3ZUlPSaUK6d5Zw26wT8Her/xnIR/"
    "C922kqeCnjpqtGDPX63yvyncQSpRqhEw0akdkaSAPUhGbo9ZFY31rWCmsRnu3tiEXC1QKu"
    "bXSuKV/isPbh5Pykfnx2Uhcq6kVnkvM5/m51+mJdydj18Ji5rCRcaXSvqItEmP2Cpgrkln"
    "gjSHSUAaqfW7763WwZuM/B7Amk4bR04WQW7KOTSny7l0BUnG/cXDY+NisK4QHUHyfQNbQY"
    "1LKF1mhCMtNNNzk1JymBBJoKHPkV8p191K+RM0Aus/AwK99HWudmeyeutzDVN4CEAwyQTY"
    "kp0igFUORR6lRBG8GxgFs8D8ULA+oC3abMk4jhAEFjYegih45Vdk4n+BX3nZHWb2dTXvZb"
    "uXtNms8NQkXjjz/XNjfJryD4zEvq/1BMXpTTY4ZlSt+mlC6X3XIpPWJRpvTZqiqLpLJI2q"
    "4iKRkFVgBpz+9mRyGNRL7NqjsZg2rJZRSdXtOCijNUKlBuMjhGBtAtyIFvWQUtgwHTpROA"
    "iWoXBaGB3APAqNzXmXqPfvH4CwMWZpy606yCc8W9L95Juo26Vfy8W6rmvMDmeyk7f63Vjo"
    "/Pa0fHZ/XTk/Pz0/rRLK6nm+YF+IvWJxnjYxXP4uJ0QI1pGv8+espBP9BfzebeZkSozIKz"
    "+a0fqzWDbby968a3/Vi92e52PgXqkW2/y3b3IlHDlNt7+athd7mA3LSnS9auMZuyes3gAy"
    "XDWjMfKIvXlRSv6UhQkqxFoMaiXwzWngjGvdZl//8iBWo2ZzCCYJbn04FgORXhAqpOlwYH"
    "4IGOiAEGU3XM6/kRMAuKbCn6BffMHpn3YM875aUO0MXA+1kEYBVdrvj8+L1U+GvbWFa/U7"
    "DmH8sH+jtRu8eP5utHBY7m60e5R/OyKV5fyGWwDLiBfnnrIQFtcOuhpEHvmwbZkHFNJD48"
    "xnz6At9n2b/NDHjLtbclDg9AmuvxYLUOpssRtZTdi+ia77WNWdnrZWshZm9HLzYM4aLsIj"
    "W9YgxDvAXofG235zGMSPk/u1bCMnaxfeOrLz1kQ+5fM82GPH6PZcuyVh7ysWjgnzu8GqfZ"
    "qcqugLROvqpWcgZfDVZ4Pl8NjoOL8NWhmLmUgAnmFoAEQF0XFJNXwb3sRI6sPaLpPcDedW"
    "SbTpB7qEOGDCAbD3wSmkVbV9hzyV43i70GHlyGZEVtdpDFHtcKUK3jWi7Vkk3pWzPBMnkJ"
    "0IHdzrHa1UM9hIxNqAjYFmTWMlinDHdwZtdOTwvgLbRyAVdt5T7C+9xHSBGfIrW5/69dry"
    "w4k/9QtmUToWBpXrKYksWsDiR5bsQ0P8i+DqmCx8dbshWxVq7XQC7WrUoG2/NbDubxPRjq"
    "LGJ8+TCUHGuzONZYBGN/eRWtRiMmZR1arA6Vi2oJhH31HUT3w1GRY1ihlYuuaktU+ZRwRD"
    "JK/D9uup2c8j40Sdb2WOfgX2Bjto03vuaAK8GIFfCp+6rJq6mJylx2cJF1xvCWF22e/wOg"
    "NkP9"
)
