"""Quantities and receipts: billed so far against ordered and received, and the replay that counts them."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from portal.matching.rules.lines import allocate, pair_lines
from portal.matching.rules.messages import N_, Message
from portal.matching.rules.records import NOT_RECEIVED, QUANTITY_VARIANCE, ZERO, Allocation, Finding, Invoice, Order


def check_quantities(order: Order, invoiced_before: dict[int, Decimal],
                     allocations: Sequence[Allocation]) -> list[Finding]:
    """Quantities billed so far (earlier invoices and this one) against ordered and received."""
    now: dict[int, Decimal] = defaultdict(Decimal)
    for a in allocations:
        now[a.order_line_id] += a.quantity
    findings = []
    for line in order.lines:
        if not now.get(line.id):
            continue
        billed = invoiced_before.get(line.id, ZERO) + now[line.id]
        if billed > line.quantity:
            findings.append(Finding(QUANTITY_VARIANCE, Message.of(
                N_("line %(line)s: %(billed)s invoiced, %(ordered)s ordered"),
                line=line.line_no, billed=billed, ordered=line.quantity), line.id))
        elif billed > line.received:
            findings.append(Finding(NOT_RECEIVED, Message.of(
                N_("line %(line)s: %(billed)s invoiced, %(received)s received"),
                line=line.line_no, billed=billed, received=line.received), line.id))
    return findings


def replay_quantities(order: Order, earlier: Iterable[Invoice]) -> dict[int, Decimal]:
    """Quantities per order line after the given invoices (non-duplicates on this order, in upload order)."""
    invoiced: dict[int, Decimal] = defaultdict(Decimal)
    for invoice in earlier:
        paired = pair_lines(invoice.lines, order.lines)
        for a in allocate(invoice.lines, order, paired, invoiced):
            invoiced[a.order_line_id] += a.quantity
    return dict(invoiced)
