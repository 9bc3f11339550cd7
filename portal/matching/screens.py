"""What the matching screens show: invoice lines beside order lines, the qualified-invoice check
(the exceptions queue is portal.matching.queue)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from portal.matching import rules, tolerances
from portal.matching.overrides import overrides_of
from portal.matching.services import invoice_record, qualified_invoice_check
from portal.models import Document, DocumentLine, PurchaseOrderLine

# Words that introduce the addressee on an invoice (the qualified invoice's sixth item).
_RECIPIENT = re.compile(r"御中|様|bill(?:ed)?\s*to|invoice\s*to|sold\s*to|customer|宛", re.IGNORECASE)


@dataclass
class LinePair:
    """One invoice line and the order line it bills, with what differs."""

    line: DocumentLine | None
    order_line: PurchaseOrderLine | None
    price_above: bool = False
    quantity_above_ordered: bool = False
    quantity_above_received: bool = False

    @property
    def differs(self) -> bool:
        return self.price_above or self.quantity_above_ordered or self.quantity_above_received


def line_pairs(document: Document, tolerance_percent: Decimal) -> list[LinePair]:
    """The document's lines beside their order lines; order lines nobody billed come last."""
    match = document.match
    order = match.order if match else None
    if order is None:
        return [LinePair(line, None) for line in document.lines]
    order_records = [rules.OrderLine(ol.id, ol.line_no, ol.description, ol.quantity, ol.unit_price,
                                     ol.tax_rate, ol.quantity_received, ol.sku) for ol in order.lines]
    paired = rules.pair_lines(invoice_record(document).lines, order_records)
    by_id = {ol.id: ol for ol in order.lines}
    pairs, billed = [], set()
    for line, record in zip(document.lines, paired, strict=True):
        order_line = by_id.get(record.id) if record else None
        pair = LinePair(line, order_line)
        if order_line is not None:
            billed.add(order_line.id)
            signed = rules.InvoiceLine(None, line.quantity, line.unit_price, line.amount)  # a discount's sign
            price, quantity = signed.effective_unit_price, signed.effective_quantity if line.quantity else None
            pair.price_above = line.unit_price is not None and price > rules.price_limit(order_line.unit_price,
                                                                                         tolerance_percent)
            pair.quantity_above_ordered = quantity is not None and quantity > order_line.quantity
            pair.quantity_above_received = (quantity is not None and not pair.quantity_above_ordered
                                            and quantity > order_line.quantity_received)
        pairs.append(pair)
    pairs += [LinePair(None, ol) for ol in order.lines if ol.id not in billed]
    return pairs


def recipient_printed(document: Document) -> str | None:
    """The addressee line as printed on the first page, if any (for the qualified-invoice check)."""
    if not document.pages:
        return None
    for text_line in document.pages[0].text.splitlines():
        if _RECIPIENT.search(text_line):
            return text_line.strip()
    return None


def qualified_check(document: Document) -> rules.QualifiedInvoiceCheck:
    return qualified_invoice_check(document, recipient_printed(document) or "")


def match_context(document: Document) -> dict:
    """What templates/review/_match.html needs, for any page that shows a document's match."""
    if document.match is None:
        return {"overrides": {}}
    return {
        "pairs": line_pairs(document, tolerances.price_tolerance(document.supplier)),
        "qualified": qualified_check(document),
        "overrides": overrides_of(document),
    }
