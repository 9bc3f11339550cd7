"""Line items: the table found from its header row, cells assigned to columns by position.

The header row is the row naming at least two columns, one of them numeric (quantity,
unit price, amount). Columns span from their header word; description text is whatever
lies left of the first numeric column. Rows end at the totals block (a Subtotal/Total/
小計/合計 label without item numbers); a table continues on the next page, with or
without a repeated header. Without any header, rows whose last three numbers multiply
out (quantity × unit price = amount) are taken as items.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal

from ocr.extract.arithmetic import a_quantity, tax_for
from ocr.extract.columns import NUMERIC, Column, header_columns
from ocr.extract.cues import labels_in
from ocr.extract.figures import amounts_in, figure_pieces, thousands_apart
from ocr.extract.headerless import headerless_items
from ocr.extract.items import (
    MARKS,
    TAX_RATES,
    TRIANGLE,
    Item,
    description_text,
    line_amount,
    line_rate,
    looks_code,
    product,
    without_trailing_codes,
)
from ocr.extract.labels import CARRIED_WORDS, PAGE_WORDS, LabelHit, key
from ocr.extract.layout import PageDocument, Row, Token, is_cjk, join_tokens
from ocr.extract.panels import box_edge
from ocr.parse import COUNT_UNITS, find_amount, parse_amount, parse_number

STOP_FIELDS = {"subtotal", "tax", "total"}
HEADER_FIELDS = {"document_number", "issue_date", "due_date", "po_number", "registration_number"}


def _kinds_by_position(row: Row, columns: list[Column], h: float) -> dict[int, str]:
    """Each token's column by where it stands; a figure OCR split after its separators ('10,'
    '560') stays whole in its first piece's column."""
    kind_of: dict[int, str] = {}
    # A sidebar beside the table (the order number, its caption) shares the table's rows but
    # ends well left of the table's first caption: no part of any line.
    table_left = min(c.x0 for c in columns) - 4 * h
    for t in row.tokens:
        if t.x1 < table_left:
            kind_of[id(t)] = "outside"
            continue
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
    for i, t in enumerate(row.tokens):
        for piece in figure_pieces(row.tokens, i)[1:]:
            kind_of[id(piece)] = kind_of[id(t)]
    for t, nxt in zip(row.tokens, row.tokens[1:], strict=False):
        if thousands_apart(t, nxt):  # '1 934,40': right-aligned, the figure is its last piece's column's
            kind_of[id(t)] = kind_of[id(nxt)]
    for p in row.phrases[1:]:
        # A figure set apart from the description and ending under a numeric caption is that
        # column's, right-aligned ('(2,400 JPY)' under 'Rate'), though it starts left of the caption.
        if any(kind_of.get(id(t)) == "description" for t in p.tokens) and parse_amount(p.text) is not None:
            under = next((c for c in columns if c.kind in NUMERIC and c.x0 - 0.3 * h <= p.x1 <= c.x1 + 2 * h), None)
            for t in p.tokens if under is not None else []:
                kind_of[id(t)] = under.kind
    return kind_of


def _assign(row: Row, columns: list[Column], h: float) -> dict[str, list[Token]]:
    """Each token to its column: description left of the first numeric column, numbers by position.

    A description is left-aligned under a header that is often centred, so it can start
    left of its header, over a code column's half: a phrase with any part in the
    description keeps its other words there, and when the description got nothing,
    the last text phrase before the numbers is the description.
    """
    cells: dict[str, list[Token]] = {}
    kind_of = _kinds_by_position(row, columns, h)
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
                and not looks_code(p.text)
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
                and not looks_code(p.text)
                and (col is None or p.x0 > (col.x0 + col.x1) / 2)
            ):
                for t in p.tokens:
                    kind_of[id(t)] = "description"
    for t in row.tokens:
        if kind_of[id(t)] != "outside":
            cells.setdefault(kind_of[id(t)], []).append(t)
    if has_description and "description" not in cells and columns[0].kind == "description":
        # A description left-aligned far left of its centred caption ('基本料金' under a wide '項目').
        text = [t for t in row.tokens if kind_of[id(t)] == "outside" and not _is_number(t)]
        if text:
            cells["description"] = text
    return cells


def _column_at(columns: list[Column], t: Token) -> Column | None:
    """The header column whose span is nearest the token's start."""
    return min(columns, key=lambda c: abs((c.x0 + c.x1) / 2 - t.x0), default=None)


def _is_number(t: Token) -> bool:
    """A figure, or the first part of one in brackets ('(2,400' 'JPY)': a negative amount)."""
    return parse_amount(t.text.strip("()（）")) is not None


def _cell_amount(tokens: list[Token] | None, currency: str | None) -> Decimal | None:
    if not tokens:
        return None
    figures = _last_apart([t for t in tokens if t.text not in MARKS and not _dash_off_the_figures(t, tokens)
                           and not _dash_apart(t, tokens)], currency)
    # (one figure OCR split after a separator, 'Al,' '200' for ▲1,200: read whole)
    whole = len(figures) > 1 and len(figure_pieces(figures, 0)) == len(figures)
    text = "".join(t.text for t in figures) if whole else _separator_lost(figures) or join_tokens(figures)
    value = parse_amount(text, currency=currency)
    if value is None:
        nums = [find_amount(t.text, currency=currency) for t in tokens]
        nums = [n for n in nums if n is not None]
        value = nums[-1] if nums else None
    if value is not None and value > 0 and TRIANGLE.match(text):
        value = -value
    return value


FIGURES_APART = 3.0  # text heights between two figures of one cell: two columns' figures, no one figure


def _last_apart(figures: list[Token], currency: str | None) -> list[Token]:
    """Of a cell's figures, those after the last wide gap, where they read as an amount alone:
    another column's figure reaching into the cell ('5' of the VAT % column, far left of
    '540.00'), no thousands of it."""
    for at in range(len(figures) - 1, 0, -1):
        if figures[at].x0 - figures[at - 1].x1 > FIGURES_APART * max(figures[at].h, figures[at - 1].h):
            rest = figures[at:]
            return rest if parse_amount(join_tokens(rest), currency=currency) is not None else figures
    return figures


def _separator_lost(figures: list[Token]) -> str | None:
    """One figure whose last thousands' separator OCR read as a space ('2.052' '000' for
    2,052,000): its text with the separator put back."""
    if len(figures) != 2 or figures[1].x0 - figures[0].x1 > 0.6 * max(t.h for t in figures):
        return None
    m = re.fullmatch(r"[¥$€£]?\d{1,3}([,.])\d{3}", figures[0].text)
    return figures[0].text + m.group(1) + figures[1].text if m and re.fullmatch(r"\d{3}", figures[1].text) else None


_DASHES = frozenset("-‐−–—ー")


def _dash_off_the_figures(t: Token, tokens: list[Token]) -> bool:
    """Whether a dash in a cell stands over or under the middle of its figures: a speck of a rule
    ('-' at the foot of '13,800' on a fax), no minus, which stands at the figures' middle."""
    figures = [f for f in tokens if any(c.isdigit() for c in f.text)]
    if t.text not in _DASHES or not figures:
        return False
    top, bottom = min(f.y0 for f in figures), max(f.y1 for f in figures)
    return not top + 0.25 * (bottom - top) <= t.yc <= bottom - 0.25 * (bottom - top)


def _dash_apart(t: Token, tokens: list[Token]) -> bool:
    """Whether a dash in a cell stands apart from any figure after it: the dash of an empty cell
    beside it ('-' for nothing billed before, then this bill's '320'), no minus, which touches its
    figure."""
    return t.text in _DASHES and not any(
        f.x0 >= t.x1 and f.x0 - t.x1 < max(f.h, t.h) and any(c.isdigit() for c in f.text) for f in tokens)


