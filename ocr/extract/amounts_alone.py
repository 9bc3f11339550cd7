"""Lines printed as amounts alone: no table, no captions over columns, each line a description and
its amount, set in the column of the subtotal printed under them (an app store's receipt, a list
of fees). Such lines are the page's only where their amounts add up to that subtotal exactly.

    items = amounts_alone(doc, hits, totals)
"""

from __future__ import annotations

from decimal import Decimal

from ocr.extract.figures import Figure
from ocr.extract.items import Item
from ocr.extract.labels import LabelHit
from ocr.extract.layout import PageDocument, Row, Token
from ocr.extract.totals import Totals

ALIGNED = 2.0  # text heights between the right edges of a line's amount and the subtotal's, at most
NEAR = 1.6  # row heights between an amount and the description on a row of its own, at most


def amounts_alone(doc: PageDocument, hits: dict[int, list[LabelHit]], totals: Totals) -> list[Item]:
    """The lines, nearest the subtotal first read upwards, whose amounts add up to it; none where
    no run of them does."""
    source = totals.sources.get("subtotal")
    if totals.subtotal is None or source is None or not source.tokens:
        return []
    figures = totals.figures
    ids = {id(t) for t in source.tokens}
    subtotal = next((f for f in figures if any(id(t) in ids for t in f.tokens)), None)
    if subtotal is None:
        return []
    column = _column_above(doc, hits, figures, subtotal)
    total = Decimal(0)
    for n, figure in enumerate(column, start=1):
        total += figure.value
        if total == totals.subtotal and (n > 1 or _words_left_of(figure)):
            return [_item(doc, f, {g.row.index for g in column}) for f in reversed(column[:n])]
    return []


def _column_above(doc: PageDocument, hits: dict[int, list[LabelHit]], figures: list[Figure],
                  subtotal: Figure) -> list[Figure]:
    """The figures alone on their rows, no caption naming them, right-aligned with the subtotal,
    from the subtotal's row up to the first row a header caption names (a date, a number)."""
    by_row: dict[int, list[Figure]] = {}
    for f in figures:
        by_row.setdefault(f.row.index, []).append(f)
    right, h = subtotal.tokens[-1].x1, subtotal.height
    out = []
    for row in reversed(doc.rows[: subtotal.row.index]):
        if row.page != subtotal.row.page or any(hit.field != "ignore" for hit in hits.get(row.index, [])):
            break
        found = by_row.get(row.index, [])
        if len(found) > 1:
            break
        if found and not found[0].cues and abs(found[0].tokens[-1].x1 - right) <= ALIGNED * h:
            out.append(found[0])
    return out


def _words(tokens: list[Token]) -> list[Token]:
    """The tokens from the first word to the last: a speck or an icon's outline read as marks
    ('|', '[|') before or after them is none ('Pro - Annual' keeps its dash)."""
    at = [n for n, t in enumerate(tokens) if any(c.isalnum() for c in t.text)]
    return tokens[at[0] : at[-1] + 1] if at else []


def _words_left_of(figure: Figure) -> list[Token]:
    return _words([t for t in figure.row.tokens if t.x1 <= figure.tokens[0].x0])


def _item(doc: PageDocument, figure: Figure, amount_rows: set[int]) -> Item:
    """A line of the figure: the words left of it, or else those of the nearest row above or
    below that prints words alone (a description set over or under its amount)."""
    words, rows = _words_left_of(figure), [figure.row]
    if not words:
        beside = [r for r in _neighbours(doc, figure.row) if r.index not in amount_rows and _words(r.tokens)]
        nearest = min(beside, key=lambda r: abs(r.yc - figure.row.yc), default=None)
        if nearest is not None:
            words, rows = _words(nearest.tokens), [figure.row, nearest]
    description = " ".join(t.text for t in words)
    return Item(description, None, None, figure.value, figure.rate, False, rows=rows,
                cells={"description": words, "amount": list(figure.tokens)})


def _neighbours(doc: PageDocument, row: Row) -> list[Row]:
    """The rows just above and below, on the row's page, near enough to belong to it."""
    return [other for other in (doc.row_at(row.index - 1), doc.row_at(row.index + 1))
            if other is not None and other.page == row.page and abs(other.yc - row.yc) <= NEAR * max(other.h, row.h)]
