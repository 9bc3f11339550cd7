"""Lines read off a scan, read again with the figures of the order lines they bill.

A fax's or a photo's table is where OCR misreads figures most ('0.084' as '9684', '168.00'
as '468.00'), and each misread figure raises a price or quantity variance nobody owes. The
order holds the figures such a line most likely prints, and the invoice's own totals say
which lines print them: where the lines as read miss a subtotal the totals bear out
(subtotal + tax = total), or a line's quantity × price is not its amount, and giving some
lines the figures of the order lines they bill (the order's quantity, its price, or both;
the amount their product) makes the lines add up to the subtotal in exactly one way with
the fewest lines left not holding and then the fewest changed, those lines were misread.
Likewise a line that bills nothing on the order and does not hold, without which the lines
add up, was never a line (a footer's figures, a total carried from the page before).

A line whose true figures differ from its order's keeps what was read: no choice of the
order's figures adds up to the subtotal it made. Nothing here runs once a person has
corrected a line (`Invoice.lines_as_scanned`).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from ocr.extract.arithmetic import digits_of
from ocr.extract.edits import within_edits
from portal.matching.rules.lines import pair_lines
from portal.matching.rules.records import Invoice, InvoiceLine, Order, OrderLine
from portal.matching.rules.totals import subtotal_borne_out

MOST_OPEN = 40  # lines that can be read more ways than one: past this a page is too garbled to settle ...
MOST_SUMS = 20_000  # ... or sums the search keeps at once


@dataclass(frozen=True)
class _Reading:
    """One way to read a line: as OCR read it, or with (some of) its order line's figures."""

    line: InvoiceLine | None  # None: not a line at all
    changed: bool
    holds: bool  # quantity × price is the amount

    @property
    def amount(self) -> Decimal:
        """What the reading adds to the lines' sum (nothing where no amount was read)."""
        return self.line.amount if self.line is not None and self.line.amount is not None else Decimal(0)


def lines_the_order_explains(invoice: Invoice, order: Order) -> dict[int, InvoiceLine | None]:
    """The invoice's lines (by index) that read right with their order lines' figures, None for
    those that were no lines; empty where the lines as read stand, or no one choice settles them."""
    if not invoice.lines or not invoice.lines_as_scanned:
        return {}
    if invoice.supplier_id is not None and order.supplier_id != invoice.supplier_id:
        return {}
    paired = pair_lines(invoice.lines, order.lines)
    mended: dict[int, InvoiceLine | None] = {
        index: line for index, (read, order_line) in enumerate(zip(invoice.lines, paired, strict=True))
        if order_line is not None and (line := _the_orders_amount_misread(read, order_line)) is not None}
    if not subtotal_borne_out(invoice):
        return mended
    lines = [mended.get(index, line) for index, line in enumerate(invoice.lines)]
    readings = [_readings(line, order_line) for line, order_line in zip(lines, paired, strict=True)]
    if all(len(ways) == 1 for ways in readings):
        return mended
    chosen = _the_one_adding_up_to(invoice.subtotal, readings)
    return mended | {index: reading.line for index, reading in enumerate(chosen or []) if reading.changed}


def _the_orders_amount_misread(line: InvoiceLine, order_line: OrderLine) -> InvoiceLine | None:
    """The order line's figures, where the line bills its amount to the last place in other
    ones: its quantity and price misread ('7.50' and '720' as 45 and 120), or swapped between
    their columns, or one of them taken from the amount over the other misread; or a discount's
    amount read without its minus mark. An amount read alike is no variance, whatever the lines
    add up to."""
    q, u, a = order_line.quantity, order_line.unit_price, line.amount
    if a is None or (line.quantity, line.unit_price, a) == (q, u, q * u):
        return None
    if a == q * u or q * u < 0 < a == -(q * u):
        return replace(line, quantity=q, unit_price=u, amount=a if a == q * u else -a)
    return None


def _readings(line: InvoiceLine, order_line: OrderLine | None) -> list[_Reading]:
    """The line as read, then each way the order line's figures could have been misread as it;
    or, billing nothing on the order and its amount not its quantity × price, no line at all."""
    holds = _holds(line)
    ways = [_Reading(line, False, holds)]
    if order_line is None:
        return ways if holds or line.amount is None else [*ways, _Reading(None, True, True)]
    figures = {(order_line.quantity, order_line.unit_price)}
    if line.quantity is not None:
        figures.add((line.quantity, order_line.unit_price))
    if line.unit_price is not None:
        figures.add((order_line.quantity, line.unit_price))
    places = line.amount.as_tuple().exponent if line.amount is not None else order_line.unit_price.as_tuple().exponent
    for quantity, price in sorted(figures):
        amount = (quantity * price).quantize(Decimal(1).scaleb(min(places, 0)), ROUND_HALF_UP)
        if (quantity, price, amount) == (line.quantity, line.unit_price, line.amount):
            continue
        if line.amount is None or _could_be_misread_as(amount, line.amount):
            ways.append(_Reading(replace(line, quantity=quantity, unit_price=price, amount=amount), True, True))
    return ways


def _holds(line: InvoiceLine) -> bool:
    """Quantity × price is the amount, to the amount's last place (a discount's sign aside)."""
    q, u, a = line.quantity, line.unit_price, line.amount
    if q is None or u is None or a is None:
        return False
    return abs(abs(q * u) - abs(a)) < Decimal(1).scaleb(a.as_tuple().exponent)


def _could_be_misread_as(amount: Decimal, read: Decimal) -> bool:
    """Whether OCR could have read `amount` as `read`: their digits (points and marks aside) at
    most half of them apart, counting a digit changed, lost or added as one."""
    a, b = digits_of(amount), digits_of(read)
    return within_edits(a, b, max(1, max(len(a), len(b)) // 2))


def _the_one_adding_up_to(subtotal: Decimal, readings: list[list[_Reading]]) -> list[_Reading] | None:
    """The one choice of a reading per line whose amounts add up to the subtotal, fewest lines
    not holding first, then fewest changed; None where none does, or two do equally well, or
    more than `MOST_OPEN` lines could be read more ways than one (a page too garbled to settle).

    Lines read one way only add their amounts and nothing else to the choice. Each sum reached
    keeps its best choice and whether another reaches it as well, so the search grows with the
    sums, not with the choices; past `MOST_SUMS` of them it gives up."""
    open_lines = [n for n, ways in enumerate(readings) if len(ways) > 1]
    if len(open_lines) > MOST_OPEN:
        return None
    rest = sum((ways[0].amount for ways in readings if len(ways) == 1), Decimal(0))
    # sum -> ((lines not holding, lines changed), a second choice as good, the readings picked)
    best: dict[Decimal, tuple[tuple[int, int], bool, tuple[int, ...]]] = {rest: ((0, 0), False, ())}
    for n in open_lines:
        following: dict[Decimal, tuple[tuple[int, int], bool, tuple[int, ...]]] = {}
        for total, ((not_holding, changed), tied, picked) in best.items():
            for index, way in enumerate(readings[n]):
                key = total + way.amount
                cost = (not_holding + (not way.holds), changed + way.changed)
                there = following.get(key)
                if there is None or cost < there[0]:
                    following[key] = (cost, tied, (*picked, index))
                elif cost == there[0]:
                    following[key] = (cost, True, there[2])
        if len(following) > MOST_SUMS:
            return None
        best = following
    found = best.get(subtotal)
    if found is None or found[1]:
        return None
    picked = dict(zip(open_lines, found[2], strict=True))
    return [ways[picked.get(n, 0)] for n, ways in enumerate(readings)]