_STROKE = re.compile(r"[\]\[|lI!]")  # a 1 as OCR reads it alone in a cell: a bracket, a bar, a letter


def _cell_quantity(tokens: list[Token] | None) -> Decimal | None:
    if not tokens:
        return None
    text = join_tokens([t for t in tokens if t.text not in MARKS and not _dash_apart(t, tokens)])
    value = parse_number(text)
    if value is None:
        nums = [parse_number(t.text) or find_amount(t.text) for t in tokens]
        nums = [n for n in nums if n is not None]
        value = nums[0] if nums else None
    if (value is None and len(tokens) == 2 and _STROKE.fullmatch(tokens[0].text)
            and re.fullmatch(COUNT_UNITS, tokens[1].text, re.I)):
        value = Decimal(1)  # a 1 read as a stroke before its unit ('] 式')
    return value


def _stop_row(row: Row, hits: list[LabelHit], filled: int, item: Item | None) -> bool:
    """The totals block begins: a totals label starts the row, or the row names its figures
    with one and they are no line's ('〔8%対象 税抜計〕 10,300', '税抜額 697,980 21,600 719,580'), or
    they are an amount and its tax at a rate the row prints; or the table's end is a row of the
    document's own captions."""
    if filled < 2 and any(h.field in STOP_FIELDS for h in hits):
        return True
    if _header_captions(row, hits) >= 2:
        return True  # a grid of the document's captions (number, dates, order) under the table
    if item is not None and product(item) == item.amount:
        return False
    if _tax_at_printed_rate(row) and not _rate_in_its_column(item):
        return True
    return filled > 0 and any(field in STOP_FIELDS or field == "taxable" for field, _, _ in labels_in(row.text))


def _rate_in_its_column(item: Item | None) -> bool:
    """Whether a row prints its price, or a count, and its rate under the table's tax column: a
    line that prints its own tax beside its amount ('2,950.00  11,800.00  5%  590.00  12,390.00',
    '13 袋  14.417  8%  1.153'), though OCR garbled its count or lost its price, no summary of
    tax per rate."""
    if item is None:
        return False
    counted = any(re.fullmatch(r"\d{1,4}", t.text) for t in item.cells.get("quantity", []))
    return (item.unit_price is not None or counted) and any(line_rate(t.text) for t in item.cells.get("tax", []))


def _header_captions(row: Row, hits: list[LabelHit]) -> int:
    """How many of the document's own captions (number, dates, order) a row prints apart, each
    its own field's in a phrase of its own: a caption's two languages in one phrase are one
    ('登録番号Invoice' beside a sidebar's line of the table is no grid of captions)."""
    phrases = {id(t): n for n, p in enumerate(row.phrases) for t in p.tokens}
    fields = {phrases.get(id(h.tokens[0])): h.field for h in hits if h.field in HEADER_FIELDS}
    return len(set(fields.values()))


_GROUPED = re.compile(r"\d[,.]\d{3}(?!\d)")  # thousands set apart, however OCR read the separator


def _tax_at_printed_rate(row: Row) -> bool:
    """A row that prints a rate and, left to right, an amount printed with its thousands set
    apart and that rate's tax on it ('10%対象 ¥47,300  消費税(10%) ¥4,730'): the summary of tax
    per rate, whatever OCR made of its captions. (A line's price stands before its larger
    amount, never after it.)"""
    rates = _rates_printed(row)
    figures = [(v, t) for t in row.tokens if not _PERCENT.search(t.text) and (v := parse_amount(t.text)) is not None]
    return any(tax in tax_for(taxable, rate) for rate in rates for i, (taxable, printed) in enumerate(figures)
               if _GROUPED.search(printed.text) for tax, _ in figures[i + 1:] if 0 < tax < taxable)


# A figure printed as money: thousands separators or cents.
_PRICE_SHAPE = re.compile(r"[¥$€£]?\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|[¥$€£]?\d+\.\d{2}")


_PRINTED_AS_MONEY = re.compile(r"[¥￥\\]?\d{1,3}(?:,\d{3})+")  # a count prints no thousands separators


def _price_beside_quantity(cells: dict[str, list[Token]]) -> dict[str, list[Token]]:
    """The price set far right in its column, nearer the quantity's caption: a figure standing
    apart after the quantity is the unit price ('2.   880'). With no price caption read, a
    figure printed as money under the quantity's caption is the price: the count lost ('3,700
    3,700' for 1 × 3,700), or printed after it, under the caption the price's garbled one ran
    into ('5,500  10 袋', '1,160  ‘oe' under 'Cit cont Qty')."""
    qty_tokens = cells.get("quantity") or []
    if not cells.get("unit_price") and len(qty_tokens) == 1 and _PRINTED_AS_MONEY.fullmatch(qty_tokens[0].text):
        return {**cells, "quantity": [], "unit_price": qty_tokens}
    if cells.get("unit_price") or len(qty_tokens) < 2:
        return cells
    first, last = qty_tokens[0], qty_tokens[-1]
    if _PRINTED_AS_MONEY.fullmatch(first.text) and not all(
            re.fullmatch(COUNT_UNITS, t.text, re.I) for t in qty_tokens[1:]):
        return {**cells, "quantity": qty_tokens[1:], "unit_price": [first]}
    if last.x0 - first.x1 > 1.5 * max(first.h, last.h) and parse_amount(last.text) is not None:
        return {**cells, "quantity": qty_tokens[:-1], "unit_price": [last]}
    return cells


def _quantity_beside_price(cells: dict[str, list[Token]], currency: str | None) -> dict[str, list[Token]]:
    """The quantity whose caption OCR lost, or printed left of its column (before its unit, the
    unit under the caption), its figures run into the price's column: of two figures standing
    apart there, the count that times the other makes the amount."""
    figures = [t for t in cells.get("unit_price") or [] if parse_amount(t.text) is not None]
    amount = _cell_amount(cells.get("amount"), currency)
    unit = cells.get("quantity") or []
    if _cell_quantity(unit) is not None or len(figures) != 2 or amount is None:
        return cells
    first, last = figures
    one_figure = parse_amount(first.text + last.text, currency=currency) is not None
    if one_figure and last.x0 - first.x1 <= 1.5 * max(first.h, last.h):
        return cells  # a figure OCR split ('6,' '900'), not two
    # A count prints no separators or decimals ('5' beside '1,830'); of two such, the shorter.
    counts = sorted((t for t in figures if re.fullmatch(r"\d{1,5}", t.text)), key=lambda t: len(t.text))
    if not counts or len(counts) == 2 and len(counts[0].text) == len(counts[1].text):
        return cells
    quantity = counts[0]
    price = last if quantity is first else first
    q, u = _cell_quantity([quantity]), _cell_amount([price], currency)
    if q is None or u is None or line_amount(q, u, amount) != amount:
        return cells
    return {**cells, "quantity": [quantity, *unit], "unit_price": [t for t in cells["unit_price"] if t is not quantity]}


def _one_column_right(cells: dict[str, list[Token]], currency: str | None) -> dict[str, list[Token]]:
    """Figures set right under captions set left ('Qty  Unit price  Amount' over '1  $1,200.00
    $1,200.00'), each nearer the next caption: with nothing under the quantity's caption, a bare
    count under the price's and two figures under the amount's, the count, the first and the
    last figure are the quantity, the price and the amount where they multiply out."""
    counted, figures = cells.get("unit_price") or [], cells.get("amount") or []
    if cells.get("quantity") or len(counted) != 1 or len(figures) != 2 \
            or not re.fullmatch(r"\d{1,5}(?:\.\d+)?", counted[0].text):
        return cells
    first, last = figures
    q, u, a = _cell_quantity(counted), _cell_amount([first], currency), _cell_amount([last], currency)
    if q is None or u is None or a is None or last.x0 - first.x1 <= 1.5 * max(first.h, last.h) \
            or line_amount(q, u, a) != a:
        return cells
    return {**cells, "quantity": counted, "unit_price": [first], "amount": [last]}


