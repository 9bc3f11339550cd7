"""The second look at the item lines: the weakest descriptions, and quantities and unit prices
OCR lost, read again from the page (`ocr.extract.second_look` holds the look itself).

Item descriptions have no validity test, only Tesseract's confidence: the weakest few
(`MAX_DESCRIPTIONS` a document, from a budget of their own) are read again as a line
each, and a reading that is clearly surer and as complete replaces the first one.
"""

from __future__ import annotations

import re
import statistics
from decimal import Decimal

from ocr.extract.items import MARKS, Item, description_text
from ocr.extract.layout import Token, box_of, is_cjk, tokens_of
from ocr.extract.second_look import MAX_DESCRIPTIONS, SURE, Reading, SecondLook, line_height
from ocr.model import Page, Word
from ocr.parse import parse_amount

# --- item descriptions ------------------------------------------------------------------------

DOUBTFUL_DESCRIPTION = 80  # a description read with less confidence than this is read again
SURER = 5  # ... and a reading replaces it when it is this much surer


def _surety(tokens: list[Token] | list[Word]) -> float:
    """Tesseract's confidence over a text's characters: a long word read surely outweighs a short one."""
    weights = [max(1, len(t.text)) for t in tokens]
    return sum(w * t.confidence for w, t in zip(weights, tokens, strict=True)) / sum(weights)


def _letters(text: str) -> int:
    """Kana, kanji, letters and digits: what a description is made of, as against specks and rules."""
    return sum(ch.isalnum() for ch in text)


def _doubtful_description(tokens: list[Token]) -> bool:
    """Read weakly on the whole, more marks than letters, or Japanese with a short Latin word in it
    read unsurely ('ホッチキス AW' for ホッチキス 大型): OCR garbled some of the line."""
    text = "".join(t.text for t in tokens)
    return _surety(tokens) < DOUBTFUL_DESCRIPTION or _letters(text) < 0.6 * len(text) or _stray_latin(tokens)


def _stray_latin(tokens: list[Token] | list[Word]) -> bool:
    """A Japanese description with a short word of Latin letters in it read unsurely: kanji garbled."""
    return any(is_cjk(ch) for t in tokens for ch in t.text) and any(
        re.fullmatch(r"[A-Za-z]{1,3}", t.text) and t.confidence < SURE for t in tokens
    )


def line_tokens(reading: Reading, page: int) -> list[Token]:
    """A reread line's words as tokens, Japanese characters Tesseract split apart joined again."""
    from ocr.tesseract import merge_cjk

    words = merge_cjk(list(reading.words))  # in Tesseract's reading order: a garbled glyph's box may span the line
    if not words:
        return []
    width = max(w.right for w in words) + 1
    height = max(w.bottom for w in words) + 1
    return tokens_of(Page(number=page, width=width, height=height, words=words))


def descriptions(look: SecondLook, items: list[Item]) -> None:
    """Weakly read item descriptions read again, weakest first; a surer reading that keeps as many
    letters replaces each one (in place).

    The region is the description's cell: as tall as its words of ordinary height (OCR gives
    a garbled Japanese word a box reaching into the rows around it), and stretched right
    towards the next cell (the box of a garbled word often stops short of its last character).
    """
    doubtful: list[tuple[float, Item, list[Token]]] = []
    for item in items:
        tokens = [t for t in item.cells.get("description", []) if t.text not in MARKS]
        if tokens and tokens[0].page in look.ocr_pages and _doubtful_description(tokens):
            doubtful.append((_surety(tokens), item, tokens))
    # Implausible text first (a stray Latin word in Japanese), then the least sure.
    doubtful.sort(key=lambda d: (not _stray_latin(d[2]), d[0]))
    for surety, item, tokens in doubtful[:MAX_DESCRIPTIONS]:
        page = tokens[0].page
        row = next((r for r in item.rows if any(t is tokens[0] for t in r.tokens)), item.rows[0])
        h = min(line_height(tokens), look.typical(page))
        left, top, right, bottom = box_of(tokens)
        ordinary = [t for t in tokens if t.box[3] - t.box[1] <= 1.4 * h] or [
            t for t in row.tokens if t.box[3] - t.box[1] <= 1.4 * h
        ]
        if ordinary:
            top = statistics.median(t.box[1] for t in ordinary)
            bottom = statistics.median(t.box[3] for t in ordinary)
        later = [t.box[0] for t in row.tokens if t.box[0] >= right and not any(t is d for d in tokens)]
        right = max(right, min([right + 1.5 * h] + [x - 0.8 * h for x in later]))
        old = description_text(tokens)
        for r in look.readings(page, (left, top, right, bottom), "description", h):
            again = line_tokens(r, page)
            new = description_text(again) if again else ""
            # Kanji for a stray Latin word need only be as sure: the Latin word was implausible.
            margin = 0 if _stray_latin(tokens) and not _stray_latin(again) else SURER
            if new and _surety(r.words) >= surety + margin and _letters(new) >= 0.8 * _letters(old):
                item.description = item.description.replace(old, new, 1) if old in item.description else new
                break


