"""Recalling a supplier's placements on a new page: by the remembered caption first, else
inside the remembered box (`ocr.extract.memory` learns them); where neither finds a value,
the remembered box read again, more carefully. A corrected value OCR only guessed at is
learnt the same way: the words it guessed read again until one reads as the value.

    found = recall(next_pages, [placement])   # {"total": Recalled(Decimal("15400"), ...)}
    found = read_again(next_pages, placement, rereader)   # Recalled | None
    placement = learn_guessed(pages, "document_number", "S2609272", rereader)    # Placement | None
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from ocr.extract.layout import PageDocument, Row, Token, box_of, document_of, only_guessed, tokens_of
from ocr.extract.memory import (
    _DIRECTIONS,
    _LABEL_TOKENS,
    _RUN,
    KINDS,
    Caption,
    Placement,
    Recalled,
    _cells_after,
    _column,
    _Found,
    _glued,
    _holds_figure,
    _one_apart,
    _read,
    _relative,
    _same,
    _spans,
    caption_key,
    date_hint,
    placed,
    value_of,
)
from ocr.extract.values import date_order
from ocr.model import Page
from ocr.reread import Reread


def _caption_hits(doc: PageDocument, label: str) -> Iterator[tuple[Row, int, int]]:
    """(row, start, end) of every run of tokens whose key is the caption's, give or take one OCR slip."""
    loose = len(label) >= 5
    for row in doc.rows:
        n = len(row.tokens)
        for i in range(n):
            acc = ""
            for j in range(i, min(n, i + _LABEL_TOKENS)):
                acc += caption_key(row.tokens[j].text)
                if len(acc) > len(label) + 1:
                    break
                if acc == label or (loose and _one_apart(acc, label)):
                    yield row, i, j + 1
                    break


def _value_beside(doc: PageDocument, hit: tuple[Row, int, int], caption: Caption,
                  placement: Placement) -> tuple[Any, list[Token]] | None:
    """The value a caption found on the page points to."""
    row, start, end = hit
    kind = KINDS[placement.field]
    if caption.direction == "right":
        cells = _cells_after(row, end, kind)
        return _read(kind, cells[caption.skip], placement) if caption.skip < len(cells) else None
    step = 1 if caption.direction == "below" else -1
    holding = (tokens for _row, tokens in _column(doc, row, row.tokens[start:end], step)
               if _holds_figure(tokens) or kind == "currency")
    for n, tokens in enumerate(holding):
        if n == caption.skip:
            return _read(kind, tokens, placement)
    return None


def _distance(tokens: list[Token], placement: Placement, doc: PageDocument) -> float:
    """How far tokens are from the remembered box, in page sizes (another page counts as far)."""
    left, top, right, bottom = _relative(tokens, doc)
    x0, y0, x1, y1 = placement.box
    far = 0.0 if tokens[0].page == placement.page else 1.0
    return far + abs((left + right) / 2 - (x0 + x1) / 2) + abs((top + bottom) / 2 - (y0 + y1) / 2)


def _by_caption(doc: PageDocument, placement: Placement) -> Recalled | None:
    """The value the surest caption found on the page points to; of several, the one nearest the box."""
    for caption in placement.captions:
        if caption.direction not in _DIRECTIONS:
            continue
        readings = [found for hit in _caption_hits(doc, caption.label)
                    if (found := _value_beside(doc, hit, caption, placement)) is not None]
        if readings:
            value, tokens = min(readings, key=lambda r: _distance(r[1], placement, doc))
            return Recalled(value, tokens, "label", placement.shape)
    return None


def _by_position(doc: PageDocument, placement: Placement) -> Recalled | None:
    """The value of the field's kind printed inside the remembered box (widened by half its height)."""
    page = placement.page if placement.page in doc.widths else max(doc.widths, default=None)
    if page is None:
        return None
    w, h = doc.widths[page], doc.heights[page]
    x0, y0, x1, y1 = placement.box
    margin = 0.5 * (y1 - y0) * h + 0.004 * h
    zone = (x0 * w - margin, y0 * h - margin, x1 * w + margin, y1 * h + margin)
    readings = []
    for row in (r for r in doc.rows if r.page == page):
        inside = [n for n, t in enumerate(row.tokens) if t.box[0] < zone[2] and t.box[2] > zone[0]
                  and t.box[1] < zone[3] and t.box[3] > zone[1]]
        if inside and (found := _read(KINDS[placement.field], _glued(row.tokens, inside[0], inside[-1] + 1),
                                      placement)):
            readings.append(found)
    if not readings:
        return None
    value, tokens = min(readings, key=lambda r: _distance(r[1], placement, doc))
    return Recalled(value, tokens, "position", placement.shape)


