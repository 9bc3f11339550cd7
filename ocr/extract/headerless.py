"""Items of a table without a recognisable header: rows whose last three numbers multiply out.

Which factor is the quantity is decided for the whole table; the columns those rows define
then take in rows where OCR lost a cell; an item-code column is no part of the description.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from decimal import Decimal

from ocr.extract.arithmetic import COMMON_RATES, a_quantity, as_discount, digits_of, fits, without_leading_mark
from ocr.extract.figures import thousands_apart
from ocr.extract.items import MARKS, TRIANGLE, Item, description_text, line_amount, line_rate, looks_code
from ocr.extract.labels import LabelHit
from ocr.extract.layout import PageDocument, Row, Token
from ocr.parse import find_amount, parse_amount

STOP_FIELDS = {"subtotal", "tax", "total"}
DAMAGED_REACH = 4  # rows past the last line taken in which a damaged row is still looked for
# Rows over the first line taken in which a damaged row is looked for: a sidebar beside the table
# puts its own rows between the table's ('お支払期限', its date, then the next line).
DAMAGED_ABOVE = 3
BOXED_DIGITS = 4  # lone digits on one row: a figure printed a digit to a box


def _numbers(row: Row, currency: str | None) -> list[tuple[Decimal, Token]]:
    """The amounts in a row, each with its token; '6, 540' split by OCR is one amount, and so is
    '1 417,90', its thousands set apart by a narrow space."""
    out = []
    skip_next = False
    for i, t in enumerate(row.tokens):
        if skip_next:
            skip_next = False
            continue
        if "%" in t.text:
            continue
        nxt = row.tokens[i + 1] if i + 1 < len(row.tokens) else None
        bracketed = nxt is not None and _bracket_opened(t, nxt)
        if nxt is not None and (re.fullmatch(r"\d{1,3}[,.]", t.text) and re.fullmatch(r"\d{3}(\D.*)?", nxt.text)
                                or thousands_apart(t, nxt) or bracketed):
            v = parse_amount(f"{t.text} {nxt.text}" if bracketed else t.text + nxt.text, currency=currency)
            if v is not None:
                merged = Token(t.text + nxt.text, t.page, t.x0, t.y0, nxt.x1, nxt.y1, t.box, t.confidence)
                out.append((v, merged))
                skip_next = True
                continue
        v = parse_amount(t.text.removeprefix("@"), currency=currency)  # ('@1,500': at 1,500 each)
        if v is None and TRIANGLE.match(t.text) and len(re.sub(r"\D", "", t.text)) >= 3:
            # A discount's ▲ read as a letter ('A600'); not a paper's size in a description, 'A4'.
            v = -magnitude if (magnitude := parse_amount(t.text[1:], currency=currency)) is not None else None
        if v is not None:
            out.append((v, t))
    return out


def _bracket_opened(t: Token, nxt: Token) -> bool:
    """Whether a bracket opens before a currency's sign or code and closes after the figure of the
    next word ('(USD' '32.00)'): a negative amount printed in two words."""
    return bool(re.fullmatch(r"\(\D{1,3}", t.text)) and nxt.text.endswith(")")


Cell = tuple[Decimal, Token]  # a figure and the token it was read from


@dataclass(frozen=True)
class _Columns:
    """Where the rows that multiply out put their quantity, price and amount (right edges)."""

    swap: bool  # the price comes before the quantity
    quantity: float
    price: float
    amount: float
    text_height: float


def _multiplying_rows(doc: PageDocument, currency: str | None) -> list[tuple[Row, list[Cell]]]:
    """The rows whose last figure is the product of the one before it and an earlier one, with
    those three figures: the nearest such earlier one, so a figure of the description standing
    between a quantity and the price ('20  Carton 80 size  2,500  50,000') is passed over. A
    discount's price and amount are both negative. A row of a count and a price alone takes its
    amount from the row beside it (`_priced_beside`)."""
    found = []
    for row in doc.rows:
        numbers = _numbers(row, currency)
        nums = [n for n in numbers if not _A_CODE.fullmatch(n[1].text)]
        if sum(len(t.text) == 1 for _, t in nums) >= BOXED_DIGITS:
            continue  # (a figure printed a digit to a box, '金 2 4 6 5 1 5 円也', is no line)
        if len(nums) >= 3 and (cells := _multiplying(nums)) is not None:
            found.append((row, cells))
        elif len(nums) >= 2 and (cells := _point_lost(numbers, nums) or _priced_beside(doc, row, nums, currency)):
            found.append((row, cells))
    return found


def _point_lost(numbers: list[Cell], nums: list[Cell]) -> list[Cell] | None:
    """A count whose decimal point OCR lost ('05' for 0.5 man-months), set aside as a code: the
    count, the row's price and its amount, where the count read as 0.5 multiplies out."""
    (price, _), (amount, _) = nums[-2:]
    for _, t in numbers:
        if _A_CODE.fullmatch(t.text) and t.x1 < nums[-2][1].x0:
            count = Decimal(f"0.{t.text[1:]}")
            if count * price == amount:
                return [(count, t), *nums[-2:]]
    return None


