"""An item line as read, and what every reader of the item table shares about it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ocr.extract.layout import Row, Token, is_cjk, join_tokens

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
            if gap or join_tokens([prev, t]) != prev.text + t.text:
                out += " "
        out += t.text
        prev = t
    return out.strip(" *※|_'\"“”‘’")  # table rules and specks OCR read as marks


def product(item: Item) -> Decimal | None:
    """quantity × unit price, when both were read."""
    return item.quantity * item.unit_price if item.quantity is not None and item.unit_price is not None else None
