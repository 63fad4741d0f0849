"""Rooms remember their last message (the ordering chain); messages carry the composer nonce.

The same SQL runs on SQLite and PostgreSQL."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "message" ADD "client_id" VARCHAR(64);
        ALTER TABLE "room" ADD "last_message_id" BIGINT;
        CREATE UNIQUE INDEX IF NOT EXISTS "uid_message_author__d8bb7a" ON "message" ("author_id", "client_id");
        UPDATE "room" SET "last_message_id" = (
            SELECT MAX("id") FROM "message" WHERE "message"."room_id" = "room"."id"
        );"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "uid_message_author__d8bb7a";
        ALTER TABLE "room" DROP COLUMN "last_message_id";
        ALTER TABLE "message" DROP COLUMN "client_id";"""


MODELS_STATE = (
    "eJztW1tz2jgU/isaXjaZSZkUctvdJ5KSli2BnYTudprpOMJWjDa2RC0BYbr57yvJNr7JYB"
    "LIAvFT4nOR5O9I52bxs+JSCzms2qY2JjeIMUxJ5Tfws0Kgi8Q/Wv4BqMDhMOJKAod9Ryk4"
    "UtJgMdE+4x40uWDeQ4chQbIQMz085P5klS5BgGGbIOsdJqDv0QlDXhX0BgjAER8Ak9IHjI"
    "AJPQ8jBjBnwIPEoi7A1u9ATEhHHIiFIC64XGiJEapyaouaYm5M7LXOMiL4xwgZnNpIkD0x"
    "1+13QcbEQo+IhY/DB+MeI8dKoIstOYCiG3w6VLSLAfQulaR8g75hUmfkkkh6OOUDSmbi4g"
    "Ul1UYEeZAjKwYzGTlOYJaQ5K9VELg3QrNFWhHBQvdw5EhjSW1/BRGtYhidbs+4afYMo5Ix"
    "ZKgRQz0gmZTITYAJZ+r9XfhoOIjYfCAeT46e/HkiHHwpOeFfjeuLT43rvZOjfTkhFTvJ32"
    "edgFNTrCc1BOTQH0ShHsFsekhCY0CehfuD4HDsIj3kSc0U9FagWg3/eY4hQkJkieiUvIYp"
    "xAtaXeJMgy0wxxS91lXzpte4+lNO5zL2w1H4NXpNyakp6jRF3TtJmW02CPi71fsE5CP41u"
    "00FbyUcdtTM0ZyvW8VuSZxRKlB6MSAVmy3htQQNSEZWX0kzrehO2EtwvXWjmmkTC3g2kbj"
    "2nIR72rvj06PzuonR2dCRC10RjmdY+9WpyfOlfRd9w/aYyXhyqJ7ST0k3OxnNFUgt8SKID"
    "GRBtQgtnwJhtkycJ/C3RNSo23pwcnM2cc3lXh3P4AoP9+4uWh8aFYUwn1oPkygZxkJqCWH"
    "1miKMpPNstyam6ZAAm0FjnwLueYA9Svk9pHHBnioi/cx7txo7yblFob6BpBwgD5yKLFFGK"
    "UAijhK3SpoIzgWcIvnoVgwoB4wHcp8ipgOEDQWih5y6VhF52yAX/HYmrB+O9vyctzK95eE"
    "+VwnVNT/BHttc4P8CpzPvKD+D8XkWTE9oViG9G0K6fLYLRfSYxplSJ+dqjJJKpOk7UqS0l"
    "5gBZBeB8PsKKQxz7dZeSdjUB05TdLpsxZknJFQgXSTwTGygDmAHASaVdCyGLA9OgGYKL5I"
    "CC3kHQBGZV9n6j8GyeMvDAww49Sb6hLOFY+uTTllc4qGh8N0MCJcPqSTz9u4wUN+4Wz0HN"
    "tvJSH9tVar109rh/WTs+Oj09Pjs8OZx8+y5rn+89ZH6f0TudDitLVPrWkW/x56zEE/lF9N"
    "228zfJc2FW1+7SWy0LDBt3fV+LqfyETb3c7HUDzWELxod89T2U3Z+Ms/DbtbJUROMmP0/O"
    "Z6QulZhy1Y2sYYeC1N9gjlRFwqWDskdMrqQVOPlRXumuuxsnhYSfGQ9QRlkbsI1IT3S8B6"
    "LULedeui938VZWo3ayqycJfnl2PhcSpSi6k6SSocgHs6IhboT9Vndt+OgInYjOS44I45I/"
    "sO7Plf2akLTDHxvq4AW8WQK/5+/1bqqLU19tXfJTK3UH4nKqRk1nZ2WCBrOzvMzdokK5lf"
    "yGOwDLihfHnrZGFCXBab+dDvbrHpQMYNEfjwGPPpM2yv03+dHfCaZ29LDB6CtNjiQbtXW6"
    "rNa6ZqlJ9VtW1as+EVe6tZj9ufLlcyZ/R2yATrqpsjzF6v0NswhIvWeZntlaj1xCpA50u7"
    "Pa/WixViswtWTONoAuXLz9fIgTy4cK2HPHmja8vyhzzkE94g8Kovxmn2fXFXQFpn50CdZE"
    "3nIDzh+Z2D8GJEkc7BUOxcSsAE8wGABEDTFMU+r4I7OYic2XhA0zuA/Yv5Dp0g750JGbKA"
    "ZB4E7QBdA2GFI5d9hM3qI4QWXKbcjevsYD+hXitQ9NZruUWvZGXvj4XH5DlAh3o7119YPd"
    "RDyNiECoc9gGywDNYZxR3c2bXj4wJ4C6lcwBWv7Oi8zY5OpvApkpsHP3J8YcKZ/mnllm2E"
    "gql5WcWUVczqQJJf8JgRONmXIVXwQ/6WtCLWWus1kIfNQUVT7QWcg3n1HoxkFlV8+TCUNd"
    "Zm1Vhj4YyD41U0G42plHlosTxUHqolEA7EdxDd94dFPogLqVx0FS+V5VPCEdGk+H/cdDs5"
    "6X2kks7tscnBv8DBbBvv3s0BV4KRSOAz97PTV7FTmbkc4Fz3jeE1rzw9/Qd0QzmD"
)
