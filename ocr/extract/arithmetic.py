"""The document's own arithmetic, used to fill gaps and choose between OCR readings.

quantity × unit price = amount; the lines add up to the subtotal; subtotal + tax = total;
tax ≈ taxable × rate. Printed values are kept when they are self-consistent: a document
whose printed tax is wrong (a real tax mismatch) keeps that printed tax.
"""

from __future__ import annotations

import itertools
import re
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from ocr.extract.edits import within_one_edit
from ocr.extract.items import TAX_RATES, Item, line_amount, product
from ocr.extract.layout import GARBLED, SURE

COMMON_RATES = [Decimal(r) for r in ("10", "8", "0", "5", "20", "19", "7", "15", "3")]  # assumed when none is printed
# The rates a currency's country charges, where it has few: a percentage printed outside them is
# no tax rate ('次亜塩素酸ナトリウム 6%' in an item's name), and one among them that its own figures
# deny was printed so (a tax mismatch for the matching rules), no misreading.
RATES_IN = {"JPY": {Decimal(10), Decimal(8)}}
# Digits OCR tends to read as one another.
_CONFUSABLE = {"0": "869", "1": "7", "3": "8", "5": "6", "6": "580", "7": "1", "8": "306", "9": "0"}


ROUNDINGS = (ROUND_FLOOR, ROUND_HALF_UP, ROUND_CEILING)  # the ways an invoice rounds its tax


def rounded(value: Decimal, exponent: int, rounding: str) -> Decimal:
    return value.quantize(Decimal(1).scaleb(exponent), rounding=rounding)


def tax_for(taxable: Decimal, rate: Decimal, exponent: int = 0) -> set[Decimal]:
    """The tax on taxable at rate (a percentage), rounded down, up and half-up."""
    return {rounded(taxable * rate / 100, exponent, r) for r in ROUNDINGS}


def _variants(value: Decimal, cents: bool = False, drop: bool = True) -> list[Decimal]:
    """Readings one confusable digit away from value; then, unless `drop` is off, with one digit
    dropped (a rule or a speck beside the figure read as a digit: '|45,000' as 245000); then,
    where the line prints cents, with the decimal mark OCR lost put back ('24,40' as 2440)."""
    s = format(value, "f")
    out: list[Decimal] = []
    for i, ch in enumerate(s):
        for alt in _CONFUSABLE.get(ch, ""):
            out.append(Decimal(s[:i] + alt + s[i + 1 :]))
    for i, ch in enumerate(s if drop else ""):
        rest = s[:i] + s[i + 1 :]
        if ch.isdigit() and re.fullmatch(r"[1-9]\d*(\.\d+)?|0(\.\d+)?", rest):
            out.append(Decimal(rest))
    if cents and value == value.to_integral_value() and abs(value) >= 100 and "." not in s:
        out.append(value.scaleb(-2))
    return out


def _digit_split(item: Item, amount: Decimal) -> tuple[Decimal, Decimal] | None:
    """Quantity and unit price from the digit runs of their two cells, when exactly one way fits.

    OCR misreads a thousands separator ('24;900' read as 900) or moves a digit across the
    gap between the quantity and price columns; the digits themselves are usually right.
    Each cell's runs are joined, and the runs of both cells, in page order, are split
    again at every point: the reading whose product is the amount is the one printed.
    """
    q_tokens, u_tokens = item.cells.get("quantity") or [], item.cells.get("unit_price") or []
    if not q_tokens or not u_tokens or amount <= 0:
        return None
    fits: set[tuple[Decimal, Decimal]] = set()

    def digits(tokens: list) -> str:
        return "".join(re.findall(r"\d+", "".join(t.text for t in tokens)))

    q_digits, u_digits = digits(q_tokens), digits(u_tokens)
    if q_digits and u_digits and Decimal(q_digits) * Decimal(u_digits) == amount:
        fits.add((Decimal(q_digits), Decimal(u_digits)))
    quantity_first = q_tokens[0].x0 < u_tokens[0].x0
    run = q_digits + u_digits if quantity_first else u_digits + q_digits
    for k in range(1, len(run)):
        left, right = run[:k], run[k:]
        if right[0] == "0" and len(right) > 1:
            continue
        q, u = (Decimal(left), Decimal(right)) if quantity_first else (Decimal(right), Decimal(left))
        if q > 0 and line_amount(q, u, amount) == amount:
            fits.add((q, u))
    return fits.pop() if len(fits) == 1 else None


