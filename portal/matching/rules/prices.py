"""Prices and tolerances: a unit price above the order line's by more than the supplier's tolerance."""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from portal.matching.rules.messages import N_, Message
from portal.matching.rules.records import HUNDRED, PRICE_VARIANCE, Allocation, Finding, InvoiceLine, OrderLine


def price_limit(ordered: Decimal, tolerance_percent: Decimal) -> Decimal:
    """The highest unit price within tolerance of the ordered one.

    The tolerance is a share of the price's size, so for a discount (a negative price)
    a smaller discount is a price above the order and a bigger one is not.
    """
    return ordered + abs(ordered) * tolerance_percent / HUNDRED


def check_prices(lines: Sequence[InvoiceLine], order_lines: dict[int, OrderLine],
                 allocations: Sequence[Allocation], tolerance_percent: Decimal) -> list[Finding]:
    """A unit price above the order line's by more than the tolerance."""
    findings = []
    seen: set[tuple[int, int]] = set()
    for a in allocations:
        if (a.line_index, a.order_line_id) in seen:
            continue
        seen.add((a.line_index, a.order_line_id))
        price = lines[a.line_index].effective_unit_price
        order_line = order_lines[a.order_line_id]
        if price is not None and price > price_limit(order_line.unit_price, tolerance_percent):
            findings.append(Finding(PRICE_VARIANCE, Message.of(
                N_("line %(line)s: %(price)s against %(ordered)s ordered"),
                line=a.line_index + 1, price=price, ordered=order_line.unit_price), order_line.id))
    return findings
