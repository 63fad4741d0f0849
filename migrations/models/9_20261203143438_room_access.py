"""Open and private rooms: a room's visibility, and its invite token (random, made when first
needed; resetting it makes the old invite link stop working). Every room so far is open."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    if db.capabilities.dialect == "postgres":
        return """
        ALTER TABLE "room" ADD "invite_token" VARCHAR(64) UNIQUE;
        ALTER TABLE "room" ADD "visibility" VARCHAR(8) NOT NULL DEFAULT 'open';"""
    # SQLite cannot add a UNIQUE column: the same constraint as an index.
    return """
        ALTER TABLE "room" ADD "invite_token" VARCHAR(64);
        ALTER TABLE "room" ADD "visibility" VARCHAR(8) NOT NULL DEFAULT 'open';
        CREATE UNIQUE INDEX "uid_room_invite__db1671" ON "room" ("invite_token");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    if db.capabilities.dialect == "postgres":
        return """
        ALTER TABLE "room" DROP COLUMN "invite_token";
        ALTER TABLE "room" DROP COLUMN "visibility";"""
    return """
        DROP INDEX IF EXISTS "uid_room_invite__db1671";
        ALTER TABLE "room" DROP COLUMN "invite_token";
        ALTER TABLE "room" DROP COLUMN "visibility";"""


