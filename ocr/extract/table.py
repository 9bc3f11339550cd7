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
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ocr.extract.cues import labels_in
from ocr.extract.labels import COLUMN_VOCAB, LabelHit, find_labels, key
from ocr.extract.layout import Document, Row, Token, is_cjk, is_flat_mark, join_tokens, phrases_of
from ocr.parse import find_amount, normalise, parse_amount, parse_number, parse_rate

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


def _phrase_kind(tokens: list[Token]) -> str | None:
    """A header cell naming two things at once ('品名・摘要', 'Item / Description'): the kind of its first part."""
    parts = [p for p in re.split(r"[・/／]", join_tokens(tokens)) if p.strip()]
    if len(parts) < 2:
        return None
    found = COLUMN_VOCAB.get(key(parts[0])) or COLUMN_VOCAB.get(key(parts[-1]))
    return found[0][0] if found else None


def _segments(text: str) -> list[str] | None:
    """A run of Japanese captions OCR read as one word ('数量単位' = 数量 + 単位), split into the
    column words it is made of, longest first; None unless every character belongs to one."""
    parts, at = [], 0
    while at < len(text):
        end = next((e for e in range(len(text), at + 1, -1) if key(text[at:e]) in COLUMN_VOCAB), None)
        if end is None:
            return None
        parts.append(text[at:end])
        at = end
    return parts


def _captions_apart(row: Row) -> Row:
    """The row with each run of captions read as one word split into its captions, each given
    its share of the word's width."""
    tokens: list[Token] = []
    for t in row.tokens:
        whole = len(t.text) < 4 or not is_cjk(t.text[0]) or key(t.text) in COLUMN_VOCAB
        parts = None if whole else _segments(t.text)
        if not parts or len(parts) < 2:
            tokens.append(t)
            continue
        step, at = (t.x1 - t.x0) / len(t.text), t.x0
        for part in parts:
            tokens.append(replace(t, text=part, x0=at, x1=at + step * len(part)))
            at += step * len(part)
    if len(tokens) == len(row.tokens):
        return row
    split = Row(row.page, tokens, row.index)
    split.phrases = phrases_of(tokens, statistics.median(t.h for t in tokens))
    return split


def header_columns(row: Row) -> list[Column] | None:
    """The table's columns when row is a header row, else None.

    Header cells OCR could not read become 'unknown' columns; they are named afterwards,
    when the rest of the header leaves no doubt (an unnamed last column is the amount).
    """
    row = _captions_apart(row)
    hits = find_labels(row, COLUMN_VOCAB, anywhere=True)
    hit_tokens = {id(t) for h in hits for t in h.tokens}
    cols = [Column(h.field, h.x0, h.x1) for h in hits]
    unknown = 0
    text_height = statistics.median(t.h for t in row.tokens)
    for p in row.phrases:
        if any(id(t) in hit_tokens for t in p.tokens):
            continue
        if not any(ch.isalnum() for ch in p.text) or all(is_flat_mark(t, text_height) for t in p.tokens):
            continue  # a speck or a rule's remains ('「', '|', 'ーー'): no caption
        kind = _phrase_kind(p.tokens)
        if kind is None:
            unknown += 1
        cols.append(Column(kind or "unknown", p.x0, p.x1))
    kinds = {c.kind for c in cols}
    if len(kinds & {"quantity", "unit_price", "amount"}) < 1 or len(kinds - {"skip", "unknown"}) < 2:
        return None
    labelled = sum(len(h.tokens) for h in hits)
    if labelled < 0.6 * len(row.tokens) and (
        len(kinds & {"quantity", "unit_price", "amount", "description"}) < 2 or unknown > len(row.phrases) / 2
    ):
        return None
    if any(parse_amount(t.text) is not None and len(t.text) > 2 for t in row.tokens):
        return None
    # One column per kind: 'Total' after 'Amount' etc. keep the first of each except skip.
    seen: set[str] = set()
    out: list[Column] = []
    for c in sorted(cols, key=lambda c: c.x0):
        if c.kind in seen and c.kind not in ("skip", "unknown"):
            continue
        seen.add(c.kind)
        out.append(c)
    numeric = [i for i, c in enumerate(out) if c.kind in NUMERIC]
    if "amount" not in seen and out[-1].kind == "unknown" and numeric:
        out[-1].kind = "amount"
    if "description" not in seen and numeric:
        before = [c for c in out[: numeric[0]] if c.kind == "unknown"]
        if before:
            before[-1].kind = "description"
    if {"quantity", "amount"} <= {c.kind for c in out} and "unit_price" not in seen:
        # Quantity and amount named, the price between them not: an unread caption there is the price.
        amount_at = next(i for i, c in enumerate(out) if c.kind == "amount")
        unread = [c for c in out[:amount_at] if c.kind == "unknown" and c.x0 > out[0].x0]
        if len(unread) == 1:
            unread[0].kind = "unit_price"
    for c in out:
        if c.kind == "unknown":
            c.kind = "skip"
    if "description" not in {c.kind for c in out}:
        first = out[0].x0
        out.insert(0, Column("description", min(first - 1, 0.0), min(first - 1, 0.0)))
    return out


