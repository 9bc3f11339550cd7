"""Line pairing: which order line each invoice line bills, and how its quantity spreads over them."""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from difflib import SequenceMatcher
from functools import lru_cache

from portal.matching.rules.records import Allocation, InvoiceLine, Order, OrderLine

_PAIR_THRESHOLD = 2.0  # below this affinity an invoice line is not taken for the order line
_SAME_ITEM = 0.9  # order lines this alike (and at one price) are the same item, split


@lru_cache(maxsize=65536)
def normalise_description(value: str | None) -> str:
    """Lower-case words and digits only, for comparing line descriptions."""
    if not value:
        return ""
    text = unicodedata.normalize("NFKC", value).casefold()
    return " ".join(re.findall(r"\w+", text))


def description_similarity(a: str | None, b: str | None) -> float:
    """0 (nothing alike) to 1 (the same words), tolerant of OCR slips."""
    na, nb = normalise_description(a), normalise_description(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    return SequenceMatcher(None, na, nb, autojunk=False).ratio()


def _affinity(line: InvoiceLine, order_line: OrderLine) -> float:
    """How likely the invoice line bills the order line: words weigh most, then price, then quantity."""
    similarity = description_similarity(line.description, order_line.description)
    if order_line.sku and line.description and order_line.sku.casefold() in line.description.casefold():
        similarity = 1.0
    price = line.effective_unit_price
    if price is None or not order_line.unit_price:
        price_score = 0.0
    elif price == order_line.unit_price:
        price_score = 1.0
    else:
        gap = abs(price - order_line.unit_price) / abs(order_line.unit_price)  # a discount's price is negative
        price_score = 0.8 * max(0.0, 1.0 - float(gap))
    quantity_score = 1.0 if line.effective_quantity == order_line.quantity else 0.0
    return 3.0 * similarity + 2.0 * price_score + 0.5 * quantity_score


def pair_lines(lines: Sequence[InvoiceLine], order_lines: Sequence[OrderLine]) -> list[OrderLine | None]:
    """The order line each invoice line bills (None: not on the order).

    One to one first, best affinity first, so reordered lines find their partners;
    then lines left over (an order line split over several invoice lines) take their
    best order line even if it is taken. A line whose words equal some order lines'
    is weighed against those only, which spares the fuzzy comparison in the usual case.
    """
    order_words = [normalise_description(ol.description) for ol in order_lines]
    candidates = []
    for i, line in enumerate(lines):
        words = normalise_description(line.description)
        same = [j for j, w in enumerate(order_words) if words and w == words]
        for j in same or range(len(order_lines)):
            if (score := _affinity(line, order_lines[j])) >= _PAIR_THRESHOLD:
                candidates.append((score, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    paired: list[OrderLine | None] = [None] * len(lines)
    taken: set[int] = set()
    best: dict[int, int] = {}
    for _score, i, j in candidates:
        best.setdefault(i, j)
        if paired[i] is None and j not in taken:
            paired[i] = order_lines[j]
            taken.add(j)
    for i, j in best.items():
        if paired[i] is None:
            paired[i] = order_lines[j]
    return paired


def allocate(lines: Sequence[InvoiceLine], order: Order, paired: Sequence[OrderLine | None],
             invoiced_before: dict[int, Decimal]) -> list[Allocation]:
    """Spread each invoice line's quantity over its order line and that line's twins.

    An invoice line that merges two order lines of the same item at the same price
    (or bills one whose quantity earlier invoices used up) fills what is still open
    on each in turn; whatever is left lands on its own order line.
    """
    used = defaultdict(Decimal, invoiced_before)
    allocations: list[Allocation] = []
    for index, (line, order_line) in enumerate(zip(lines, paired, strict=True)):
        quantity = line.effective_quantity
        if order_line is None or quantity is None:
            continue
        twins = [order_line] + [
            other for other in order.lines
            if other.id != order_line.id and other.unit_price == order_line.unit_price
            and description_similarity(other.description, order_line.description) >= _SAME_ITEM
        ]
        remaining = quantity
        for twin in twins:
            room = twin.quantity - used[twin.id]
            if remaining <= 0 or room <= 0:
                continue
            part = min(room, remaining)
            allocations.append(Allocation(index, twin.id, part))
            used[twin.id] += part
            remaining -= part
        if remaining > 0:
            allocations.append(Allocation(index, order_line.id, remaining))
            used[order_line.id] += remaining
    return allocations