def in_date_order(pages: list[Page], placements: Iterable[Placement], currency: str | None) -> list[Placement]:
    """The placements with their dates read as these pages write them, day or month first, as the
    first reading reads them (`ocr.extract.values.date_order`), whatever the page they were learnt
    on wrote."""
    order = date_order(document_of(pages), currency)
    hint = date_hint(order.day_first, order.year_first)
    return [dataclasses.replace(p, hint=hint) if KINDS.get(p.field) == "date" else p for p in placements]


def recall(pages: list[Page], placements: Iterable[Placement]) -> dict[str, Recalled]:
    """The values the placements point to on these pages: by caption first, else by position."""
    doc = document_of(pages)
    out: dict[str, Recalled] = {}
    for placement in placements:
        if placement.field in KINDS and (found := _by_caption(doc, placement) or _by_position(doc, placement)):
            out[placement.field] = found
    return out


# How each kind of value is read again (`ocr.reread.ALPHABETS`), on an English page and a Japanese one.
_ALPHABETS = {"date": ("date_latin", "date"), "identifier": ("identifier", "identifier"),
              "registration": ("registration_number", "registration_number"), "amount": ("figures", "figures_ja")}
Rereader = Callable[[int, tuple[float, float, float, float], str, float], Iterable[Reread]]


def read_again(pages: list[Page], placement: Placement, reread: Rereader) -> Recalled | None:
    """The value of the placement's kind read again inside the remembered box, widened by half
    its size each way, where the page's reading found none (a fax's noise or a stamp over it):
    the first reading, cheapest cleaning first, that holds one. Text layers are not read again."""
    kind = KINDS.get(placement.field)
    page = next((p for p in pages if p.number == placement.page), None)
    if kind not in _ALPHABETS or page is None or page.source == "text-layer":
        return None
    x0, y0, x1, y1 = placement.box
    w, h = page.width, page.height
    dx, dy = (x1 - x0) * w / 2 + 0.01 * w, (y1 - y0) * h / 2 + 0.004 * h
    box = (max(0.0, x0 * w - dx), max(0.0, y0 * h - dy), min(w, x1 * w + dx), min(h, y1 * h + dy))
    alphabet = _ALPHABETS[kind][0 if page.language == "eng" else 1]
    for reading in reread(page.number, box, alphabet, (y1 - y0) * h):
        tokens = tokens_of(Page(page.number, w, h, reading.words, page.source, page.language))
        if tokens and (found := _read(kind, tokens, placement)) is not None:
            return Recalled(found[0], found[1], "reread", placement.shape)
    return None


GUESSED_PHRASES = 8  # the most phrases OCR only guessed that one correction reads again
_GUESSED_READINGS = 2  # the readings of each, cheapest cleaning first


def learn_guessed(pages: list[Page], field: str, value: Any, reread: Rereader) -> Placement | None:
    """Where a corrected value OCR read only as garble is printed ('ae' at 14 for S2609272, a
    T-number's row run into the address beside it at 0): each phrase of a scanned page whose
    words OCR only guessed, top to bottom, read again with the field's alphabet; the first that
    reads as the value (an identifier give or take OCR's slips) is its place, learnt by place
    alone: a caption points to the value's cell, which holds garble again on the next document
    OCR garbles there. Where no reading finds it, nothing is learnt."""
    kind = KINDS.get(field)
    if kind not in _ALPHABETS or value is None or value == "":
        return None
    doc = document_of(pages)
    sheets = {p.number: p for p in pages}
    for row, start, end in islice(_guessed(doc, sheets, kind), GUESSED_PHRASES):
        tokens = row.tokens[start:end]
        left, top, right, bottom = box_of(tokens)
        alphabet = _ALPHABETS[kind][0 if sheets[row.page].language == "eng" else 1]
        for reading in islice(reread(row.page, (left, top, right, bottom), alphabet, bottom - top), _GUESSED_READINGS):
            texts = [reading.text.strip(), *(w.text for w in reading.words)]
            if any(_same(kind, value_of(kind, text), value, loose=True) for text in texts):
                return placed(doc, _Found(row, start, end), field, value)
    return None


def _guessed(doc: PageDocument, sheets: dict[int, Page], kind: str) -> Iterator[tuple[Row, int, int]]:
    """(row, start, end) of each phrase on a scanned page no longer than a value of the kind,
    every word of which OCR only guessed."""
    for row in doc.rows:
        if sheets[row.page].source == "text-layer":
            continue
        for start, end in _spans(row):
            if end - start <= _RUN[kind] and only_guessed(row.tokens[start:end]):
                yield row, start, end