def _assign(row: Row, columns: list[Column], h: float) -> dict[str, list[Token]]:
    """Each token to its column: description left of the first numeric column, numbers by position.

    A description is left-aligned under a header that is often centred, so it can start
    left of its header, over a code column's half: a phrase with any part in the
    description keeps its other words there, and when the description got nothing,
    the last text phrase before the numbers is the description.
    """
    cells: dict[str, list[Token]] = {}
    kind_of: dict[int, str] = {}
    for t in row.tokens:
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
        kind_of[id(t)] = kind
    has_description = any(c.kind == "description" and c.x1 > c.x0 for c in columns)
    first_numeric = min((c.x0 for c in columns if c.kind in NUMERIC), default=None)
    if not has_description and first_numeric is not None:
        # The description's caption was lost (run into a 'No' caption beside it): a text phrase
        # that is neither a row number nor a code, left of the numbers, is the description.
        for p in row.phrases:
            if (
                p.x1 < first_numeric
                and parse_amount(p.text) is None
                and sum(ch.isalpha() for ch in p.text) >= 2
                and not _looks_code(p.text)
            ):
                for t in p.tokens:
                    kind_of[id(t)] = "description"
    if has_description:
        for p in row.phrases:
            kinds = {kind_of[id(t)] for t in p.tokens}
            if "description" in kinds and "skip" in kinds:
                for t in p.tokens:
                    if kind_of[id(t)] == "skip":
                        kind_of[id(t)] = "description"
        for p in row.phrases:
            if not all(kind_of[id(t)] == "skip" for t in p.tokens):
                continue
            col = _column_at(columns, p.tokens[0])
            if (
                (first_numeric is None or p.x1 < first_numeric)
                and sum(ch.isalpha() for ch in p.text) >= 2
                and not _looks_code(p.text)
                and (col is None or p.x0 > (col.x0 + col.x1) / 2)
            ):
                for t in p.tokens:
                    kind_of[id(t)] = "description"
    for t in row.tokens:
        cells.setdefault(kind_of[id(t)], []).append(t)
    return cells


def _column_at(columns: list[Column], t: Token) -> Column | None:
    """The header column whose span is nearest the token's start."""
    return min(columns, key=lambda c: abs((c.x0 + c.x1) / 2 - t.x0), default=None)


def _looks_code(text: str) -> bool:
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


def _stop_row(row: Row, hits: list[LabelHit], filled: int, item: Item | None) -> bool:
    """The totals block begins: a totals label starts the row, or the row names its figures
    with one and they are no line's ('〔8%対象 税抜計〕 10,300', '税抜額 697,980 21,600 719,580')."""
    if filled < 2 and any(h.field in STOP_FIELDS for h in hits):
        return True
    if filled == 0 or not any(field in STOP_FIELDS or field == "taxable" for field, _, _ in labels_in(row.text)):
        return False
    return filled == 1 or item is None or _product(item) != item.amount


