"""Line items: the table found from its header row, cells assigned to columns by position.

The header row is the row naming at least two columns, one of them numeric (quantity,
unit price, amount). Columns span from their header word; description text is whatever
lies left of the first numeric column. Rows end at the totals block (a Subtotal/Total/
小計/合計 label without item numbers); a table continues on the next page, with or
without a repeated header. Without any header, rows whose last three numbers multiply
out (quantity × unit price = amount) are taken as items.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from ocr.extract.labels import COLUMN_VOCAB, LabelHit, find_labels
from ocr.extract.layout import Document, Row, Token, join_tokens
from ocr.parse import find_amount, parse_amount, parse_number, parse_rate

NUMERIC = ("quantity", "unit_price", "amount", "tax")
STOP_FIELDS = {"subtotal", "tax", "total"}
MARKS = {"※", "*", "★", "☆", "◎", "軽"}


@dataclass
class Column:
    """A table column: what it holds and where its header sits."""

    kind: str
    x0: float
    x1: float


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


def _header_columns(row: Row) -> list[Column] | None:
    """The table's columns when row is a header row, else None."""
    hits = find_labels(row, COLUMN_VOCAB, anywhere=True)
    kinds = {h.field for h in hits}
    if len(kinds & {"quantity", "unit_price", "amount"}) < 1 or len(kinds - {"skip"}) < 2:
        return None
    labelled = sum(len(h.tokens) for h in hits)
    if labelled < 0.6 * len(row.tokens):
        return None
    if any(parse_amount(t.text) is not None and len(t.text) > 2 for t in row.tokens):
        return None
    cols = [Column(h.field, h.x0, h.x1) for h in hits]
    # One column per kind: 'Total' after 'Amount' etc. keep the first of each except skip.
    seen: set[str] = set()
    out: list[Column] = []
    for c in sorted(cols, key=lambda c: c.x0):
        if c.kind in seen and c.kind != "skip":
            continue
        seen.add(c.kind)
        out.append(c)
    if "description" not in seen:
        first = out[0].x0
        out.insert(0, Column("description", min(first - 1, 0.0), min(first - 1, 0.0)))
    return out


def _assign(tokens: list[Token], columns: list[Column], h: float) -> dict[str, list[Token]]:
    """Each token to its column: description left of the first numeric column, numbers by position."""
    cells: dict[str, list[Token]] = {}
    for t in tokens:
        kind = columns[-1].kind
        for i, c in enumerate(columns[:-1]):
            nxt = columns[i + 1]
            if c.kind == "description":
                if t.x1 <= nxt.x0 + 0.3 * h or (t.xc < nxt.x0 and not _is_number(t)):
                    kind = c.kind
                    break
            elif t.xc <= (c.x1 + nxt.x0) / 2:
                kind = c.kind
                break
        cells.setdefault(kind, []).append(t)
    return cells


def _is_number(t: Token) -> bool:
    return parse_amount(t.text) is not None


def _cell_amount(tokens: list[Token] | None, currency: str | None) -> Decimal | None:
    if not tokens:
        return None
    text = join_tokens([t for t in tokens if t.text not in MARKS])
    value = parse_amount(text, currency=currency)
    if value is None:
        nums = [find_amount(t.text, currency=currency) for t in tokens]
        nums = [n for n in nums if n is not None]
        value = nums[-1] if nums else None
    return value


def _cell_quantity(tokens: list[Token] | None) -> Decimal | None:
    if not tokens:
        return None
    text = join_tokens([t for t in tokens if t.text not in MARKS])
    value = parse_number(text)
    if value is None:
        nums = [parse_number(t.text) or find_amount(t.text) for t in tokens]
        nums = [n for n in nums if n is not None]
        value = nums[0] if nums else None
    return value


def _stop_row(row: Row, hits: list[LabelHit], filled: int) -> bool:
    return filled < 2 and any(h.field in STOP_FIELDS for h in hits)