def repair_item(item: Item) -> None:
    """Fill a missing cell from the other two, or fix one misread cell so that q × u = a."""
    _quantity_with_decimals(item)
    _minus_marks_that_cancel(item)
    q, u, a = item.quantity, item.unit_price, item.amount
    if a is None and q is not None and u is not None:
        item.amount = q * u
    elif q is None and u and a is not None:
        _quantity_from(item, u, a)
    elif u is None and q and a is not None:
        unit = a / q
        exp = a.as_tuple().exponent
        if unit == unit.quantize(Decimal(1).scaleb(min(exp, 0))):
            item.unit_price = unit.quantize(Decimal(1).scaleb(min(exp, 0)))
    elif q is not None and u is not None and a is not None and line_amount(q, u, a) != a:
        _mend_misread_cell(item, q, u, a)


def _minus_marks_that_cancel(item: Item) -> None:
    """A quantity and a price both read negative over a positive amount: two stray marks read as
    minus signs (a fax's dashes, '- 3個 -7,900' for 3 × 7,900 = 23,700), as no line prints them
    (a return prints its quantity or its amount negative, not both factors). So is a price's
    minus that is a garbled dash of its own before it ('--' at 7 before '¥1,690'), over a
    positive amount and no negative count: no discount line, which prints its amount negative."""
    q, u, a = item.quantity, item.unit_price, item.amount
    if q is not None and u is not None and q < 0 and u < 0 and (a is None or a > 0):
        item.quantity, item.unit_price = -q, -u
    price = item.cells.get("unit_price") or []
    stray = len(price) >= 2 and re.fullmatch(r"[-—–ー~]+", price[0].text) is not None and price[0].confidence < GARBLED
    if stray and (q is None or q > 0) and u is not None and u < 0 and a is not None and a > 0:
        item.unit_price = -u


_CENTS = re.compile(r"\d[.,]\d{2}")  # a figure printed with two decimals, as its last characters
_POINTLESS = re.compile(r"\d{3,}")  # ... and one whose point OCR lost ('1000' for '10.00')


def lost_points(items: list[Item]) -> None:
    """In a column that prints its figures with two decimals ('2.00', '43.50'), a figure read
    without its point ('1000', '21750') is the decimal one (10.00, 217.50), where the line
    multiplies out so."""
    columns = {}
    for cell in ("quantity", "unit_price", "amount"):
        texts = ["".join(t.text for t in item.cells.get(cell) or []) for item in items]
        printed = [t for t in texts if t]
        if sum(bool(_CENTS.search(t[-4:])) for t in printed) * 2 > len(printed) >= 3:
            columns[cell] = texts
    for at, item in enumerate(items):
        mended = {cell: Decimal(texts[at]).scaleb(-2) for cell, texts in columns.items()
                  if _POINTLESS.fullmatch(texts[at])}
        if not mended:
            continue
        q, u, a = (mended.get(cell, getattr(item, cell)) for cell in ("quantity", "unit_price", "amount"))
        if None in (q, u, a) or line_amount(q, u, a) == a:
            for cell, value in mended.items():
                setattr(item, cell, value)


