"""A box printed beside the item table: totals to the right of the lines, row for row.

A summary box (小計, 消費税, 合計) set to the right of the item table shares the lines'
heights, so a row runs a line and a total together ('サーバー保守 1 3,300 3,300   8%対象
¥46,950'), and the table would end at the first total. Where the table's header ends,
beyond its amounts, in a caption that names a total ('今回ご請求金額') and rows of their own
stand under that caption, the box begins there: each row under the header that holds ink
on both sides is cut in two, the line on the left and the box's row on the right. The
table reads past the box's rows (`ocr.extract.table`), the totals read them.
"""
from __future__ import annotations

import statistics

from ocr.extract.columns import header_columns
from ocr.extract.cues import labels_in
from ocr.extract.layout import PageDocument, Row, join_tokens, phrases_of

TOTALS = {"subtotal", "tax", "total"}
MIN_BOX_ROWS = 2  # rows of the box's own under its caption, beside no line


def panels_apart(doc: PageDocument) -> PageDocument:
    """The document with the rows under a table header cut where a box beside the table begins."""
    edges: dict[int, tuple[float, float]] = {}  # page -> (the header's bottom, where the box begins)
    for at, row in enumerate(doc.rows):
        if row.page not in edges:
            edge = box_edge(row, [r for r in doc.rows[at + 1:] if r.page == row.page])
            if edge is not None:
                edges[row.page] = (row.y1, edge)
    if not edges:
        return doc
    rows: list[Row] = []
    for row in doc.rows:
        below, edge = edges.get(row.page, (float("inf"), 0.0))
        rows += _cut(row, edge) if row.y0 > below else [row]
    for i, row in enumerate(rows):
        row.index = i
    return PageDocument(doc.pages, rows, doc.tokens, doc.widths, doc.heights)


def box_edge(header: Row, below: list[Row]) -> float | None:
    """Where a box beside the table begins, when `header` is the table's header and its last
    caption, after the amount column, names a total with rows of the box's own under it."""
    columns = header_columns(header)
    if not columns:
        return None
    line_columns = [c for c in columns if c.kind != "skip"]
    last = line_columns[-1]
    if last.kind != "amount" or not {"quantity", "unit_price"} & {c.kind for c in line_columns}:
        return None
    after = [t for t in header.tokens if t.x0 > last.x1]
    if not after:
        return _box_under_no_caption(header, last.x1, below)
    if not {field for field, _, _ in labels_in(join_tokens(after))} & TOTALS:
        return None
    edge = (last.x1 + after[0].x0) / 2
    boxed = sum(min(t.xc for t in row.tokens) >= edge for row in below)
    return edge if boxed >= MIN_BOX_ROWS else None


BOX_GAP = 2.0  # text heights, at least, between the header's last caption and a box beside the lines


def _box_under_no_caption(header: Row, amounts_end: float, below: list[Row]) -> float | None:
    """Where a box beside the lines begins whose caption stands on no header row: a band of the
    document's details down the right of the table ('Bestillingsreferanse', 'Deres referanse', 'Å
    betale' beside the lines), rows of its own far right of the header's last caption and lines
    that run into it. No word of the table's rows reaches across where it begins."""
    h = header.h
    rows = _beside_the_lines(below, amounts_end)
    own = [r for r in rows if min(t.x0 for t in r.tokens) > amounts_end + BOX_GAP * h]
    if len(own) < MIN_BOX_ROWS:
        return None
    edge = min(t.x0 for r in own for t in r.tokens) - 0.5 * h
    crossed = any(t.x0 < edge < t.x1 for r in rows for t in r.tokens)
    return None if edge < amounts_end or crossed else edge


def _beside_the_lines(below: list[Row], amounts_end: float) -> list[Row]:
    """The rows under the header down to the table's summary: the first row whose words left of
    the amounts' end name a total."""
    out = []
    for row in below:
        left = [t for t in row.tokens if t.x1 <= amounts_end]
        if left and {field for field, _, _ in labels_in(join_tokens(left))} & TOTALS:
            break
        out.append(row)
    return out


def _cut(row: Row, edge: float) -> list[Row]:
    left = [t for t in row.tokens if t.xc < edge]
    right = [t for t in row.tokens if t.xc >= edge]
    if not left or not right:
        return [row]
    text_height = statistics.median(t.h for t in row.tokens)
    return [Row(row.page, part, row.index, phrases_of(part, text_height)) for part in (left, right)]