# A figure printed with a leading zero ('02', a tax object's code after the amount): a code, no amount.
_A_CODE = re.compile(r"0\d{1,3}")


def _multiplying(nums: list[Cell]) -> list[Cell] | None:
    """The last figure, the one before it and an earlier one that multiplies out with them; or,
    where the last figure is the line's tax on the one before it ('17 個 486 8,262 826'), the
    three before it."""
    (u, _), (a, _) = nums[-2:]
    factor = _factor(nums[:-2], u, a)
    if factor is not None:
        return [factor, *nums[-2:]]
    if len(nums) >= 4 and _line_tax(a, u):
        return _multiplying(nums[:-1])
    return _past_rates(nums)


RATE_COLUMNS = 2  # columns of rates at most between a line's price and its amount ('0,00' discount, '10' VAT %)


def _past_rates(nums: list[Cell]) -> list[Cell] | None:
    """A count and a price that multiply out to the last figure past a column or two of rates
    between them ('240  6,85  0,00  10  1.644,00': the discount and the tax rate, each a percentage)."""
    amount = nums[-1]
    for skipped in range(1, RATE_COLUMNS + 1):
        if len(nums) < skipped + 3 or not all(0 <= v <= 100 for v, _ in nums[-1 - skipped:-1]):
            return None
        price = nums[-2 - skipped]
        factor = _factor(nums[:-2 - skipped], price[0], amount[0])
        if factor is not None:
            return [factor, price, amount]
    return None


def _line_tax(tax: Decimal, amount: Decimal) -> bool:
    """Whether a figure is the tax on an amount at a common rate, rounded as taxes are."""
    return 0 < tax < amount and any(fits(tax, amount, r) for r in COMMON_RATES if r > 0)


def _factor(nums: list[Cell], price: Decimal, amount: Decimal) -> Cell | None:
    return next((cell for cell in reversed(nums) if _multiplies_out(cell[0], price, amount)), None)


TWO_LINE_REACH = 1.2  # text heights between a row of a count and a price and the row of their amount


def _priced_beside(doc: PageDocument, row: Row, nums: list[Cell], currency: str | None) -> list[Cell] | None:
    """An item printed on two lines ('House Espresso 5 lb bag' over '12 × $64.00', its amount
    '$768.00' set right, on the description's line or between the two): for a row of figures and
    marks alone, the last figure of the row above or below, right of the row's figures, where it
    is their product and that row's own figures multiply out in no line: the count, the price
    and that amount."""
    figures = {id(t) for _, t in nums}
    if sum(ch.isalpha() for t in row.tokens if id(t) not in figures for ch in t.text) >= 2:
        return None  # (a row with words of its own is a line's whole row, its amount lost or elsewhere)
    last = nums[-1][1]
    for other in (doc.row_at(row.index - 1), doc.row_at(row.index + 1)):
        if other is None or other.page != row.page or abs(other.yc - row.yc) > TWO_LINE_REACH * max(row.h, other.h):
            continue
        theirs = _numbers(other, currency)
        if not theirs or theirs[-1][1].x0 <= last.x1 or (len(theirs) >= 3 and _multiplying(theirs) is not None):
            continue
        if (count := _factor(nums[:-1], nums[-1][0], theirs[-1][0])) is not None:
            return [count, nums[-1], theirs[-1]]
    return None