def _item_from_cells(row: Row, cells: dict[str, list[Token]], currency: str | None) -> Item | None:
    cells = _quantity_beside_price(_price_beside_quantity(_one_column_right(cells, currency)), currency)
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
    price_tokens = cells.get("unit_price") or []
    if not cells.get("amount") and len(price_tokens) >= 2:
        # The amount column's caption was lost, so its figures ran into the price column: a
        # separate figure right of the price, printed as money, is the amount.
        first, last_t = price_tokens[0], price_tokens[-1]
        if (last_t.x0 - first.x1 > 2.0 * max(first.h, last_t.h) and _PRICE_SHAPE.fullmatch(last_t.text)
                and parse_amount(first.text) is not None):
            cells = {**cells, "unit_price": price_tokens[:-1], "amount": [last_t]}
    amount_tokens = cells.get("amount") or []
    if not cells.get("unit_price") and len(amount_tokens) >= 2:
        # The unit price column's caption was lost, so its figures ran into the amount column:
        # a separate figure left of the amount, printed as a price ('2,640'), is the unit price.
        first, last_t = amount_tokens[0], amount_tokens[-1]
        if last_t.x0 - first.x1 > 2.0 * max(first.h, last_t.h) and _PRICE_SHAPE.fullmatch(first.text):
            cells = {**cells, "unit_price": [first], "amount": amount_tokens[1:]}
    unit = _cell_amount(cells.get("unit_price"), currency)
    amount = _cell_amount(cells.get("amount"), currency)
    if qty is not None and amount is not None and (unit is None or line_amount(qty, unit, amount) != amount):
        qty = _count_that_multiplies(cells, amount) or qty
        unit = (_price_that_multiplies(cells.get("unit_price") or [], qty, amount, currency)
                or _price_under_another_caption(cells, qty, amount, currency) or unit)
    if unit is None and currency == "JPY" and qty is not None and amount is not None:
        # A price per unit in fractions of a yen ('29.80' per kWh): the amount it gives is whole.
        fraction = _cell_amount(cells.get("unit_price"), None)
        unit = fraction if fraction is not None and line_amount(qty, fraction, amount) == amount else None
    if qty is None and amount is not None:
        price = unit if unit is not None else _cell_amount(cells.get("unit_price"), None)
        if found := _factors_among(cells, amount, currency, price, _left_of_table(row, cells)):
            qty, unit, cells = found
            desc_tokens = [t for t in cells["description"] if t.text not in MARKS]
    if qty is None and amount is None and unit is not None and (count := _count_apart(desc_tokens)) is not None:
        # No quantity column and the amount lost: a count standing alone before the description
        # ('3   コピー用紙 A4   ¥2,300'), as a line with its amount read shows it when its factors are sought.
        qty, counted, desc_tokens = count, desc_tokens[0], desc_tokens[1:]
        cells = {**cells, "description": desc_tokens, "quantity": [counted]}
    rate_tokens = cells.get("tax") or []
    rate = line_rate(join_tokens(rate_tokens)) if rate_tokens else None
    marked = any(t.text in MARKS for t in row.tokens) or any(t.text.endswith(("※", "*")) for t in row.tokens)
    if amount is None and (qty is None or unit is None):
        return None
    return Item(description_text(desc_tokens), qty, unit, amount, rate, marked, [row], cells)


def _count_that_multiplies(cells: dict[str, list[Token]], amount: Decimal) -> Decimal | None:
    """Of the words under the count's caption, the one figure the price (read in fractions too:
    '1.6' yen a chip resistor) times to the amount: the description's last words run into the
    column ('1kΩ ±1% 1608  4,000', '100μF 35V  1,000'); none where no one figure does."""
    tokens = cells.get("quantity", [])
    figures = [q for t in tokens if (q := parse_number(t.text)) is not None and q > 0]
    prices = [p for t in cells.get("unit_price", []) if (p := parse_amount(t.text)) is not None and p > 0]
    if len(tokens) < 2 or not figures or not prices:
        return None
    counts = {q for q in figures for p in prices if line_amount(q, p, amount) == amount}
    return counts.pop() if len(counts) == 1 else None


def _price_that_multiplies(tokens: list[Token], quantity: Decimal, amount: Decimal,
                           currency: str | None) -> Decimal | None:
    """Of the figures under the price's caption, the one that times the quantity makes the amount
    ('38.50  0.00': a discount's figure run in, its caption read as a lone '%'), read with the
    amount's cents where OCR lost its point ('980  0.00' for 9.80)."""
    if len(tokens) < 2:
        return None
    prices = [p for t in tokens if (p := parse_amount(t.text, currency=currency)) is not None]
    cents = amount.as_tuple().exponent
    if cents < 0:
        prices += [Decimal(t.text).scaleb(cents) for t in tokens if re.fullmatch(r"\d{3,}", t.text)]
    return next((p for p in prices if line_amount(quantity, p, amount) == amount), None)


# A figure printed as money: with its cents or its thousands set apart ('21,90', '1.051,20', '4,500').
_MONEY_PRINTED = re.compile(r"\D?\d+[.,]\d\d|\D?\d{1,3}(?:[.,' ]\d{3})+(?:[.,]\d\d)?")


def _price_under_another_caption(cells: dict[str, list[Token]], quantity: Decimal, amount: Decimal,
                                 currency: str | None) -> Decimal | None:
    """The one figure printed as money under a caption of no figure of the line ('Vl. unit.' read
    as the unit of measure's column) that times the quantity makes the amount: the price its
    caption hid, where the price column holds none that does."""
    prices = {p for t in cells.get("skip", []) if _MONEY_PRINTED.fullmatch(t.text)
              and (p := parse_amount(t.text, currency=currency)) is not None
              and line_amount(quantity, p, amount) == amount}
    return prices.pop() if len(prices) == 1 else None


# A count as printed: alone, before its unit, or run into the description ('20本', '3本ハンドソープ').
_COUNT_FIRST = re.compile(r"(\d{1,5})(?![\d.,/:%-])(.*)")
_UNIT_FIRST = re.compile(rf"(?i)(?:{COUNT_UNITS})\.?\s*")


def _left_of_table(row: Row, cells: dict[str, list[Token]]) -> list[Token]:
    """The row's tokens in no cell: those left of the table's first caption (`_kinds_by_position`),
    where a count stands whose column's caption OCR lost."""
    placed = {id(t) for cell in cells.values() for t in cell}
    return [t for t in row.tokens if id(t) not in placed]


def _factors_among(cells: dict[str, list[Token]], amount: Decimal, currency: str | None, price: Decimal | None,
                   left_of_table: list[Token]) -> tuple[Decimal, Decimal, dict[str, list[Token]]] | None:
    """A quantity (and a price) under captions OCR garbled past reading ('Cvcitity', 'mit' for 数量),
    so that they went to other columns: a quantity set so far right it stood under the next
    caption ('10,000' under 単位), a count run into the description ('3本ハンドソープ'), a price
    under the tax caption. The one whole number among the row's figures outside the amount that,
    times the price read or another of those figures, gives the amount (of two figures that
    could each be the count, the one printed with its unit or in the description, else the
    smaller), else a count read with its unit as one more digit; the description is left without
    that count, its unit and the price. A count left of the table's captions counts too."""
    tokens = [t for kind, cell in cells.items() if kind != "amount" for t in cell if "%" not in t.text]
    tokens += [t for t in left_of_table if "%" not in t.text]
    figures = [(each, t) for t in tokens if (each := _cell_amount([t], currency))]
    given = cells.get("unit_price") or []
    if len(given) == 1 and re.fullmatch(r"\d{1,5}", given[0].text):
        # (the price read printed as a count: '2' under the price's caption, '€64,00' under the
        # next, the columns set right of their captions; either figure may be the count)
        price = None
    pairs = _count_and_price(tokens, figures, price, amount, cells, _count_of)
    if not pairs:
        pairs = _count_and_price(tokens, figures, price, amount, cells, _count_of_unit_misread)
    if len({(count, each) for count, each, _, _ in pairs.values()}) != 1:
        return None
    count, each, counted, priced = next(iter(pairs.values()))
    return count, each, {**cells, "description": _without_count(cells.get("description", []), counted, priced)}


