"""Totals: subtotal plus tax is the total, and the lines add up to the subtotal."""
from __future__ import annotations

from decimal import Decimal

from portal.matching.rules.messages import N_, Message
from portal.matching.rules.records import DEFAULT_AMOUNT_TOLERANCE, TOTAL_MISMATCH, ZERO, Finding, Invoice


def _tax_printed(invoice: Invoice) -> Decimal | None:
    if invoice.tax_total is not None:
        return invoice.tax_total
    taxes = [t.tax for t in invoice.taxes]
    return sum(taxes, ZERO) if taxes and None not in taxes else None


def subtotal_borne_out(invoice: Invoice, tolerance: Decimal = DEFAULT_AMOUNT_TOLERANCE) -> bool:
    """Whether the subtotal, the tax and the total were all read and subtotal + tax = total."""
    tax = _tax_printed(invoice)
    return invoice.subtotal is not None and tax is not None and invoice.total is not None \
        and abs(invoice.subtotal + tax - invoice.total) <= tolerance


def check_totals(invoice: Invoice, tolerance: Decimal = DEFAULT_AMOUNT_TOLERANCE) -> list[Finding]:
    """Subtotal + tax = total, and the line amounts add up to the subtotal. Lines read off a scan
    that do not add up to a subtotal the totals bear out (subtotal + tax = total) were misread,
    more likely than printed wrong: no finding until a person has looked at them."""
    findings = []
    tax = _tax_printed(invoice)
    borne_out = subtotal_borne_out(invoice, tolerance)
    if invoice.subtotal is not None and tax is not None and invoice.total is not None and not borne_out:
        findings.append(Finding(TOTAL_MISMATCH, Message.of(
            N_("subtotal %(subtotal)s + tax %(tax)s is not total %(total)s"),
            subtotal=invoice.subtotal, tax=tax, total=invoice.total)))
    if invoice.lines_as_scanned and borne_out:
        return findings
    amounts = [line.amount for line in invoice.lines]
    if invoice.subtotal is not None and amounts and None not in amounts:
        lines_sum = sum(amounts, ZERO)
        if abs(lines_sum - invoice.subtotal) > tolerance:
            findings.append(Finding(TOTAL_MISMATCH, Message.of(
                N_("lines add up to %(sum)s, subtotal is %(subtotal)s"), sum=lines_sum, subtotal=invoice.subtotal)))
    return findings
