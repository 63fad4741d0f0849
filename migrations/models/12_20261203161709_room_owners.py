"""Room owners: a membership's role; each room's creator owns it."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "membership" ADD "role" VARCHAR(8) NOT NULL DEFAULT 'member';
        UPDATE "membership" SET "role" = 'owner' WHERE "user_id" = (
            SELECT "created_by_id" FROM "room" WHERE "room"."id" = "membership"."room_id");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "membership" DROP COLUMN "role";"""


MODELS_STATE = (
    "eJztXW1z2zYS/isYfak94yi27Ni+5ObmZNdp1fqlYyvXTuMOBZGwhJoEFIKyounlv3cBki"
    "IpkjIlUzLF4kMmFoAFyGcXwO5isfyr4XCL2KJ5yQeU3REhKGeN9+ivBsMOgT8y6/dQA49G"
    "Ua0s8HDfVgS2bGmIWNO+8FxselD5gG1BoMgiwnTpyPMHa9wwggQdMGK9oQz1XT4RxG2i7p"
    "AgPPaGyOT8kRJkYtelRCDqCeRiZnEHUesDggH52EPwIMSDWg+ooIemHNriJoxN2WCto4wZ"
    "/TImhscHBIpdGOvzH1BMmUW+EhH+HD0aD5TYVgJdaskOVLnhTUeq7HyI3Y+qpXyDvmFye+"
    "ywqPVo6g05mzWHF5SlA8KIiz1ixWBmY9sO2BIW+c8KBZ47JrOHtKICizzgsS2ZJan9J4jK"
    "GoZxfdM17i66htFIMTKkiKEeFJmcSSGgzBPq/R381bAJG3hD+Hl89M0fJ8LBbyUH/F/79v"
    "zH9u3O8dGuHJCDJPlydh3UtFTVN9UF9rDfiUI9gtl0iYTGwF4a7u+hxqMOyYY8STkHvRWQ"
    "NsM/VmFEWBBxIpolm2AFvKB1w+xpIAILWNHtXF3cddtXv8jhHCG+2Aq/dvdC1rRU6XSudO"
    "d4jm2zTtCvne6PSP5Ev99cXyh4ufAGrhoxatf9vSGfCaYoNxifGNiKSWtYGqIGLSOuj2F+"
    "G1kzrMO8bG7HKOZYDXBtI3MH8iHetA6OTo5OD4+PTqGJetBZyckCfneuuzCv5Nr18Jg5rS"
    "RcaXQ/cpfAMvszmSqQO/BEmJkkA9Rgb/kUdLNl4H4LpScsjcTSxZPZYh8XKnh3fwNR63z7"
    "7rz9/UVDIdzH5uMEu5aRgFrW8BafK5m1TVc5LWe+BDM8UODIt5DPHKB+RZw+ccWQjrL2+1"
    "jtwt3eSbZ7dqtvIwkH6hObswFsoxxh2Ee5s4ewgD/97hB35U8OGzZ/UBsxn4BoCLQzGXLk"
    "vxEUv5dVqW2+9BHumdoEuAs9MAv+TSUZZj4JGrnc4aAS7DbRJcFP8BQwykjSwximzYVfAo"
    "ghRp6AwCUOf1IKRp728Hk2s+SDN/54iTaRu9YVXeYCka6uLlHCGrdId/iTU7aS6pAg1JrD"
    "NmkONhaeIV/PgBnLMjh/Rge5EyuDeHPKxP48s/dfPLP+1WodHp609g+PT98dnZy8O92fTb"
    "F01aK5dtb5QU63BFPD+Rdh73KbLGMUhe3LMYuKYBxseo3UvIqVl2EXnRYwi05zraLT3RSw"
    "3FlOHY5RaHU4Q1S1gaENjG0wMOZXgRIgvQ26qSmksZWvWjYb83IctGHV3mJrLWpUwFRziB"
    "DSkJFDSdtpBBYSZ2in918pcrK0tytNJETBmmHSJ0pdZFPhSaMqGEukHbFldpxrPQXcC0aS"
    "v15kRi1S+GpmSW1E38u3t2IcW4oLSbp17a515YdWajam1ASCWsImfBX1tF2SXXQbTs7p55"
    "UbrS9utUPal+ZM5WYm6IuUm6hRAeVG4CdiIXOIvVAdaaKOJdDA5ROpdMh6xF2LuHtIcKmD"
    "TP2fgT/5O4GGoJFwd5ql4ZTce6aaI0+techJ06agF2XpOZ/j2mxYrxWfyik+fW5N0/h3yd"
    "cc9MP2m3N8rX/tynQeX/zWTfiNQx/XzlX7t92E7/jy5vqHsHnMJ3Z+eXM2p+XoiID82VBf"
    "v360SKaYnu9gThCtNNmCR6sMg9cSfRNDmYOBzsZEZOwmnNsEsxyg43RzQPeBcF1zaVYSxz"
    "pbbyhjPTu7ublMzJezzvyC9enq7OJ250BhDo2ol2OrEYuutoglCEtYwyom4VuyZIWYLFyz"
    "fP18FSYnKTWXq8zlhC5f0O+SoNGel6yzZDKyp2A1Le1MnCNcCdznZ0tdbRx95rwxZ6I+zi"
    "vlOC+9FGs34nOgJrafBKy3sB3eds67jczFeKOO72otwoXlNbn9JMCFZ0DXny4vF7lp44cN"
    "/mFpxvYXUH78+ZbYODwWzsN7dm5cE2FOSSbNNFeXwqg8mawiRNgsQZBug27qKkkq4vOlGM"
    "FmdRFGjtZElNZ5bjSTqYyDo7i85Z8cufFWBY6O/HCV7wQiDv+TIs7UvQI/pGUnuFPQm82Y"
    "5sXVzU+d3u4H5PHBwCbWXnjvAFoMZWdBh1nnSOscKvNQKXnkGjsqVA+gg2iqZGflnyX5zE"
    "oxIN/JPSOoxWnSWuOo9dFRPu71PTqqdljaa7g0dFxavVxJFY1Lq4QCu6cD0zaAakUD05Rz"
    "NMu4CJymCwyLsEUBo0LFivkXlR/4mFmoP1UXk30mIgGqG5H9op6wx4Me2vFTkHAHmTDwbh"
    "O1GeIjwvwymnUxuuwh7pmMySdW/F60n2FFhrg5eIrkHVgY4oOM8XfpE4isMkioQIJAP8H4"
    "wSVyqLKn6pL1PfMvzyJv6PLxYKhaUfZEgd6m7BHt9N7KFm//7ReCDfNI2H/e9nbXkZDln2"
    "KzrO0Ktfp/CWMkbF9HW2S/iDGyn2+N7M+bI3KqLgNu2F6nEZqDNh3I9EQF7VObehlxmfkA"
    "J6k2eC1ZLs2NFNSz0gqa0vHVexmI5+lKicqrtShrp0U+9PV1WqhUFNI3DNNlugLvs+g3Iw"
    "GvcCpbdYYXiiNTHFvVV5VBvKbIp3+Av0qBuWr6GJ05ZgXEw52qP13OT5iiq5HQr8tZGGG2"
    "ObdWxRAu6tVKideLwnnCdHsvjlaJ5+3bMo2tUChGsI9tLKpnK0Hq4xdH9HDunGEd0FNSQM"
    "/WgLRuh7uUqRyfeyBui93uRh8XjOe54w5RGT3Di9d+Xk8/Taf13r+bbWLGuBf6sxEeABZo"
    "zDxqq1TgPgms6SozuJOO5FnXIJkxPOGxgzp10tlDX9P1rf0u+dDX1++ir73oVItVRFRfJN"
    "rkRSId9LHlQR++0p6jhc40+mf00Jkrr9h3cMwhZgMSpa1HO1HAt9ylZEx3s9nc3UPYkwVU"
    "EqOeIF96QarEUMO0+SD7IzjlDnHP7tmvLvU8wsJaAWgBr8G29OPSZap9We4PrBIeBSnyPR"
    "mRMpGJ+Sd4iqRCIJBMkj8N2t4z0IMdKoR8Jug9yJj04MJTyx7Dp4MOHjxQjmWcSE95UGV8"
    "SW+xihxIHbyXDmuvkkc3X5uWrFoK/oCgTgrAhp3qj/C2yxzNh+1rGLtzcFzgVP5g3uyITu"
    "VllT6V19bhK14lqNgRik5KoW1JbUsWsSVf43JGxRaLMu9mvI5NqSz5DHMytPDzLcnQlVD8"
    "djKaUG8ov1KGTZOPmddEvTC3vvFIpj0Zgy8tKJtPiPvGxGBhqXT8e8FtgCZqIyHj7bHlUJ"
    "ayI9czzD2zOX8MjTnfEFQWqrpgEIyQY9PpY45XPOYIeb6MpRCnqaG1cNgqYC0ctnKtBVmV"
    "9oGHE2sVoEO62kX+lw/1CAsx4bDeD7EYLoN1irCGkt16964A3tAqF3BVp01hbQpTYcz0iz"
    "lDeFGm4DiZThSckyg4ZaAVCTAUoDy/PM3TJR9Qdud3tYUTrmB8oQ7FLAyVTkKn41XLAEmn"
    "oSsGE9jMwggUoxdCVcwJtyW+orQfWEdAbzi4t01cag4bGW6woGZvkSMMR22ec4Xlw6C9R9"
    "XyHj2B+hNMscKX7CMSbWEXs7DlpFoC4aB5DdE92C+ShANa5Z/k76fScMiP12Te9fzp7uY6"
    "x3ERkcx7Lajpof+rL95uIdoLwJVgJEza1Le85j/btZf0OcgOzpYzbsvfzL79DczjLMo="
)
