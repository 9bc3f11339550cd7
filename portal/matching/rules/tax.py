"""Tax: per rate, the printed tax against taxable x rate, within the contract's rounding allowance."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from portal.matching.rules.messages import N_, Message
from portal.matching.rules.records import (
    CURRENCY_UNIT,
    HUNDRED,
    TAX_MISMATCH,
    ZERO,
    Finding,
    Invoice,
    InvoiceLine,
    OrderLine,
)


def line_rates(lines: Sequence[InvoiceLine], paired: Sequence[OrderLine | None]) -> list[Decimal | None]:
    """A line's tax rate as marked, else its order line's."""
    return [line.tax_rate if line.tax_rate is not None else (ol.tax_rate if ol else None)
            for line, ol in zip(lines, paired, strict=True)]


def tax_agrees(taxable: Decimal, rate: Decimal, tax: Decimal, allowance: Decimal = CURRENCY_UNIT) -> bool:
    """True when tax is taxable x rate% rounded any way (gap under one currency unit)."""
    return abs(tax - taxable * rate / HUNDRED) < allowance


def check_tax(invoice: Invoice, line_rates: Sequence[Decimal | None] | None = None) -> list[Finding]:
    """Per rate, the printed tax against taxable x rate (see the contract's rounding rule).

    line_rates gives each line's rate (as marked, else its order line's); without it
    the marked rates are used.
    """
    if line_rates is None:
        line_rates = [line.tax_rate for line in invoice.lines]
    summed: dict[Decimal, Decimal] = defaultdict(Decimal)
    for line, rate in zip(invoice.lines, line_rates, strict=True):
        if rate is not None and line.amount is not None:
            summed[rate] += line.amount
    printed = {t.rate: t for t in invoice.taxes if t.rate is not None}
    rates = set(printed) | set(summed)

    def taxable_of(rate: Decimal) -> Decimal | None:
        entry = printed.get(rate)
        if entry is not None and entry.taxable is not None:
            return entry.taxable
        if rate in summed:
            return summed[rate]
        return invoice.subtotal if len(rates) == 1 else None

    findings = []
    per_rate_checked = False
    for rate, entry in sorted(printed.items()):
        taxable = taxable_of(rate)
        if entry.tax is None or taxable is None:
            continue
        per_rate_checked = True
        if not tax_agrees(taxable, rate, entry.tax):
            findings.append(Finding(TAX_MISMATCH, Message.of(
                N_("%(rate)s%%: tax %(tax)s on %(taxable)s should be %(expected)s"),
                rate=rate, tax=entry.tax, taxable=taxable, expected=taxable * rate / HUNDRED)))
    if not per_rate_checked and invoice.tax_total is not None and rates:
        # Only a total tax printed: each rate may be rounded once, so up to one unit a rate.
        taxables = {rate: taxable_of(rate) for rate in rates}
        if None not in taxables.values():
            expected = sum((t * r / HUNDRED for r, t in taxables.items()), ZERO)
            if not tax_agrees(expected, HUNDRED, invoice.tax_total, CURRENCY_UNIT * len(rates)):
                findings.append(Finding(TAX_MISMATCH, Message.of(N_("tax %(tax)s should be %(expected)s"),
                                                                  tax=invoice.tax_total, expected=expected)))
    return findings
