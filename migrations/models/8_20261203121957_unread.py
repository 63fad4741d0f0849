"""Unread: how far each member has read in the room's log. Memberships from before start with
everything read (nothing old turns up as news)."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "membership" ADD "last_read_event" BIGINT NOT NULL DEFAULT 0;
        UPDATE "membership" SET "last_read_event" =
            (SELECT "last_event" FROM "room" WHERE "room"."id" = "membership"."room_id");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "membership" DROP COLUMN "last_read_event";"""


MODELS_STATE = (
    "eJztXW1z4rYW/isavjSZYRlCsklu+6Ukzba0SbiTsG2nux0jbAXc2BJribBM7/73K8kWfp"
    "OJIYYYx592kXQk+zlHOq9W/m24xEIObV2TsY3vEaU2wY3vwb8NDF3E/6Ptb4IGnE7DXtHA"
    "4MiRBI4YadDI0BFlHjQZ73yADkW8yULU9Owp8xdr9DEC1B5jZL2zMRh5ZE6R1wKDCQJwxi"
    "bAJOTRRsCEnmcjCmxGgQexRVxgWz8AviCZMcAfBDHeyzgVn6EllraIyde28Xirq8yw/WWG"
    "DEbGiDd7fK1Pf/NmG1voK6Lq5/TReLCRY8XQtS0xgWw32GIq2y4n0PsgR4o3GBkmcWYuDk"
    "dPF2xC8HI4f0HROkYYeZAhKwIznjlOwBbV5D8rb2DeDC0f0gobLPQAZ45glqD2nyBsaxjG"
    "bX9g3F8NDKORYqSiiKAeNJkECyGwMaPy/V341XAQHrMJ/3l68s1fJ8TBHyUW/L17d/lL9+"
    "7g9ORQLEi4JPlydhv0dGTXNzkFZNCfRKIewmx6SEBjQJaG+yfew2wX6SGPUyagtwLSlvrP"
    "JoxQDSEnwl2yC1bwF7T62FkEIrCCFYPezdX9oHvzX7GcS+kXR+LXHVyJno5sXSRaD04TbF"
    "tOAv7oDX4B4if4q397JeEllI09uWI4bvBXQzwT36LEwGRuQCsirapVocZHhlyf8f1t6HZY"
    "DzM9tyMUCVZzuPaRuWPxEO86RydnJ+fHpyfnfIh80GXL2Qp+924HfF+Js+vhUbutBFxpdD"
    "8QD/Fj9je0kCD3+BNBbCINqIFu+RhMs2fgflPSo1pDsfTgfHnYR4WKv7uvQOQ5372/7P50"
    "1ZAIj6D5OIeeZcSgFj2kQxIty7HpLrfjJlsghmMJjngL8cwB6jfIHSGPTuypTt9Heldqez"
    "c+7llV3wUCDjBCDsFjrkYJgFyPErcFrhF84nDz31P+wIB4wHQI9Vv4cgCjJ07oIZc8Se2c"
    "VvAFz61R65+WIi/mbfz9EjWfeQjlPX8CWSuvki/g8Fml1P8hNt5Ip8cIa5W+TyrdgZQZ4v"
    "UMvmOxhvMX9jhzY2mId6fl20lmt1+8s/7T6Rwfn3Xax6fn70/Ozt6ft5dbLN21aq9d9H4W"
    "2y3GVLX/QuzFkbeeORWhqM0pDaK1gVobqPtgoCZPgQIgvQumqSikkZOvXDY/ZhkBPtX1jL"
    "UfDsph6ruIUmFvi6WoML65p0AwOBj+KEROtA4Pv+fmNrC50Y1FTM32gGNTBsgDCNaiOju/"
    "uIkzjfyAe8FK4teLrP1VdknFDP6dmCXZbkGEY2txIU63Le1aVX7URs3OjJpAUAtQwjfhTP"
    "sl2XnVcHxPP2/c1PbiXgc0fWnWGjdLQV9l3ISDchg3FD4hC5gTyJQ50gI9i4KxR+bC6BD9"
    "gHgW8pqAEmGDLPyfQVTyOwom3CIh3kJn4RQ8u9bMEVlPojhpOja3i3R2zqeoNav6a8OndI"
    "bPiFiLNP4D9DUDfTW+mHxyOc4ubYzz6s9BLLypMscHN90/D2Mhzuv+7c9qeCTTfHndv0hY"
    "OXVGOXs3VDf8HB6SKaZnV23EiDbabMGjlYbBW6neiKBMuIOOZ4hqtAkhDoI4A+goXQLoES"
    "fc1l5atkSx1tsNRZxnF/3+dWy/XPSSB9bHm4uru4MjiTkfZLMMXw1Z9maHWIywgDOsZBK+"
    "J0eWwmTlmeXb55swOU5Zc7nMXI7Z8jnjLjGaOvKiS3miqbPgXtPawcQE4UbgPr9bqurj1D"
    "nnnQUT63ReIem89FFchxGfAzWmfmKw3nF1eNe7HDS0h/FOA9/lOoRzy2tc/cTA5c8Abj9e"
    "X68K00aTDX6yVKP+AsoPv90hB6q0cBbey7xxRYQ5JZm21l1dC6PiZLKMEEGzAEG6C6apqi"
    "TJwsSXYsSV1ZUqcKyIKG0zb7SUKU3iKCpv2ZkjLzoqR+rIL1f5jgLkkn9sQDCAy5KWA4KR"
    "qFIZLndM6+qm/2tvePgDYGQ8dpDVBMEYPmIiJgsm1OWRtrmUNqkUT7lGUoXyAeoimjL5Wd"
    "m5JJ9ZKQZkB7mXBJXIJsUj3Oc5AtznmfHt81R4u04dvcHUUbnL0l4jpFHXpVUrlFTSurRS"
    "GLDNujBtB6iWtDBNBkd1zkUQNF3hWKgROZwKWSsmCJrggcywBUYLeYeFz0RAuemGxLxgSJ"
    "3ZeAgO/CssiAtMvvChznkoYsqCL8d4K/b/1r6alf+uYdir8VW069t5DPt2tmXfTpr2Yhus"
    "A64aX1/pkoBWUxRUe01v0GuSn2yL4NSTzRYb8F5HvxsJeIW0UNkZnquQRXJsU2dZQ7yl0o"
    "s34DBLMDe9ZqG+YWEDxJWmGi3WC1Sk6Cok9NuKVoSY7c6vLhnCed3qlHi9qJ5A3Rf14nR5"
    "9OKpPbPYcuWCAz22s7KCvQRp1wnzvQFp2wEtH7CMqNYSzdWhrdBKyHdHrDmBeIzCi93AQZ"
    "jMFnaoyFe3Wq3DJoBMNNiCGAwp+jIMroFQ30Y6ZKy/ILbYJT7jz/gPz2YMYdVLOVqcQxBT"
    "P+cOoH+ZrL+w/JgzuKWOiejbnHfDOVwA4eNRIO6pWwRjP2ObAdemVDwTnz34GvTB408tZl"
    "RPxyd4YMiTkbuhNM4oQniYncKPVDvy96pT9mUyFrMDe4JVa8EfEFQptbVje/2Rv+064T41"
    "voKx1KPTHAG/o2RgIQz4ia464FcH/F6xTKJk3ln9wU0l4w71BzeFf3DzGoUnJTssiqw7eZ"
    "0iCRlC07iTKrSW7Umq2pj8lddgbrMJgNz3Mk0yw6wFhureQOMRLYbi2kDhQTlkjrx3JuQe"
    "lrxqsBlUPmQXWhcyc10yUa6SCcXBdUz9KE0Fzf3jTg5z/7iTae6LrnR5ptommwCt6CpXSl"
    "E81FNI6ZzwA3sC6WQdrFOEFZTszvv3OfDmozIBl321L/s2fdmU5Z8nKRb8sbQXpjGSf6Jt"
    "zwQhZ06sTh/mhqr+crvOsdbfbu8OJkJcagQK++UZ6eoEIbaai+4izzYnDU3kIOhproodwH"
    "DMc9GDbBhqf71c/voTV+zB9srr2URIap8mn08jNtUaCAfDK4juUTvPdyR8VHbys536kkTc"
    "ZaqtvP31vn+b4SqGJEk/0TYZ+J/8Ayh7iPYKcAUYMWcwdbVz8hbnZtzLExNc6BI2uwyCf/"
    "s/5UfEVA=="
)