# A figure printed as money: thousands separators or cents.
_PRICE_SHAPE = re.compile(r"[¥$€£]?\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|[¥$€£]?\d+\.\d{2}")


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
    if not cells.get("unit_price") and len(desc_tokens) >= 2:
        last, before = desc_tokens[-1], desc_tokens[-2]
        if _PRICE_SHAPE.fullmatch(last.text) and last.x0 - before.x1 > 2.5 * max(last.h, before.h):
            desc_tokens = desc_tokens[:-1]
            cells = {**cells, "description": desc_tokens, "unit_price": [last]}
    amount_tokens = cells.get("amount") or []
    if not cells.get("unit_price") and len(amount_tokens) >= 2:
        # The unit price column's caption was lost, so its figures ran into the amount column:
        # a separate figure left of the amount, printed as a price ('2,640'), is the unit price.
        first, last_t = amount_tokens[0], amount_tokens[-1]
        if last_t.x0 - first.x1 > 2.0 * max(first.h, last_t.h) and _PRICE_SHAPE.fullmatch(first.text):
            cells = {**cells, "unit_price": [first], "amount": amount_tokens[1:]}
    unit = _cell_amount(cells.get("unit_price"), currency)
    amount = _cell_amount(cells.get("amount"), currency)
    rate_tokens = cells.get("tax") or []
    rate = _line_rate(join_tokens(rate_tokens)) if rate_tokens else None
    marked = any(t.text in MARKS for t in row.tokens) or any(t.text.endswith(("※", "*")) for t in row.tokens)
    if amount is None and (qty is None or unit is None):
        return None
    return Item(description_text(desc_tokens), qty, unit, amount, rate, marked, [row], cells)


def _apart(item: Item, last: Item, text_height: float) -> bool:
    """A lone figure far below the table's last line: no item, the table has ended."""
    lone = item.quantity is None and item.unit_price is None
    return lone and item.rows[0].yc - last.rows[-1].yc > 4.5 * text_height


LINE_RATES = (0, 5, 8, 10, 20, 19, 7, 21, 9, 6, 5.5, 2.1, 12, 3)


def _line_rate(text: str) -> Decimal | None:
    """A line's tax rate as its column prints it; a '%' OCR read as a 9 or a 6 ('89' for 8%) is
    dropped when what is left is a rate and the whole is none."""
    rate = parse_rate(text)
    if rate is None:
        n = parse_number(text)
        rate = n if n is not None and n in LINE_RATES else None
    if rate is not None and rate > 30:
        shorter = re.fullmatch(r"\D*(\d{1,2})[96]\D*", normalise(text))
        rate = Decimal(shorter.group(1)) if shorter and Decimal(shorter.group(1)) in LINE_RATES else None
    return rate


def _product(item: Item) -> Decimal | None:
    """quantity × unit price, when both were read."""
    return item.quantity * item.unit_price if item.quantity is not None and item.unit_price is not None else None


def _filled(cells: dict[str, list[Token]], currency: str | None) -> int:
    n = 0
    for kind in ("quantity", "unit_price", "amount"):
        if kind == "quantity":
            n += _cell_quantity(cells.get(kind)) is not None
        else:
            n += _cell_amount(cells.get(kind), currency) is not None
    return n


def _header_row(rows: list[Row], hits: dict[int, list[LabelHit]], currency: str | None, med_h: float,
                earlier: list[Item]) -> int | None:
    """The index of the page's table header: of the rows that read as one, the one whose rows
    below make the most lines that multiply out. Captions of a summary box ('Net subtotal
    Total tax Total') pass for a header too, but no items follow them."""
    best, best_score = None, -1.0
    for i, row in enumerate(rows):
        columns = header_columns(row)
        if columns is None:
            continue
        found, _, _ = _read_body(rows[i + 1 :], columns, hits, currency, med_h, earlier)
        score = sum(1.0 if _product(item) == item.amount else 0.25 for item in found)
        if score >= best_score:
            best, best_score = i, score
    return best


def _read_body(body: list[Row], columns: list[Column], hits: dict[int, list[LabelHit]], currency: str | None,
               med_h: float, earlier: list[Item]) -> tuple[list[Item], set[int], bool]:
    """The items of the rows under a header, the rows they cover, and whether the table ended."""
    items: list[Item] = []
    covered: set[int] = set()
    last: Item | None = None
    for row in body:
        cells = _assign(row, columns, med_h)
        filled = _filled(cells, currency)
        item = _item_from_cells(row, cells, currency) if filled >= 1 else None
        if _stop_row(row, hits.get(row.index, []), filled, item):
            return items, covered, True
        if any(h.field == "ignore" and h.label == "page" for h in hits.get(row.index, [])):
            continue  # a page footer ('Page 1 of 2') between the parts of a long table
        if item is not None and last is not None and _apart(item, last, med_h):
            return items, covered, True  # a figure in the prose under the table: an account number, a date
        if item is not None and item.quantity is None and item.unit_price is None:
            # An amount alone on its row: the end of the previous item's row, split off by a
            # bent page, or the subtotal under a caption OCR lost or garbled (it equals the items' sum).
            if last is not None and last.amount is None and not item.description and (
                    row.yc - last.rows[-1].yc < 1.2 * med_h):
                last.amount = item.amount
                last.cells["amount"] = item.cells.get("amount", [])
                last.rows.append(row)
                covered.add(row.index)
                continue
            amounts = [i.amount if i.amount is not None else _product(i) for i in earlier + items]
            if earlier + items and None not in amounts and sum(amounts) == item.amount:
                return items, covered, True
        if item is not None:
            items.append(item)
            covered.add(row.index)
            last = item
        elif _continues(row, cells, last, med_h):
            extra = description_text([t for t in cells["description"] if t.text not in MARKS])
            last.description = (last.description + " " + extra).strip()
            last.rows.append(row)
            covered.add(row.index)
    return items, covered, False


