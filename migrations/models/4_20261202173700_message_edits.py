"""Messages remember when their author last edited them, and when they were deleted."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    kind = "TIMESTAMPTZ" if db.capabilities.dialect == "postgres" else "TIMESTAMP"
    return f"""
        ALTER TABLE "message" ADD "edited_at" {kind};
        ALTER TABLE "message" ADD "deleted_at" {kind};"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "message" DROP COLUMN "edited_at";
        ALTER TABLE "message" DROP COLUMN "deleted_at";"""


MODELS_STATE = (
    "eJztXFtz2jgU/isaXprMpAwh1919gpS2bJPQSei208s4wlZAG1uilghluvnvK8kWvhMDhg"
    "Hip8SSjiR/Rzrn6NMxvysOtZDNqpe0j8ktYgxTUvkT/K4Q6CDxT2r9AajA4TColQUc9mwl"
    "YMuWBgs17THuQpOLyntoMySKLMRMFw+5N1ilQxBguE+Q9RoT0HPpmCG3CroDBOCID4BJ6Q"
    "NGwISuixEDmDPgQmJRB2DrLyAGpCMOxEQQF7VcSIkeqnJoi5pibEz6Kx1lRPDPETI47SNR"
    "7Iqxvv0QxZhY6Bdi+nH4YNxjZFsRdLElO1DlBp8MVdnFALpvVUv5Bj3DpPbIIUHr4YQPKJ"
    "k2Fy8oS/uIIBdyZIVgJiPb9tWii7y5igLujtB0klZQYKF7OLKlsqS0N4OgrGIY152ucdvq"
    "GkYloUgtEULdLzIpkYsAE87U+zvwl2Ej0ucD8Xh6/OSNE+DgtZID/tO4uXjfuNk7Pd6XA1"
    "Kxkrx1du3X1FXVk+oCcuh1olAPYDZdJKExIE/C/UbUcOygdMijkjHoLV+0qv9ZRBG6INBE"
    "sEvWoQrxglaH2BN/CcxQRbd91brtNq4+yuEcxn7aCr9GtyVr6qp0EivdO42pbdoJ+Nzuvg"
    "fyEXztXLcUvJTxvqtGDNp1v1bknMQWpQahYwNaodWqSzVqomWg9ZHY30baDmsTnq7tkERM"
    "1QKubVRuX07idf3w+Oz4/Oj0+Fw0UROdlpzN0Hf7uiv2lbRd9w+p20rClUT3LXWRMLMf0E"
    "SB3BYzgsREKaD6vuWT382WgfukV48uDZalC8dTYx9eVOLdPQei7Hzj9qLxplVRCPeg+TCG"
    "rmVEoJY1tE5jJdO2ySqn7sRLIIF9BY58CzlnH/Ur5PSQywZ4mObvQ7Uzvb0Tbfesq28ACQ"
    "foIZuSvnCjFEDhR6lTBZcIPgq4xfNQTBhQF5g2ZV6JGA4Q9CgEXeTQR+Wdkw6+4L5T3Pq3"
    "6ZKX/VZ+LOPmM41QXvvjr7XNdfIFGJ9ZTv1fislCPj0iWLr0bXLpctvN59JDEqVLn+6qMk"
    "gqg6TtCpLiVqAASG/8bnYU0pDl26y4kzGotlxK0OlVPRNxBo1yhJsMPiILmAPIgS9ZBW2L"
    "gb5LxwATVS8CQgu5B4BRyetMvEc/eHzFwAAzTt1JWsBZcO+pIackp6jeHKaNEeHyIR58fg"
    "srXNfnjkabuP9SAtI/6vWjo7N67ej0/OT47OzkvDa1+MmqWaa/2X4nrX8kFno+bO1Ra5LE"
    "v4t+ZaCv2xdD+22G7UoNRVtfupEoVBN8e1eNL/uRSPSyc/1ONw8RgheXnWYsuimJv+zdsL"
    "unhMBIJpSeTa5HhBbabP7UNkbBKyHZQyhTwjEZIZbiTSi1ESQZQIflYkD3hOCq9tK0JIx1"
    "etxQhD1rdjqXkf3SbMcN1qerZutm71BhLhphHnEhAdLIwosZsYhgATZsw1b4lpgsjclMm+"
    "XF54soOSpZanmTtRyJ5XPyLRGZknFJsY8lK7hiDqskXAohXJKWoCQGnwM1Yv0isN4Ia3zT"
    "vujOIrJCMdQjkiMnQ1Vf7u2HG2RD7ucsZa/fluxna51oAu6nVVJ9ar+n8HzaDmSTfNrg5G"
    "H4FPsmBQ7APR0RC/QmKnnLgx4wceJDsl9wx+xR/w7seblb1AGmGHg/jdYrosuCs8JeCju3"
    "suti9TcBazYfoNvvBO8W5QLOazm4gPNaJhcgq6IRmNwG84Cr25e5jM/TLCWF+QIpTBsybg"
    "jHhx8xnyyg+zT59ayAde69LVF4LmpAacy/REw9zM66oksRXuhcu2FR6zpv7GKaQDrOn1MJ"
    "U7n18Qq1OPq1bUNce6reZD4aJyG3Q4t+VVxOgNn6yIcNQzgv95BYXhH+QcwCXH+6vMzHPw"
    "SJ0kuSENHM7C2L2DJpiLA18P3Y0jhN84R2EaR181lbA9KqCS0PsAxWa4rmbGoriBLyfRxp"
    "DiDpo+CLBrAHdb4ZkHEosg5AtVrdPwCQywIshcEdQz/vZBaaZqdeMfkZY/qXkcUO8Z18J5"
    "9dzDkiupYJtISGIGHyWCJkofcVpTewSo/zP8/gkn0bi2o4hhMgz3gMyA80Jn7b7wRz4GDG"
    "5JxE735+3b0rZi171LMTHdxz5Crm7k4FZwwhcpedaRci8MV7Lfd5R5lQV2ywmE3sSVXNBb"
    "8vsEsXf2uO1x/E285D9+n2O8ilHp7mIPwO48RCQPjJqpLwKwm/RZmfkvQpxqSVOSRlDskG"
    "UA5z5ZCEPoVZEtX8h+UNMxZ5cY2ayU36HkpRaCnHSU2tZZ8k9ZeFeZIkhshl4sw1xnwAoD"
    "h7mSYdEV4Fd7ITObLxgCbiJOedyWw6Ru5rE4oTFpCVB37mQ1quRIE9lykTm5UyoTU4T6gf"
    "ltnBcP+oniPcP6pnhvuyKvkBtt4miwCt5XYulaJ4qIeQsTEVBnsA2WAerBOCO7iy6ycnOf"
    "AWrTIBV3XlWfZlnmUTkX+eSzH/VwKXvMaI/zbhli2EnHdi5fVheX1YHEjynMkM38guf4u4"
    "OwfHld4fNpCLzUEl5bTn1xzMOu/BoM1zJ75sGMoz1madsR6FMfa3V95oNCRSxqH54lC5qe"
    "ZA2G++g+ge1vLk/otW2RdWtUT2v/yiPzVb8u/bznVGeB+IxGN7bHLwH7Ax20YSfQa4EoxI"
    "AJ/4gZP4b5nEInPZQTONZF8ncfn0P1Kjq30="
)
