"""Captions and their values OCR lost whole from a stack, read again where the stack's rhythm
leaves room for them.

A page that prints its header fields as a stack of captions over (or under) their values may
lose a whole pair to the page reader: its lines run into the large amount due printed level
with them, or into a shaded band. The stack's lines keep a rhythm; a gap in it wider than
`LOST_PAIR_GAP` of its usual steps holds the lost pair's two lines, and so may the place of one
more pair over the stack's head where nothing is read. Each half of such a gap is read again as
one line: the caption names its field, and the line on the values' side of it is the value.
A caption may be lost alone, its value read (if garbled) with no caption beside it: the room
the caption leaves by it is read again the same way (`captions_lost`).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from itertools import chain, pairwise

from ocr.extract.header import GENERIC, Candidate
from ocr.extract.labels import LabelHit
from ocr.extract.layout import PageDocument, Row, Token
from ocr.extract.second_look import SecondLook, reading_doc

LOST_PAIR_GAP = 2.5  # of the stack's usual step between lines: room for a caption and its value
COLUMN_SLACK = 1.5  # text heights: how far left or right of the stack's left edge its lines start
TWO_LINES = 2.2  # of the stack's usual step: the height a pair at the stack's head takes over it
MAX_GAPS = 1  # gaps read again per page
CAPTION_ROOM = 0.8  # text heights: room enough between two lines of a stack for a caption lost between them


def pairs_lost(look: SecondLook, pairs: list[list[Token]], side: int, rows: list[Row], wanted: set[str],
               parsed: Callable[[str, Candidate], bool]) -> dict[str, Candidate]:
    """The wanted fields a gap in the stack holds, read again: `pairs` are the stack's captions
    with their values (their tokens), `side` where its captions stand from their values (-1:
    over them), `rows` the header's rows on the stack's page."""
    if len(pairs) < 2:
        return {}
    h, left, right, column = _stack(pairs, rows)
    steps = [b.yc - a.yc for a, b in pairwise(column) if b.yc > a.yc]
    if len(steps) < 2:
        return {}
    step = statistics.median(steps)
    gaps = [(max(t.y1 for t in a.tokens), min(t.y0 for t in b.tokens))
            for a, b in pairwise(column) if b.yc - a.yc >= LOST_PAIR_GAP * step]
    # (and over the stack's first line, where nothing is read in its column: the pair at its head)
    head = min(t.y0 for t in column[0].tokens)
    over = (head - TWO_LINES * step, head - 0.2 * h)
    if not any(over[0] < t.y1 and t.y0 < over[1] and t.x1 > left - h and t.x0 < right
               for r in rows if r.page == column[0].page for t in r.tokens):
        gaps.append(over)
    found: dict[str, Candidate] = {}
    for start, end in gaps[:MAX_GAPS]:
        middle = (start + end) / 2
        lines = [_read_line(look, column[0].page, (left - h, start, right, middle), h),
                 _read_line(look, column[0].page, (left - h, middle, right, end), h)]
        caption, value = lines if side < 0 else lines[::-1]
        found |= _named_value(look, caption, value, wanted - set(found), parsed)
    return found


def _stack(pairs: list[list[Token]], rows: list[Row]) -> tuple[float, float, float, list[Row]]:
    """A stack's text height, left and right edges, and the rows of its column, top to bottom."""
    h = statistics.median(t.y1 - t.y0 for pair in pairs for t in pair)
    left = statistics.median(min(t.x0 for t in pair) for pair in pairs)
    right = max(t.x1 for pair in pairs for t in pair) + h
    top, bottom = min(t.y0 for pair in pairs for t in pair), max(t.y1 for pair in pairs for t in pair)
    column = sorted((r for r in rows if top - h <= r.yc <= bottom + h
                     and any(abs(t.x0 - left) <= COLUMN_SLACK * h for t in r.tokens)), key=lambda r: r.yc)
    return h, left, right, column


