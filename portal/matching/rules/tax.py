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

    checked = [(rate, entry, taxable_of(rate)) for rate, entry in sorted(printed.items())]
    checked = [(rate, entry, taxable) for rate, entry, taxable in checked
               if entry.tax is not None and taxable is not None]
    if checked:
        return [Finding(TAX_MISMATCH, Message.of(
                    N_("%(rate)s%%: tax %(tax)s on %(taxable)s should be %(expected)s"),
                    rate=rate, tax=entry.tax, taxable=taxable, expected=taxable * rate / HUNDRED))
                for rate, entry, taxable in checked if not tax_agrees(taxable, rate, entry.tax)]
    if invoice.tax_total is None or not rates:
        return []
    return _check_total_tax(invoice.tax_total, {rate: taxable_of(rate) for rate in rates})


def _check_total_tax(tax_total: Decimal, taxables: dict[Decimal, Decimal | None]) -> list[Finding]:
    """Only a total tax printed: each rate may be rounded once, so up to one unit a rate."""
    if None in taxables.values():
        return []
    expected = sum((t * r / HUNDRED for r, t in taxables.items()), ZERO)
    if tax_agrees(expected, HUNDRED, tax_total, CURRENCY_UNIT * len(taxables)):
        return []
    return [Finding(TAX_MISMATCH, Message.of(N_("tax %(tax)s should be %(expected)s"), tax=tax_total,
                                             expected=expected))]
