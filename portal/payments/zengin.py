"""The 全銀協 総合振込 (bulk transfer) file the bank takes: fixed records of 120 bytes.

No maintained library writes it, so it is written here, small, from the published layout
(全銀協制定ファイルフォーマット【総合振込】): a header record (データ区分 1), one data record
(2) per transfer, a trailer (8) with the count and the total, and an end record (9).
Numeric fields (N) are right-aligned and zero-filled; character fields (C) are left-aligned
and space-filled, in half-width kana, upper-case letters, digits and a few signs. Records
are separated by CR LF; the file is Shift_JIS (code division 0), where every character the
layout allows is one byte, so a record's characters are its bytes.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

RECORD_BYTES = 120
ENCODING = "shift_jis"
NEWLINE = b"\r\n"
TRANSFER_KIND = "21"  # 種別コード: 総合振込
CODE_DIVISION = "0"   # コード区分: JIS (Shift_JIS on a PC)
ACCOUNT_TYPES = {"1": "普通", "2": "当座", "4": "貯蓄", "9": "その他"}

# (field, width, kind) in the order of the published layout; N numeric, C characters.
HEADER = (("record", 1, "N"), ("kind", 2, "N"), ("code_division", 1, "N"), ("payer_code", 10, "N"),
          ("payer_name", 40, "C"), ("transfer_date", 4, "N"), ("bank_code", 4, "N"), ("bank_name", 15, "C"),
          ("branch_code", 3, "N"), ("branch_name", 15, "C"), ("account_type", 1, "N"), ("account_number", 7, "N"),
          ("dummy", 17, "C"))
DATA = (("record", 1, "N"), ("bank_code", 4, "N"), ("bank_name", 15, "C"), ("branch_code", 3, "N"),
        ("branch_name", 15, "C"), ("clearing_house", 4, "N"), ("account_type", 1, "N"),
        ("account_number", 7, "N"), ("payee_name", 30, "C"), ("amount", 10, "N"), ("new_code", 1, "N"),
        ("customer_code_1", 10, "N"), ("customer_code_2", 10, "N"), ("transfer_type", 1, "N"),
        ("mark", 1, "C"), ("dummy", 7, "C"))
TRAILER = (("record", 1, "N"), ("count", 6, "N"), ("total", 12, "N"), ("dummy", 101, "C"))
END = (("record", 1, "N"), ("dummy", 119, "C"))

# Signs the character fields may hold besides digits, A-Z and half-width kana.
_SIGNS = set(" ().-/,\\¥")
_SMALL_TO_LARGE = str.maketrans("ｧｨｩｪｫｬｭｮｯ", "ｱｲｳｴｵﾔﾕﾖﾂ")


def _half_width_kana() -> dict[str, str]:
    """Full-width katakana (voiced ones composed) -> their half-width spelling."""
    table = {}
    for code in range(0xFF66, 0xFF9E):
        half = chr(code)
        table[unicodedata.normalize("NFKC", half)] = half
        for mark in ("ﾞ", "ﾟ"):
            full = unicodedata.normalize("NFKC", half + mark)
            if len(full) == 1:
                table[full] = half + mark
    return table


_KANA = _half_width_kana()


class ZenginError(ValueError):
    """A value the bank's file cannot hold, named."""


def zengin_text(value: str, width: int | None = None, what: str = "name") -> str:
    """The value in the characters a 全銀 character field allows: full-width and hiragana
    become half-width katakana, letters upper case, small kana large, ー a hyphen."""
    out = []
    for char in unicodedata.normalize("NFKC", value or "").upper():
        if "ぁ" <= char <= "ゖ":
            char = chr(ord(char) + 0x60)  # hiragana -> katakana
        if char in "ー―‐－":
            char = "-"
        if char.isascii() and (char.isdigit() or "A" <= char <= "Z" or char in _SIGNS):
            out.append(char)
        elif char in _KANA:
            out.append(_KANA[char].translate(_SMALL_TO_LARGE))
        elif "ｦ" <= char <= "ﾟ":
            out.append(char.translate(_SMALL_TO_LARGE))
        else:
            raise ZenginError(f"{what}: {char!r} cannot be written in a 全銀 file (half-width kana, A-Z, digits)")
    text = "".join(out)
    if width is not None and len(text) > width:
        raise ZenginError(f"{what}: {text!r} is longer than {width} characters")
    return text


@dataclass(frozen=True)
class Payer:
    """The company paying (振込依頼人), as its bank registered it."""

    code: str           # 委託者コード, given by the bank
    name: str           # in kana
    bank_code: str
    branch_code: str
    account_type: str
    account_number: str
    bank_name: str = ""
    branch_name: str = ""


@dataclass(frozen=True)
class Transfer:
    bank_code: str
    branch_code: str
    account_type: str
    account_number: str
    payee_name: str
    amount: Decimal
    customer_code: str = ""  # 顧客コード1, digits: the supplier's number in the portal
    bank_name: str = ""
    branch_name: str = ""


def _record(layout, values: dict[str, object]) -> bytes:
    parts = []
    for name, width, kind in layout:
        value = "" if values.get(name) is None else str(values.get(name))
        if kind == "N":
            if not value.isdigit() and value:
                raise ZenginError(f"{name}: {value!r} is not a number")
            if len(value) > width:
                raise ZenginError(f"{name}: {value!r} is longer than {width} digits")
            parts.append(value.rjust(width, "0"))
        else:
            parts.append(zengin_text(value, width, name).ljust(width, " "))
    record = "".join(parts).encode(ENCODING)
    assert len(record) == RECORD_BYTES, (layout[0], len(record))
    return record


def _yen(amount: Decimal) -> str:
    if amount != amount.to_integral_value() or amount <= 0:
        raise ZenginError(f"amount {amount}: a transfer is a positive whole number of yen")
    return str(int(amount))


def transfer_file(payer: Payer, transfer_date: date, transfers: list[Transfer]) -> bytes:
    """The whole file: header, a data record per transfer, trailer, end."""
    if not transfers:
        raise ZenginError("a transfer file needs at least one transfer")
    records = [_record(HEADER, {
        "record": 1, "kind": TRANSFER_KIND, "code_division": CODE_DIVISION, "payer_code": payer.code,
        "payer_name": payer.name, "transfer_date": transfer_date.strftime("%m%d"), "bank_code": payer.bank_code,
        "bank_name": payer.bank_name, "branch_code": payer.branch_code, "branch_name": payer.branch_name,
        "account_type": payer.account_type, "account_number": payer.account_number})]
    total = Decimal(0)
    for t in transfers:
        if t.account_type not in ACCOUNT_TYPES:
            raise ZenginError(f"account type {t.account_type!r}: one of {', '.join(ACCOUNT_TYPES)}")
        records.append(_record(DATA, {
            "record": 2, "bank_code": t.bank_code, "bank_name": t.bank_name, "branch_code": t.branch_code,
            "branch_name": t.branch_name, "clearing_house": "", "account_type": t.account_type,
            "account_number": t.account_number, "payee_name": t.payee_name, "amount": _yen(t.amount),
            "new_code": "0", "customer_code_1": t.customer_code, "customer_code_2": "",
            "transfer_type": "7", "mark": ""}))  # 7: telegraphic transfer (テレ振込)
        total += t.amount
    records.append(_record(TRAILER, {"record": 8, "count": len(transfers), "total": _yen(total)}))
    records.append(_record(END, {"record": 9}))
    return NEWLINE.join(records) + NEWLINE