Pairs = dict[frozenset[int], tuple[Decimal, Decimal, Token, Token | None]]


def _count_and_price(tokens: list[Token], figures: list[tuple[Decimal, Token]], price: Decimal | None,
                     amount: Decimal, cells: dict[str, list[Token]],
                     count_of: Callable[[str], Decimal | None]) -> Pairs:
    """Each count (as `count_of` reads a token) and price (the price read, else another figure)
    whose product is the amount, by the two tokens that gave them."""
    pairs: Pairs = {}
    for t in tokens:
        if (count := count_of(t.text)) is None:
            continue
        prices = [(price, None)] if price is not None else [(each, other) for each, other in figures if other is not t]
        for each, other in prices:
            if line_amount(count, each, amount) != amount:
                continue
            both = frozenset((id(t), id(other)))
            if both in pairs:
                kept_count, _, kept, _ = pairs[both]
                if _count_rank(t, count, cells) >= _count_rank(kept, kept_count, cells):
                    continue
            pairs[both] = (count, each, t, other)
    return pairs


def _count_of_unit_misread(text: str) -> Decimal | None:
    """A count whose unit a fax or scan read as one more digit run into it ('208' for 20 袋)."""
    return Decimal(text[:-1]) if re.fullmatch(r"[1-9]\d{1,4}", text) else None


def _count_rank(t: Token, count: Decimal, cells: dict[str, list[Token]]) -> tuple[bool, bool, Decimal]:
    """Of two figures that could each be the count: first one not printed as money, then one
    printed with its unit or read into the description, then the smaller."""
    money = bool(_PRICE_SHAPE.search(t.text) or re.search(r"[¥￥$€£\\]", t.text))
    printed = _COUNT_FIRST.fullmatch(t.text)
    with_unit = bool(printed and printed.group(2)) or any(t is d for d in cells.get("description", []))
    return money, not with_unit, count


def _count_apart(description: list[Token]) -> Decimal | None:
    """A whole count alone at the start of a description, set apart from the words after it by
    more than its own height."""
    if len(description) < 2 or not re.fullmatch(r"\d{1,5}", description[0].text):
        return None
    first, then = description[0], description[1]
    return _count_of(first.text) if then.x0 - first.x1 > first.h else None


def _count_of(text: str) -> Decimal | None:
    """A whole count, however printed: alone, before its unit, run into the words after it."""
    count = parse_number(text)
    if count is None and (m := _COUNT_FIRST.fullmatch(text)):
        count = Decimal(m.group(1))
    return count if count is not None and count > 0 and count == count.to_integral_value() else None


def _without_count(description: list[Token], counted: Token, priced: Token | None) -> list[Token]:
    """A description without the count read into it, the unit after that count, and the price."""
    kept: list[Token] = []
    after_count = False
    for t in description:
        if t is priced:
            continue
        if t is counted:
            m = _COUNT_FIRST.fullmatch(t.text)
            t, after_count = _without_start(t, len(m.group(1)) if m else len(t.text)), True
        if after_count and (unit := _UNIT_FIRST.match(t.text)):
            t, after_count = _without_start(t, unit.end()), False
        elif t.text.strip():
            after_count = False  # (the count's unit is the next word's start, or none)
        if t.text.strip():
            kept.append(t)
    return kept


def _without_start(t: Token, n: int) -> Token:
    """A token without its first n characters, its box narrowed in proportion and by half its
    height more, so that a reading of it again, which reads half a height around a box, starts
    where the characters cut off end."""
    share = n / max(1, len(t.text))
    left, top, right, bottom = t.box
    cut = min(right, round(left + (right - left) * share + 0.5 * (bottom - top)))
    return replace(t, text=t.text[n:], x0=t.x0 + (t.x1 - t.x0) * share, box=(cut, top, right, bottom))


FOOTER_GAP = 12  # text heights under the last line: figures that do not multiply out there are a footer's


def _apart(item: Item, last: Item, text_height: float) -> bool:
    """A lone figure, or figures that do not multiply out, far below the table's last line: no
    item, the table has ended (a footer's reference, dates and T-number under it)."""
    gap = item.rows[0].yc - last.rows[-1].yc
    lone = item.quantity is None and item.unit_price is None
    return (lone and gap > 4.5 * text_height) or (product(item) != item.amount and gap > FOOTER_GAP * text_height)


def _filled(cells: dict[str, list[Token]], currency: str | None) -> int:
    n = 0
    for kind in ("quantity", "unit_price", "amount"):
        if kind == "quantity":
            n += _cell_quantity(cells.get(kind)) is not None
        else:
            n += _cell_amount(cells.get(kind), currency) is not None
    return n


def _header_row(rows: list[Row], hits: dict[int, list[LabelHit]], currency: str | None, med_h: float,
                earlier: list[Item]) -> tuple[int, list[Column], tuple[list[Item], set[int], bool]] | None:
    """The page's table header: of the rows that read as one, the one whose rows below make the
    most lines that multiply out, with its columns and the reading of the rows below
    (`_read_body`). Captions of a summary box ('Net subtotal Total tax Total') pass for a header
    too, but no items follow them."""
    best, best_score = None, -1.0
    for header in _headers(rows, hits, currency, med_h, earlier):
        score = sum(1.0 if product(item) == item.amount else 0.25 for item in header[2][0])
        if score >= best_score:
            best, best_score = header, score
    return best


def _first_header_row(rows: list[Row], hits: dict[int, list[LabelHit]], currency: str | None, med_h: float,
                      earlier: list[Item]) -> tuple[int, list[Column], tuple[list[Item], set[int], bool]] | None:
    """The first row, top down, that reads as a table's header with lines under it."""
    return next((header for header in _headers(rows, hits, currency, med_h, earlier) if header[2][0]), None)


def _headers(rows: list[Row], hits: dict[int, list[LabelHit]], currency: str | None, med_h: float,
             earlier: list[Item]) -> Iterator[tuple[int, list[Column], tuple[list[Item], set[int], bool]]]:
    """Each row that reads as a table's header, top down: its index, its columns and the
    reading of the rows below it."""
    for i, row in enumerate(rows):
        columns = _columns_under(row, rows[i + 1 :], currency, med_h, rows[:i], hits)
        if columns is not None:
            yield i, columns, _read_body(rows[i + 1 :], columns, hits, currency, med_h, earlier,
                                         box_edge(row, rows[i + 1 :]))


LOST_CAPTION_ROWS = 6  # the first rows under a header that tell a column whose caption OCR lost