MODELS_STATE = (
    "eJztXW1z4rYW/isavpTMsCwh2SS3e+fOJWm2pU1CJ2FvO910jLAVUGNLrCXCenr3v1eSbf"
    "xODDHEeP2h00XSkeTnHEnnTcrfDYsayGTtKzrB5A4xhilpfA/+bhBoIfGP1PoWaMDZLKiV"
    "BRyOTUVgypYaCzUdM25DnYvKB2gyJIoMxHQbz7g7WGNAEGB4QpDxBhMwtumCIbsNhlME4J"
    "xPgU7pI0ZAh7aNEQOYM2BDYlALYOM9EAPSOQdiIoiLWi6oRA9tObRBdTE2JpOtjjIn+PMc"
    "aZxOkCi2xVif/hTFmBjoC2L+z9mj9oCRaUTQxYbsQJVr3JmpsosptD+olvILxppOzblFgt"
    "Yzh08pWTYXHyhLJ4ggG3JkhGAmc9P02OIXuXMVBdyeo+UkjaDAQA9wbkpmSWp3BkFZQ9Nu"
    "BkPt7nKoaY0EI32KEOpekU6JFAJMOFPfb8EvmonIhE/Fz5Pjr+44AQ5uKzng/3q3Fz/1bp"
    "snxwdyQCokyZWzG6+mq6q+qi4gh24nCvUAZt1GEhoN8iTcP4gaji2UDnmUMga94ZG2/X9s"
    "wgi/IOBEsEp2wQrxgcaAmI4nAitYMexfX94Ne9e/yuEsxj6bCr/e8FLWdFWpEyttnsTYtu"
    "wE/NYf/gTkT/DH4OZSwUsZn9hqxKDd8I+GnJNYolQjdKFBIyStfqmPmmgZcH0u1reWtsL6"
    "hKdzO0QRY7WAax+ZO5GTeNM9PD49Pjs6OT4TTdRElyWnK/jdvxmKdSX3rofH1GUl4Uqi+4"
    "HaSGyzvyBHgdwXM4JERymgemfLR6+bPQP3qy89fmkgljZcLDf7sFCJb3cPELXP9+4uej9c"
    "NhTCY6g/LqBtaBGoZQ3t0ljJsm2yyupa8RJI4ESBI79CztlD/RpZY2SzKZ6lnfeh2pWnvR"
    "Vt9+xR3wMSDjBGJiUTcYxSAMU5Sq02uELwScAtfs/EhAG1gW5S5paI4QBBT4LQRhZ9Uqdz"
    "8oAvuO+UY/3TUuRlv40/X3LMZ25CefcfT9bKe8gXsPmsOtT/ophsdKZHCOsjfZ+OdBMyrs"
    "nP08SKJSmcP8eTzIWVQry7U74TZ3bnxSvrX93u0dFpt3N0cvbu+PT03VlnucSSVavW2nn/"
    "R7ncIkz111+Avdzy1lOnQhS1OpWCaK2g1grqPiio8V2gAEhvvW4qCmlo5yuXzk94hoPPr3"
    "pG2w8a5VD1LcSY1LflUEwq38JSoAQ0R/+VIidLRwffC3UbYKF0E+lTwzYwMeOAPgBvLJam"
    "5xfXcaaS73HPG0n+epG2v0ovqZjCvxO1JNssCHFsLS5E6bZ1ulaVH7VSszOlxhPUAg7h66"
    "Cn/ZLsvMdwdE0/r9zU+uJeOzRdaU5VbpaCvkq5CRrlUG4YfEIG0KeQ++pIG/QNBiY2XUil"
    "Q9YDahvIbgFGpQ7iuD89r+R3DEyFRkJtJ03DKbj3VDVHRj2pz0ndxEIvStNzPoW1Wb++Vn"
    "xKp/iMqeEk8R+iLxno++2LiSeXY+9K9XFe/j6MuDf9yHHzuvf7QcTFeTW4+dFvHoo0X1wN"
    "zmNaTh1Rzl4N1XU/B5tkgunZWRsRoo0Wmze10jB4K9kbIZSpMNDJHLGU04RSE0GSAXSYLg"
    "b0WBBuay0tS8JYp+sNRexn54PBVWS9nPfjG9bH6/PL2+ahwlw0wjzDVkMG3mwTixAWsIeV"
    "TML3ZMvyMVm5Z7n6+SZMjlLWXC4zlyO6fE6/S4Sm9rykhTzRzHSE1bS2MzFGuBG4z6+Wqt"
    "o4dcx5Z87EOpxXSDgvuRXXbsTnQI0cPxFYb8VxeNu/GDZSN+OdOr7LtQnnltfo8RMBV8wB"
    "3Hy8ulrlpg0HG9xgacrx51F++OUWmdAPC2fhvYwbV0SYE5KJU83VtTAqTibLCBHUCxCkW6"
    "+bqkqSSkx8KUbisLr0ExwrIkrbjBstZSolcBSWt+zIkR1ulSN05KarfMcAsuhfGFAC4DKl"
    "pUkJklkqo+WKaV9eD37ujw7eA04nExMZLeC1ES2msjOvw7Q40jaHSg0qRUOuoVChmkCdRF"
    "MmOys7luQyK8GAbCf3kqAS0aSoh/ssh4P7LNO/fZZwb9eho28wdFTutLTXcGnUeWnVciWV"
    "NC+tFApsq05M2wGqJU1MU87RNOPCc5quMCz8FjmMCpUrJgla4IHOiQHGjnrDwmUiYEJ1Q7"
    "JfMGLmfDICTfcJC2oBXQx80AY9AugMEbcMsxRjough7onMyUcGgET+59DlCx0yxc2CDpBX"
    "NcUQ72WOv42fhMgqgwQzwJDoxxvfu4QsqkynJTu7J+4dT8CnNp1PpqoVJk9Y0JuYPILm6K"
    "1s8fbfbqGwYR4R+c/b0cE2HvT4VmyWrd30Vf9fwxjx21fRFunkMUY62dZIJ26OyKW6Drh+"
    "+/oZmhi0yUSmJ8zwGJuYp+RlZgMcpdqdDDfk1txIQL0sLaEpHd6914E4TldIVl6lRbl2Wm"
    "RDX12nhXoxQfqGxXJxNuB9Gv1uJOAVorJlZ3iuPDLFsU19VSnEW8p8+gb8VQrMTV85qR84"
    "2QBx/6QaO+v5CRN0FRL6bTkLA8x259YqGcJ5vVoJ8XpROo//XNuLs1XC777tmcaWKxXDO8"
    "d2ltWzlyDtOl9lb0Datj/ZBSzDqbxEc7VnOdAS8j3RrE8hmaDgXUXQDHJJpB4q00Xa7fZB"
    "C0AuC7AkBiOGPo+8V1j8q8kmnaS/z1zsEPfknvxmY84R8WuZQEtwCBLmprwA6L7l7A6s7l"
    "J7j0Ry6exeiGq4gA6QNh4D8plIx2t7TzAHFmZMzkn07l3GfrDFrGWP/uxEBw8c2coFPVLK"
    "mXRdj7IzaELJxuK76oyZMimL2T5qyaq14PcIqhRZ3rG+/ii+dh2vn9++gmGBw5McDr/DuG"
    "MhcPjJqtrhVzv8XjFLqWTWWX3frZJ+h/q+W+H33V4j76tkm0WRaV+vk6OkXGgp5qTvWsu2"
    "JP3UtPwXH8AC8ymAwvbSdTonvA1G/rOd2iNyRjK9R1pQJl0g+40OhYWlXvpseYlG2fccCu"
    "m5zv4pV/aPz8F1VP0wTQXV/aNuDnX/qJup7suqZHa0v0w2Adqnq1xWUPFQzyBjCyo27Clk"
    "03WwThBWULK7797lwFu0ygRc1dW27LdpyyY0/zxBMe9vFb4wjBH/C4l7Jgg5Y2J1+DA3VP"
    "XDCXWMtX46YXcwUWoxzTuwXx6Rro4TYqux6B6ysT5tpHgOvJrWKt8BDNo85z3IhqG218tl"
    "rz+Jg91bXrmvPAQktU2Tz6aRi2oNhL3mFUT3sJPnSpRolR387CQuRcmnhFMzb3++G9xkmI"
    "oBSdxOxDoH/1d/f2gP0V4BrgQjYgwmXlaPP6Leilp5soPztIDNLp3gX/8BVx7qUQ=="
)
