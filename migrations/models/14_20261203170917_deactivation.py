"""Deactivated accounts: a site admin can stop an account signing in (every account is active)."""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    column = (
        "BOOL NOT NULL DEFAULT True"
        if db.capabilities.dialect == "postgres"
        else "INT NOT NULL DEFAULT 1"
    )
    return f"""
        ALTER TABLE "user" ADD "is_active" {column};"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "user" DROP COLUMN "is_active";"""


MODELS_STATE = (
    "eJztXW1z2zYS/isYfak84yqO7Di+5Obm7NRp3frlxlauncYdCiJhCTUJKARlRdPLf79dkB"
    "RJkZQpW5IpFR8ysQAsQD67AHYXu+BfDU86zFWtc9nn4oYpxaVovCN/NQT1GPxRWL9LGnQ4"
    "TGqxIKA9VxO42NJSqaY9FfjUDqDyjrqKQZHDlO3zYRAO1rgSjCjeF8z5ngvS8+VYMb9FOg"
    "NG6CgYEFvKe86ITX2fM0V4oIhPhSM9wp33BAaUo4DAg7AAagOggh5aOLQjbRibi/5KRxkJ"
    "/mXErED2GRT7MNbnP6CYC4d9ZSr+Oby37jhznQy63MEOdLkVTIa67MOA+h91S3yDnmVLd+"
    "SJpPVwEgykmDaHF8TSPhPMpwFzUjCLketGbImLwmeFgsAfselDOkmBw+7oyEVmIXX4BElZ"
    "w7IurzrWzWnHsho5RsYUKdSjIlsKFAIuAqXf36NfLZeJfjCAn4cH38JxEhzCVjjgf4+vP/"
    "x0fN08PNjBASVIUihnl1FNW1d9013QgIadaNQTmG2fITQWDfJw/wA1AfdYMeRZyhnonYi0"
    "Ff/xFEbEBQknklmyDlbACzpXwp1EIjCHFZ2zi9ObzvHFf3A4T6kvrsbvuHOKNW1dOpkpbR"
    "7OsG3aCfn1rPMTwZ/k96vLUw2vVEHf1yMm7Tq/N/CZYIpKS8ixRZ2UtMalMWrQMuH6COa3"
    "VTTDzkRQzO0UxQyrAa5NZG4fH+L79uuDtwdH+4cHR9BEP+i05O0cfp9ddmBe4dp1d184rR"
    "CuPLofpc9gmf2FTTTIZ/BEVNisANRob/kUdbNh4H6LpScuTcTSp+PpYp8WKnj3cAPR6/zx"
    "zYfjH04bGuEete/H1HesDNRYI9typmTaNl/ltb3ZEipoX4ODb4HPHKF+wbwe89WAD4v2+1"
    "Tt3N3ey7Z7dKs/JggH6TFXij5so5JQ2Eelt0uogj/D7oj08aeEDVve6Y1YjkE0FGmOB5KE"
    "bwTF77Aqt80vfYRboTcB6UMPwoF/EySjIiQhQ196ElSCnRY5Z/QBngJGGSI9jGG7UoUlgB"
    "gR7AEIfObJB61glGkPn6czCx+88cdztInSta7qMheJdH11iSWscfN0hz8lF09SHTKERnPY"
    "JM3BpSqw8PUsmLGigPMnvF86sQqI16dM7M0ye+/ZM+sf7fb+/tv23v7h0ZuDt2/fHO1Np1"
    "i+at5cOzn7Eadbhqnx/Euw96XLFjGK4vbLMYuqYBxteo3cvEqVL8MuOqpgFh2VWkVHOzlg"
    "pbeYOpyiMOpwgagaA8MYGJtgYMyuAkuA9DrqZkshTa189bLZRFDioI2rdudba0mjCqaax5"
    "RCQwaHQttpCBaSFKTZ/TeKHJZ2d9BEIhysGYE+Ue4Tl6sAjapoLJV3xC6z41LrKeJeNBL+"
    "epYZNU/h2zJLai36Xrm9leLYQlzI0q1qd91WfhilZm1KTSSoS9iEL5KeNkuyq27D2Tn9uH"
    "Jj9MWNdkiH0lyo3EwFfZ5ykzSqoNwo+sAcYg9oEKsjLXLmKNL35RiVDqwn0neYv0uURB1k"
    "Ev6M/MnfKTIAjUT6kyINZ8m9F6o5eGotY07aLge9qEjP+ZzWZuN6o/jUTvHpSWeSx7/Dvp"
    "agH7dfn+Nr9WtXofP49LdOxm8c+7iaF8e/7WR8x+dXlz/GzVM+sQ/nVyczWo6JCCifDdvr"
    "108WyRzTyx3MGaInTbbo0WrD4JVE36RQlmCgixFTBbuJlC6jogToNN0M0D0gXNVcmpaksS"
    "7WG5axnp1cXZ1n5svJ2eyC9eni5PS6+VpjDo14UGKrMYc/bRHLEC5hDauZhG/IkhVjMnfN"
    "CvXzpzA5S2m4XGcuZ3T5in6XDI3xvBSdJbOhOwGraWFn4gzhk8B9fLZsq41jzpzX5kw0x3"
    "lLOc7LL8XGjfgYqJntJwPrNWyH12cfOo3CxXitju96LcKV5TW7/WTAhWcgl5/Oz+e5adOH"
    "DeFhacH2F1F+/OWauTQ+Fi7De3puvCXCnJNMXmiuLoTR8mSyjhBRewmCdB11s62SpCM+n4"
    "sRbFanceTolojSKs+NpjJVcHCUlrfykyM/3arC0VEYrvKdIsyTf3Iihc4rCENamlFOQXc6"
    "Y1qnF1c/n3V33pNA9vsuc3bjvANoMcDOog6LzpFWOVThoVL2yDV1VKgfwATR1MnOKj9LCp"
    "mVY0C5k3tKsBWnSSuNozZHR+W4b+/RUb3D0l7CpWHi0rbLlVTTuLRaKLC7JjBtDajWNDBN"
    "O0eLjIvIaTrHsIhbVDAqdKxYmKh8J0fCIb2JTkwOmUgUqG4M+yVd5Y76XdIMryCRHrFh4J"
    "0WORZEDpkIy3hRYvSyh7gVGJPPnHRedHjDCoa4eXRCMAcWhniPMf4+fwCR1QYJV0Qx6Cca"
    "P0oihyp3opOsb0WYPEuCgS9H/YFuxcUDB3qXi3vS7L7CFq/+GRaCDXPPxL9edfEZicN9Zg"
    "fwzOIBetXWNo5Ib0X8DPr5wSoKxhIMIjl0gSPIXHiLuwCTx2UwIM3bBnW5DVU92btt7Kzi"
    "rpe/izm0suxs/f8Cdk7cfhvNnL0qds5euaGzN2vp4CqwCLhxe3ND0Qy0+RipB654j7s8KA"
    "j5LAc4S7XGjGdc9Rs5qKelNbTS0xvDIhDP0i0l4G+rRdnxrHu2kBgnFNuG7n67Arr77VJ0"
    "scp4m4y3Sd8hgk59WIwmT+B9Ef16JOAFjtPrzvBKAYCaY091MhYQryhk7W/gaNRgPvXeH3"
    "PlzxMQj3eq3mQxB2+ObouEflVe3gSz9fkja4ZwVXdkTryeFYcV35P47DCj9IWLG6axVYqh"
    "ifaxtYVjbSRIPfrsUCwpvRNqIrGWFIm1MSCt+qQEZarksCQSt/nnJVaPVgzEupEe01exxh"
    "nz4YWs4f2qzrswqd6mQsggPoggtA9YkJEIuKvvcA9JYE3XV7p7+RCsVQ1SGHwVnxfp40Jz"
    "7etLHiwYv0s59NvrdzH5SuaOzDoiajLA1pkBZqJ1NjxaJ1TaS7TQqUb/iB46deVV+4CRPa"
    "Ciz5LvDZBmEqmPuxQG47darZ1dQgMs4DoupavYl250x2WsYbqyX/z1ouUOcStuxa8+DwIm"
    "4loFaAGvwbYMEwrwGwlYHg6sb6qKvm0QYCjRGL+oMKYTggqBIvh1g0nU9laAHuxxpfCZoP"
    "foqqs7H54ae4yfTkURNxjg09UeVAwM6s5XkSOpg/cy+Qh18uiWa9PIqoXgjwi2SQFYs1P9"
    "Ht52kUP5uP0WRka9PqxwKv961uxITuWxypzKG+vwBXNAanaEYm4TMbaksSWr2JIvkVVTs8"
    "VimUk1L2NTaku+wJyMLfxySzJ2JVRPKydjHgzw83LUtuVIBC3SjT+KgFGTXUxlQAvKlWPm"
    "f29TsLB07sJulMaBGRAKEyWo43GRsyNXM8ytcKW8j4250BDUFqrODAlHCD+fh1khjs5Xj7"
    "NBTF5FDY8/YllYxIJI02yhFbH82N70hHsK0M+Koq6ZPK8Y6iFVaixhHxhQNVgE6xzhFkp2"
    "+82bCnhDq1LAdZ0xkY2JzJU11TtmDOR5Vz+nyczNzxVufkbAUIcq2KAfBXpKt0ak470kDf"
    "R0f6kZzjkDuUqApwLj5fn3o53LPhc3YVcbuLBVjO80obCVoTK3N5p44WWAZO5vrAaTlJ6y"
    "IgX0mVBVc4JuiK8u74c3EehrDq4+Zj63B40CN2RUszvPEUmTNo+5IsthMF66ennp8H6baI"
    "pV9WekSIwno5onAyfVAghHzbcQ3dd7Va6YgVblkRR7uUtm8KtPhbm2P99cXZY4iBKSWe8Q"
    "twPyP/2p6A1Eew64CEbGpM19BG/2e3e7Wd8OdnCymHG7/M3s2/8BoK43Vw=="
)