def _columns_under(header: Row, body: list[Row], currency: str | None, med_h: float,
                   above: list[Row], hits: dict[int, list[LabelHit]]) -> list[Column] | None:
    """The columns a header row names (its group captions in the rows `above`), and the amounts'
    column where OCR lost its caption ('|' for 金額): a header ending in another figure's column
    ('単価') over rows that print a figure further right, each ending where the others do, has
    the amounts there."""
    columns = header_columns(header, above)
    if columns:
        columns = _reaching_their_figures(columns, body[:LOST_CAPTION_ROWS], med_h)
        columns = _amounts_where_lines_multiply(columns, body[:LOST_CAPTION_ROWS], hits, currency, med_h)
    if not columns or any(c.kind == "amount" for c in columns) or columns[-1].kind not in NUMERIC:
        return columns
    beyond = [figures[-1] for row in body[:LOST_CAPTION_ROWS]
              if (figures := [t for t in row.tokens if t.x0 > columns[-1].x1 + 2 * med_h
                              and parse_amount(t.text, currency=currency) is not None])]
    if len(beyond) < 2 or max(t.x1 for t in beyond) - min(t.x1 for t in beyond) > 2 * med_h:
        return columns
    return [*columns, Column("amount", min(t.x0 for t in beyond) - med_h / 2, max(t.x1 for t in beyond))]


def _amounts_where_lines_multiply(columns: list[Column], rows: list[Row], hits: dict[int, list[LabelHit]],
                                  currency: str | None, med_h: float) -> list[Column]:
    """The columns, the amounts' where the lines' quantity × price is printed: with the captions of
    the amount and of a column after it both garbled ('om' 'wR' for 金額 消費税), the last unread
    caption was taken for the amounts', though a column between the price and it holds them."""
    kinds = [c.kind for c in columns]
    if "amount" not in kinds or "unit_price" not in kinds:
        return columns
    price_at, amount_at = kinds.index("unit_price"), kinds.index("amount")
    between = [k for k in range(price_at + 1, amount_at) if kinds[k] == "skip"]
    if not between:
        return columns

    def multiplying(variant: list[Column]) -> int:
        found, _, _ = _read_body(rows, variant, hits, currency, med_h, [])
        return sum(product(item) == item.amount for item in found)

    best, most = columns, multiplying(columns)
    for k in between:
        variant = [replace(c, kind="amount") if i == k else replace(c, kind="skip") if i == amount_at else c
                   for i, c in enumerate(columns)]
        if (n := multiplying(variant)) > most:
            best, most = variant, n
    return best


def _reaching_their_figures(columns: list[Column], rows: list[Row], h: float) -> list[Column]:
    """The columns, each numeric one reaching as far right as its figures end where they end
    past its caption, short of the next caption: captions set left in their cells over figures
    set right ('Quantity' over a '1' that ends nearer 'Line Total' than its own caption)."""
    out = list(columns)
    for k, (column, nxt) in enumerate(itertools.pairwise(columns)):
        if column.kind not in NUMERIC:
            continue
        figures = [t for row in rows for t, after in itertools.pairwise([*row.tokens, None])
                   if re.search(r"\d", t.text) and t.x0 >= column.x0 - h and t.x1 < nxt.x0
                   and not (after is not None and thousands_apart(t, after))]  # ('1' of '1 142,40': the next's)
        past = [t.x1 for t in figures if t.x1 > column.x1 + 0.3 * h]
        under = len(figures) - len(past)  # (figures ending under it: set as it is, unless a stray few)
        if len(past) >= 2 and len(past) > under and max(past) - min(past) <= h:
            out[k] = replace(column, x1=max(past))
    return out


def _read_body(body: list[Row], columns: list[Column], hits: dict[int, list[LabelHit]], currency: str | None,
               med_h: float, earlier: list[Item], beside: float | None = None) -> tuple[list[Item], set[int], bool]:
    """The items of the rows under a header, the rows they cover, and whether the table ended;
    rows wholly right of `beside` are a box's beside the table (`ocr.extract.panels`)."""
    items: list[Item] = []
    covered: set[int] = set()
    last: Item | None = None
    over: tuple[Row, str] | None = None  # a row of description alone, not the last item's: the next one's?
    section = 0  # where the lines a section's subtotal sums begin
    for at, row in enumerate(body):
        if beside is not None and min(t.xc for t in row.tokens) >= beside:
            continue  # a row of the box beside the table (`panels_apart`): the totals', no line's
        cells = _assign(row, columns, med_h)
        filled = _filled(cells, currency)
        item = _item_from_cells(row, cells, currency) if filled >= 1 else None
        if (item is None or item.unit_price is None and _no_count_of_its_own(item, items[section:])
                and not _price_misread(cells)) and _section_total(
                (row, cells, hits.get(row.index, [])), items[section:], body[at + 1 : at + 1 + SECTION_REACH],
                columns, currency, med_h):
            covered.add(row.index)  # a category's or a slip's subtotal, more lines after it
            section, last = len(items), None
            continue
        if at == 0 and item is None and _captions_alone(row, hits.get(row.index, [])):
            continue  # the header's captions' second line ('Unit Price ex' over 'GST')
        if _stop_row(row, hits.get(row.index, []), filled, item):
            return items, covered, True
        if _no_line(row, cells, hits.get(row.index, []), item, items, currency):
            covered.add(row.index)
            continue
        if any(h.field == "ignore" and h.label in PAGE_WORDS for h in hits.get(row.index, [])) and not (
                item is not None and product(item) == item.amount):
            continue  # a page footer ('Page 1 of 2') between the parts of a long table, no line ('1 ページ')
        if item is not None and item.quantity is None and product(item) != item.amount and any(
                h.field == "ignore" for h in hits.get(row.index, [])):
            continue  # a page footer's bank or company details ('HRB 730114 IBAN DE27 6035 …'), no item
        if item is not None and last is not None and _apart(item, last, med_h):
            return items, covered, True  # a figure in the prose under the table: an account number, a date
        if item is not None and item.amount == 0 and item.quantity is None and item.unit_price is None:
            covered.add(row.index)  # a row that counts and charges nothing ('Shipping charges €0.00'): no item
            last = None
            continue
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
            if (_sums_the_lines(earlier + items, [item.amount]) or _sums_the_lines(items, [item.amount])) \
                    and not _price_misread(cells) \
                    or _carried(row) or not item.description and _sums_the_last_lines(items[section:], [item.amount]) \
                    or items and _taxed_below(item.amount, body[at + 1 : at + 2]):
                if not items:  # the sum carried over from the page before ('Übertrag', 'Report', '前頁より繰越')
                    covered.add(row.index)
                    continue
                return items, covered, True  # the subtotal, or the page's own ('頁計', 'Seitensumme')
        if item is not None and items and _totals_row(earlier + items, _figures(row)):
            return items, covered, True  # a row of totals whose captions OCR garbled
        if item is not None and not _self_consistent(item) and _over_captions(row, body[at + 1 : at + 2], hits, med_h):
            return items, covered, True  # the document's details over their captions, under the table
        if item is not None:
            if over is not None and not item.description and row.yc - over[0].yc < CONTINUES * med_h:
                # A description set over the middle of its cell, the figures centred beside it: its
                # first line stands over the figures' row ('Präzisionslager 6204-' over '40 Stk. …',
                # '2RS' under it).
                item.description = over[1]
                covered.add(over[0].index)
            items.append(item)
            covered.add(row.index)
            last, over = item, None
        elif _continues(row, cells, last, med_h) and not _opens(row, body[at + 1 : at + 2], last, columns, currency,
                                                                 med_h):
            if not _detail(row, last):
                extra = description_text([t for t in cells["description"] if t.text not in MARKS])
                last.description = _wrapped(last.description, extra)
            last.rows.append(row)
            covered.add(row.index)
        elif _description_alone(row, cells):
            over = row, description_text([t for t in cells["description"] if t.text not in MARKS])
    return items, covered, False


CAPTIONS_UNDER = 3.0  # text heights, at most, from a grid's values down to its captions under them