def _continues(row: Row, cells: dict[str, list[Token]], last: Item | None, med_h: float) -> bool:
    """A row of description only, just under an item: the rest of that item's description."""
    return (
        last is not None
        and row.yc - last.rows[-1].yc < 1.9 * med_h
        and bool(cells.get("description"))
        and len(cells) == 1
        and row.tokens[0].text not in MARKS
    )


def table_items(doc: Document, hits: dict[int, list[LabelHit]], currency: str | None) -> tuple[list[Item], set[int]]:
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
        med_h = statistics.median(t.h for r in rows for t in r.tokens)
        header_at = _header_row(rows, hits, currency, med_h, items)
        if header_at is not None:
            columns = header_columns(rows[header_at])
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
        found, rows_read, ended = _read_body(body, columns, hits, currency, med_h, items)
        items += found
        covered |= rows_read
    if not items:
        items, covered = _headerless_items(doc, hits, currency)
    elif items[0].rows[0].page > min(pages):
        # The header was read only where the table goes on: its first part is found without it.
        first_page = items[0].rows[0].page
        before = Document(doc.pages, [r for r in doc.rows if r.page < first_page], doc.tokens, doc.widths, doc.heights)
        early, early_rows = _headerless_items(before, hits, currency)
        items, covered = early + items, covered | early_rows
    return items, covered


def _numbers(row: Row, currency: str | None) -> list[tuple[Decimal, Token]]:
    """The amounts in a row, each with its token; '6, 540' split by OCR is one amount."""
    out = []
    skip_next = False
    for i, t in enumerate(row.tokens):
        if skip_next:
            skip_next = False
            continue
        if "%" in t.text:
            continue
        nxt = row.tokens[i + 1] if i + 1 < len(row.tokens) else None
        if nxt is not None and re.fullmatch(r"\d{1,3}[,.]", t.text) and re.fullmatch(r"\d{3}(\D.*)?", nxt.text):
            v = parse_amount(t.text + nxt.text, currency=currency)
            if v is not None:
                merged = Token(t.text + nxt.text, t.page, t.x0, t.y0, nxt.x1, nxt.y1, t.box, t.confidence)
                out.append((v, merged))
                skip_next = True
                continue
        v = parse_amount(t.text, currency=currency)
        if v is not None:
            out.append((v, t))
    return out


