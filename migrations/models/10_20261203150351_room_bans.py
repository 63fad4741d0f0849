"""Removing a member: a room's bans (the owner lets a banned person back in by lifting it)."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    if db.capabilities.dialect == "postgres":
        return """
        CREATE TABLE IF NOT EXISTS "room_ban" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "room_id" INT NOT NULL REFERENCES "room" ("id") ON DELETE CASCADE,
    "user_id" INT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_room_ban_room_id_ce088e" UNIQUE ("room_id", "user_id")
);
COMMENT ON TABLE "room_ban" IS 'Someone a room''s owner removed: they cannot join it again until the owner lets them.';"""
    return """
        CREATE TABLE IF NOT EXISTS "room_ban" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "room_id" INT NOT NULL REFERENCES "room" ("id") ON DELETE CASCADE,
    "user_id" INT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_room_ban_room_id_ce088e" UNIQUE ("room_id", "user_id")
) /* Someone a room's owner removed: they cannot join it again until the owner lets them. */;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "room_ban";"""


MODELS_STATE = (
    "eJztXe1T2zga/1c0+bIwk6YQKHDtzc0Flu5mF8gNpLc7W3YcxRaJFltKLYU0s9f//ST5Pb"
    "aDE5zguPrQKZH0SPbveSQ9b5L/bjjUQjZrXdERJneIMUxJ4z34u0Ggg8QfmfVN0ICTSVQr"
    "Czgc2orAli0NFms6ZNyFJheVD9BmSBRZiJkunnBvsEaPIMDwiCDrDSZg6NIZQ24L9McIwC"
    "kfA5PSR4yACV0XIwYwZ8CFxKIOwNYHIAakUw7EgyAuarmgEj205NAWNcXYmIw2OsqU4C9T"
    "ZHA6QqLYFWN9/lMUY2Khr4gFPyePxgNGtpVAF1uyA1Vu8PlElV2MoftRtZRvMDRMak8dEr"
    "WezPmYkrC5eEFZOkIEuZAjKwYzmdq2z5agyHtWUcDdKQof0ooKLPQAp7ZklqT2niAqaxjG"
    "Ta9v3F32DaORYmRAEUPdLzIpkUKACWfq/R341bARGfGx+Hly/M0bJ8LBayUH/G/n9uLnzu"
    "3eyfG+HJAKSfLk7Mavaauqb6oLyKHXiUI9gtl0kYTGgDwN94+ihmMHZUOepFyA3vJJW8Ef"
    "6zAiKIg4Ec2SbbBCvKDVI/bcF4ElrOh3ry/v+p3r/8jhHMa+2Aq/Tv9S1rRV6XyhdO9kgW"
    "1hJ+C3bv9nIH+CP3o3lwpeyvjIVSNG7fp/NOQziSlKDUJnBrRi0hqUBqiJlhHXp2J+G1kz"
    "rEt4NrdjFAusFnDtInNH8iHetA+PT4/Pjk6Oz0QT9aBhyekSfndv+mJeybXr4TFzWkm40u"
    "h+pC4Sy+yvaK5A7oongsREGaD6e8snv5sdA/dbID1BaSSWLpyFi31cqMS7exuIWuc7dxed"
    "Hy8bCuEhNB9n0LWMBNSyhrbpQknYNl3ltJ3FEkjgSIEj30I+s4/6NXKGyGVjPMna72O1S3"
    "d7J9nu2a2+AyQcYIhsSkZiG6UAin2UOi1wheCTgFv8nogHBtQFpk2ZVyKGAwQ9CUIXOfRJ"
    "7c7pDb7kvjO29c+hyMt+G3++ZJvPXYSKrj++rFV3ky9h8Vm2qf9FMVlrT08Q6i19l7Z0Gz"
    "JuyNczxIwlGZw/x6PciZVBvL1d/mCR2Qcvnln/aLePjk7bB0cnZ++OT0/fnR2EUyxdtWyu"
    "nXd/ktMtwdRg/kXYyyVvNXUqRqHVqQxEtYKqFdRdUFAXV4ESIL31u6kppLGVr1o6P+E5Dr"
    "6g6hltP2pUQNV3EGNS35ZDMal8C0uBErA3+LcUOVk62H8v1G2AhdJNpE8Nu8DGjAP6APyx"
    "WJaeX17HuUq+zz1/JPnrRdr+Mr2kZgr/VtSSfLMgxrGVuJCk29TuWld+aKVma0qNL6glbM"
    "LXUU+7JdlFt+HknH5eudH64k47ND1pzlRuQkFfptxEjQooNww+IQuYY8gDdaQFuhYDI5fO"
    "pNIh6wF1LeQ2AaNSB5l7P32v5A8MjIVGQt15loZTcu+Zao6MetKAk6aNhV6Uped8jmuzQb"
    "1WfCqn+AypNU/j30dfc9AP2pcTT67G2pXp47z8vZ9wbwaR473rzu/7CRfnVe/mp6B5LNJ8"
    "cdU7X9BydEQ5fzbU1/0cLZIppudnbSSI1pps/qNVhsEbyd6IoUyFgU6miGXsJpTaCJIcoO"
    "N0C0APBeGm5lJYEsc6W28oYz077/WuEvPlvLu4YH26Pr+83TtUmItGmOfYasjC6y1iCcIS"
    "1rCKSfiOLFkBJkvXLE8/X4fJSUrN5SpzOaHLF/S7JGi05yUr5Ikm9lxYTSs7ExcI1wL3+d"
    "lSVxtHx5y35kzU4bxSwnnppVi7EZ8DNbH9JGC9Fdvhbfei38hcjLfq+K7WIlxYXpPbTwJc"
    "8Qzg5tPV1TI3bTzY4AVLM7Y/n/Ljr7fIhkFYOA/vMG5cE2FOSSbONFdXwqg8mawiRNAsQZ"
    "Bu/W7qKkkqMfGlGInN6jJIcKyJKG0ybhTKVEbgKC5v+ZEjN96qQOjIS1f5gQHk0L8woATA"
    "MKVljxIks1QG4YxpXV73fukO9j8ATkcjG1lN4LcRLcayM7/DrDjSJofKDColQ66xUKF6AJ"
    "1EUyU7Kz+W5DErxYB8J3dIUItoUtLDfVbAwX2W698+S7m3dejoOwwdVTst7TVcGjovrV6u"
    "pIrmpVVCgW3qxLQtoFrRxDTlHM0yLnyn6RLDImhRwKhQuWKSoAke6JRYYDhXd1h4TARMqG"
    "5I9gsGzJ6OBmDPu8KCOsAUA++3QIcAOkHEK8Msw5goe4h7InPykQUgkf/mNLyhQ6a4OXAO"
    "5FFNMcQHmePv4ichssogwQwwJPrxx/cPIYsqe96Und0T74wn4GOXTkdj1QqTJyzobUwewd"
    "7grWzx9p9eobBhHhH519vB/iYu9PhebJaNnfRV/69gjATt62iLHBQxRg7yrZGDRXNETtVV"
    "wA3a62toFqBNJzI9YYaH2MY8Iy8zH+Ak1fZkuCGX5kYK6rC0gqZ0fPVeBeJFulKy8motyt"
    "ppkQ99fZ0W6sYE6RsW02W+Bu+z6LcjAa8Qla06wwvlkSmOreuryiDeUObTd+CvUmCue8uJ"
    "vuBkDcSDnWo4X81PmKKrkdBvylkYYbY9t1bFEC7q1UqJ14vSeYLr2l6crRK/923HNLZCqR"
    "j+Pra1rJ6dBGkIX5zRQ6lzDnVCT0kJPTsD0qYd7lKmcnzuvrgtd7sbQ1gwn+eOOkg6pcOD"
    "13RGwtskrffe2WwTEkJ54M8GcCSwAFPCsa2ukvZIxJqubpZ20pk8mxokM4cnCDuoqJO+5P"
    "I1Xd/a75IPfX39LvrYi75qsYqI6oNE2zxIpJM+djzpw1Pac7TQUKN/Rg8NXXnFvqNijiEZ"
    "oejyc7AXJXzLXUrmdLdarf0mgFwWYEkMBgx9GfhXJQYapk1H2R9RKXeIe3JPfnMx54gEtU"
    "ygJXgtbEsvLx1A74Mr3sDqwiP/JncuM1JmohrO4BxIhYABeZf73G97T4Qe7GDG5DOJ3v0b"
    "kx5c8dSyx+DpRAcPXCjHMk9koDyoMr9ksFxF9qVOvJdOa6+SRzdfm5asWgl+n6BOCsCWne"
    "qP4m1XCc0H7WuYu3N4UiAqf7hodkRReVmlo/LaOnzFowQVC6HoSym0LaltySK25GsczqjY"
    "YlHm2YzXsSmVJZ9hTgYWfr4lGbgSip9OBjPMxwAK28s06ZTwFhgEd+sbj2g+kDn40oKy6Q"
    "y5b0woLCx1HX/TPw2Qfxi5lJ51in614hQBB1dR9eM0NVT3j9oF1P2jdq66L6vSTuxgmqwD"
    "dEBXu9T98qGeQMZmVCzYY8jGq2CdIqyhZLffvSuAt2iVC7iq07bs92nLpjT/Iplr/gfFX5"
    "hKs/gZ8x0ThIKJazrHrzBU+nYznQhZBkj6frNiMFHqMMPfsF8IVTHvzo44IdIORp1au+Ws"
    "0Q5ysTluZPhX/JrmMg8LjNo852PJh0F7Narl1XgS6o8/xQqf3o5ItOVXzPKTk2oFhP3mNU"
    "T38KDI7Q6iVX6I+CB1v4P8KkrmIcJf7no3OQZ1RLJoTWOTg/+pT6nuINpLwJVgJEzm1Eei"
    "Fr8H1UzawrKD86yw1jZDBd/+D426EbE="
)