def _over_captions(row: Row, after: list[Row], hits: dict[int, list[LabelHit]], h: float) -> bool:
    """Whether a row stands just over a grid of the document's own captions (number, dates,
    order): that grid's values, printed over their captions ('B000078  15 September 2026 …
    T3742295393372' over 'Invoice Number  Issued …'), no line of the table over it."""
    return bool(after) and after[0].yc - row.yc < CAPTIONS_UNDER * h \
        and _header_captions(after[0], hits.get(after[0].index, [])) >= 2


def _wrapped(first: str, then: str) -> str:
    """A description's lines as one: a line ending at a word's hyphen runs on into the next
    without a space, its hyphen kept ('Präzisionslager 6204-' '2RS': a cell wraps after a hyphen)."""
    if re.search(r"\w-$", first) and then[:1].isalnum():
        return first + then
    return (first + " " + then).strip()


def _opens(row: Row, after: list[Row], last: Item, columns: list[Column], currency: str | None,
           med_h: float) -> bool:
    """Whether a row of description alone is the first line of the next item rather than the
    last line of the one before: the next row is an item with no description of its own, nearer."""
    if not after:
        return False
    following = _item_from_cells(after[0], _assign(after[0], columns, med_h), currency)
    return (following is not None and not following.description
            and after[0].yc - row.yc < row.yc - last.rows[-1].yc)


SECTION_REACH = 3  # rows after a section's subtotal in which the next section's first line stands


def _section_total(read: tuple[Row, dict[str, list[Token]], list[LabelHit]], section: list[Item], after: list[Row],
                   columns: list[Column], currency: str | None, med_h: float) -> bool:
    """Whether a row sums the lines of its section alone, or its last lines ('ハードウェア 小計 1,083,560',
    '＊＊伝票計＊＊'),
    its last figure or the one in the amounts' column (the section's tax after it), or is captioned
    a subtotal ('＜伝票計＞') where a line of the section was lost, and a line that multiplies out
    (after a caption, any line) follows it (a section heading may stand between): a subtotal within
    the table, not the end of it. `read` is the row, its cells and its labels."""
    row, cells, row_hits = read
    in_amounts = _cell_amount(cells.get("amount"), currency)
    captioned = in_amounts is not None and any(h.field == "subtotal" for h in row_hits)
    if len(section) < 1 or not (_sums_the_last_lines(section, _figures(row)[-1:])
                                or _sums_the_last_lines(section, [in_amounts]) or captioned):
        return False
    # (a row that sums every line of a section of two or more, its caption garbled: 労務費 'st' for 計)
    sums_all = len(section) >= 2 and any(_sums_the_lines(section, figures)
                                         for figures in (_figures(row)[-1:], [in_amounts]))
    for later in after:
        following = _item_from_cells(later, _assign(later, columns, med_h), currency)
        if following is None or not (following.quantity is not None or sums_all):
            continue
        if (product(following) == following.amount
                or (captioned or sums_all) and following.description and following.unit_price is not None):
            return True  # (any line: its count garbled, or none printed)
    return False


def _no_count_of_its_own(row: Item, section: list[Item]) -> bool:
    """Whether a row read as an item counts nothing, or only what its section's lines count
    together ('Subtotal labor 453.0 55,650.65' under lines of hours), or its count is a section's
    number among the words of its caption ('Sous-total 1 DÉMOLITION - PRÉPARATION'): a sum, no line."""
    counts = [i.quantity for i in section]
    return (row.quantity is None or bool(section) and None not in counts and row.quantity == sum(counts)
            or _among_words(row))


def _among_words(item: Item) -> bool:
    """Whether an item's count is a figure its phrase runs on past, with words on either side."""
    counted = [t for t in item.cells.get("quantity") or [] if re.search(r"\d", t.text)]
    if len(counted) != 1 or not item.rows:
        return False
    phrase = item.rows[0].phrase_of(counted[0])
    at = next((k for k, t in enumerate(phrase.tokens) if t is counted[0]), None) if phrase else None
    return at is not None and 0 < at < len(phrase.tokens) - 1 and all(
        re.search(r"[^\W\d_]{2,}", t.text) and not re.search(r"\d", t.text)
        for t in (phrase.tokens[at - 1], phrase.tokens[at + 1]))


def _captions_alone(row: Row, hits: list[LabelHit]) -> bool:
    """Whether every word of a row is a caption's, no figure among them."""
    captions = {id(t) for h in hits for t in h.tokens}
    return bool(captions) and all(id(t) in captions for t in row.tokens)


def _no_line(row: Row, cells: dict[str, list[Token]], hits: list[LabelHit], item: Item | None,
             items: list[Item], currency: str | None) -> bool:
    """Whether a row under the header is the table's but no line: the columns numbered before
    the first line, or a line whose count and amount OCR lost, no caption on it (its price is
    then no figure of the totals)."""
    if not items and _columns_numbered(row):
        return True
    price = cells.get("unit_price") or []
    priced = bool(price) and all(_PRICE_SHAPE.fullmatch(t.text) for t in price)  # (money, no year: '2026.')
    return item is None and not hits and bool(cells.get("description")) and priced and (
        _cell_quantity(cells.get("quantity")) is None and _cell_amount(cells.get("amount"), currency) is None)


def _columns_numbered(row: Row) -> bool:
    """Whether a row under the header numbers its columns ('0 1 2 3 4 5 (3x4) 6', the rule
    each column's figures follow in brackets): no line."""
    numbers = [t.text for t in row.tokens if not re.fullmatch(r"\(\d+\s*[x×*+\-]\s*\d+\)", t.text)]
    if len(numbers) < 4 or not all(n.isdigit() and len(n) <= 2 for n in numbers):
        return False
    return all(int(b) == int(a) + 1 for a, b in itertools.pairwise(numbers))


def _price_misread(cells: dict[str, list[Token]]) -> bool:
    """Whether a row prints figures in the prices' column that OCR misread ('5.OOO'): a line whose
    price was lost, though its amount may sum the lines before it (two brackets at 5,000, then a
    pair at 10,000). A section's sum prints no price."""
    return any(_MISREAD_FIGURE.fullmatch(t.text) and re.search(r"\d", t.text) for t in cells.get("unit_price") or [])


_MISREAD_FIGURE = re.compile(r"[¥￥$€£]?[\dOoIl|SB][\dOoIl|SB.,']{2,}")


def _sums_the_last_lines(section: list[Item], figures: list[Decimal | None]) -> bool:
    """Whether the first of a row's figures sums the section's lines, or its last two or more:
    the lines of one slip, where the subtotal of the slip before it was lost with its row."""
    return any(_sums_the_lines(section[start:], figures) for start in range(max(len(section) - 1, 1)))


def _sums_the_lines(items: list[Item], figures: list[Decimal | None]) -> bool:
    """Whether the first of a row's figures is the sum of the lines before it (their subtotal)."""
    amounts = [i.amount if i.amount is not None else product(i) for i in items]
    return bool(items) and None not in amounts and bool(figures) and figures[0] == sum(amounts)


def _taxed_below(amount: Decimal, below: list[Row]) -> bool:
    """Whether the row under an amount alone prints a rate and that amount's tax at it ('消費税(10%)
    338,000' under 3,380,000): the amount is the subtotal, whatever OCR made of its caption and of
    the lines it sums."""
    if not below or amount <= 0:
        return False
    taxes = {tax for rate in _rates_printed(below[0]) for tax in tax_for(amount, rate)}
    return any(parse_amount(t.text) in taxes for t in below[0].tokens if not _PERCENT.search(t.text))


_PERCENT = re.compile("[%％]")