def _multiplies_out(first: Decimal, second: Decimal, amount: Decimal) -> bool:
    """first × second = amount, a positive quantity times a price (a discount's is negative)."""
    return amount != 0 and first * second == amount and (first > 0 or second > 0)


def _columns_of(found: list[tuple[Row, list[Cell]]]) -> _Columns:
    """The table's columns; which factor is the quantity is the column of smaller whole numbers."""
    first_smaller = sum(q < u for _, ((q, _), (u, _), _) in found)
    first_whole = all(q == q.to_integral_value() for _, ((q, _), _, _) in found)
    second_whole = all(a_quantity(u) for _, (_, (u, _), _) in found)  # (whole, and no absurd count)
    # (a count of hours, '4.5', before prices printed with their cents, '1,350.00', stays the count)
    second_counts = second_whole and not all(_CENTS_PRINTED.search(t.text) for _, (_, (_, t), _) in found)
    swap = (first_smaller * 2 < len(found) and second_whole) or (not first_whole and second_counts)
    return _Columns(
        swap,
        statistics.median(cells[1 if swap else 0][1].x1 for _, cells in found),
        statistics.median(cells[0 if swap else 1][1].x1 for _, cells in found),
        statistics.median(cells[2][1].x1 for _, cells in found),
        statistics.median(r.h for r, _ in found),
    )


_CENTS_PRINTED = re.compile(r"\d[.,]\d{2}\D{0,3}$")


def _damaged_row(row: Row, cols: _Columns, currency: str | None) -> tuple[Cell | None, Cell, Cell] | None:
    """A row whose quantity OCR lost or misread, its price and amount still in their columns:
    the quantity is their ratio (of a discount's magnitudes where one minus mark was lost); where
    they have none, the quantity is unknown (None) and the amount as read, for the subtotal to
    settle. Or a row whose price OCR misread, its quantity and amount in their columns (`_lost_price`),
    or whose amount it soiled (`_soiled_amount`)."""
    numbers = _numbers(row, currency)
    us, amounts = _in_column(numbers, cols.price, cols), _in_column(numbers, cols.amount, cols)
    if not us and len(amounts) == 1:
        return _lost_price(row, cols, numbers, amounts[0])
    if len(us) == 1 and not amounts:
        return _soiled_amount(row, cols, numbers, us[0], currency)
    if len(us) != 1 or len(amounts) != 1:
        return None
    (u, ut), (read, at) = us[0], amounts[0]
    u, read = as_discount(u, read) or (u, read)
    # The amount as read, else without a first digit that was a mark before it ('414.400' for ▲14,400).
    a = next((v for v in without_leading_mark(read) if u and a_quantity(v / u)), None) if read > 0 else read
    ratio = a / u if u and a is not None else None
    near = 2.5 * cols.text_height
    qs = [t for t in row.tokens if abs(t.x1 - cols.quantity) < near and t is not ut and t is not at]
    if ratio is None or not a_quantity(ratio):
        return None, (u, ut), (read, at)
    return (ratio.quantize(Decimal(1)), qs[0] if qs else ut), (u, ut), (a, at)


def _in_column(numbers: list[Cell], edge: float, cols: _Columns) -> list[Cell]:
    """The figures whose right edge is near a column's; of several, the one that ends where the
    column does, when the others end over a text height away (a speck's '2' after '-¥7,360')."""
    near = sorted((cell for cell in numbers if abs(cell[1].x1 - edge) < 2.5 * cols.text_height),
                  key=lambda cell: abs(cell[1].x1 - edge))
    if len(near) > 1 and abs(near[0][1].x1 - edge) < 0.5 * cols.text_height <= (
            abs(near[1][1].x1 - edge) - cols.text_height):
        return near[:1]
    return near


