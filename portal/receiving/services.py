"""Goods receipt (検収) recorded in the portal by whoever takes delivery.

Each received quantity becomes a GoodsReceipt (source 'portal', and who recorded it: they may
not approve the order's invoices, portal.approvals.duties) on its order line;
then matching runs again for the invoices the order touches, so `not_received`
clears once the goods are in. Every function flushes and never commits.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _

from portal import audit
from portal.extensions import db
from portal.matching.services import rematch_orders
from portal.models import GoodsReceipt, PurchaseOrder, PurchaseOrderLine, User
from portal.numbers import parse_number


class ReceiptError(ValueError):
    """A receipt refused; `errors` maps order line ids to their message."""

    def __init__(self, message: str, errors: dict[int, str] | None = None):
        super().__init__(message)
        self.errors = errors or {}


def outstanding(line: PurchaseOrderLine) -> Decimal:
    return max(line.quantity - line.quantity_received, Decimal(0))


def _quantity(raw: str | Decimal | None) -> Decimal | None:
    """A quantity received: a number of zero or more, None when nothing was typed; else ValueError."""
    quantity = parse_number(raw)
    if quantity is not None and quantity < 0:
        raise ValueError(raw)
    return quantity


def record_receipt(order: PurchaseOrder, quantities: dict[int, str | Decimal | None], user: User | None,
                   received_on: date | None = None) -> list[GoodsReceipt]:
    """Record what arrived per order line, then re-match the invoices of the order."""
    received_on = received_on or date.today()
    lines = {line.id: line for line in order.lines}
    errors: dict[int, str] = {}
    wanted: dict[int, Decimal] = {}
    for line_id, raw in quantities.items():
        line = lines.get(line_id)
        if line is None:
            continue
        try:
            quantity = _quantity(raw)
        except ValueError:
            errors[line_id] = _("Enter a quantity such as 3 or 2.5.")
            continue
        if quantity is None or quantity == 0:
            continue
        if quantity > outstanding(line):
            errors[line_id] = _("Only %(n)s still to receive.", n=outstanding(line))
            continue
        wanted[line_id] = quantity
    if errors:
        raise ReceiptError(_("Check the quantities marked below; nothing was recorded."), errors)
    if not wanted:
        raise ReceiptError(_("Enter the quantity received for at least one line."))
    receipts = []
    for line_id, quantity in wanted.items():
        receipt = GoodsReceipt(order_line_id=line_id, quantity_received=quantity, received_date=received_on,
                               source="portal", received_by_id=user.id if user else None)
        lines[line_id].receipts.append(receipt)
        receipts.append(receipt)
    db.session.flush()
    audit.record("goods_received", order, after={
        f"line {lines[i].line_no}": q for i, q in wanted.items()} | {"received_on": received_on}, user=user)
    rematch_orders([order.id])
    return receipts