def _rates_printed(row: Row) -> set[Decimal]:
    """The rates a row prints with their percent sign ('消費税(10%)'), never a bare count."""
    return {rate for t in row.tokens if _PERCENT.search(t.text) and (rate := line_rate(t.text))}


def _carried(row: Row) -> bool:
    """Whether a row is captioned as a running sum of the table ('頁計', '次頁へ繰越', 'Übertrag'),
    whatever OCR made of the lines it sums; a short word ('Report', the sum brought forward) only
    alone, no part of a line's description ('Annual report')."""
    words = key(" ".join(t.text for t in row.tokens if not re.search(r"\d", t.text)))
    return any(w in words if len(w) > SHORT_CARRIED or is_cjk(w[0]) else w == words for w in CARRIED_WORDS)


SHORT_CARRIED = 6  # letters of a Latin running sum's caption that name it only alone


def _totals_row(items: list[Item], figures: list[Decimal | None]) -> bool:
    """A row of subtotal, tax and total: a figure that adds the first two, the first the lines'
    sum or the second the first's tax at a usual rate (the lines' sum off by a figure OCR
    made of a smudge above the row); or the lines' sum, its taxes and charges, and a figure
    that adds them all ('4,31,645.00  38,848.05  38,848.05  0.00 … 5,09,341.10', a tax split
    between two authorities)."""
    if len(figures) < 3:
        return False
    if figures[0] + figures[1] != figures[2]:
        return _sums_the_lines(items, figures) and any(
            figures[0] + sum(figures[1:k]) == figures[k] for k in range(3, len(figures)))
    return _sums_the_lines(items, figures) or len(figures) == 3 and figures[1] > 0 and any(
        figures[1] in tax_for(figures[0], rate, figures[1].as_tuple().exponent) for rate in TAX_RATES if rate)


def _figures(row: Row) -> list[Decimal | None]:
    return [v for v in (parse_amount(t.text) for t in row.tokens) if v is not None]


CONTINUES = 1.9  # text heights between a line of description and the item's row it belongs to, at most


def _continues(row: Row, cells: dict[str, list[Token]], last: Item | None, med_h: float) -> bool:
    """A row of description only, just under an item: the rest of that item's description."""
    return last is not None and row.yc - last.rows[-1].yc < CONTINUES * med_h and _description_alone(row, cells)


def _description_alone(row: Row, cells: dict[str, list[Token]]) -> bool:
    return bool(cells.get("description")) and len(cells) == 1 and row.tokens[0].text not in MARKS


DETAIL = 0.85  # of the item's own text height: a line under it in smaller print is a detail of it


def _detail(row: Row, item: Item) -> bool:
    """Whether a row under an item is a detail printed smaller (its article number, delivery
    slip, ship date or billing period), no part of the item's name."""
    return statistics.median(t.h for t in row.tokens) < DETAIL * statistics.median(t.h for t in item.rows[0].tokens)


def _self_consistent(item: Item) -> bool:
    """A line whose figures do not contradict one another: quantity × price is its amount, or,
    with no quantity read, its amount is a whole number of its price."""
    if item.quantity is not None:
        return product(item) == item.amount
    if item.unit_price is None or item.amount is None:
        return True
    return item.unit_price != 0 and (item.amount / item.unit_price) % 1 == 0 and item.amount / item.unit_price > 0


def _figure_ends(items: list[Item], scale: float) -> list[float]:
    """Where the figures of each numeric column of the lines read ended (their right edges), on
    the scale of the page the table goes on to."""
    ends = []
    for kind in ("quantity", "unit_price", "amount"):
        edges = [item.cells[kind][-1].x1 for item in items if item.cells.get(kind)]
        if edges:
            ends.append(statistics.median(edges) * scale)
    return ends


DRIFT_AGREES = 0.5  # of the text height: how closely a row's figures must agree on how far they moved


def _drift(rows: list[Row], ends: list[float], h: float) -> float:
    """How far right of its columns a page the table goes on to without a header prints its
    figures (a fax fed off-centre, a page scanned shifted): the median over rows whose figures
    all stand the same distance from the columns' ends; 0 when no two such rows say so."""
    moved = []
    for row in rows:
        shifts = [min((t.x1 - end for end in ends), key=abs) for t in row.tokens if _is_number(t)]
        shifts = [d for d in shifts if abs(d) < 3 * h]
        if len(shifts) >= 2 and max(shifts) - min(shifts) <= DRIFT_AGREES * h:
            moved.append(statistics.median(shifts))
    return statistics.median(moved) if len(moved) >= 2 else 0.0


def table_items(
    doc: PageDocument, hits: dict[int, list[LabelHit]], currency: str | None
) -> tuple[list[Item], set[int]]:
    """The line items in reading order, and the indexes of the rows the table covers."""
    items: list[Item] = []
    covered: set[int] = set()
    columns: list[Column] | None = None
    col_width = 1.0
    ended = False
    pages = sorted({r.page for r in doc.rows})
    for page in pages:
        rows = [r for r in doc.rows if r.page == page]
        med_h = statistics.median(t.h for r in rows for t in r.tokens)
        header = _header_row(rows, hits, currency, med_h, items)
        if ended and header is None:
            # The table ended (a block of the document's details under it), and no page after
            # it heads one again that OCR could read: it goes on where rows multiply out there.
            later = PageDocument(doc.pages, [r for r in doc.rows if r.page >= page], doc.tokens, doc.widths,
                                 doc.heights)
            found, rows_read = headerless_items(later, hits, currency)
            items += found
            covered |= rows_read
            break
        if header is not None:
            header_at, columns, (found, rows_read, ended) = header  # (the rows under it read already)
            col_width = doc.widths.get(page, 1)
            covered.add(rows[header_at].index)
        elif columns is not None and items:
            scale = doc.widths.get(page, 1) / col_width
            columns = [Column(c.kind, c.x0 * scale, c.x1 * scale) for c in columns]
            col_width = doc.widths.get(page, 1)
            dx = _drift(rows, _figure_ends(items, scale), med_h)
            columns = [Column(c.kind, c.x0 + dx, c.x1 + dx) for c in columns]
            found, rows_read, ended = _read_body(rows, columns, hits, currency, med_h, items)
        else:
            continue
        _prices_read_as_counts(found, med_h)
        _prices_under_no_caption(found, currency)
        if header is not None:
            found, rows_read = _better_without_header(doc, page, found, rows_read, hits, currency)
        if header is not None and found:  # (a table above the one the best header heads comes first)
            first = rows[header_at].index
            above, above_rows, _, _ = _tables_in([r for r in rows if r.index < first], hits, currency, med_h, [])
            items += above
            covered |= above_rows
        items += found
        covered |= rows_read
        if header is not None and ended and found:
            below = [r for r in rows if r.index > max(covered)]
            more, more_rows, more_columns, ended = _tables_in(below, hits, currency, med_h, items)
            items += more
            covered |= more_rows
            columns = more_columns or columns
    if not any(product(item) == item.amount for item in items):
        # No header read, or only a row of captions that no line multiplying out follows (a
        # summary box's 'Net subtotal  Total tax  Total' over a garbled table header): the
        # rows whose figures multiply out are the table, where they make more lines than the
        # header's rows make lines that agree with themselves.
        multiplying, multiplying_rows = headerless_items(doc, hits, currency)
        if _confirmed(multiplying) > sum(_self_consistent(item) for item in items) or not items:
            kept = _kept_under_header(items, multiplying)
            covered = covered | multiplying_rows if kept is not multiplying else multiplying_rows
            items = kept
    elif items[0].rows[0].page > min(pages):
        # The header was read only where the table goes on: its first part is found without it.
        first_page = items[0].rows[0].page
        earlier_rows = [r for r in doc.rows if r.page < first_page]
        before = PageDocument(doc.pages, earlier_rows, doc.tokens, doc.widths, doc.heights)
        early, early_rows = headerless_items(before, hits, currency)
        items, covered = early + items, covered | early_rows
    without_trailing_codes(items)
    return items, covered