def _lost_price(row: Row, cols: _Columns, numbers: list[Cell], amount: Cell) -> tuple[Cell, Cell, Cell] | None:
    """A row whose price OCR read as garble ('7ASE'), or without its decimal mark ('500' for 5,00),
    a whole quantity and the amount in their columns: the price is amount ÷ quantity, where it
    comes out at the amount's precision."""
    near = 2.5 * cols.text_height
    quantities = [(v, t) for v, t in numbers if abs(t.x1 - cols.quantity) < near and t is not amount[1]]
    garbled = [t for t in row.tokens if abs(t.x1 - cols.price) < near and not any(t is n for _, n in numbers)]
    if len(quantities) != 1:
        return None
    (q, qt), (a, at) = quantities[0], amount
    if not a_quantity(q) or a <= 0:
        return None
    price = a / q
    if price != price.quantize(Decimal(1).scaleb(min(a.as_tuple().exponent, 0))):
        return None
    # (or read without its decimal mark, its box stretched past the column: '500' for 5,00)
    unmarked = [t for v, t in numbers if qt.x1 < t.x0 and t.x1 < at.x0 and t.text == digits_of(price)]
    if not garbled and not unmarked:
        return None
    return (q, qt), (price, (garbled or unmarked)[0]), amount



def _soiled_amount(row: Row, cols: _Columns, numbers: list[Cell], price: Cell,
                   currency: str | None) -> tuple[Cell, Cell, Cell] | None:
    """A row whose amount OCR soiled with the mark after it ('61,2004' for 61,200円), its quantity
    and price in their columns: the amount is the figure the soiled word holds, where that is the
    quantity times the price."""
    near = 2.5 * cols.text_height
    quantities = [(v, t) for v, t in numbers if abs(t.x1 - cols.quantity) < near and t is not price[1]]
    soiled = [t for t in row.tokens if abs(t.x1 - cols.amount) < near and not any(t is n for _, n in numbers)]
    if len(quantities) != 1 or len(soiled) != 1:
        return None
    (q, qt), (u, ut) = quantities[0], price
    a = find_amount(soiled[0].text, currency=currency)
    if a is None or not a_quantity(q) or a != line_amount(q, u, a):
        return None
    return (q, qt), (u, ut), (a, soiled[0])


def headerless_items(
    doc: PageDocument, hits: dict[int, list[LabelHit]], currency: str | None
) -> tuple[list[Item], set[int]]:
    """Items for tables without a recognisable header, from the rows whose numbers multiply out.

    Which factor is the quantity is decided for the whole table (the column of smaller
    whole numbers); the columns those rows define then take in rows where OCR lost a
    cell, when price and amount still sit in their columns; an item-code column (one
    code-shaped word starting every row) is no part of the description.
    """
    found = _multiplying_rows(doc, currency)
    if not found:
        return [], set()
    cols = _columns_of(found)
    first, last = min(r.index for r, _ in found), max(r.index for r, _ in found)
    first_page = next(r.page for r, _ in found if r.index == first)
    confirmed = {r.index: cells for r, cells in found}
    # Rows OCR damaged are looked for down to the totals, even over a page break; with no totals
    # caption under the table, to a few rows past the last line taken (each damaged row taken
    # reaches further: a table's last rows can all be damaged).
    stop = next(
        (r.index for r in doc.rows[last + 1 :] if any(h.field in STOP_FIELDS for h in hits.get(r.index, []))),
        None,
    )
    reach = last + DAMAGED_REACH
    items: list[Item] = []
    covered: set[int] = set()
    for row in doc.rows:
        cells = confirmed.get(row.index)
        if cells is not None:
            first_cell, second_cell, amount = cells
            quantity, price = (second_cell, first_cell) if cols.swap else (first_cell, second_cell)
        elif first - DAMAGED_ABOVE <= row.index < (stop if stop is not None else reach):
            damaged = _damaged_row(row, cols, currency)
            over = row.index < first - 1  # (a sidebar's rows between: only a line whose figures multiply out)
            if damaged is None or over and (damaged[0] is None or row.page != first_page):
                continue
            quantity, price, amount = damaged
        else:
            continue
        item = _item_of(doc, row, quantity, price, amount, currency)
        item.unconfirmed = item.quantity is None
        items.append(item)
        if not item.unconfirmed:  # (a row that is no line, unless mended, hides no total from the totals)
            covered.update(r.index for r in item.rows)
            reach = max(reach, row.index + DAMAGED_REACH)
    _without_item_codes(items)
    _within_the_description_column(items, cols.text_height)
    for i in items:
        i.description = description_text(i.cells["description"])
    return items, covered