def _quantity_with_decimals(item: Item) -> None:
    """A quantity printed with three decimals ('744.000' hours, '250.500' GB) read as thousands
    is the decimal number, where that multiplies out to the amount and the thousands do not."""
    q, u, a = item.quantity, item.unit_price, item.amount
    text = "".join(t.text for t in item.cells.get("quantity") or [])
    m = re.match(r"(\d{1,3})[.,](\d{3})(?!\d)", text)
    if None in (q, u, a) or m is None or line_amount(q, u, a) == a:
        return
    decimal = Decimal(f"{m.group(1)}.{m.group(2)}")
    if line_amount(decimal, u, a) == a:
        item.quantity = decimal


def a_quantity(ratio: Decimal) -> bool:
    """Whether amount ÷ price can be a line's quantity: a whole number, and not an absurd one."""
    return ratio == ratio.to_integral_value() and 0 < ratio < 100000


def as_discount(u: Decimal, a: Decimal) -> tuple[Decimal, Decimal] | None:
    """A price and an amount of opposite signs are a discount line that lost one of its minus
    marks: both are negative. None when the signs agree."""
    return (-abs(u), -abs(a)) if u * a < 0 else None


def _quantity_from(item: Item, u: Decimal, a: Decimal) -> None:
    """The quantity no cell gave: the amount over the price as read, else over one misreading of
    it ('880|' read as 8801); else the one misread digit of the amount that a number printed on
    the row (in a column no caption named) times the price explains ('116,900' for 20 × 5,800).
    A discount that lost one minus mark is read as magnitudes, then made negative."""
    if as_discount(u, a):
        item.unit_price, item.amount = abs(u), abs(a)
        _quantity_from(item, abs(u), abs(a))
        for price in without_leading_mark(abs(u))[1:] if item.quantity is None else ():
            # Its price's ▲ read as a digit ('411,600' for ▲11,600), the amount's kept as a minus.
            if a_quantity(ratio := abs(a) / price):
                item.quantity, item.unit_price = ratio.quantize(Decimal(1)), price
        item.unit_price, item.amount = -abs(item.unit_price), -abs(item.amount)
        return
    for price in (u, *_variants(u, drop=not _grouped(item, "unit_price"))):
        ratio = a / price if price else Decimal(0)
        if a_quantity(ratio):
            item.quantity, item.unit_price = ratio.quantize(Decimal(1)), price
            return
    for amount in without_leading_mark(a)[1:]:
        # A discount's ▲ read as a digit before its amount ('44,100' for ▲4,100): the sign is
        # the subtotal's to settle (lost_minus).
        if a_quantity(ratio := amount / u):
            item.quantity, item.amount = ratio.quantize(Decimal(1)), amount
            return
    printed = _counts_printed(item)
    fits = [v for v in _variants(a) if len(format(v, "f")) == len(format(a, "f")) and v / u in printed]
    if len(fits) == 1:
        item.quantity, item.amount = (fits[0] / u).quantize(Decimal(1)), fits[0]


def _counts_printed(item: Item) -> set[Decimal]:
    """The whole numbers printed alone in a line's cells, any of which may be its quantity."""
    return {Decimal(t.text) for cell in item.cells.values() for t in cell if re.fullmatch(r"[1-9]\d{0,4}", t.text)}