def _tables_in(rows: list[Row], hits: dict[int, list[LabelHit]], currency: str | None, med_h: float,
               earlier: list[Item]) -> tuple[list[Item], set[int], list[Column] | None, bool]:
    """The tables among rows of a page beside the table its best header heads, each under a
    header of its own ('TIME ENTRIES' then 'EXPENSES', each with its sub-total), in order: their
    lines, the rows they cover, the last one's columns and whether it ended. A table counts where
    every line of it multiplies out: a summary box's captions over its figures make none."""
    found_all: list[Item] = []
    covered: set[int] = set()
    columns: list[Column] | None = None
    ended = True
    while ended and rows:
        header = _first_header_row(rows, hits, currency, med_h, earlier + found_all)
        if header is None:
            break
        at, header_columns, (found, rows_read, table_ended) = header
        _prices_read_as_counts(found, med_h)
        _prices_under_no_caption(found, currency)
        if any(product(item) != item.amount for item in found):
            break
        found_all += found
        covered |= rows_read | {rows[at].index}
        columns, ended = header_columns, table_ended
        rows = [r for r in rows if r.index > max(rows_read)]
    return found_all, covered, columns, ended


def _prices_under_no_caption(items: list[Item], currency: str | None) -> None:
    """A line with its quantity and amount read but no price, where a figure of its row in no
    column of the header's ('Rate' printed over '(USD)' above the header's line, out of its row)
    is the amount over the quantity: that figure is its price. Where the amount over such a
    figure is the quantity's first digits, the rest was its unit misread ('693' for '6ケース')."""
    for item in items:
        q, a = item.quantity, item.amount
        if item.unit_price is not None or q is None or a is None or q == 0:
            continue
        read = {id(t) for cell in item.cells.values() for t in cell} - {id(t) for t in item.cells.get("skip", [])}
        prices = [p for t in item.rows[0].tokens if id(t) not in read
                  and (p := parse_amount(t.text, currency=currency)) is not None and p > 0]
        if (price := next((p for p in prices if line_amount(q, p, a) == a), None)) is not None:
            item.unit_price = price
        elif (price := next((p for p in prices if a_quantity(a / p) and str(q).startswith(str(int(a / p)))
                             and str(q) != str(int(a / p))), None)) is not None:
            item.quantity, item.unit_price = (a / price).quantize(Decimal(1)), price
    for item in items:
        if (item.quantity is None and item.unit_price is None and item.amount is not None and item.amount > 0
                and item.cells.get("description")):  # (no page's 'Pag. 1 de 2')
            _count_lost_price_apart(item, currency)


def _count_lost_price_apart(item: Item, currency: str | None) -> None:
    """A line read with its amount alone, whose row prints right of its description exactly one
    other figure the amount is a whole count of: that figure is its price, and the amount over it
    its count ('足場損料30日  380  159,600' with the count handwritten past reading and the price's
    caption lost: 420 × 380). A figure of the description ('30日'), left of it (the line's number) or of
    a tax column is none."""
    a = item.amount
    apart = {id(t) for kind in ("description", "tax") for t in item.cells.get(kind, [])}
    described = max(t.x1 for t in item.cells["description"])
    prices = {p for p, tokens in amounts_in(item.rows[0], currency)
              if not any(id(t) in apart for t in tokens) and tokens[0].x0 > described and 0 < p < a
              and a_quantity(a / p)}
    if len(prices) == 1:
        price = prices.pop()
        item.quantity, item.unit_price = (a / price).quantize(Decimal(1)), price


def _prices_read_as_counts(items: list[Item], h: float) -> None:
    """A lone figure in the quantity column that ends where the other lines' prices end, well
    right of where their counts do, is the price, its count lost ('810' beside '8,100' where the
    lines above print '6  680': the price column's caption lost, the quantity column took in
    its figures): the amount over it gives the count, not it the price, and what follows it in
    the cell is the count ('910  10 本'). A line whose count and price were read the other way
    round ('1020  2' under one widened caption, where the lines above print '5,500  10 袋') is
    read where the other lines print them."""
    def token_of(item: Item, value: Decimal | None) -> Token | None:
        return next((t for t in item.cells.get("quantity", []) + item.cells.get("unit_price", [])
                     if value is not None and parse_amount(t.text) == value), None)

    priced = [item for item in items if item.quantity is not None and item.unit_price is not None]
    prices = [t.x1 for item in priced if (t := token_of(item, item.unit_price)) is not None]
    counts = [t.x1 for item in priced if (t := token_of(item, item.quantity)) is not None]
    if len(prices) < 2 or not counts:
        return
    price_end, count_end = statistics.median(prices), statistics.median(counts)
    if abs(price_end - count_end) <= 1.5 * h:
        return
    for item in priced:
        count, price = token_of(item, item.quantity), token_of(item, item.unit_price)
        if (count is not None and price is not None and abs(count.x1 - price_end) <= h
                and abs(price.x1 - count_end) <= h):
            item.quantity, item.unit_price = item.unit_price, item.quantity
    for item in items:
        first, *rest = item.cells.get("quantity") or [None]
        if (item.unit_price is None and item.quantity is not None and item.amount is not None and first is not None
                and abs(first.x1 - price_end) <= h and abs(first.x1 - count_end) > 1.5 * h
                and (price := parse_amount(first.text)) is not None):
            item.unit_price, item.quantity = price, _cell_quantity(rest)
            item.cells = {**item.cells, "quantity": rest, "unit_price": [first]}


def _kept_under_header(items: list[Item], multiplying: list[Item]) -> list[Item]:
    """The lines that multiply out, and, where each is a row the header's columns read as a line,
    the other rows those columns read with a quantity and an amount: a line whose price OCR lost
    ('Afdichtingsset DN50  10  0%  316,00') is a line still, though it multiplies out no more."""
    read_as = {item.rows[0].index: item for item in multiplying}
    if not multiplying or not read_as.keys() <= {item.rows[0].index for item in items}:
        return multiplying
    return [read_as.get(item.rows[0].index) or item for item in items
            if item.rows[0].index in read_as or item.quantity is not None and item.amount is not None]


def _better_without_header(doc: PageDocument, page: int, found: list[Item], rows_read: set[int],
                           hits: dict[int, list[LabelHit]], currency: str | None) -> tuple[list[Item], set[int]]:
    """A page's lines as its header reads them, unless most of them contradict themselves and the
    page's rows whose figures multiply out make more lines: a header OCR garbled ('単位 単価 em |
    Rm' for 数量 単位 単価 金額 税) put the amounts in the wrong column."""
    if 2 * sum(_self_consistent(item) for item in found) > len(found):
        return found, rows_read
    alone = PageDocument(doc.pages, [r for r in doc.rows if r.page == page], doc.tokens, doc.widths, doc.heights)
    multiplying, multiplying_rows = headerless_items(alone, hits, currency)
    if _confirmed(multiplying) > len(found):
        return multiplying, multiplying_rows
    return found, rows_read


def _confirmed(items: list[Item]) -> int:
    """How many lines read multiply out, or were taken from rows that do (`Item.unconfirmed`)."""
    return sum(not item.unconfirmed for item in items)


def looks_reduced_rate_note(doc: PageDocument) -> bool:
    """True when the document explains a mark as the reduced (8%) rate, e.g. '※は軽減税率(8%)対象'."""
    text = " ".join(r.text for r in doc.rows)
    return bool(re.search(r"軽減|reduced", text, re.I))
