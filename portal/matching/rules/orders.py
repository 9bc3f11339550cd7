"""Rules 1 and 2: the supplier's registration number as printed, and the order a document bills."""
from __future__ import annotations

from decimal import Decimal

from ocr import registration
from portal.matching.rules.identifiers import normalise_po_number
from portal.matching.rules.messages import N_, Message
from portal.matching.rules.records import (
    INVALID_REGISTRATION_NUMBER,
    NO_PO_REFERENCE,
    PO_NOT_FOUND,
    ZERO,
    Finding,
    Invoice,
    Ledger,
    Order,
    SupplierRecord,
)


def check_registration(printed: str | None, supplier: SupplierRecord | None) -> list[Finding]:
    """A printed T-number with a wrong check digit, or not the master's (when it has one)."""
    if not printed or not printed.strip():
        return []
    if not registration.is_valid(printed):
        return [Finding(INVALID_REGISTRATION_NUMBER, Message.of(N_("%(number)s: check digit or shape is wrong"),
                                                               number=printed))]
    master = registration.normalise(supplier.registration_number) if supplier else None
    if master and registration.normalise(printed) != master:
        return [Finding(INVALID_REGISTRATION_NUMBER, Message.of(
            N_("%(number)s is not the supplier's %(registered)s"), number=printed, registered=master))]
    return []


def is_open(order: Order, invoiced_before: dict[int, Decimal]) -> bool:
    """Some line still has quantity that earlier invoices have not billed."""
    return any(invoiced_before.get(line.id, ZERO) < line.quantity for line in order.lines)


def find_order(invoice: Invoice, ledger: Ledger) -> tuple[Order | None, list[Finding]]:
    """Rule 2: the printed PO number, else the supplier's one open order for the subtotal. A
    printed number no order has is `po_not_found`, unless it is built like none of the buyer's
    order numbers: then it is the seller's own (a web shop's order number under 'Order #' or
    注文番号), and no PO number was printed."""
    number = normalise_po_number(invoice.po_number)
    if number is not None:
        order = ledger.order_by_number(number)
        if order is not None:
            return order, []
        if ledger.numbered_like(number):
            return None, [Finding(PO_NOT_FOUND, Message.of(N_("no order %(number)s"), number=invoice.po_number))]
    return _by_amount(invoice, ledger)


def _by_amount(invoice: Invoice, ledger: Ledger) -> tuple[Order | None, list[Finding]]:
    """The supplier's one open order whose line total is the subtotal (the lines' sum where none was read)."""
    amount = invoice.subtotal
    if amount is None and invoice.lines and None not in (line.amount for line in invoice.lines):
        amount = sum((line.amount for line in invoice.lines), ZERO)
    if invoice.supplier_id is None or amount is None:
        return None, [Finding(NO_PO_REFERENCE, Message(N_("no PO number printed, supplier or amount unknown")))]
    candidates = [order for order in ledger.orders_by_amount(invoice.supplier_id, amount)
                  if is_open(order, ledger.invoiced_before(order, invoice.id))]
    if len(candidates) == 1:
        return candidates[0], []
    numbers = ", ".join(sorted(o.number for o in candidates)) or "none"
    return None, [Finding(NO_PO_REFERENCE, Message.of(
        N_("no PO number printed; open orders for %(amount)s: %(orders)s"), amount=amount, orders=numbers))]