def _mend_misread_cell(item: Item, q: Decimal, u: Decimal, a: Decimal) -> None:
    """Three cells whose product does not hold: the one misreading that makes it hold."""
    if a < 0 < u and q > 0:
        # A discount line: its price carries the minus mark its amount shows, which OCR lost or
        # read as a digit ('▲5,200' read as 45,200).
        for price in (u, *_variants(u)):
            if q * -price == a:
                item.unit_price = -price
                return
    split = _digit_split(item, a)
    if split is not None:
        item.quantity, item.unit_price = split
        return
    # One cell misread: its confusable readings, the amount first (widest, most digits); where
    # readings of two cells fit, the one OCR read less surely ('720' weakly for 72 × 400 = 28,800,
    # not 720 × 40).
    fits = []
    for name in ("amount", "unit_price", "quantity"):
        value = getattr(item, name)
        grouped = _grouped(item, name)  # ('3,000' lost no point: its groups show every digit)
        alts = _variants(value, cents=a.as_tuple().exponent < 0, drop=not grouped)
        if name == "quantity" and not grouped:  # a count's point lost: '25' hours for 2.5, or '76' for 7.5
            alts += [v.scaleb(-1) for v in [value, *alts] if v == v.to_integral_value() and v >= 10]
        if name == "unit_price":
            alts += _first_figures_lost(item, q, u, a)
            if not grouped and value.as_tuple().exponent >= 0 and value >= 10:
                alts.append(value.scaleb(-1))  # a price's point lost: '178' for 17.8 (beside '3,000')
        for alt in alts:
            trial = {"quantity": q, "unit_price": u, "amount": a, name: alt}
            if trial["quantity"] * trial["unit_price"] == trial["amount"]:
                fits.append((name, alt))
                break
    if fits:
        name, alt = min(fits, key=lambda fit: _sureness(item, fit[0]))  # (equally sure: the amount first)
        setattr(item, name, alt)
        return
    if abs(u) == abs(a):
        # A price that is its amount (its sign aside, the subtotal's to settle): one ('1 式' whose 1
        # a scan read as 8).
        item.quantity = Decimal(1)
        return
    price = a / q if q else None
    cents = Decimal(1).scaleb(min(a.as_tuple().exponent, 0))  # (the amount's precision)
    if price is not None and price == price.quantize(cents) and price > 0 < u \
            and digits_of(price).startswith(digits_of(u)) and (
                price == price.to_integral_value() and _read_short(item.cells.get("unit_price"))
                or _cut_at_mark(item.cells.get("unit_price"))):
        # OCR read the first figures of the price's box ('3' in the box of 370), or its figures up
        # to the decimal mark ('21.' of 21,40)
        item.unit_price = price.quantize(cents)
        return
    if price is not None and price == price.to_integral_value() and price > 0 < u and u > price \
            and digits_of(u).startswith(digits_of(price)) and _least_sure(item, "unit_price") \
            and _sureness(item, "unit_price") < SURE:
        item.unit_price = price  # figures read after the price's own, unsurely ('42079' for 420 and its 円)
        return
    # The price garbled past a single misreading ('9266' read weakly for 3,200): the amount and
    # quantity give it, the amount read cleanly.
    if _weak(item.cells.get("unit_price")) and not _weak(item.cells.get("amount")) and q:
        price = a / q
        if price == price.quantize(Decimal(1).scaleb(min(a.as_tuple().exponent, 0))):
            item.unit_price = price.quantize(Decimal(1).scaleb(min(a.as_tuple().exponent, 0)))
            return
    # The amount garbled ('37.00円' read weakly for 37,000円), the quantity and price read
    # well: their product, where its digits are one misreading from the amount's.
    if _weak(item.cells.get("amount")) and min(_sureness(item, "quantity"), _sureness(item, "unit_price")) >= GARBLED \
            and within_one_edit(digits_of(q * u), digits_of(a)):
        item.amount = q * u
        return
    # One digit of the price misread past the usual confusions ('2,933' for 2,333), the price read
    # less surely than the amount and the quantity: the amount over the quantity.
    price = a / q if q else None
    if price is not None and _one_digit_apart(price, u) and _least_sure(item, "unit_price"):
        item.unit_price = price
        return
    # Quantity misread entirely (e.g. '1' lost): trust the price and the amount when they divide.
    if u and a_quantity(ratio := a / u):
        item.quantity = ratio.quantize(Decimal(1))


def _grouped(item: Item, cell: str) -> bool:
    """Whether a cell's figure was printed with its thousands groups ('3.800'): it has as many
    digits as it shows, none of them a rule or a speck read as one."""
    return any(re.fullmatch(r"\D*\d{1,3}(?:[,.]\d{3})+\D*", t.text) for t in item.cells.get(cell, []))


