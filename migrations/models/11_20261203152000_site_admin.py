"""Site admins: the first account is one (here, the oldest account of a site from before)."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    column = (
        "BOOL NOT NULL DEFAULT False"
        if db.capabilities.dialect == "postgres"
        else "INT NOT NULL DEFAULT 0"
    )
    return f"""
        ALTER TABLE "user" ADD "is_admin" {column};
        UPDATE "user" SET "is_admin" = TRUE WHERE "id" = (SELECT MIN("id") FROM "user");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "user" DROP COLUMN "is_admin";"""


MODELS_STATE = (
    "eJztXe1T2zga/1c0+bIwk6YQKHDtzc0Flu5mF8gNpLc7W3YcxRaOFltKLYc0s9f//ST5/S"
    "04wQmOqw+dEkmPZP+eR9LzJvnvlk0NZLHOFTUxuUOMYUpa78HfLQJtxP/IrW+DFpxOo1pR"
    "4MKxJQks0VJjsaZj5jpQd3nlA7QY4kUGYrqDp643WGtAEGDYJMh4gwkYO3TOkNMBwwkCcO"
    "ZOgE7pI0ZAh46DEQPYZcCBxKA2wMYHwAekMxfwB0Eur3U5Fe+hI4Y2qM7HxsTc6Cgzgr/M"
    "kOZSE/Fih4/1+U9ejImBviIW/Jw+ag8YWUYCXWyIDmS55i6msuxiAp2PsqV4g7GmU2tmk6"
    "j1dOFOKAmb8xcUpSYiyIEuMmIwk5ll+WwJirxn5QWuM0PhQxpRgYEe4MwSzBLU3hNEZS1N"
    "uxkMtbvLoaa1MowMKGKo+0U6JUIIMHGZfH8bftUsREx3wn+eHH/zxolw8FqJAf/bu734uX"
    "e7d3K8LwakXJI8Obvxa7qy6pvsArrQ60SiHsGsO0hAo0E3C/ePvMbFNsqHPEmZgt7wSTvB"
    "H+swIiiIOBHNkm2wgr+gMSDWwheBJawY9q8v74a96/+I4WzGvlgSv97wUtR0ZekiVbp3km"
    "Jb2An4rT/8GYif4I/BzaWElzLXdOSIUbvhHy3xTHyKUo3QuQaNmLQGpQFqvGXE9Rmf31re"
    "DOsTN5/bMYoUqzlcu8hcUzzEm+7h8enx2dHJ8RlvIh80LDldwu/+zZDPK7F2PTzmTisBVx"
    "bdj9RBfJn9FS0kyH3+RJDoKAdUf2/55HezY+B+C6QnKI3E0oHzcLGPCxV/d28Dket87+6i"
    "9+NlSyI8hvrjHDqGloBa1NAuTZWEbbNVdtdOl0ACTQmOeAvxzD7q18geI4dN8DRvv4/VLt"
    "3t7WS7Z7f6HhBwgDGyKDH5NkoB5PsotTvgCsEnDjf/PeUPDKgDdIsyr4QPBwh64oQOsumT"
    "3J2zG3zFfeds659DkRf9tv58yTZfuAiVXX98WavvJl/B4rNsU/+LYrLWnp4gVFv6Lm3pFm"
    "SuJl5P4zOW5HD+HJuFEyuHeHu7/EGa2Qcvnln/6HaPjk67B0cnZ++OT0/fnR2EUyxbtWyu"
    "nfd/EtMtwdRg/kXYiyVvNXUqRqHUqRxElYKqFNRdUFDTq0AFkN763TQU0tjKVy+dn7gFDr"
    "6g6hltP2pUQtW3EWNC3xZDMaF8c0uBErA3+rcQOVE62n/P1W2AudJNhE8NO8DCzAX0Afhj"
    "sTw9v7qOC5V8n3v+SOLXi7T9ZXpJwxT+raglxWZBjGMrcSFJt6ndtan8UErN1pQaX1Ar2I"
    "Svo552S7LLbsPJOf28cqP0xZ12aHrSnKvchIK+TLmJGpVQbhh8QgbQJ9AN1JEO6BsMmA6d"
    "C6VD1APqGMhpA0aFDrLwfvpeyR8YmHCNhDqLPA2n4t5z1RwR9aQBJ3ULc70oT8/5HNdmg3"
    "ql+NRO8RlTY5HFf4i+FqAftK8mnlyPtSvXx3n5+zDh3gwix3vXvd/3Ey7Oq8HNT0HzWKT5"
    "4mpwntJyVES5eDY01/0cLZIZphdnbSSI1pps/qPVhsEbyd6IoUy5gU5miOXsJpRaCJICoO"
    "N0KaDHnHBTcyksiWOdrzdUsZ6dDwZXifly3k8vWJ+uzy9v9w4l5rwRdgtsNWTg9RaxBGEF"
    "a1jNJHxHlqwAk6Vrlqefr8PkJKXicp25nNDlS/pdEjTK85IX8kRTa8GtppWdiSnCtcB9fr"
    "Y01cZRMeetORNVOK+ScF52KVZuxOdATWw/CVhv+XZ4278YtnIX4606vuu1CJeW1+T2kwCX"
    "PwO4+XR1tcxNGw82eMHSnO3Pp/z46y2yYBAWLsI7jBs3RJgzkolzzdWVMKpOJusIEdQrEK"
    "Rbv5umSpJMTHwpRnyzugwSHBsiSpuMG4UylRM4istbceTIibcqETry0lV+YADZ9C8MKAEw"
    "TGnZowSJLJVROGM6l9eDX/qj/Q/ApaZpIaMN/Da8xUR05neYF0fa5FC5QaVkyDUWKpQPoJ"
    "Jo6mRnFceSPGZlGFDs5A4JGhFNSnq4z0o4uM8K/dtnGfe2Ch19h6GjeqelvYZLQ+WlNcuV"
    "VNO8tFoosG2VmLYFVGuamCado3nGhe80XWJYBC1KGBUyV0wQtMEDnREDjBfyDguPiYBx1Q"
    "2JfsGIWTNzBPa8KyyoDXQ+8H4H9AigU0S8MsxyjImqh7gnIicfGQAS8W9Bwxs6RIqbDRdA"
    "HNXkQ3wQOf4OfuIiKw0SzABDvB9/fP8QMq+yFm3R2T3xzngCd+LQmTmRrTB5wpzewuQR7I"
    "3eihZv/+kVchvmEZF/vR3tb+JCj+/FZtnYSV/5/wrGSNC+ibbIQRlj5KDYGjlImyNiqq4C"
    "btBeXUOTgjabyPSEGR5jC7s5eZnFACeptifDLbE0tzJQh6U1NKXjq/cqEKfpKsnKa7QoK6"
    "dFMfTNdVrIGxOEb5hPl8UavM+j344EvEJUtu4ML5VHJjm2rq8qh3hDmU/fgb9KgrnuLSfq"
    "gpM1EA92qvFiNT9hhq5BQr8pZ2GE2fbcWjVDuKxXKyNeL0rnCa5re3G2Svzetx3T2EqlYv"
    "j72NayenYSpDF8cUYPpfY5VAk9FSX07AxIm3a4C5kq8Ln74rbc7a6NYcl8njtqI+GUDg9e"
    "0zkJb5M03ntns3VICHUDfzaAJscCzIiLLXmVtEfC13R5s7SdzeTZ1CC5OTxB2EFGndQll6"
    "/p+lZ+l2Lom+t3Ucde1FWLdURUHSTa5kEilfSx40kfntJeoIWGGv0zemjoyiv3HRV9AomJ"
    "osvPwV6U8C12KZHT3el09tsAuqIAC2IwYujLyL8qMdAwLWrmf0Sl2iHuyT35zcGui0hQyz"
    "hanNfctvTy0gH0PrjiDSwvPPJvcndFRsqcV8M5XAChEDAg7nJf+G3vCdeDbcyYeCbeu39j"
    "0oPDn1r0GDwd7+DB5cqxyBMZSQ+qyC8ZLVeRfanj76XS2uvk0S3WpgWrVoLfJ2iSArBlp/"
    "ojf9tVQvNB+wbm7hyelIjKH6bNjigqL6pUVF5Zh694lKBmIRR1KYWyJZUtWcaWfI3DGTVb"
    "LKo8m/E6NqW05HPMycDCL7YkA1dC+dPJYI7dCYDc9tJ1OiNuB4yCu/W1R7QYiRx8YUFZdI"
    "6cNzrkFpa8jr/tnwbogB5gIt8eGjYmGTtyM8PcE4vSx8CY8wxBaaHKAwb+CAU2nQpzvGKY"
    "I+D5KpZCnKaB1sJRt4S1cNQttBZEVdYHHkysdYAO6BqX+V891FPI2Jzy9X4C2WQVrDOEDZ"
    "Ts7rt3JfDmrQoBl3XKFFamMGZaqF+kDOFlNwXHydRFwQUXBWcMtDIJhv5331+Y8ZT+2vyO"
    "TbiS+YUqFbM0VOoSOpWvWgVI6hq6cjBxm5lpvmL0QqjKOeF2xFeU9QOrDOgtJ/f2kIP1SS"
    "vHDebXtJc5wmDU5jlXWDEMyntUL+/RE1d//ClW+pB9RKIs7HIWtphUKyDsN28guocHZS7h"
    "4K2KI/kHmWs4xMdrcs96/nI3uClwXEQkaa8F1l3wP/nF2x1Eewm4AoyESZv5llf6s13tpM"
    "9BdHC+mnFb/Wb27f8SXpsJ"
)
