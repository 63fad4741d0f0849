"""Direct conversations: the room of exactly two people, one per pair."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    if db.capabilities.dialect == "postgres":
        return """
        ALTER TABLE "room" ADD "dm_key" VARCHAR(32) UNIQUE;"""
    # SQLite cannot add a UNIQUE column: the same constraint as an index.
    return """
        ALTER TABLE "room" ADD "dm_key" VARCHAR(32);
        CREATE UNIQUE INDEX "uid_room_dm_key_4cfd0f" ON "room" ("dm_key");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    if db.capabilities.dialect == "postgres":
        return """
        ALTER TABLE "room" DROP COLUMN "dm_key";"""
    return """
        DROP INDEX IF EXISTS "uid_room_dm_key_4cfd0f";
        ALTER TABLE "room" DROP COLUMN "dm_key";"""


MODELS_STATE = (
    "eJztXW1z2zYS/isYfak84yqO7Di+5Obm7NRp3frlxlauncYdCiJhCTUJKARlRdPLf79dkB"
    "RJkZQpW5IpFR8ysQAsQD67APYN4F8NTzrMVa1z2efihinFpWi8I381BPUY/FFYv0sadDhM"
    "arEgoD1XE7jY0lKppj0V+NQOoPKOuopBkcOU7fNhEA7WuBKMKN4XzPmeC9Lz5Vgxv0U6A0"
    "boKBgQW8p7zohNfZ8zRXigiE+FIz3CnfcEBpSjgMCDsABqA6CCHlo4tCNtGJuL/kpHGQn+"
    "ZcSsQPYZFPsw1uc/oJgLh31lKv45vLfuOHOdDLrcwQ50uRVMhrrsw4D6H3VLfIOeZUt35I"
    "mk9XASDKSYNocXxNI+E8ynAXNSMIuR60ZsiYvCZ4WCwB+x6UM6SYHD7ujIRWYhdfgESVnD"
    "si6vOtbNaceyGjlGxhQp1KMiWwoUAi4Cpd/fo18tl4l+MICfhwffwnESHMJWOOB/j68//H"
    "R83Tw82MEBJUhSKGeXUU1bV33TXdCAhp1o1BOYbZ8hNBYN8nD/ADUB91gx5FnKGeidiLQV"
    "//EURsQFCSeSWbIOVsALOlfCnUQiMIcVnbOL05vO8cV/cDhPqS+uxu+4c4o1bV06mSltHs"
    "6wbdoJ+fWs8xPBn+T3q8tTDa9UQd/XIybtOr838JlgikpLyLFFnZS0xqUxatAy4foI5rdV"
    "NMPORFDM7RTFDKsBrk1kbh8f4vv264O3B0f7hwdH0EQ/6LTk7Rx+n112YF7h2nV3XzitEK"
    "48uh+lz2CZ/YVNNMhn8ERU2KwA1Ghv+RR1s2HgfoulJy5NxNKn4+linxYqePdwA9Hr/PHN"
    "h+MfThsa4R6178fUd6wM1Fgj23KmZNo2X+W1vdkSKmhfg4Nvgc8coX7BvB7z1YAPi/b7VO"
    "3c3d7Ltnt0qz8mCAfpMVeKPmyjklDYR6W3S6iCP8PuiPTxp4QNW97pjViOQTQUaY4HkoRv"
    "BMXvsCq3zS99hFuhNwHpQw/CgX8TJKMiJCFDX3oSVIKdFjln9AGeAkYZIj2MYbtShSWAGB"
    "HsAQh85skHrWCUaQ+fpzMLH7zxx3O0idK1ruoyF4l0fXWJJaxx83SHPyUXT1IdMoRGc9gk"
    "zcGlKrDw9SyYsaKA8ye8XzqxCojXp0zszTJ779kz6x/t9v7+2/be/uHRm4O3b98c7U2nWL"
    "5q3lw7OfsRp1uGqfH8S7D3pcsWMYri9ssxi6pgHG16jdy8SpUvwy46qmAWHZVaRUc7OWCl"
    "t5g6nKIw6nCBqBoDwxgYm2BgzK4CS4D0OupmSyFNrXz1stlEUOKgjat251trSaMKpprHlE"
    "JDBodC22kIFpIUpNn9N4oclnZ30EQiHKwZgT5R7hOXqwCNqmgslXfELrPjUusp4l40Ev56"
    "lhk1T+HbMktqLfpeub2V4thCXMjSrWp33VZ+GKVmbUpNJKhL2IQvkp42S7KrbsPZOf24cm"
    "P0xY12SIfSXKjcTAV9nnKTNKqg3Cj6wBxiD2gQqyMtcuYo0vflGJUOrCfSd5i/S5REHWQS"
    "/oz8yd8pMgCNRPqTIg1nyb0XqjkYtZYxJ22Xg15UpOd8Tmuzcb1RfGqn+PSkM8nj32FfS9"
    "CP26/P8bX6tavQeXz6WyfjN459XM2L4992Mr7j86vLH+PmKZ/Yh/Orkxktx2QElM+G7fXr"
    "J4tkjunlDuYM0ZMmW/RotWHwSrJvUihLMNDFiKmC3URKl1FRAnSabgboHhCuai5NS9JYF+"
    "sNy1jPTq6uzjPz5eRsdsH6dHFyet18rTGHRjwosdWYw5+2iGUIl7CG1UzCN2TJijGZu2aF"
    "+vlTmJylNFyuM5czunxFv0uGxnheimLJbOhOwGpa2Jk4Q/gkcB+fLdtq45iY89qciSact5"
    "RwXn4pNm7Ex0DNbD8ZWK9hO7w++9BpFC7Ga3V812sRriyv2e0nAy48A7n8dH4+z02bDjaE"
    "wdKC7S+i/PjLNXNpHBYuw3saN94SYc5JJi80VxfCaHkyWUeIqL0EQbqOutlWSdIZn8/FCD"
    "ar0zhzdEtEaZVxo6lMFQSO0vJWHjny060qhI7CdJXvFGGe/JMTKfS5gjClpRmdKehOZ0zr"
    "9OLq57PuznsSyH7fZc5ufO4AWgyws6jDojjSKocqDCplQ66pUKF+AJNEUyc7qzyWFDIrx4"
    "ByJ/eUYCuiSSvNozaho3Lctzd0VO+0tJdwaZi8tO1yJdU0L60WCuyuSUxbA6o1TUzTztEi"
    "4yJyms4xLOIWFYwKnSsWHlS+kyPhkN5EH0wOmUgUqG4M+yVd5Y76XdIMryCRHrFh4J0WOR"
    "ZEDpkIy3jRwehlD3ErMCefOelz0eENK5ji5tEJwTOwMMR7zPH3+QOIrDZIuCKKQT/R+NEh"
    "cqhyJ/qQ9a0ID8+SYODLUX+gW3HxwIHe5eKeNLuvsMWrf4aFYMPcM/GvV118RuJwn9kBPL"
    "N4gF61tY0j0lsRP4N+frCKgrEEg0gOXeAIMhfe4i7Aw+MyGJDmbYO63IaqnuzdNnZWcdfL"
    "38UcWtnpbP3/AnZO3H4bzZy9KnbOXrmhszdr6eAqsAi4cXtzQ9EMtPkcqQeueI+7PChI+S"
    "wHOEu1xhPPuOo3clBPS2topac3hkUgnqVbSsLfVouy41n3bCExTii2Dd39dgV099ul6GKV"
    "8TYZb5O+QwSd+rAYTZ7A+yL69UjAC4TT687wSgmAmmNPdTIWEK8oZe1v4GjUYD713h9z5c"
    "8TEI93qt5kMQdvjm6LhH5VXt4Es/X5I2uGcFV3ZE68npWHFd+T+Ow0o/SFixumsVXKoYn2"
    "sbWlY20kSD367FQsKb0TajKxlpSJtTEgrTpSgjJVEiyJxG1+vMTq0YqJWDfSY/oq1vjEfH"
    "gha3i/qvMuPFRvUyFkEAciCO0DFmQkAu7qO9xDEljT9ZXuXj4Fa1WDFCZfxfEiHS40176+"
    "ZGDB+F3Kod9ev4s5r2TuyKwjouYE2DpPgJlsnQ3P1gmV9hItdKrRP6KHTl151T5gZA+o6L"
    "PkewOkmWTq4y6FyfitVmtnl9AAC7jOS+kq9qUb3XEZa5iu7Bd/vWi5Q9yKW/Grz4OAibhW"
    "AVrAa7AtwwMF+I0ELA8H1jdVRd82CDCVaIxfVBjTCUGFQBH8usEkansrQA/2uFL4TNB7dN"
    "XVnQ9PjT3GT6eijBtM8OlqDyomBnXnq8iR1MF7mfMIdfLolmvTyKqF4I8ItkkBWLNT/R7e"
    "dpGgfNx+CzOjXh9WiMq/njU7kqg8VpmovLEOX/AMSM1CKOY2EWNLGluyii35EqdqarZYLP"
    "NQzcvYlNqSLzAnYwu/3JKMXQnVj5WTMQ8G+Hk5attyJIIW6cYfRcCsyS4eZUALypVj5n9v"
    "U7Cw9NmF3egYB56AUHhQgjoeFzk7cjXD3ApXyvvYmAsNQW2h6pMh0QglNp0Jc7xgmCPm+S"
    "KWQppmC62F5efwpifWU4B+VrZ0zeR5xVAPqVJjCev9gKrBIljnCLdQsttv3lTAG1qVAq7r"
    "jClsTGGurKl+MWMIz7viOU1mbnguueE5Z6BVSTBUoDw//36uc9nn4ibsagMnXMX8QpOKWR"
    "kqc3ugyVddBkjm/sBqMIHNrKxIMXomVNWccBviK8r7gU0G9JqTe4+Zz+1Bo8ANFtXsznOE"
    "0aTNY66wchiM96he3iO8XyWaYlXt7BSJsbCrWdg4qRZAOGq+hei+3qtyxQm0Ko/k7+UuOc"
    "GvDhWe9fz55uqyxHGRkMx6LbgdkP/pTxVvINpzwEUwMiZt7iNss99b2836HLCDk8WM2+Vv"
    "Zt/+D9zJu7Y="
)
