"""An item line as read, and what every reader of the item table shares about it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from ocr.extract.labels import UNTAXED_LINE_WORDS, key
from ocr.extract.layout import Row, Token, is_cjk, join_tokens
from ocr.parse import normalise, parse_number, parse_rate

MARKS = {"※", "*", "★", "☆", "◎", "軽"}


@dataclass
class Item:
    """One line item as read, with the tokens behind each cell."""

    description: str
    quantity: Decimal | None
    unit_price: Decimal | None
    amount: Decimal | None
    tax_rate: Decimal | None
    marked: bool
    rows: list[Row] = field(default_factory=list)
    cells: dict[str, list[Token]] = field(default_factory=dict)
    # Read from a row of the table's columns whose figures did not multiply out: a line only if
    # the document's arithmetic mends it (`arithmetic.amount_from_subtotal`), else no line at all.
    unconfirmed: bool = False


# A discount's ▲ as OCR reads it before the figure of a price or amount cell ('A400', '人 400').
TRIANGLE = re.compile(r"^[A人△](?=\s*[¥￥\\]?\d)")


def looks_code(text: str) -> bool:
    """An item code or SKU: one word of letters, digits and dashes, with a digit or in capitals with a dash."""
    if re.fullmatch(r"[A-Z0-9][A-Z0-9\-_./]{2,}", text) and re.search(r"[\d\-]", text):
        return True  # 'PMS-4400', 'OP-SGN'
    return bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9\-_./]{2,}", text) and re.search(r"\d", text))


def description_text(tokens: list[Token]) -> str:
    """A description as printed: Japanese and Latin words keep the space that separated them on the page."""
    out = ""
    prev: Token | None = None
    for t in tokens:
        if prev is not None:
            # Japanese runs on without spaces: only a wide gap between two kanji/kana is one.
            cjk = is_cjk(prev.text[-1]) and is_cjk(t.text[0])
            gap = t.x0 - prev.x1 > (1.0 if cjk else 0.3) * min(prev.h, t.h)
            slash = "/" in (prev.text, t.text) and t.x0 - prev.x1 < 1  # (one word's pieces: 'Black/White')
            if gap or join_tokens([prev, t]) != prev.text + t.text and not slash:
                out += " "
        out += t.text
        prev = t
    return out.strip(" *※|_'\"“”‘’")  # table rules and specks OCR read as marks


def line_amount(quantity: Decimal, unit_price: Decimal, amount: Decimal | None = None) -> Decimal:
    """quantity × unit price, as the amount prints it where the price has more decimals than the
    amount (744.000 hours at $0.0416 is $30.95; 1,234 kWh at ¥29.80 is ¥36,773): rounded half up,
    down or up, whichever gives the amount; otherwise exact."""
    exact = quantity * unit_price
    if amount is None or exact == amount or exact.as_tuple().exponent >= amount.as_tuple().exponent:
        return exact
    unit = Decimal(1).scaleb(amount.as_tuple().exponent)
    rounded = {exact.quantize(unit, rounding=mode) for mode in (ROUND_HALF_UP, ROUND_FLOOR, ROUND_CEILING)}
    return amount if amount in rounded else exact


def product(item: Item) -> Decimal | None:
    """quantity × unit price, when both were read (`line_amount`)."""
    if item.quantity is None or item.unit_price is None:
        return None
    return line_amount(item.quantity, item.unit_price, item.amount)


def _code_shape(word: str) -> str | None:
    """An item code's shape ('TGW-186' -> 'A-9', 'DP-194' -> 'A-9'): letters, a dash, digits."""
    if not re.fullmatch(r"[A-Za-z]{1,5}-\d{2,6}[A-Za-z]?", word):
        return None
    return re.sub(r"[A-Za-z]+", "A", re.sub(r"\d+", "9", word))


def without_trailing_codes(items: list[Item]) -> None:
    """Item codes printed in a column after the description ('紙カップ 12oz  TGW-186') taken out of
    it: when most lines end their description with a code of one shape, it is no part of it."""
    last = [item.description.rsplit(" ", 1) for item in items]
    shapes = [_code_shape(words[-1]) if len(words) == 2 else None for words in last]
    common = max(set(shapes) - {None}, key=shapes.count, default=None)
    if common is None or len(items) < 2 or shapes.count(common) * 3 < 2 * len(items):
        return
    for item, words, shape in zip(items, last, shapes, strict=True):
        if shape == common:
            item.description = words[0]


# The tax rates suppliers print: Japan's, then Europe's and others' (NL 21/9, FR 20/10/5.5/2.1,
# DE 19/7, BE 21/12/6, ES 21/10/4, IT 22/10/4, AT 20/13/10 ...), then the north's and east's
# (DK, SE, NO 25/15/12; FI 25.5/14; PT, PL, IE 23/13.5; GR 24; HU 27; CH 8.1/2.6/3.8; LU 17/8).
TAX_RATES = tuple(Decimal(r) for r in ("10", "8", "0", "5", "20", "19", "7", "21", "9", "6", "5.5", "2.1", "12",
                                       "4", "22", "13", "15", "3", "25", "24", "23", "25.5", "14", "27", "17",
                                       "16", "18", "13.5", "8.1", "2.6", "3.8"))


def line_rate(text: str) -> Decimal | None:
    """A line's tax rate as its column prints it ('GST Free', '非課税': 0); a '%' OCR read as a 9
    or a 6 ('89' for 8%) is dropped when what is left is a rate and the whole is none."""
    if any(word in key(text) for word in UNTAXED_LINE_WORDS):
        return Decimal(0)
    rate = parse_rate(text)
    if rate is None:
        n = parse_number(text)
        rate = n if n is not None and n in TAX_RATES else None
    if rate is not None and rate > 30:
        shorter = re.fullmatch(r"\D*(\d{1,2})[96]\D*", normalise(text))
        rate = Decimal(shorter.group(1)) if shorter and Decimal(shorter.group(1)) in TAX_RATES else None
    return rate
