"""Messages remember whether they continue their author's run (shown grouped).

SQLite has no BOOL type: the column is an INT there, as Tortoise's own schema makes it.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    if db.capabilities.dialect == "postgres":
        return """ALTER TABLE "message" ADD "continues" BOOL NOT NULL DEFAULT False;"""
    return """ALTER TABLE "message" ADD "continues" INT NOT NULL DEFAULT 0;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """ALTER TABLE "message" DROP COLUMN "continues";"""


MODELS_STATE = (
    "eJztW1tz2jgU/isaXjadSZmUXHf3CVLasiWwQ8hup52OI2zFaGNL1BIQppv/vpJs45sMJo"
    "EsED8lPkdHkr+jc7X4WXGphRxWbVMbk2vEGKak8hv4WSHQReIfLf8QVOBoFHElgcOBowQc"
    "OdJgsaEDxj1ocsG8gw5DgmQhZnp4xP3FKl2CAMM2QdZbTMDAo1OGvCroDxGAYz4EJqX3GA"
    "ETeh5GDGDOgAeJRV2Ard+BWJCOORAbQVxwuZASM1Tl0hY1xdqY2BtdZUzwjzEyOLWRIHti"
    "rW/fBRkTCz0gFj6O7o07jBwrgS625ASKbvDZSNEuh9D7oEbKNxgYJnXGLolGj2Z8SMl8uH"
    "hBSbURQR7kyIrBTMaOE6glJPl7FQTujdF8k1ZEsNAdHDtSWVLa30FEqxhGp9s3rpt9w6hk"
    "FBlKxFAPSCYl8hBgwpl6fxc+GA4iNh+Kx7OTR3+dCAd/lFzwr3rv8lO9d3B28kYuSMVJ8s"
    "9ZJ+DUFOtRTQE59CdRqEcwmx6S0BiQZ+F+Lzgcu0gPeVIyBb0ViFbDf56iiJAQaSKykpdQ"
    "hXhBq0ucWXAEFqii37pqXvfrV3/K5VzGfjgKv3q/KTk1RZ2lqAdnKbXNJwF/t/qfgHwEX7"
    "udpoKXMm57asVoXP9rRe5JmCg1CJ0a0Iqd1pAaoiZGRlofC/s2dBbWIlyv7ZhEStUCrl1U"
    "ri038bb27uT85OL47ORCDFEbnVPOF+i71ekLu5K+6+5ea1YSriy6H6iHhJv9jGYK5JbYES"
    "Qm0oAaxJabYJodA/cxPD0hNTqWHpzOnX38UIl39wOI8vP168v6+2ZFITyA5v0UepaRgFpy"
    "aI2mKPOxWZZbc9MUSKCtwJFvIfccoH6F3AHy2BCPdPE+xl0Y7d3kuKWhvg4kHGCAHEpsEU"
    "YpgCKOUrcK2ghOBNzieSQ2DKgHTIcynyKWAwRNhKCHXDpR0Tkb4Nc8tyasf5sfeTlv5ftz"
    "wnyuEyrqf4Kztr1Bfg3OZ1FQ/4di8qSYnhAsQ/ouhXRpdquF9JhEGdLnVlUmSWWStFtJUt"
    "oLrAHSXjDNnkIa83zblXcyBpXJaZJOn7Uk44wGFUg3GZwgC5hDyEEgWQUtiwHbo1OAieKL"
    "hNBC3iFgVPZ1Zv5jkDz+wsAQM069mS7hXPPs2pRTNqdoaBymgxHh8iGdfH6LKzzkF85GG9"
    "h+LQnpr7Xa8fF57ej47OL05Pz89OJo7vGzrEWuv9H6KL1/IhdanrYOqDXL4t9HDznoh+PX"
    "0/bbDt+lTUWbX/qJLDRs8B1c1b+8SWSi7W7nYzg81hC8bHcbqeymbPzlW8P+VgmRk8woPb"
    "+5nhB6krEFW9saBW+kyR5DmRKOyRgxTTSh1EGQ5AAdl0sBPRCCm7KlOSWOtT5vWIc/a3S7"
    "7YS9NFpph3Vz1Wj2Dt4pzMUgzBMhJEI6kQEUrNISMmWdpkG17CVsuPIty7S1lGlZT1C2E5"
    "aBmvB+CVh7IrnotS77/1f5q06zpvYNT3l+4RuaU5GqV1WkUuAQ3NExscBgpi40+HoETGRB"
    "SM4Lbpkztm/BgX+fgbrAFAu/0ZW665hyzTclXkvFurFPKOrvCjlyOH4vatFkfnxxVCA/vj"
    "jKzY8lK5lfSDNYBdxwfHm/Z3npUZb1r7CsdyDjhgh8eIL57Am618m/zAl4SdvbEYWHIC3X"
    "eNBY15Zqi9rWGuEnVW3b1tZ5wS521uMOZquVzBm5PVLBpurmCLOXK/S2DOGidV7meCVqPb"
    "EL0LlptxfVerFCbH6VTdfRDIQ/fO4hB/Lgarse8uTduR3LH/KQT3iDwKs+G6f5l9x9AWmT"
    "nQNlyZrOQWjh+Z2D8ApKkc7BSJxcSsAU8yGABEDTFMU+r4JbOYlc2bhHs1uA/Z9AOHSKvL"
    "cmZMgCknkYtAN0DYQ1zlz2EbarjxBqcJVyNy6zh/2E41qBove4llv0Slb2pl5oJk8BOpTb"
    "u/7C+qEeQcamVDjsIWTDVbDOCO7hya6dnhbAW4zKBVzxyo7O6+zoZAqfIrl58HPSZyac6R"
    "+x7thBKJial1VMWcWsDyT5BY8ZgZN9HlIFP+TvSCtio7VeHXnYHFY01V7AOVxU78FozLKK"
    "Lx+GssbarhprIpxxYF5Fs9GYSJmHFstDpVGtgHAwfA/RfXdU5IO4GJWLruJlr4wioknx/7"
    "judvJviwYi6dwemxz8CxzMdvHu3QJwJRiJBD5zEz596T2VmcsJGrpvDC955enxP+o9rWs="
)