def _item_from_cells(row: Row, cells: dict[str, list[Token]], currency: str | None) -> Item | None:
    desc_tokens = [t for t in cells.get("description", []) if t.text not in MARKS]
    qty = _cell_quantity(cells.get("quantity"))
    if qty is None and len(desc_tokens) >= 2:
        # No quantity column was recognised: a lone number standing apart at the end of the
        # description is the quantity.
        last, before = desc_tokens[-1], desc_tokens[-2]
        if re.fullmatch(r"\d{1,5}(\.\d+)?", last.text) and last.x0 - before.x1 > 2.5 * max(last.h, before.h):
            qty = parse_number(last.text)
            desc_tokens = desc_tokens[:-1]
            cells = {**cells, "description": desc_tokens, "quantity": [last]}
    unit = _cell_amount(cells.get("unit_price"), currency)
    amount = _cell_amount(cells.get("amount"), currency)
    rate_tokens = cells.get("tax") or []
    rate = parse_rate(join_tokens(rate_tokens)) if rate_tokens else None
    if rate is None and rate_tokens:
        n = parse_number(join_tokens(rate_tokens))
        rate = n if n is not None and n in (0, 5, 8, 10, 20, 19, 7) else None
    marked = any(t.text in MARKS for t in row.tokens) or any(t.text.endswith(("※", "*")) for t in row.tokens)
    if amount is None and (qty is None or unit is None):
        return None
    return Item(join_tokens(desc_tokens).strip(" *※"), qty, unit, amount, rate, marked, [row], cells)


def _filled(cells: dict[str, list[Token]], currency: str | None) -> int:
    n = 0
    for kind in ("quantity", "unit_price", "amount"):
        if kind == "quantity":
            n += _cell_quantity(cells.get(kind)) is not None
        else:
            n += _cell_amount(cells.get(kind), currency) is not None
    return n


def table_items(
    doc: Document, hits: dict[int, list[LabelHit]], currency: str | None
) -> tuple[list[Item], set[int]]:
    """The line items in reading order, and the indexes of the rows the table covers."""
    items: list[Item] = []
    covered: set[int] = set()
    columns: list[Column] | None = None
    col_width = 1.0
    ended = False
    pages = sorted({r.page for r in doc.rows})
    for page in pages:
        if ended:
            break
        rows = [r for r in doc.rows if r.page == page]
        header_at = next((i for i, r in enumerate(rows) if _header_columns(r)), None)
        if header_at is not None:
            columns = _header_columns(rows[header_at])
            col_width = doc.widths.get(page, 1)
            covered.add(rows[header_at].index)
            body = rows[header_at + 1 :]
        elif columns is not None and items:
            scale = doc.widths.get(page, 1) / col_width
            columns = [Column(c.kind, c.x0 * scale, c.x1 * scale) for c in columns]
            col_width = doc.widths.get(page, 1)
            body = rows
        else:
            continue
        med_h = statistics.median(t.h for r in rows for t in r.tokens)
        last: Item | None = None
        for row in body:
            cells = _assign(row.tokens, columns, med_h)
            filled = _filled(cells, currency)
            if _stop_row(row, hits.get(row.index, []), filled):
                ended = True
                break
            item = _item_from_cells(row, cells, currency) if filled >= 1 else None
            if item is not None:
                items.append(item)
                covered.add(row.index)
                last = item
            elif (
                last is not None
                and row.yc - last.rows[-1].yc < 1.9 * med_h
                and cells.get("description")
                and len(cells) == 1
            ):
                extra = join_tokens([t for t in cells["description"] if t.text not in MARKS])
                last.description = (last.description + " " + extra).strip()
                last.rows.append(row)
                covered.add(row.index)
    if not items:
        items, covered = _headerless_items(doc, currency)
    return items, covered


def _numbers(row: Row, currency: str | None) -> list[tuple[Decimal, Token]]:
    out = []
    for t in row.tokens:
        if "%" in t.text:
            continue
        v = parse_amount(t.text, currency=currency)
        if v is not None:
            out.append((v, t))
    return out


def _headerless_items(doc: Document, currency: str | None) -> tuple[list[Item], set[int]]:
    """Items from rows whose numbers multiply out, for tables without a recognisable header."""
    items: list[Item] = []
    covered: set[int] = set()
    for row in doc.rows:
        nums = _numbers(row, currency)
        if len(nums) < 3:
            continue
        (q, qt), (u, ut), (a, at) = nums[-3:]
        if q * u != a or q <= 0:
            continue
        desc = [t for t in row.tokens if t.x1 <= qt.x0 and t.text not in MARKS]
        rate_t = [t for t in row.tokens if "%" in t.text and t.x0 > qt.x0]
        rate = parse_rate(rate_t[0].text) if rate_t else None
        marked = any(t.text in MARKS for t in row.tokens)
        items.append(
            Item(
                join_tokens(desc).strip(" *※"),
                q,
                u,
                a,
                rate,
                marked,
                [row],
                {"quantity": [qt], "unit_price": [ut], "amount": [at]},
            )
        )
        covered.add(row.index)
    return items, covered


def looks_reduced_rate_note(doc: Document) -> bool:
    """True when the document explains a mark as the reduced (8%) rate, e.g. '※は軽減税率(8%)対象'."""
    text = " ".join(r.text for r in doc.rows)
    return bool(re.search(r"軽減|reduced", text, re.I))