SIDEBAR_GAP = 3  # text heights between a description and words wholly left of the descriptions' column


def _within_the_description_column(items: list[Item], text_height: float) -> None:
    """Words wholly left of the column where most lines' descriptions begin, a gap before it, are
    no part of a description: a sidebar's caption beside the table on the line's row ('御社発注No.'
    left of 'トナーカートリッジ')."""
    starts = [i.cells["description"][0].x0 for i in items if i.cells["description"]]
    if len(starts) < 3:
        return
    column = statistics.median(starts)
    for item in items:
        item.cells["description"] = [t for t in item.cells["description"]
                                     if t.x1 > column - SIDEBAR_GAP * text_height]


def _item_of(doc: PageDocument, row: Row, quantity: Cell | None, price: Cell, amount: Cell,
             currency: str | None) -> Item:
    """The item of a row whose figures are known: its description left of them (or beside the row)."""
    (u, ut), (a, at) = price, amount
    q, qt = quantity if quantity is not None else (None, ut)
    left = min(t.x0 for t in (qt, ut, at))
    desc = [t for t in row.tokens if t.x1 <= left and t.text not in MARKS]
    if sum(ch.isalpha() for t in desc for ch in t.text) < 2:
        # The quantity starts the row ('3  Moutarde de Dijon  6,50  19,50'): the description
        # stands between it and the prices.
        left = min(ut.x0, at.x0)
        desc = [t for t in row.tokens if qt.x1 <= t.x0 and t.x1 <= left and t.text not in MARKS]
    rows = [row]
    if not _on(row, at):
        desc, rows = _two_lines(doc, row, at)
    if not desc:
        desc, beside = _description_beside(doc, row, left, currency)
        rows += [beside] if beside is not None else []
    rate_t = [t for t in row.tokens if "%" in t.text and t.x0 > left]
    rate = line_rate(rate_t[0].text) if rate_t else None
    marked = any(t.text in MARKS for t in row.tokens)
    cells = {"description": desc, "quantity": [qt] if quantity is not None else [], "unit_price": [ut], "amount": [at]}
    return Item("", q, u, a, rate, marked, rows, cells)


def _two_lines(doc: PageDocument, row: Row, amount: Token) -> tuple[list[Token], list[Row]]:
    """An item printed on two lines (`_priced_beside`): its description left of its amount on the
    amount's row, else on the next row past it; and the rows the item stands on."""
    beside = next(r for r in (doc.row_at(row.index - 1), doc.row_at(row.index + 1))
                  if r is not None and _on(r, amount))
    rows = [row, beside]
    further = doc.row_at(2 * beside.index - row.index)
    for other in (beside, further):
        if other is None or other.page != row.page or abs(other.yc - beside.yc) > 0.9 * max(other.h, beside.h):
            continue
        desc = [t for t in other.tokens if t.x1 <= amount.x0 and t.text not in MARKS]
        if sum(ch.isalpha() for t in desc for ch in t.text) >= 2:
            return desc, rows + ([other] if other is not beside else [])
    return [], rows


def _on(row: Row, token: Token) -> bool:
    """Whether a token was read on a row (a figure of two tokens joined, by its first)."""
    return any(t is token or t.box == token.box for t in row.tokens)


def _without_item_codes(items: list[Item]) -> None:
    """An item-code column (a code-shaped word starting two rows in three) is no part of the descriptions."""
    codes = [_leading_code(i) for i in items]
    if len(items) >= 2 and sum(c is not None for c in codes) * 3 >= 2 * len(items):
        for i, code in zip(items, codes, strict=True):
            if code is not None:
                i.cells["description"] = [t for t in i.cells["description"] if t not in code]


def _description_beside(
    doc: PageDocument, row: Row, left: float, currency: str | None
) -> tuple[list[Token], Row | None]:
    """The text of an item whose numbers OCR put on a row of their own, a little above or below it."""
    for i in (row.index + 1, row.index - 1):
        other = doc.row_at(i)
        if other is None:
            continue
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
            if re.fullmatch(r"\d{1,3}\.?", p.text) or looks_code(p.text.strip("._,")):
                lead += p.tokens
            else:
                break
        return lead or None
    return None
