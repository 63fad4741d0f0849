"""Membership events: the room's log names whose membership changed (joined, left, removed,
promoted)."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    if db.capabilities.dialect == "postgres":
        return """
        ALTER TABLE "room_event" ADD "user_id" INT;
        ALTER TABLE "room_event" ADD CONSTRAINT "fk_room_eve_user_a46dda38" FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE;"""
    # SQLite adds a foreign key only with its column.
    return """
        ALTER TABLE "room_event" ADD "user_id" INT REFERENCES "user" ("id") ON DELETE CASCADE;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    if db.capabilities.dialect == "postgres":
        return """
        ALTER TABLE "room_event" DROP CONSTRAINT IF EXISTS "fk_room_eve_user_a46dda38";
        ALTER TABLE "room_event" DROP COLUMN "user_id";"""
    return """
        ALTER TABLE "room_event" DROP COLUMN "user_id";"""


MODELS_STATE = (
    "eJztXe1zmzga/1c0/lJnxnVTJ01z7c3NJd10m9283CTudWfrHSyDYmsDkotwXM9e//fTI8"
    "CAAQfil2BWHzqNhR5J/PRIel7FXw2HW8QW7VPuNd6hvxoMO0T+ES9uoQYej6NCKPDwwFb1"
    "BkGFgfBcbEIbd9gWRBZZRJguHXuUM6h4glzOnRcCUWZyh7IhmpLBiPP7dwgjQUyXeMjj94"
    "Sh5j0ZewjLmp5At59OXnbeHLWQGPEpQ5yZZA95I+yhMReeGovFTdm5bHFz3fSYx+VPohoH"
    "GvhbvrrsB6pj0+QT5rVhNBNGv02I4fEhkZVcOaavf8hiyizynYjw5/jeuKPEthKYUwsaUO"
    "WGNxursnPmfVQV4UUHhsnticOiyuOZN+JsXpsyNRtDwoiLPQLNe+4EZoNNbDuYs3CC/JFG"
    "VfwhxmgscocnNswpUPsDiMoahnF13TVuz7qG0UjNd0gRm5ugyOQMeEUOVai3H8IQXnZeH7"
    "49PD44OjyWVdQw5yVvf/hdR8D4hAqeq27jh3qOPezXUBhHoKrJNkZYjNLgfhhhNxvdJNUC"
    "ynL4iyiHmFYXZgd/N2zCht5I/jw6XILpf09uPnw6uWkeHe5Bh1yua3+tXwVPOuoRwB7BLB"
    "cWQGFgLw3zT/KJRx2SDXWScgFqKyBth388BfiwIEI+2qO2Ab18Qeua2bNgypdA3z2/PLvt"
    "nlz+B7pzhPhmK/xOumfwpKNKZwulzaOFaZo3gr6cdz8h+Il+v746U/DK3Wzoqh6jet3fGz"
    "AmPPG4wfjUwFaMO8PSELXErMN2aJTatmIUj+9duzC5a9m+IkQngrjlEI1RaEQDROGIvbvP"
    "PA+AAdPofuQuoUP2K5kpkM/liLCUATJADQSjm6CZHQP3R8g9YWm00F08ncsk8WUq312+Mf"
    "H8E/Pk9sPJT2eNFM+uAdLPQTM1hTS2TrMhBaYdYPN+il3LSHAvPOEdvlAyr5t+5HScxRLM"
    "8FCBA28BYw5Qv+BDym6JEP5rpzSAxPOlqoANNQ0Rq/qoUnDNCBKSSYj1kjI0cPlUgtRGXS"
    "ldy3NnhEwpuFOCTOy6lPiSuouZJWVwar1HskM+8ZAPpQjk82k7pRNsrJc1y/r54mjm9q7F"
    "0FAMzZf+tVj6dxRLtRC1YSFKn/g7fOJfEmdAXDGi46zzPvZ06WnvJOsVsP8BHGhAbM6G8h"
    "jlCCtrWgvMaRj5zSHuwk8uD2x+pw5iPpWsIVBzOuLIfyNZ/A4eZZj+1txDj6lDgLuyBWbJ"
    "fzMgw8wnQWOXO1yKBHttdEHwA9gaMRoDvezDtLnwSyRiiJEHSeAShz8oASNPevg6X1lKTf"
    "lDWw6f0XL4J6fsSaJDglBLDrskOdhYeAa8niFXLMuY+VM6zF1YGcTbEyb2Fyd7f+WV9Y9O"
    "5+DgbWf/4Oj4zeHbt2+O9+dLLP1o2Vo7Pf8ZlltiUtOmL5fbpIxSFNZfj1pUBOPg0Guk1l"
    "WsfB160XEBteg4Vys6XrTNM+7Ru1kZaCOKLYKLbTuNbFhYQVi18Vsbv6uIqNbbNq23Le4C"
    "2p+wsj/huVRh5uXYvcNHreVKcFSpgAbsECFAP4SuQCUdS8WTM9Ts/xtYDkr7e6B5IgrxK2"
    "Bqpi6yqfBAVw36Emn79jobzlVKg9kLeoJfK2mny+TomimoWxGj89XY2IyVmoUk3aZO17rO"
    "hxZqtibUBIy6hkP4Mmpptzi76DGcXNPas19zO7/PzZnCzZzRlwk3UaUCwo3AD8RCJsTMBp"
    "RtdG4JNHT5FIQOeI64axG3hYSKpp35PwMz/QuBRlIi4e4sS8JZc+uZYg4EA/BwJk2bSrko"
    "S875Gpdmw+da8Kmc4DPgVobRq0u+56Af1t+eyWvze1emTf7st27CHB/auJqXJ7/tJUzyF9"
    "dXP4fVYzaxDxfXpzr+V7tLYptkatLzjcsJoicttmBolZngTcfWc6mgswkRGacJ5zbBLAfo"
    "ON0C0ANJuKm1NC+JY50tN6xjPzu9vr5IrJfT88UN6/Pl6dlN87XCXFaiXo6uRiz6tE0sQb"
    "iGPaxiHL4jW1aIydI9y5fPnzLJSUo9y1We5YQsX9DukqDRlpcsFz0Z2zOpNZU2Ji4QPgnc"
    "x1dLXXUc7XPW6UGVsniVSg/yt1VtRnwM1MTxk4D1Rh6HN+cfuo3MzXirhu9qbcKF+TV5/C"
    "TAlWNAV58vLpaZaePOBt9ZmnH8BZQff70hNg7dwnl4z/3GNWHmFGfSTHW1FEbr48kqQoTN"
    "NTDSTdBMXTlJBdKuipE8rM7CgNyasNIm/UZznspwHMX5Ld9z5MZrFXAd+eEqLwQiDv+TIs"
    "5UuoYf0tIMUjX68xXTPru8/uW8v/ceeXw4tInVCtM5ZI0RNBY0mOVH2mRXmU6lpMs15ipU"
    "A9BBNFXSs/J9Sf5kpSYg38g9J6iFN2mjcdTadZSPe31dR9UOS3sOk4aOS6uXKamicWmVEG"
    "BbOjBtC6hWNDBNGUezlIvAaLpEsQhrFFAqVKyYn/99xyfMQoOZyvf2JxEJKboRaBf1hT0Z"
    "9lFzfr+jKTvea6MThviYML+MZuWbr7uLHoOYfGLF0839i2sgxM3BMwSpxbKL9xDj79IHyb"
    "JKIaECCSLbCfoPcvPlI3umctd7zM9JRt7I5ZPhSNWi7IFKepuye9Tsv4Iar/7pFxrq/sN/"
    "verDGJFFXWJ6cszsQbaqtG3oEfdYOAY1fqkVeVMuFSI+tuWMwOTKt7jzICefeyPU7DWwTU"
    "35aMAHvcaevi6zgknv6v8Sek5Yv45qzn4RPWc/X9HZX9R0YBcoA25YX1/8tABtOkbqgQo6"
    "oDb1SuU5J6m2mOsMu34jBfW8tIJaevxgKAPxIt1aAv5qzcqWY9yTUmwcUdQN3YNOAXQPOr"
    "nowiNtbdLWJnU1Cxj15WY0e8LcZ9FvhwOewZ1e9QkvFACoZuypRsYM4g2FrP0NDI0KzKde"
    "p6RvUnoC4uFJNZiVM/Cm6GrE9Juy8kaYbc8eWTGEi5ojU+y1QhzWgK8aFhJ82mbHZLRCUT"
    "PR3Zwrx2DFL/msJ1TqkN9arNpOgjTAK8epce6cYh2mtqYwtZ0BadNuJOCpHE9SwG7LnUnG"
    "ABeMUrvlDlHX/4bXCfiXAPt3+lrv/BsHTMwY90IvDcJDiQWaMI/a6rsBPok88NRnBJx0fN"
    "qmOsmMTAudacqXqq8afk6vizZK5UNfX6OUTubSF4hWEVGdHrfN9DgdyrTjoUy+0J4jhc4l"
    "+kfk0Lmds9hHs8wRZkMSfeMCNaM0BjilIFNBBMIkCIpyClqo3W7vtZD/TVuqonj6gnzrBz"
    "eCpoTRDfXTY4Fsa/Nhu8d67ItLPY+w4DESEkTJAlLl9JMwws/t+kNRt3sFn9lQ3+edwsc9"
    "pniGQE4QCD60MQvq9pgUjx0qBIxSth5cD3bnyveAFsPhiSBKCYKi+srqDMFU/eWSc8CM8s"
    "V0DkeVrOD5QjZMVSn4A4I6yQVbdkTcy7ctE8gQ1q9hNNnrowKRDK8XtZEokgEe6UgGrTQ+"
    "Y95MxdxO+gaW3VUxn1dp3w4jN76MuCAocsYFYqmFmn40fgvZ5M5rhebdVvhFOWsvZRnWyn"
    "5lNdNSyv5z5IRVbNuuR0rY7m0hq7ZVL8ONmuYMm004/fnmmpDPil9sgabUG8F3Q7Fp8gnz"
    "2qgffpYF4rb7kEwF9gibT4n70sRCzgk8bAWJZJCDJSBVC1sOZal53Uw3PWZzfh+aRnyzir"
    "IAqdw0vwf/u6iQl2apGzPCfDSd2VVBH2PIC2X08ThNDXXy9WcXxBfcU4BeKY+jYvy8Yagt"
    "KsY2nhlleXqRTt9A/nhK0hgLMeXyzB1hMSoDdoqwhrtI582bAnjLWrmAq2fauKeNe1QYcx"
    "lvwbS37KL/OJm+57/APf8AGMirGQfHo0DP6baIdHhux4Gen+XVxnnAs9J+HgE5INK8nINx"
    "ymhXMGUiYyZ0xoSSQ4gQq9/GesGHlN36TdUVKZ1bUgIqfVe0TsBZB0j6tuhiMHHuCCNQgF"
    "aEqpjTqmJ2gMIoGTqlqwhK9bx+fPOO6WfJBzshLjVHjQynTvCktcytg6M6jzl28hlN+zyq"
    "5fOA+wqDxVnUYhkj0bbKYrZKWFQlEA6q1xDd1/tFrgyUtfKjPPdTlwbCVzwz70755fb6Ks"
    "cEHJEs2n+p6aH/IbhmdAfRXgIugJEwqKQ+arz4/eJW0noLDZyWM62s/zD78X97lrZl"
)
