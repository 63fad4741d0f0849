"""Replies (a message may answer another of its room) and mentions (a message names people)."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    if db.capabilities.dialect == "postgres":
        return """
        CREATE TABLE IF NOT EXISTS "mention" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "message_id" BIGINT NOT NULL REFERENCES "message" ("id") ON DELETE CASCADE,
    "user_id" INT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_mention_user_id_1e15d1" UNIQUE ("user_id", "message_id")
);
CREATE INDEX IF NOT EXISTS "idx_mention_message_e78ed9" ON "mention" ("message_id");
COMMENT ON TABLE "mention" IS 'A message names a person (`@username`): it is in their list of mentions.';
        ALTER TABLE "message" ADD "reply_to_id" BIGINT;
        ALTER TABLE "message" ADD CONSTRAINT "fk_message_message_3fac2855" FOREIGN KEY ("reply_to_id") REFERENCES "message" ("id") ON DELETE SET NULL;
        CREATE INDEX IF NOT EXISTS "idx_message_reply_t_355d14" ON "message" ("reply_to_id");"""
    # SQLite adds a foreign key only with its column.
    return """
        CREATE TABLE IF NOT EXISTS "mention" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "message_id" BIGINT NOT NULL REFERENCES "message" ("id") ON DELETE CASCADE,
    "user_id" INT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_mention_user_id_1e15d1" UNIQUE ("user_id", "message_id")
) /* A message names a person (`@username`): it is in their list of mentions. */;
CREATE INDEX IF NOT EXISTS "idx_mention_message_e78ed9" ON "mention" ("message_id");
        ALTER TABLE "message" ADD "reply_to_id" BIGINT REFERENCES "message" ("id") ON DELETE SET NULL;
        CREATE INDEX IF NOT EXISTS "idx_message_reply_t_355d14" ON "message" ("reply_to_id");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    if db.capabilities.dialect == "postgres":
        return """
        DROP INDEX IF EXISTS "idx_message_reply_t_355d14";
        ALTER TABLE "message" DROP CONSTRAINT IF EXISTS "fk_message_message_3fac2855";
        ALTER TABLE "message" DROP COLUMN "reply_to_id";
        DROP TABLE IF EXISTS "mention";"""
    return """
        DROP INDEX IF EXISTS "idx_message_reply_t_355d14";
        ALTER TABLE "message" DROP COLUMN "reply_to_id";
        DROP TABLE IF EXISTS "mention";"""


