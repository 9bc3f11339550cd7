"""The 全銀協 総合振込 file against the published layout: 120-byte records, header 1, data 2,
trailer 8, end 9; numbers right-aligned with zeros, characters left-aligned with spaces, in
half-width kana; the trailer's count and total."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from portal.payments.zengin import Payer, Transfer, ZenginError, transfer_file, zengin_text

PAYER = Payer(code="1234567890", name="ｶﾅｶﾞﾜｾｲﾐﾂﾌｰｽﾞ(ｶ", bank_code="0005", branch_code="001", account_type="1",
              account_number="7654321", bank_name="ﾐﾂﾋﾞｼ", branch_name="ﾎﾝﾃﾝ")
TRANSFERS = [
    Transfer("0001", "123", "1", "0012345", "ｱｸﾒ ﾊﾟ-ﾂ(ｶ", Decimal(11000), "1"),
    Transfer("0009", "456", "2", "1234567", "ﾐﾄﾞﾘｼﾞﾑｷ(ｶ", Decimal(1234567), "22"),
]


def records() -> list[bytes]:
    data = transfer_file(PAYER, date(2026, 11, 30), TRANSFERS)
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


def field(record: bytes, start: int, width: int) -> str:
    """Columns as the published layout numbers them, from 1."""
    return record[start - 1:start - 1 + width].decode("shift_jis")


def test_every_record_is_120_bytes_and_the_kinds_run_1_2_8_9():
    out = records()
    assert [len(r) for r in out] == [120] * 5
    assert [r[:1] for r in out] == [b"1", b"2", b"2", b"8", b"9"]


def test_the_header_at_its_published_columns():
    header = records()[0]
    assert field(header, 2, 2) == "21" and field(header, 4, 1) == "0"   # 総合振込, JIS
    assert field(header, 5, 10) == "1234567890"
    assert field(header, 15, 40) == "ｶﾅｶﾞﾜｾｲﾐﾂﾌ-ｽﾞ(ｶ".ljust(40)  # ｰ is written as a hyphen
    assert field(header, 55, 4) == "1130"                                 # MMDD
    assert field(header, 59, 4) == "0005" and field(header, 63, 15) == "ﾐﾂﾋﾞｼ".ljust(15)
    assert field(header, 78, 3) == "001" and field(header, 96, 1) == "1" and field(header, 97, 7) == "7654321"
    assert field(header, 104, 17) == " " * 17


def test_a_data_record_at_its_published_columns():
    data = records()[1]
    assert field(data, 2, 4) == "0001" and field(data, 21, 3) == "123"
    assert field(data, 39, 4) == "0000"                                   # clearing house: unused
    assert field(data, 43, 1) == "1" and field(data, 44, 7) == "0012345"
    assert field(data, 51, 30) == "ｱｸﾒ ﾊﾟ-ﾂ(ｶ".ljust(30)                 # left-aligned, spaces
    assert field(data, 81, 10) == "0000011000"                            # right-aligned, zeros
    assert field(data, 91, 1) == "0" and field(data, 92, 10) == "0000000001"
    assert field(data, 112, 1) == "7"


def test_the_trailer_counts_and_totals_the_transfers():
    trailer = records()[3]
    assert field(trailer, 2, 6) == "000002"
    assert field(trailer, 8, 12) == f"{11000 + 1234567:012d}"
    assert field(trailer, 20, 101) == " " * 101
    assert records()[4] == b"9" + b" " * 119


@pytest.mark.parametrize(("written", "expected"), [
    ("ミドリジムキ（カ", "ﾐﾄﾞﾘｼﾞﾑｷ(ｶ"), ("がっこう", "ｶﾞﾂｺｳ"), ("acme parts", "ACME PARTS"),
    ("パーツ", "ﾊﾟ-ﾂ"), ("ｷｬﾉﾝ", "ｷﾔﾉﾝ"),
])
def test_names_become_half_width_kana(written, expected):
    assert zengin_text(written) == expected


@pytest.mark.parametrize("bad", ["山田商店", "Acme & Co", "a" * 31])
def test_a_name_the_bank_cannot_take_is_refused(bad):
    with pytest.raises(ZenginError):
        zengin_text(bad, 30)


def test_an_amount_in_sen_or_too_large_is_refused():
    with pytest.raises(ZenginError):
        transfer_file(PAYER, date(2026, 11, 30), [Transfer("0001", "123", "1", "1", "ｱ", Decimal("10.5"))])
    with pytest.raises(ZenginError):
        transfer_file(PAYER, date(2026, 11, 30), [Transfer("0001", "123", "1", "1", "ｱ", Decimal(10) ** 10)])