def digits_of(value: Decimal) -> str:
    """A figure's digits as printed without its marks and leading zeros (5.00 is '500')."""
    return re.sub(r"\D", "", format(value, "f")).lstrip("0")


def _one_digit_apart(x: Decimal, y: Decimal) -> bool:
    """Two figures of as many digits that differ in one of them."""
    a, b = format(x, "f"), format(y, "f")
    return len(a) == len(b) and sum(c != d for c, d in zip(a, b, strict=True)) == 1


def _first_figures_lost(item: Item, q: Decimal, u: Decimal, a: Decimal) -> list[Decimal]:
    """The price whose first figures OCR lost, or garbled into a mark before the rest ('邊' '400'
    for 4,400; '800' for 2,800): the amount over the count, where it ends in the figures read
    and the price was read unsurely (a garbled word before its figures, or the figures
    themselves where the count and amount were read cleanly)."""
    cell = item.cells.get("unit_price") or []
    figure = next((i for i, t in enumerate(cell) if any(ch.isdigit() for ch in t.text)), 0)
    garbled = any(t.confidence < SURE and t.text.isalpha() for t in cell[:figure])
    unsure = cell and cell[figure].confidence < SURE <= min(_sureness(item, "quantity"), _sureness(item, "amount"))
    if q <= 0 or u <= 0 or not (garbled or unsure):
        return []
    price = a / q
    printed = price.quantize(a)  # (to the amount's precision: a price printed so)
    if price <= u or price != printed or not format(printed, "f").endswith(format(u, "f")):
        return []
    return [printed]


def _sureness(item: Item, cell: str) -> float:
    """How surely OCR read a cell: its least sure token (0 if none)."""
    return min((t.confidence for t in item.cells.get(cell, [])), default=0.0)


def _least_sure(item: Item, cell: str) -> bool:
    """Whether OCR read a figure cell less surely than each other figure cell it read."""
    others = [name for name in ("quantity", "unit_price", "amount") if name != cell and item.cells.get(name)]
    return bool(others) and all(_sureness(item, cell) < _sureness(item, name) for name in others)


READ_SHORT = 2.5  # a figure's box this many times wider than its characters need: OCR lost some of it


def _read_short(tokens: list | None) -> bool:
    """Whether a cell is one figure read unsurely in a box far wider than its characters need."""
    return bool(tokens) and len(tokens) == 1 and tokens[0].confidence < SURE and (
        tokens[0].x1 - tokens[0].x0 > READ_SHORT * 0.6 * tokens[0].h * len(tokens[0].text))


def _cut_at_mark(tokens: list | None) -> bool:
    """Whether a cell's one figure was read up to its decimal mark and no further ('21.')."""
    figures = [t for t in tokens or [] if re.search(r"\d", t.text)]
    return len(figures) == 1 and re.fullmatch(r"\d+[.,]", figures[0].text) is not None


def _weak(tokens: list | None) -> bool:
    """Whether a cell was read weakly (garble), or not at all."""
    return not tokens or min(t.confidence for t in tokens) < GARBLED


def lost_minus(items: list[Item], subtotal: Decimal | None) -> None:
    """A discount line whose minus mark OCR lost or misread ('全7,500' for ▲7,500, '416,700' for
    ▲16,700): where the lines add up to the printed subtotal only with exactly one of them
    negative, that one is. So is a single discount ('1 式') whose amount OCR read as nothing but
    a 0 ('Ap 000' for ▲12,000), its price's ▲ as a digit ('412,000')."""
    amounts = [i.amount for i in items]
    if subtotal is None or not items or None in amounts:
        return
    excess = sum(amounts, Decimal(0)) - subtotal
    if excess <= 0:
        return
    flipped = [(i, d) for i in items if i.amount is not None and i.amount > 0
               for d in without_leading_mark(i.amount) if i.amount + d == excess]
    flipped += [(i, d) for i in items if _amount_lost(i) for d in without_leading_mark(i.unit_price) if d == excess]
    if len(flipped) == 1:
        item, discount = flipped[0]
        item.amount = -discount
        if item.unit_price == discount:
            # One discount ('1 式'), whatever quantity the misread amount over its price made of it.
            item.quantity, item.unit_price = Decimal(1), -discount
        elif item.unit_price is not None and item.unit_price > 0:
            item.unit_price = -(discount / item.quantity if item.quantity else discount)
            item.quantity = item.quantity or Decimal(1)  # (no count read: the price is the amount)


