"""Figures of the totals that OCR lost, read again right of their labels.

A page reader sometimes drops a right-aligned figure far from its label ('Goods total'
read, '¥90,900' not), or reads it as garble under a stamp ('PAID' over '¥177,980': '0X17,').
A row outside the item table that names a total and shows no figure read with confidence
after the label is read again, from the label to the right edge of the page's text (past
garble), as figures; what is read joins the row, and the totals are chosen with it.
"""
from __future__ import annotations

import re
import statistics

from ocr.extract.columns import header_columns
from ocr.extract.cues import labels_in
from ocr.extract.layout import PageDocument, Row, Token, phrases_of
from ocr.extract.second_look import SecondLook, line_height, token_at
from ocr.parse import find_amount

TOTALS = {"subtotal", "tax", "total", "taxable"}
READ_SURELY = 70  # OCR's confidence in a totals figure below which it may be a shred of one (a stamp over it)


def _needs_figure(row: Row) -> bool:
    """The row names a total and shows no figure, or only garble ('Goods total', 'JCT 10%',
    'Total due 0X17,'); a table's header row names a total too, but as a column."""
    if not any(field in TOTALS for field, _, _ in labels_in(row.text)):
        return False
    if len(row.phrases) >= 3 and header_columns(row) is not None:
        return False
    return not any(find_amount(t.text) is not None and re.search(r"\d{2}", t.text) and "%" not in t.text
                   and t.confidence >= READ_SURELY for t in row.tokens)


def _money_shaped(text: str) -> bool:
    """A figure read alone in a strip looks like money: separators, or three digits at least."""
    return find_amount(text) is not None and bool(re.search(r"\d[.,]\d|\d{3}", text))


def read_lost_figures(look: SecondLook, doc: PageDocument, skip_rows: set[int]) -> int:
    """Read again the totals rows that lost their figure; returns how many rows gained one."""
    gained = 0
    for row in doc.rows:
        if row.index in skip_rows or row.page not in look.ocr_pages or not _needs_figure(row):
            continue
        h = min(line_height(row.tokens), look.typical(row.page))
        # From the label's phrase to the next phrase (another block beside the totals), else the
        # right edge of the page's text.
        at = max((i for i, p in enumerate(row.phrases) if any(f in TOTALS for f, _, _ in labels_in(p.text))),
                 default=None)
        if at is None:
            continue  # the label spans two phrases ('Amount' … 'due'): no one phrase to read on from
        left = max(t.box[2] for t in row.phrases[at].tokens) + 0.5 * h
        beyond = [p for p in row.phrases[at + 1:] if any(t.confidence >= READ_SURELY for t in p.tokens)]
        right = (min(t.box[0] for t in beyond[0].tokens) - 0.5 * h if beyond
                 else max(t.box[2] for t in doc.tokens if t.page == row.page) + 0.5 * h)
        if right - left < 3 * h:
            continue
        top = statistics.median(t.box[1] for t in row.tokens) - 0.3 * h
        bottom = statistics.median(t.box[3] for t in row.tokens) + 0.3 * h
        for reading in look.readings(row.page, (left, top, right, bottom), "figures", h):
            words = [w for w in reading.words if _money_shaped(w.text)]
            if words:
                _join(row, [token_at(w.text, row.page, (w.left, w.top, w.right, w.bottom), w.confidence)
                            for w in words])
                gained += 1
                break
    return gained


def _join(row: Row, tokens: list[Token]) -> None:
    """Put tokens read again into their row, in place, left to right."""
    row.tokens = sorted(row.tokens + tokens, key=lambda t: t.x0)
    row.phrases = phrases_of(row.tokens, statistics.median(t.h for t in row.tokens))