def _headerless_items(
    doc: Document, hits: dict[int, list[LabelHit]], currency: str | None
) -> tuple[list[Item], set[int]]:
    """Items for tables without a recognisable header, from the rows whose numbers multiply out.

    Which factor is the quantity is decided for the whole table (the column of smaller
    whole numbers); the columns those rows define then take in rows where OCR lost a
    cell, when price and amount still sit in their columns; an item-code column (one
    code-shaped word starting every row) is no part of the description.
    """
    found: list[tuple[Row, list[tuple[Decimal, Token]]]] = []
    for row in doc.rows:
        nums = _numbers(row, currency)
        if len(nums) < 3:
            continue
        (q, _), (u, _), (a, _) = nums[-3:]
        if q * u == a and q > 0 and a > 0:
            found.append((row, nums[-3:]))
    if not found:
        return [], set()
    first_smaller = sum(q < u for _, ((q, _), (u, _), _) in found)
    first_whole = all(q == q.to_integral_value() for _, ((q, _), _, _) in found)
    second_whole = all(u == u.to_integral_value() for _, (_, (u, _), _) in found)
    swap = (first_smaller * 2 < len(found) and second_whole) or (not first_whole and second_whole)
    q_at = statistics.median(cells[1 if swap else 0][1].x1 for _, cells in found)
    u_at = statistics.median(cells[0 if swap else 1][1].x1 for _, cells in found)
    a_at = statistics.median(cells[2][1].x1 for _, cells in found)
    med_h = statistics.median(r.h for r, _ in found)
    first, last = min(r.index for r, _ in found), max(r.index for r, _ in found)
    confirmed = {r.index: cells for r, cells in found}
    # Rows OCR damaged are looked for down to the totals, even over a page break.
    stop = next(
        (r.index for r in doc.rows[last + 1 :] if any(h.field in STOP_FIELDS for h in hits.get(r.index, []))),
        last + 4,
    )
    items: list[Item] = []
    covered: set[int] = set()
    for row in doc.rows:
        cells = confirmed.get(row.index)
        if cells is not None:
            (f1, t1), (f2, t2), (a, at) = cells
            (q, qt), (u, ut) = ((f2, t2), (f1, t1)) if swap else ((f1, t1), (f2, t2))
        elif first - 1 <= row.index < stop:
            numbers = _numbers(row, currency)
            us = [(v, t) for v, t in numbers if abs(t.x1 - u_at) < 2.5 * med_h]
            amounts = [(v, t) for v, t in numbers if abs(t.x1 - a_at) < 2.5 * med_h]
            if len(us) != 1 or len(amounts) != 1:
                continue
            (u, ut), (a, at) = us[0], amounts[0]
            qs = [t for t in row.tokens if abs(t.x1 - q_at) < 2.5 * med_h and t is not ut and t is not at]
            ratio = a / u if u else None
            if ratio is None or ratio != ratio.to_integral_value() or not 0 < ratio < 100000:
                continue
            q, qt = ratio.quantize(Decimal(1)), (qs[0] if qs else ut)
        else:
            continue
        left = min(t.x0 for t in (qt, ut, at))
        desc = [t for t in row.tokens if t.x1 <= left and t.text not in MARKS]
        rows = [row]
        if not desc:
            desc, beside = _description_beside(doc, row, left, currency)
            rows += [beside] if beside is not None else []
        rate_t = [t for t in row.tokens if "%" in t.text and t.x0 > left]
        rate = parse_rate(rate_t[0].text) if rate_t else None
        marked = any(t.text in MARKS for t in row.tokens)
        items.append(
            Item(
                "",
                q,
                u,
                a,
                rate,
                marked,
                rows,
                {"description": desc, "quantity": [qt], "unit_price": [ut], "amount": [at]},
            )
        )
        covered.update(r.index for r in rows)
    codes = [_leading_code(i) for i in items]
    if len(items) >= 2 and sum(c is not None for c in codes) * 3 >= 2 * len(items):
        for i, code in zip(items, codes, strict=True):
            if code is not None:
                i.cells["description"] = [t for t in i.cells["description"] if t not in code]
    for i in items:
        i.description = description_text(i.cells["description"])
    return items, covered


def _description_beside(doc: Document, row: Row, left: float, currency: str | None) -> tuple[list[Token], Row | None]:
    """The text of an item whose numbers OCR put on a row of their own, a little above or below it."""
    for i in (row.index + 1, row.index - 1):
        if not 0 <= i < len(doc.rows):
            continue
        other = doc.rows[i]
        if other.page != row.page or abs(other.yc - row.yc) > 0.9 * row.h or _numbers(other, currency)[2:]:
            continue
        texts = [t for t in other.tokens if t.x1 <= left and t.text not in MARKS]
        if texts and not any(parse_amount(t.text, currency=currency) for t in other.tokens if t.x0 > left):
            return texts, other
    return [], None


def _leading_code(item: Item) -> list[Token] | None:
    """The row number and item code that start the item's description row, apart from the description."""
    desc = {id(t) for t in item.cells.get("description", [])}
    for row in item.rows:
        phrases = [p for p in row.phrases if any(id(t) in desc for t in p.tokens)]
        if not phrases:
            continue
        lead: list[Token] = []
        for p in phrases[:-1]:
            if re.fullmatch(r"\d{1,3}\.?", p.text) or _looks_code(p.text.strip("._,")):
                lead += p.tokens
            else:
                break
        return lead or None
    return None


def looks_reduced_rate_note(doc: Document) -> bool:
    """True when the document explains a mark as the reduced (8%) rate, e.g. '※は軽減税率(8%)対象'."""
    text = " ".join(r.text for r in doc.rows)
    return bool(re.search(r"軽減|reduced", text, re.I))
