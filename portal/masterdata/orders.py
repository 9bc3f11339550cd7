"""Purchase orders the portal makes itself: an approved quote becomes an order (source
'quote'), which later invoices match against. Every function flushes and never commits."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from portal import audit
from portal.extensions import db
from portal.matching.services import rematch_orders
from portal.models import Document, DocumentLine, PurchaseOrder, PurchaseOrderLine, User
from portal.models.types import to_places


class QuoteNotOrderable(ValueError):
    """A quote that cannot become an order, with the reason for the user."""


def quote_order_number(document: Document) -> str:
    return f"PO-Q-{document.id:06d}"


def unit_price_of(line: DocumentLine, quantity: Decimal) -> Decimal:
    """The line's unit price; where none was printed, its amount over its quantity, rounded
    half up to the four places a unit price is kept with."""
    if line.unit_price is not None:
        return line.unit_price
    return to_places((line.amount or Decimal(0)) / quantity)


def order_from_quote(document: Document, user: User | None = None) -> PurchaseOrder:
    """The approved quote as a purchase order (source 'quote'), which later invoices match against."""
    number = quote_order_number(document)
    existing = db.session.scalar(select(PurchaseOrder).where(PurchaseOrder.number == number))
    if existing is not None:
        return existing
    if document.supplier_id is None or not document.lines:
        raise QuoteNotOrderable(_("A quote needs a known supplier and at least one line to become an order."))
    only_rate = document.tax_lines[0].rate if len(document.tax_lines) == 1 else None
    order = PurchaseOrder(number=number, supplier_id=document.supplier_id, order_date=date.today(),
                          currency=document.currency or "JPY", source="quote")
    for line in document.lines:
        quantity = line.quantity if line.quantity is not None else Decimal(1)
        order.lines.append(PurchaseOrderLine(
            line_no=line.position, description=(line.description or "—")[:500], quantity=quantity,
            unit_price=unit_price_of(line, quantity),
            tax_rate=line.tax_rate if line.tax_rate is not None else (only_rate or Decimal(0))))
    db.session.add(order)
    db.session.flush()
    audit.record("order_created", document, after={"po_number": number, "lines": len(order.lines)}, user=user)
    rematch_orders([order.id])  # invoices printing this number may have arrived first
    return order