def _amount_lost(item: Item) -> bool:
    """Whether a single line ('1 式', or no count read) has a price but its amount was read as 0."""
    return (item.amount == 0 and item.unit_price is not None and item.unit_price > 0
            and item.quantity in (None, Decimal(1)))


MOST_NEGATIVE = 6  # negative lines, at most, whose signs the subtotal is asked to settle together


def stray_minus(items: list[Item], subtotal: Decimal | None) -> None:
    """Lines read negative by a stray mark before a figure (a fax's rule or speck read as a minus,
    '-¥7,360' for 8 × 920 = 7,360, which made the line a discount): where the lines add up to
    the printed subtotal with exactly one set of their negative lines made positive, those are."""
    amounts = [i.amount for i in items]
    if subtotal is None or not items or None in amounts:
        return
    shortfall = subtotal - sum(amounts, Decimal(0))
    negative = [i for i in items if i.amount is not None and i.amount < 0]
    if shortfall <= 0 or len(negative) > MOST_NEGATIVE:
        return
    flips = [chosen for n in range(1, len(negative) + 1) for chosen in itertools.combinations(negative, n)
             if sum((-2 * i.amount for i in chosen), Decimal(0)) == shortfall]
    if len(flips) == 1:
        for item in flips[0]:
            item.amount = -item.amount
            if item.unit_price is not None and item.unit_price < 0:
                item.unit_price = -item.unit_price


def price_run_into_amount(items: list[Item], subtotal: Decimal | None) -> None:
    """A line whose price and amount OCR read as one figure ('5606720' for 560 and 6,720, at
    12): where exactly one line's price splits into a price and an amount that its quantity
    multiplies out, and the lines then add up to the printed subtotal, it is so split."""
    amounts = [i.amount for i in items]
    if subtotal is None or None in amounts or (lines := sum(amounts, Decimal(0))) == subtotal:
        return
    fits = []
    for item in items:
        q, u = item.quantity, item.unit_price
        if not q or u is None or u <= 0 or u != u.to_integral_value():
            continue
        digits = str(int(u))
        rest = lines - item.amount
        fits += [(item, Decimal(digits[:k]), Decimal(digits[k:])) for k in range(1, len(digits))
                 if digits[k] != "0" and q * Decimal(digits[:k]) == Decimal(digits[k:])
                 and rest + Decimal(digits[k:]) == subtotal]
    if len(fits) == 1:
        item, item.unit_price, item.amount = fits[0]


def mended_by_subtotal(items: list[Item], subtotal: Decimal | None) -> list[Item]:
    """The lines, one whose figures do not hold mended by the printed subtotal
    (`amount_from_subtotal`), without those read from rows that did not multiply out and that
    it did not mend (`Item.unconfirmed`): no lines at all."""
    amount_from_subtotal(items, subtotal)
    price_misread_count_lost(items, subtotal)
    point_lost_in_amount(items, subtotal)
    return [i for i in items if not i.unconfirmed or product(i) == i.amount]


