"""Bots: a room's incoming webhooks, each posting as an account of its own."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    if db.capabilities.dialect == "postgres":
        return """
        CREATE TABLE IF NOT EXISTS "bot" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMPTZ NOT NULL,
    "room_id" INT NOT NULL REFERENCES "room" ("id") ON DELETE CASCADE,
    "user_id" INT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "bot" IS 'A room''s incoming webhook: a secret token (kept as its SHA-256, shown once) that posts';
        ALTER TABLE "user" ADD "is_bot" BOOL NOT NULL DEFAULT False;"""
    return """
        CREATE TABLE IF NOT EXISTS "bot" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMP NOT NULL,
    "room_id" INT NOT NULL REFERENCES "room" ("id") ON DELETE CASCADE,
    "user_id" INT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE
) /* A room's incoming webhook: a secret token (kept as its SHA-256, shown once) that posts */;
        ALTER TABLE "user" ADD "is_bot" INT NOT NULL DEFAULT 0;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "user" DROP COLUMN "is_bot";
        DROP TABLE IF EXISTS "bot";"""


MODELS_STATE = (
    "eJztXW1z2zYS/isYfYk8oyiO7Di+5Obm5NRp3PqlYyvXTqMOBZGwhJoEFIKyounlvxcLki"
    "IpkjL1aorFh0wsAAuADxbA7mIX+KvmcIvYonnGvdo79FeNYYfIP+LJDVTDo1GUCAke7tuq"
    "XD8o0Beei02o4x7bgsgkiwjTpSOPcgYF28jl3HkhEGUmdygboAnpDzl/eIcwEsR0iYc8/k"
    "AYqj+QkYewLOkJdPep/bL15qSBxJBPGOLMJAfIG2IPjbjwVF8sbsrGZY3ba6bLPC5/ElU5"
    "0MDf8tNlO1AcmyYfM68JvRkz+nVMDI8PiCzkyj59+UMmU2aRb0SEP0cPxj0ltpXAnFpQgU"
    "o3vOlIpV0w76MqCB/aN0xujx0WFR5NvSFns9KUqdEYEEZc7BGo3nPHMBpsbNvBmIUD5Pc0"
    "KuJ3MUZjkXs8tmFMgdrvQJRWM4zrm45xd94xjFpqvEOK2NgESSZnwCuyq0J9/QC68LL1+v"
    "jt8enRyfGpLKK6OUt5+91vOgLGJ1TwXHdq31U+9rBfQmEcgaoG2xhiMUyD+2GI3Wx0k1Rz"
    "KMvuz6McYlpemB38zbAJG3hD+fPkeAGm/2vffvjUvq2fHB9Ag1zOa3+uXwc5LZUFsEcwy4"
    "kFUBjYS8P8g8zxqEOyoU5SzkFtBaTN8I9VgA8TIuSjNWoX0MsPtG6YPQ2GfAH0nYur87tO"
    "++oXaM4R4qut8Gt3ziGnpVKnc6n1k7lhmlWCfr3ofELwE/1+c32u4JWr2cBVLUblOr/XoE"
    "947HGD8YmBrRh3hqkhaolRh+XQWGrZilE8vXbtw+BuZPmKEB0L4i6HaIxCIxogClvs/UPm"
    "fgAMmEb3I3cJHbCfyVSBfCF7hKUMkAFqIBjdBtXsGbjfQ+4JU6OJ7uLJTCaJT1P57fKLie"
    "fvmO27D+0fzmspnt0ApJ+DaioKaWyeZkMKTNvH5sMEu5aR4F7I4S0+lzIrm85yWs58CmZ4"
    "oMCBr4A+B6hf8gFld0QI/7NTGkAif6EqYENJQ8SKPqkU3DCChGQSYr2kDPVdPpEgNVFHSt"
    "dy3xkiUwrulCATuy4lvqTuYmZJGZxa75FskI895EMpAvl80kzpBFtrZcOyfr44mrm8azE0"
    "FEPzpX8tlv4TxVItRG1ZiNI7/h7v+FfE6RNXDOkoa7+P5S7c7Z1kuQL2P4AD9YnN2UBuox"
    "xhZU1rgDkNI786xF34yeWGze/VRswnkjUEqk+GHPlfJJPfQVaG6W/DLXSZ2gS4K2tglvw3"
    "BTLMfBI0crnDpUhw0ESXBD+CrRGjEdDLNkybCz9FIoYYeZQELnH4oxIw8qSHL7OZpdSUP7"
    "Tl8Bkth39yylYSHRKEWnLYJ8nBxsIz4PMMOWNZxsif0UHuxMog3p0wcTg/2Idrz6x/tVpH"
    "R29bh0cnp2+O3759c3o4m2LprEVz7eziR5huiUFNm75cbpNllKKw/GbUoiIYB5teLTWvYu"
    "mb0ItOC6hFp7la0em8bV5babWVtoyIagVj2wrG/CqgDd9rG76fS2djXo6BNsxqLNbWokIF"
    "VDWHCAGKDDQFutNIakicoXrvv8BykNo7ABUJUXC0AJsodZFNhQdKVdCWSBtiN1lxrvYUjF"
    "7QEvxaS41aJPBVTJPaibyXr2/FRmypUUjSbWt3rep4aKFmZ0JNwKgb2ISvopr2i7OLbsPJ"
    "Oa2PoCtukPa5OVO4mTH6IuEmKlRAuBH4kVjIBOfOgLKJLiyBBi6fgNAB+Yi7FnEbSCi3z6"
    "n/M7AnvxBoKCUS7k6zJJwN154p5sCpNQ9H0rSplIuy5JwvcWk2zNeCT+kEnz63pmn8O+Rb"
    "Dvph+d0Zvra/dmUaj89/6yTsxqGNq37V/u0gYTu+vLn+MSwes4l9uLw5046q2q4fWyRTg5"
    "5vYE4QrTTZgq6VZoC37QTOpYLOxkRk7Cac2wSzHKDjdHNA9yXhtubSLCWOdbbcsIn17Ozm"
    "5jIxX84u5hesz1dn57f11wpzWYh6Oboasehqi1iCcANrWMk4fE+WrBCThWuWL5+vMshJSj"
    "3KZR7lhCxf0O6SoNGWl6yzZDKyp1JrWtqYOEe4ErhPz5aq6jj6zFnHsZTK4rVUHIu/rGoz"
    "4lOgJrafBKy3cju8vfjQqWUuxjs1fJdrES7Mr8ntJwGu7AO6/nx5uchMGz9s8A9LM7a/gP"
    "Ljz7fExuGxcB7es3PjijBzijNpprq6FEab48kyQoTNDTDSbVBNVTlJeXyui5HcrM5Dz9GK"
    "sNI2z41mPJVxcBTnt/yTIzdeqsDRke+u8kIg4vA/KeJMxRX4Li31IKagN5sxzfOrm58ueg"
    "fvkccHA5tYjTDuQJYYQmVBhVnnSNtsKvNQKXnkGjsqVB3QTjRl0rPyz5L8wUoNQL6Re0ZQ"
    "idOkrfpR66OjfNyre3RUbre05zBpaL+0apmSSuqXVgoBtqEd03aAakkd05RxNEu5CIymCx"
    "SLsEQBpUL5ivmByvd8zCzUn6rAZH8QkZCiG4F6UU/Y40EP1WcXEZqy4YMmajPER4T5aTQr"
    "MHrTTXQZ+OQTKx4X7d+wAi5uDp4iiIGVTbwHH3+XPkqWVQoJFUgQWU/QfhBELrPsqQqy7j"
    "I/eBZ5Q5ePB0NVirJHKultyh5QvfcKSrz6t59oqIv6/vOqB31EFnWJ6ck+s0dZq9K2oUXc"
    "ZWEfVP+lVuRNuFSI+MiWIwKDK7/i3oPgce4NUb1bwzY1ZVaf97u1A32vYwmjs9X/S+g5Yf"
    "kqqjmHRfScw3xF53Be04FVYBlww/L6hqI5aNM+Uo9U0D61qZfh8pkPcJJqhxHPsOrXUlDP"
    "Ukuopcc3hmUgnqfbiMNfpVnZcowHshQbRxRVQ/eoVQDdo1YuupClrU3a2qTuEAGjvlyMpi"
    "uMfRb9bjjgGY7Tyz7ghRwA1YitamTMIN6Sy9o/wNCowFz13h995c8KiIc7VX+6nIE3RVch"
    "pt+WlTfCbHf2yJIhXNQcmWKvNfyw+nxdt5DgDZY9k9EKec1El0iu7YMVv42ymlCpTX5nvm"
    "p7CVIfr+2nxrlzhrWb2obc1PYGpG0fIwFP5ZwkBey2+DDJ6OOCXmp33CHqntrwOgH/tlr/"
    "8lnrnX/jgIkZ4154SoPwQGKBxsyjtrrg3ieRG566795J+6dtq5FMz7TwME2dpeo7cZ/z1E"
    "UbpfKhr65RSgdz6QtEy4ioDo/bZXicdmXac1cmX2jPkUJnEv0TcujMzlnsdSdziNmARI8x"
    "oHoUxgC7FEQqNJvNgwby31qlymmnJ8jXXnABaChh2nyQ/bTTZpvosi771aWeR1iYKyRacq"
    "ylbulHW4QPwPoNq2u8gocf1IuxE3huYoKnCAQCgeDph2lQtsukHOxQIaBPsvbgHrB7V/Ya"
    "agx7JwJ3JPB+6inzMnhN9RaLyAHXye/SwRplMnfnS9MwVEvBHxBUSQDY8YnDg/zaZTwWwv"
    "IVdBt7fVLAZeH1vNoRuSxAlnZZ0NrhMwbIlOx8SV+1onVJrUsW0SWfI+SoZIvFJiOOnken"
    "VJp8hjoZavj5mmRoSigec48m1BvC23vYNPmYeU3UC1+MAJfSHsR5gAZl8wlxX5pYalgqsK"
    "MRxLhAeIiAKBJsOZSl9MjtNNNlNucPoTLnK4JKQ1VhM34L/tuCEDJjqWD+MFRGB52U8Pgj"
    "5IVlNIg4TQW1iM07Pscn3CpAr+ViXjJ+3jLUFhUjG0+NZXl6nk5fjvx0tMQICzHhcs8dYj"
    "FcBuwUYQVXkdabNwXwlqVyAVd52hyhzRFUGDMZb84YsegO8jiZvoK8wBXkABjIqxkbx5NA"
    "z+h2iHS4b8eBnu3l5ca5z7MiEp4AOSDSvJyDccrgU9CbO2MktDO3kkOIEOtfFHnJB5Td+V"
    "VVFSnt9r4EVPoaWx0bsAmQ9EW2xWDi3BFGoACtCVWxA4+S2QEKo2ToaJMdB1K0iUvNYS3j"
    "yCHIaSw6dMBRmaeOHfJh0Bb5clnk4aKvYIoVtafFSLQlrZglDSbVEggHxSuI7uvDIndtyV"
    "L5XlOHqdu24Pm7zEsHfrq7uc4xUEYk89ZJanro/wju59tDtBeAC2Ak1P3Ua6DzD382krZF"
    "qOBsOcV/85vZ978BEsGzuw=="
)