MODELS_STATE = (
    "eJztXe1z2jYY/1d0fFlyRzlC0iRrv4xkdGNLwi6h227tzghbAS22RC0Rym393yfZlt9NDD"
    "HEOP7UIumR7N/zSM+rlX8bFjWQyVpXdILJHWIMU9J4B/5tEGgh8Z/U/iZowNks6JUNHI5N"
    "h8CUIzUWGjpm3IY6F5330GRINBmI6TaecXexxoAgwPCEIOMNJmBs0wVDdgsMpwjAOZ8Cnd"
    "IHjIAObRsjBjBnwIbEoBbAxnsgFqRzDsSDIC56uaASM7Tk0gbVxdqYTLa6ypzgL3OkcTpB"
    "otkWa336WzRjYqCviKmfswftHiPTiKCLDTmB067x5cxpu5xC+4MzUr7BWNOpObdIMHq25F"
    "NK/OHiBWXrBBFkQ46MEMxkbpoeW1ST+6yigdtz5D+kETQY6B7OTcksSe0+QdDW0LSbwVC7"
    "6w01rZFgpKIIoe416ZRIIcCEM+f9LfhVMxGZ8Kn4eXryzV0nwMEdJRf8vXt7+XP39uD05F"
    "AuSIUkuXJ24/V0nK5vzhSQQ3cSB/UAZt1GEhoN8iTcP4oeji2UDnmUMga94ZG21H82YYRq"
    "CDgR7JJdsEK8oDEg5tITgRWsGPave3fD7vVvcjmLsS+mg1932JM9Had1GWs9OI2xzZ8E/N"
    "Ef/gzkT/DX4KbnwEsZn9jOisG44V8N+Uxii1KN0IUGjZC0qlaFmhgZcH0u9reWtsP6hKdz"
    "O0QRY7WAax+ZO5EP8aZzdHJ2cn58enIuhjgP6recreB3/2Yo9pU8u+4fUreVhCuJ7gdqI3"
    "HM/oqWDsh98USQ6CgFVE+3fPSm2TNwvynpUa2BWNpw4R/2YaES7+4qEOec795ddn/sNRyE"
    "x1B/WEDb0CJQyx7aobEWf2yyy+pY8RZI4MQBR76FfGYP9WtkjZHNpniWpu9DvSu1vRUd96"
    "Sq7wIJBxgjk5KJUKMUQKFHqdUCVwg+CrjF75l4YEBtoJuUuS1iOUDQoyC0kUUfHe2cVPAF"
    "z52i1j/5Ii/nbfz9HDWfeQjlPX88WSuvki/g8Fml1P+hmGyk0yOEtUrfJ5Uut916Kj1EUa"
    "t0f1fVRlJtJO2XkRQ/BQqA9NabpqKQhk6+ctmdhGcEmVTXExZnMCiHuWkhxqTNJ5di0gAU"
    "1iol4GD0gxQ52To6fCdMPoCF4UdkXAfbwMSMA3oPvLVYmq1Z3MSZhqbHPW8l+etZFucFnr"
    "wWo/P7Tuf4+KzTPj49f3tydvb2vO2f6smuVcf7Rf8necJH7J2nTdMQx9biQpRuW9q1qvyo"
    "jZqdGTWeoBaghK+DmfZLsvOq4eieftq4qe3FvQ6qudKcatz4gr7KuAkG5TBuGHxEBtCnkC"
    "tzpAX6BgMTmy6k0SH7AbUNZDcBo9IGWbo/vcjYdwxMhUVC7WWahVPw7Klmjsy8UcVJ3cTC"
    "Lkqzcz6FrVnVXxs+pTN8xtRYJvEfoq8Z6KvxxeQ0y3F2pcbZen8OIyE2lb08uO7+eRgJs1"
    "0Nbn5Sw0PZzsurwUXMyqmzmtm7oboh0OCQTDA9u3IgQrTRZvMerTQM3koFQQhlKhx0Mkcs"
    "RZtQaiJIMoAO08WAHgvCbe0lvyWMdbrdUMR5djEYXEX2y0U/fmB9vL7o3R4cOZiLQZhn+G"
    "rIwJsdYhHCAs6wkkn4nhxZCpOVZ5Zrn2/C5ChlzeUyczliy+eMu0Ro6shLyvloo5m5FF7T"
    "2sHEGOFG4D69W6rq49Q5550FE+t0XiHpvORRXIcRnwI1on4isN4KdXjbvxw2Ug/jnQa+y3"
    "UI55bXqPqJgCueAdx8vLpaFaYNJxvcZGmK+vMoP/x6i0yo0sJZePt544oIc0Iycaq7uhZG"
    "xclkGSGCegGCdOtNU1VJQo9IDn8eRkJZ9eQ8FRKlbeaNfJlKSRyF5S07c2SHR+VIHbnlKt"
    "8xgCz6DwaUAOiXtBxQgmSVysjfMa3e9eCX/ujwPeB0MjGR0QTeGDFiKifzJkzLI21zqdSk"
    "UjTlGkoVOg9QF9GUyc/KziW5zEowIDvI7RNUIpsUjXCf5whwn2fGt88T4e06dfQKU0flLk"
    "t7iZBGXZdWrVBSSevSSmHANuvCtB2gWtLCNCc4muZceEHTFY6FGpHDqXBqxSRBE9zTOTHA"
    "eOnco+AyETBhuiE5Lxgxcz4ZgQP3GgVqAV0sfJjmPBQxZcEXNLwW+39rX246/65h2KvxVb"
    "Tr23kM+3a2Zd+Om/ZyG6wDrhpfXysSgzalKKj2ml6h12RCxjUZnHrEfLkB79PodyMBL5AW"
    "KjvDcxWyOBzb1FlOId5S6cUrcJgdMJFKJKzJBJ9ud55zO45+e98QV5pqvFwvUJGgq5DQby"
    "taEWC2O7+6ZAjndasT4vWsegJ1Z9Gz0+Xhy4/2zGLLlQv29NjOygr2EqRdJ8z3BqRtB7Rc"
    "wDKiWj6aq0NbgZWQ755SfQrJBAWXi4GDIJkt7VCZr261WodNALlswJIYjBj6MvKugVDfRp"
    "p0kn5JabFLfCafyR825hwR1csEWoJDkDA35w6ge6Gpu7DzMad3UxqX0beF6IYLuATSx2NA"
    "3pW29MZ+JpgDCzMmn0nM7n0Nem+Lp5YzqqcTE9xzZDuRu5FjnDGEyCg7hR+qdhTvVafsy2"
    "QsZgf2JKvWgt8jqFJqa8f2+oN423XCfWp8BWOpR6c5An5H8cBCEPCTXXXArw74vWCZRMm8"
    "s/qDm0rGHeoPbgr/4OYlCk9KdlgUWXfyMkUSTggtxZ1UobVsT1LVxuSvvAYLzKcACt9L1+"
    "mc8BYYqXsDtQe0HMlrA6UHZdIFst/oUHhYzlWDTa/yIbvQupCZ65KJcpVMKA6uY+qHaSpo"
    "7h93cpj7x51Mc192Jcsz1TbZBGhFV7lSiuKhnkHGFlQc2FPIputgnSCsoGR33r7NgbcYlQ"
    "m401f7sq/Tl01Y/nmSYt4f7HpmGiP+Z8L2TBBy5sTq9GFuqOovt+sca/3t9u5gotRimqew"
    "n5+Rrk4QYqu56C6ysT5tpEQOvJ7mqtgBDMY8FT3IhqH218vlrz8Kxe5tr7yeTYik9mny+T"
    "RyU62BsDe8gugetfN8RyJGZSc/24kvSeRdpqmVt7/cDW4yXMWAJO4nYp2D/5w/gLKHaK8A"
    "V4IRcQYTVzvHb3FuRr08OcFFWsJml0Hwb/8DnbRO6g=="
)