def point_lost_in_amount(items: list[Item], subtotal: Decimal | None) -> None:
    """A line whose amount OCR read without its decimal point ('£97000' for £970.00) and whose
    price it misread too ('£189.00' for £485.00): where the printed subtotal asks of it exactly
    the amount's digits with their point, and that is a whole number of cents per unit of its
    count, it takes that amount, and that price."""
    if subtotal is None or not items or any(i.amount is None for i in items):
        return
    rest = sum((i.amount for i in items if not i.unconfirmed), Decimal(0))
    if rest == subtotal:
        return
    for item in items:
        asked = subtotal - (rest - (item.amount if not item.unconfirmed else Decimal(0)))
        if (product(item) != item.amount and item.quantity and asked > 0 and asked.as_tuple().exponent < 0
                and item.amount == asked.scaleb(-asked.as_tuple().exponent)
                and (price := asked / item.quantity) == price.quantize(asked)):
            item.amount, item.unit_price = asked, price.quantize(asked)
            return


def price_misread_count_lost(items: list[Item], subtotal: Decimal | None) -> None:
    """A line whose count was lost and whose price is one misread digit from its amount ('-9,300'
    for a discount's -2,300), the amounts adding up to the printed subtotal: one of itself, its
    price its amount."""
    if subtotal is None or not items or any(i.amount is None for i in items):
        return
    if sum((i.amount for i in items if not i.unconfirmed), Decimal(0)) != subtotal:
        return
    for item in items:
        if (item.quantity is None and item.unit_price not in (None, item.amount)
                and (item.unit_price < 0) == (item.amount < 0)
                and within_one_edit(digits_of(item.unit_price), digits_of(item.amount))):
            item.quantity, item.unit_price = Decimal(1), item.amount


def amount_from_subtotal(items: list[Item], subtotal: Decimal | None) -> None:
    """A line whose figures do not hold, its amount misread ('4,200' for a discount's -1,200, its
    minus run into the 1; '7,320' for 7,920) and its quantity lost or misread: where exactly one
    such line can take the amount the printed subtotal asks of it (the subtotal less the other
    lines, those of rows that did not multiply out left aside), that amount being a whole
    number of its price, printed on its row as a count or one misread digit from the amount
    read, it takes that amount and quantity. Where none can, a line of one at its amount takes the
    amount asked one misread digit from it, as its price too."""
    if subtotal is None or not items or any(i.amount is None for i in items):
        return
    if sum((i.amount for i in items if not i.unconfirmed), Decimal(0)) == subtotal:
        return
    asked = {id(item): subtotal - sum((i.amount for i in items if i is not item and not i.unconfirmed), Decimal(0))
             for item in items}
    fits = [item for item in items if item.unit_price and product(item) != item.amount
            and _takes(item, asked[id(item)])]
    if len(fits) == 1:
        item = fits[0]
        item.amount = asked[id(item)]
        item.quantity = (item.amount / item.unit_price).quantize(Decimal(1))
    elif not fits:
        # One of a kind, its price its amount ('1 式' of a discount), both one figure read
        # unsurely: a digit lost ('-6,100' for -16,100) or misread in the one reading that gave both.
        singles = [item for item in items if item.quantity == 1 and item.unit_price == item.amount
                   and not item.unconfirmed and _sureness(item, "amount") < SURE
                   and (asked[id(item)] < 0) == (item.amount < 0)
                   and within_one_edit(digits_of(asked[id(item)]), digits_of(item.amount))]
        if len(singles) == 1:
            item = singles[0]
            item.amount = item.unit_price = asked[id(item)]


def _takes(item: Item, asked: Decimal) -> bool:
    """Whether a broken line's amount can be `asked`: a whole number of its price, that number
    printed on its row (a quantity in a column no caption named, a discount's '1 式') or the
    amount read one misread digit from it."""
    count = asked / item.unit_price
    if not a_quantity(count):
        return False
    return (count in _counts_printed(item) or count == item.quantity
            or within_one_edit(digits_of(asked), digits_of(item.amount)))


