"""Reactions: a person's emoji on a message."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    if db.capabilities.dialect == "postgres":
        return """
        CREATE TABLE IF NOT EXISTS "reaction" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "emoji" VARCHAR(8) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "message_id" BIGINT NOT NULL REFERENCES "message" ("id") ON DELETE CASCADE,
    "user_id" INT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_reaction_message_838725" UNIQUE ("message_id", "user_id", "emoji")
);
COMMENT ON TABLE "reaction" IS 'A person''s emoji on a message (one of `reactions.EMOJI`); toggled, one of each per person.';"""
    return """
        CREATE TABLE IF NOT EXISTS "reaction" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "emoji" VARCHAR(8) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "message_id" BIGINT NOT NULL REFERENCES "message" ("id") ON DELETE CASCADE,
    "user_id" INT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_reaction_message_838725" UNIQUE ("message_id", "user_id", "emoji")
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "reaction";"""


MODELS_STATE = (
    "eJztXFtz2jgU/isaXprMUIaQNMlun0hKW9ok7CR02+lljLAVo8ZI1BKhTDf/fSVZxndirg"
    "HipwTpHEn+jnR0zifZf0p9aiGHVS6ojckNYgxTUvob/CkR2Efin9T6MijBwSColQUcdh2l"
    "4EhJg4VEu4y70OSi8hY6DIkiCzHTxQPudVZqEQQYtgmyXmICui4dMeRWQLuHABzyHjApvc"
    "MImNB1MWIAcwZcSCzaB9h6DUSHdMiBGAjiopYLLdFCRXZtUVP0jYm90l6GBP8aIoNTG4li"
    "V/T17YcoxsRCvxHzfw7ujFuMHCuCLrZkA6rc4OOBKjvvQfetkpRP0DVM6gz7JJAejHmPko"
    "m4eEBZaiOCXMiRFYKZDB1Hm8Uv8sYqCrg7RJNBWkGBhW7h0JHGktreCIKykmFctdrGTaNt"
    "GKWEIX2NEOq6yKRETgJMOFPP34e/DQcRm/fEz+OjB6+fAAdPSnb4b/36/H39eu/4aF92SM"
    "VM8ubZla6pqaoH1QTk0GtEoR7AbLpIQmNAnoT7jajhuI/SIY9qxqC3tGrF/2ceQ/gFgSWC"
    "VbIOU4gHtFrEGespMMUU7eZl46Zdv/xHdtdn7Jej8Ku3G7KmpkrHsdK945jZJo2Az832ey"
    "B/gq+tq4aClzJuu6rHQK79tSTHJJYoNQgdGdAKzVa/1EdNSAZWH4r1baStsCbh6dYOacRM"
    "LeDaRuPachAvawdHJ0enh8dHp0JEDXRScjLF3s2rtlhX0nfd3qUuKwlXEt231EXCzX5EYw"
    "VyU4wIEhOlgKr3lk+6mS0D98GfPX5pMC1dOJo4+/CkEs/ubSDKz9dvzutvGiWFcBeadyPo"
    "WkYEallDazRWMpFNVvVr/XgJJNBW4MinkGPWqF+ifhe5rIcHaft9qHbqbt+Pyj261deBhA"
    "N0kUOJLbZRCqDYR2m/Ai4QvBdwi98DMWBAXWA6lHklojtA0L1QdFGf3qvdObnBL7ntlG39"
    "22TKy3ZLPxbZ5jOdUF7/o+fa5m7yS3A+0zb1nxSTufb0iGKxpW/Tli6X3Wxbekij2NInq6"
    "oIkoogabuCpLgXWAKk17qZHYU05Pk2K+5kDKollxJ0elWPRJyBUI5wk8F7ZAGzBznQmhXQ"
    "tBiwXToCmKh6ERBayC0DRiWvM/Z+6uDxBQM9zDh1x2kB55JbTw05JTlF/cVhOhgRLn/Eg8"
    "9vYYP79bmj0TNsP5eA9K9a7fDwpFY9PD59dXRy8uq0OvH4yapprv+s+U56/0gs9HjY2qXW"
    "OIl/G/3OQN+XXw7ttxm+KzUUbXxpR6JQn+Dbu6x/2Y9Eohetq3e+eIgQPL9oncWim4L4y1"
    "4Nu5slBE4yYfRscj2iNNdi00PbGAOvhGQPoUwJx2SIWMpuQqmDIMkAOqwXA7orFFe1liYl"
    "YazT44Zl+LOzVusisl7OmnGH9enyrHG9d6AwF0KYR7aQAGlk4fmcWERxCT5sw2b4lrgsH5"
    "OpPsuLz+cxclSzsPImWzkSy+fkWyI6BeOS4h8LVnDFHFZBuCyFcEl6goIYfAzUiPeLwHot"
    "vPF187w9jcgKTWEETTnGtGhVq779eI0cyPW1pYwprJvZIcSjoeY9kuKLYSTWQUO2s7WxRh"
    "KjVTKikzmVQomG51s2J+qGpXKQogPkMkpeMID69CcGlADo85dgjxIE6C3oTFZMpXHZ+tDs"
    "7L8GnNq2g6wy0DJCoicb0w2mMaSr7CqVLtWNa48ROldQA1jszL5gSdfFknrGShggm76ZKO"
    "wETxrlbk5zUDenmczNaYK4KUjRZ0iKRv1ifr8W1dulbGktLq64abG2LDV0MrxgThU6iN4y"
    "iPOmVdFV/Xi6Wtxi2eKrvop3SUsuNB8zJbHwJXIkFeoWhFQog1s6JBbojtVLNJ4RAROhG5"
    "Ltgg5zhnYH7Hnv0NA+MEXH+2nJwzKaXPLbOc8l/l/ZtV31d4bA3pffxbi+miewr2ZH9tV4"
    "aC+XwSzg+vLFO2WPH3cXWdMzzJocyLghyal7zMdz2D5Nfz0zYJ1rb0sMnuuIVlls3mQ5RX"
    "muzG3DaPGnSZgVmMg/SJjRCBO99WXO1Tj61W1D3N+puuPZiIqE3g5N+lWxFQFm68urNwzh"
    "vGl1YnpFkmsxCnD16eIi3zlw8MLqgqec0Tdktyxiy3UWrPexhXHaNS7tSQ/MtwakVRNaHm"
    "AZrNYEzenUVhAl5PtIjdmDxEbBm+VgLzjMlnGoPK+uVCr7ZQC5LMBSGXQY+tWRbwP57NQL"
    "Jj8nk/6FmuV28Z18J59dzDkifi0TaAkLQcK8M3cAva/ZeB2r15T0a/Jcsm8jUQ1HcAxkjs"
    "eAfFF+rGW/E8xBHzMmxyRa1+853bpi1LJFf3SigVuOXMXcdVRwxhAinewj/NBFKvFcxZH9"
    "JgWL2cSeNNVM8GuFXTraWnO8fieedha6z5ffQS714DgH4XcQJxYCwk9WFYRfQfg94TWJDc"
    "vOnsalFXf5i7v8G0A5zHSX/ykunmyYs1jmvZOnuSShKLSUdNKn1rIzSf9uTP6b12CEeQ9A"
    "kXuZJh0SXgEd2Yjs2bhDY5HJeTmZQ0fIfWlCkWEBWVnWNx+yL1ovpeXiysRmXZnwLThLqB"
    "/W2cFw/7CWI9w/rGWG+7IqeT3TXybzAO3r7dxViuVDPYCMjahw2D3IerNgnVDcwZlde/Uq"
    "B95CKhNwVVfkss8zl01E/nkOxfTX2hc8xoh/I37LJkLOM7Hi+LA4PlweSMVryflgEuk4M/"
    "RetPhh6+7k1ys9Zq0jF5u9UkpSrGvK09JiGMg8lhhnw1CkopuVit6LPUsvr7xBe0ilCNfz"
    "hetyUc2AsBbfQXQPqnlekRBS2ed61cRLEvIDdKmXSj/ctK4ysqBAJZ4CYZOD/4CD2TaeNU"
    "wBV4IRyXMS3+OMf3qzHE1gZANnaWcR6+R3H/4Hqgpm0w=="
)
