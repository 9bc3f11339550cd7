"""The match: one document against the orders and everything uploaded before it, every rule in turn."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from portal.matching.rules.lines import allocate, pair_lines
from portal.matching.rules.messages import N_, Message
from portal.matching.rules.orders import check_registration, find_order
from portal.matching.rules.prices import check_prices
from portal.matching.rules.quantities import check_quantities
from portal.matching.rules.records import (
    DUPLICATE,
    QUANTITY_VARIANCE,
    SUPPLIER_MISMATCH,
    Allocation,
    Finding,
    Invoice,
    Ledger,
    Order,
    OrderLine,
    Original,
    Outcome,
    Tolerances,
)
from portal.matching.rules.tax import check_tax, line_rates
from portal.matching.rules.totals import check_totals


def match_invoice(invoice: Invoice, ledger: Ledger, tolerances: Tolerances | None = None) -> Outcome:
    """Match one document against the orders and everything uploaded before it."""
    tolerances = tolerances or Tolerances()
    if invoice.is_quote:
        return Outcome()
    original = ledger.original_of(invoice)
    if original is not None and original.order_id is None:
        # The original matched no order (its number misread): the repeat's own printed order.
        order, _ = find_order(invoice, ledger)
        original = replace(original, order_id=order.id if order else None)
    if original is not None:
        return _duplicate(original)

    supplier = ledger.supplier(invoice.supplier_id) if invoice.supplier_id is not None else None
    findings = check_registration(invoice.registration_number, supplier)
    findings += check_totals(invoice, tolerances.amount)
    order, order_findings = find_order(invoice, ledger)
    findings += order_findings
    paired: list[OrderLine | None] = [None] * len(invoice.lines)
    allocations: list[Allocation] = []
    if order is not None:
        paired, allocations, order_findings = _against_order(invoice, order, ledger, tolerances.price_for(supplier))
        findings += order_findings
    findings += check_tax(invoice, line_rates(invoice.lines, paired))
    return Outcome(order_id=order.id if order else None, findings=tuple(findings),
                   allocations=tuple(allocations))


def _duplicate(original: Original) -> Outcome:
    """A repeat keeps its original's order (or, the original matched to none, its own), has
    `duplicate` as its only exception and bills nothing."""
    return Outcome(order_id=original.order_id, duplicate_of_id=original.document_id,
                   findings=(Finding(DUPLICATE, Message.of(N_("repeats document %(document)s"),
                                                      document=original.document_id)),))


def _against_order(invoice: Invoice, order: Order, ledger: Ledger, price_tolerance: Decimal,
                   ) -> tuple[list[OrderLine | None], list[Allocation], list[Finding]]:
    """The invoice's lines paired with the order's and billed against them, and what is wrong with that."""
    findings: list[Finding] = []
    if invoice.supplier_id is not None and order.supplier_id != invoice.supplier_id:
        findings.append(Finding(SUPPLIER_MISMATCH, Message.of(N_("order %(order)s is another supplier's"),
                                                            order=order.number)))
    before = ledger.invoiced_before(order, invoice.id)
    paired = pair_lines(invoice.lines, order.lines)
    allocations = allocate(invoice.lines, order, paired, before)
    findings += check_prices(invoice.lines, {line.id: line for line in order.lines}, allocations, price_tolerance)
    findings += check_quantities(order, before, allocations)
    for index, order_line in enumerate(paired):
        if order_line is None and invoice.lines[index].effective_quantity:
            findings.append(Finding(QUANTITY_VARIANCE, Message.of(
                N_("line %(line)s is not on order %(order)s"), line=index + 1, order=order.number)))
    return paired, allocations, findings