# --- an item's quantity and unit price ---------------------------------------------------------


def _figure_pairs(reading: Reading) -> list[tuple[Decimal, Decimal]]:
    """Neighbouring figures of a reread row, left to right, as pairs."""
    values = []
    for w in sorted(reading.words, key=lambda w: w.left):
        value = parse_amount(w.text)
        values.append(value if value is not None and value > 0 else None)
    return [(a, b) for a, b in zip(values, values[1:], strict=False) if a is not None and b is not None]


def _splits(text: str) -> list[tuple[Decimal, Decimal]]:
    """A run of digits cut in two at every point, neither part starting with a zero."""
    digits = re.sub(r"\D", "", text)
    return [
        (Decimal(digits[:k]), Decimal(digits[k:]))
        for k in range(1, len(digits))
        if digits[k] != "0"
    ]


def missing_figures(look: SecondLook, items: list[Item]) -> None:
    """Quantity and unit price read again where OCR lost the quantity but read the amount.

    A page reader can drop whole columns of a table (their captions too), or run the count into
    the price beside it. The row is read again between its description and the first cell that
    was read (the amount, where a price was read); two neighbouring figures whose product is the
    item's amount are its quantity and unit price. Which of the two is the quantity is decided
    for the whole table: the side holding the smaller figure in most rows.
    """
    found: list[tuple[Item, Decimal, Decimal]] = []
    for item in items:
        if item.amount is None or item.quantity is not None:
            continue
        desc = item.cells.get("description") or []
        row = item.rows[0]
        if not desc:
            continue
        page = desc[0].page
        h = min(line_height(desc), look.typical(page))
        left = max(t.box[2] for t in desc) + 0.5 * h
        later = [t.box[0] for t in row.tokens if t.box[0] > left]
        if item.unit_price is not None:
            # A price read, the count lost or run into it ('JPY12,' '7002-12' for 12,700 and 12):
            # both read again, up to the amount.
            later = [min(t.box[0] for t in item.cells.get("amount") or row.tokens[-1:])]
        # Stop short of the next cell: the rule before it reads as a digit ('10|' as '103').
        right = min(later, default=left) - 1.0 * h
        if right - left < 6 * h:
            continue  # no room for two columns of figures
        top = statistics.median(t.box[1] for t in row.tokens)
        bottom = statistics.median(t.box[3] for t in row.tokens)
        for r in look.readings(page, (left, top, right, bottom), "figures", h):
            fits = [(a, b) for a, b in _figure_pairs(r) if a * b == item.amount]
            if not fits:
                # Two cells read as one figure ('3,90010'): its digits split where they multiply out.
                fits = [(a, b) for w in r.words for a, b in _splits(w.text) if a * b == item.amount]
            if len(fits) == 1:
                found.append((item, *fits[0]))
                break
    quantity_left = sum(a < b for _, a, b in found) * 2 > len(found)
    for item, a, b in found:
        item.quantity, item.unit_price = (a, b) if quantity_left else (b, a)