def without_strays(items: list[Item], subtotal: Decimal | None) -> list[Item]:
    """The lines without those that are an amount alone on its row (no quantity, no price: a
    page number or a smudge OCR read as a figure), or else without the one that is the subtotal
    itself (a summary row under the table, '10%対象 ¥122,070', taken for 1 × 122,070), where the
    lines add up to the printed subtotal only without them."""
    amounts = [i.amount for i in items]
    if subtotal is None or None in amounts or sum(amounts, Decimal(0)) == subtotal:
        return items
    kept = [i for i in items if i.quantity is not None or i.unit_price is not None]
    if kept and sum((i.amount for i in kept), Decimal(0)) == subtotal:
        return kept
    if sum(amounts, Decimal(0)) == 2 * subtotal and amounts.count(subtotal) == 1 and len(items) > 1:
        return [i for i in items if i.amount != subtotal]
    return items


def without_leading_mark(amount: Decimal) -> list[Decimal]:
    """What an amount read with a mark before it may be: itself, or itself without its first
    digit (a discount's ▲, or a rule, read as one)."""
    text = format(amount, "f")
    shorter = Decimal(text[1:]) if len(text) > 1 and text[1] not in "0." else None
    return [amount] + ([shorter] if shorter is not None else [])


def fits(tax: Decimal, taxable: Decimal, rate: Decimal) -> bool:
    """Whether taxable at rate gives tax, rounded to the tax's own precision one of the usual ways."""
    return tax in tax_for(taxable, rate, min(tax.as_tuple().exponent, 0))


def infer_rate(taxable: Decimal, tax: Decimal) -> Decimal | None:
    """The rate at which taxable gives tax (within rounding), the common ones first, or None."""
    return next((r for r in [*COMMON_RATES, *TAX_RATES] if fits(tax, taxable, r)), None)


def exact_rate(taxable: Decimal, tax: Decimal) -> Decimal | None:
    """The rate of two or three decimals at which taxable gives tax, rounded to the tax's unit (a
    state's and a city's sales tax together: 8.25%, 8.875%), or None. Rates are set in steps of
    a fortieth of a percent at the finest (9.975%): a share such as 20.733% is a tax printed
    wrong, no rate."""
    if taxable <= 0 or tax <= 0:
        return None
    share = tax * 100 / taxable
    for places in ("0.01", "0.001"):
        rate = share.quantize(Decimal(places)).normalize()
        if 0 < rate < 30 and rate % RATE_STEP == 0 and fits(tax, taxable, rate):
            return rate
    return None


RATE_STEP = Decimal("0.025")


def split_rates(items: list[Item], taxes: dict[Decimal, Decimal]) -> dict[int, Decimal] | None:
    """Which items carry which of two rates, when exactly one split of the amounts fits the printed taxes."""
    if len(taxes) != 2 or not items or len(items) > 18 or any(i.amount is None for i in items):
        return None
    (r1, t1), (r2, t2) = sorted(taxes.items())
    exp = min(t1.as_tuple().exponent, 0)
    found = None
    for mask in itertools.product((0, 1), repeat=len(items)):
        low = sum((i.amount for i, m in zip(items, mask, strict=True) if m == 0), Decimal(0))
        high = sum((i.amount for i, m in zip(items, mask, strict=True) if m == 1), Decimal(0))
        if t1 in tax_for(low, r1, exp) and t2 in tax_for(high, r2, exp):
            if found is not None:
                return None
            found = mask
    if found is None:
        return None
    return {n: (r1 if m == 0 else r2) for n, m in enumerate(found)}


def tax_rates_among(printed: set[Decimal], currency: str | None) -> set[Decimal]:
    """The printed percentages that may be tax rates in the currency's country (`RATES_IN`); no
    country charges a fraction of one per cent: that is a late-payment interest ('renter på 0,81 %
    pr. måned') or a fee."""
    charged = RATES_IN.get(currency or "")
    return {r for r in printed if r == 0 or (r >= 1 and (charged is None or r in charged))}