def captions_lost(look: SecondLook, pairs: list[list[Token]], side: int, rows: list[Row], wanted: set[str],
                  parsed: Callable[[str, Candidate], bool]) -> dict[str, Candidate]:
    """The wanted field of a line of the stack that is no pair's, its caption OCR lost whole
    (its value garbled too: '8 年 1 1 日' for 令和8年11月1日 over a lost 'お振込期限 Due by'):
    where the line leaves room on the captions' side of it before the next, that room read
    again names the field, and the line read again is its value. Arguments as `pairs_lost`."""
    if len(pairs) < 2:
        return {}
    h, left, right, column = _stack(pairs, rows)
    in_pairs = {id(t) for pair in pairs for t in pair}
    own = [[t for t in r.tokens if left - h < t.x1 and t.x0 < right] for r in column]
    found: dict[str, Candidate] = {}
    lines = [k for k, words in enumerate(own) if words and not any(id(t) in in_pairs for t in words)
             and 0 <= k + side < len(column) and own[k + side]]
    for k in lines[:MAX_GAPS]:
        words, page = own[k], column[k].page
        nearer, further = sorted((words, own[k + side]), key=lambda w: min(t.y0 for t in w))
        start, end = max(t.y1 for t in nearer), min(t.y0 for t in further)
        if end - start < CAPTION_ROOM * h:
            continue  # (no room for a caption: the next line is its caption, or the stack's next value)
        _, captions = _read_line(look, page, (left - h, start, right, end), h)
        named = fields_named(captions, wanted - set(found))
        if len(named) == 1:
            found |= _value_read_again(look, named[0], words, h, parsed)
    return found


def _value_read_again(look: SecondLook, field: str, words: list[Token], h: float,
                      parsed: Callable[[str, Candidate], bool]) -> dict[str, Candidate]:
    """A field's value from words the first look read, else from the first of their readings again
    that gives one that passes (read only as far as needed: the second look's budget is shared)."""
    box = (min(t.x0 for t in words), min(t.y0 for t in words), max(t.x1 for t in words), max(t.y1 for t in words))
    again = (line.tokens for r in look.readings(words[0].page, box, "text", h)
             if (line := reading_doc(r, words[0].page)[0]) is not None)
    for tokens in chain([words], again):
        found = look.parsers[field](tokens)
        if found is not None and parsed(field, cand := Candidate(found[0], found[1], 5.0)):
            return {field: cand}
    return {}


Line = tuple[PageDocument | None, dict[int, list[LabelHit]]]  # a line read again, and its captions


def _read_line(look: SecondLook, page: int, box: tuple[float, float, float, float], h: float) -> Line:
    """The first reading of a region holding one line, as a document of its own."""
    reading = next(iter(look.readings(page, box, "text", h)), None)
    return reading_doc(reading, page) if reading is not None else (None, {})


def _named_value(look: SecondLook, caption: Line, value: Line, wanted: set[str],
                 parsed: Callable[[str, Candidate], bool]) -> dict[str, Candidate]:
    """The value of the one wanted field a caption read again names (`fields_named`)."""
    (_, captions), (line, _) = caption, value
    named = fields_named(captions, wanted)
    if len(named) != 1 or line is None:
        return {}
    field = named[0]
    found = look.parsers[field](line.tokens)
    if found is None or not parsed(field, cand := Candidate(found[0], found[1], 5.0)):
        return {}
    return {field: cand}


def fields_named(labels: dict[int, list[LabelHit]], wanted: set[str]) -> list[str]:
    """The wanted fields a caption read again names: by a caption of its own, else by a generic
    one ('Reference', 'No.') that names one of them only."""
    hits = [hit for hs in labels.values() for hit in hs if hit.field in wanted]
    own, generic = ({hit.field for hit in hits if (hit.label in GENERIC) == g} for g in (False, True))
    return sorted(own) if own else sorted(generic) if len(generic) == 1 else []
