"""Tax per rate: each rate's taxable amount and tax, and the rate of each item line.

The totals give what the document prints per rate (`totals`); where it prints one tax for
all, the rate comes from the table's tax column, the rates the document shows, or the
arithmetic. Item lines take their rate from the tax column, else from reduced-rate marks
(※, *), else from the document's one rate, else from the split of the amounts that gives
the printed taxes.
"""
from __future__ import annotations

import itertools
from decimal import Decimal

from ocr.extract import arithmetic
from ocr.extract.items import TAX_RATES, Item
from ocr.extract.result import ExtractedTax, rate_of
from ocr.extract.totals import Totals


def taxes_by_rate(items: list[Item], totals: Totals) -> dict[Decimal, Decimal]:
    """The tax of each rate: as printed per rate, else the whole tax at the one rate the document shows."""
    taxes, tax_total = dict(totals.taxes), totals.tax_total
    if tax_total is None or sum(taxes.values(), Decimal(0)) == tax_total:
        return taxes
    printed = {r for r in totals.rates_seen if r in TAX_RATES and r > 0}
    if (from_bases := _taxes_of_the_bases(totals, printed, tax_total)) is not None:
        return from_bases  # (a rate's tax misread or unread, every rate's base read)
    unread = printed - set(taxes)
    if len(taxes) >= 1 and len(unread) == 1 and tax_total > sum(taxes.values()):
        # A rate's tax line OCR lost: the rest of the tax is that rate's.
        return {**taxes, unread.pop(): tax_total - sum(taxes.values())}
    bases = {r: base for r in taxes if (base := _taxable_of(r, set(taxes), totals)) is not None}
    misread = [r for r, base in bases.items() if not arithmetic.fits(taxes[r], base, r)]
    if len(misread) == 1:
        # One rate's tax misread ('2' for 2,532), the whole tax read: the rest of the tax, where
        # it fits that rate's taxable amount.
        rest = tax_total - sum((v for r, v in taxes.items() if r != misread[0]), Decimal(0))
        if arithmetic.fits(rest, bases[misread[0]], misread[0]):
            return {**taxes, misread[0]: rest}
    if (rest := _the_rest_at_another_rate(taxes, bases, totals, tax_total)) is not None:
        return {**taxes, **rest}
    rates = printed | set(totals.taxable)
    column_rates = {i.tax_rate for i in items if i.tax_rate is not None}
    if len(column_rates | printed) >= 2 and (split := _taxes_of_the_lines(items, tax_total, column_rates | printed)):
        return split
    rate = None
    if len(column_rates) == 1:
        rate = next(iter(column_rates))
    elif len(rates) == 1:
        rate = next(iter(rates))
    elif totals.subtotal is not None:
        rate = arithmetic.infer_rate(totals.subtotal, tax_total)
    return {rate: tax_total} if rate is not None else taxes


def _the_rest_at_another_rate(taxes: dict[Decimal, Decimal], bases: dict[Decimal, Decimal], totals: Totals,
                              tax_total: Decimal) -> dict[Decimal, Decimal] | None:
    """Each rate read with a tax that fits its taxable amount, the tax total more than theirs:
    the rest of the tax is another rate's, charged on the rest of the subtotal, at the one rate
    that gives it ('8%対象 35,200 税 2,816' read, the 10% row's caption lost)."""
    if not taxes or totals.subtotal is None or set(bases) != set(taxes) or not all(
            arithmetic.fits(taxes[r], bases[r], r) for r in taxes):
        return None
    rest_tax, rest_base = tax_total - sum(taxes.values()), totals.subtotal - sum(bases.values())
    if rest_tax <= 0 or rest_base <= 0:
        return None
    rate = arithmetic.infer_rate(rest_base, rest_tax)
    return {rate: rest_tax} if rate is not None and rate not in taxes else None


def _taxes_of_the_bases(totals: Totals, printed: set[Decimal], tax_total: Decimal) -> dict[Decimal, Decimal] | None:
    """Each printed rate's tax as its printed base at the rate, rounded one way for all, where
    those add up to the printed tax total (and the taxes read do not)."""
    if len(printed) < 2 or not printed <= set(totals.taxable):
        return None
    exponent = min(tax_total.as_tuple().exponent, 0)
    for rounding in arithmetic.ROUNDINGS:
        taxes = {r: arithmetic.rounded(totals.taxable[r] * r / 100, exponent, rounding) for r in printed}
        if sum(taxes.values(), Decimal(0)) == tax_total:
            return taxes
    return None


def _taxable_of(rate: Decimal, rates: set[Decimal], totals: Totals) -> Decimal | None:
    """A rate's taxable amount: as printed, else the subtotal less every other rate's printed one."""
    if rate in totals.taxable:
        return totals.taxable[rate]
    others = rates - {rate}
    if totals.subtotal is None or not others <= set(totals.taxable):
        return None
    return totals.subtotal - sum((totals.taxable[r] for r in others), Decimal(0))


SPLITS_AT_MOST = 4096  # ways of giving the lines whose rate is unread each of the rates, tried


def _taxes_of_the_lines(items: list[Item], tax_total: Decimal, rates: set[Decimal]) -> dict[Decimal, Decimal] | None:
    """Each rate's tax from the lines that carry it (their amounts at the rate, rounded once per
    rate the one way that gives the printed tax in all). A line whose rate is unread takes each of
    the rates in turn: the one split of the amounts among rates that gives the printed tax is the
    document's, and where one way of giving the lines rates makes it, sets theirs. None where no
    split, or more than one, gives the printed tax."""
    unread = [i for i in items if i.tax_rate is None]
    if any(i.amount is None for i in items) or len(rates) ** len(unread) > SPLITS_AT_MOST:
        return None
    splits: dict[tuple, dict[Decimal, Decimal]] = {}
    choices = []
    for choice in itertools.product(sorted(rates), repeat=len(unread)):
        given = dict(zip(map(id, unread), choice, strict=True))
        bases: dict[Decimal, Decimal] = {}
        for i in items:
            rate = given.get(id(i), i.tax_rate)
            bases[rate] = bases.get(rate, Decimal(0)) + i.amount
        if (taxes := _rounded_to(bases, tax_total)) is not None:
            splits.setdefault(tuple(sorted(bases.items())), taxes)
            choices.append(choice)
    if len(splits) != 1:
        return None
    if len(choices) == 1:
        for item, rate in zip(unread, choices[0], strict=True):
            item.tax_rate = rate
    return next(iter(splits.values()))


def _rounded_to(bases: dict[Decimal, Decimal], tax_total: Decimal) -> dict[Decimal, Decimal] | None:
    """Each base's tax at its rate, rounded once per rate the one way that gives the tax total, if any."""
    exponent = min(tax_total.as_tuple().exponent, 0)
    for rounding in arithmetic.ROUNDINGS:
        taxes = {rate: arithmetic.rounded(base * rate / 100, exponent, rounding) for rate, base in bases.items()}
        if sum(taxes.values(), Decimal(0)) == tax_total:
            return taxes
    return None


def set_line_rates(items: list[Item], taxes: dict[Decimal, Decimal], reduced_note: bool) -> None:
    """Each item's tax rate where the document tells it: a tax column first, then reduced-rate
    marks, then the document's single rate, then the one split of amounts the taxes allow."""
    if not items or any(i.tax_rate is not None for i in items):
        return
    if any(i.marked for i in items) and len(taxes) >= 1 and (reduced_note or len(taxes) == 2):
        low = Decimal(8) if Decimal(8) in taxes or not taxes else min(taxes)
        high = max(taxes) if max(taxes) != low else Decimal(10)
        for i in items:
            i.tax_rate = low if i.marked else high
    elif len(taxes) == 1:
        for i in items:
            i.tax_rate = next(iter(taxes))
    elif len(taxes) == 2 and (split := arithmetic.split_rates(items, taxes)):
        for n, i in enumerate(items):
            i.tax_rate = split[n]


def breakdown(items: list[Item], totals: Totals, reduced_note: bool, currency: str | None = None) -> list[ExtractedTax]:
    """Taxable amount and tax per rate, highest rate first; sets each item's rate on the way."""
    taxes = taxes_by_rate(items, totals)
    set_line_rates(items, taxes, reduced_note)
    bases: dict[Decimal, Decimal | None] = {}
    for rate in taxes:
        known = _bases_known(rate, items, totals, len(taxes))
        printed = totals.taxable.get(rate)
        # A printed taxable amount its tax denies (a digit misread) gives way to one that fits.
        fitting = [b for b in known if arithmetic.fits(taxes[rate], b, rate)]
        bases[rate] = (printed if printed is not None and (arithmetic.fits(taxes[rate], printed, rate) or not fitting)
                       else next(iter(fitting or known), None))
    unread = [r for r, base in bases.items() if base is None or not arithmetic.fits(taxes[r], base, r)]
    if len(unread) == 1 and totals.subtotal is not None:
        # One rate's taxable amount unread, or one its tax denies (the lines' rates misread): the
        # subtotal less the others', where that fits the tax or nothing was read.
        rest = totals.subtotal - sum((b for r, b in bases.items() if r != unread[0] and b is not None), Decimal(0))
        if bases[unread[0]] is None or arithmetic.fits(taxes[unread[0]], rest, unread[0]):
            bases[unread[0]] = rest
    _stacked_taxes(bases, taxes, totals.subtotal)
    _taxed_lines(items, bases, taxes)
    _misread_rates(items, bases, taxes, arithmetic.RATES_IN.get(currency or "", set()))
    _untaxed_lines(items, bases, taxes)
    return [ExtractedTax(rate_of(rate), bases[rate], taxes[rate]) for rate in sorted(taxes, reverse=True)]


def _untaxed_lines(items: list[Item], bases: dict[Decimal, Decimal | None], taxes: dict[Decimal, Decimal]) -> None:
    """Lines that bear no tax ('GST Free', '非課税') have a row of their own, at 0%, with no tax;
    a rate printed with no tax on nothing ('GST 10%: 0.00' where every line is free) has none."""
    untaxed = [i.amount for i in items if i.tax_rate == 0 and i.amount is not None]
    if not untaxed or Decimal(0) in taxes:
        return
    for rate in [r for r in taxes if not taxes[r] and not bases[r]]:
        del taxes[rate], bases[rate]
    base = sum(untaxed, Decimal(0))
    taxes[Decimal(0)], bases[Decimal(0)] = Decimal(0).quantize(base), base


def _stacked_taxes(bases: dict[Decimal, Decimal | None], taxes: dict[Decimal, Decimal],
                   subtotal: Decimal | None) -> None:
    """A tax charged on top of another on the same amount (Canada's GST and PST, a state's and
    a county's sales tax): a rate whose tax no base of its own explains, but the subtotal or
    another rate's taxable amount does, is charged on that."""
    if len(taxes) < 2:
        return
    for rate, tax in taxes.items():
        if bases[rate] is not None and arithmetic.fits(tax, bases[rate], rate):
            continue
        shared = [subtotal, *(b for r, b in bases.items() if r != rate)]
        bases[rate] = next((b for b in shared if b is not None and b > 0 and arithmetic.fits(tax, b, rate)),
                           bases[rate])


TAXED_LINES_AT_MOST = 16  # lines whose subsets are tried for the ones a single rate taxes


def _taxed_lines(items: list[Item], bases: dict[Decimal, Decimal | None], taxes: dict[Decimal, Decimal]) -> None:
    """A single rate charged on some lines only (a US sales tax on the taxable goods, the
    services exempt), their marks lost: where the rate's tax fits no base read, the one sum
    of some of the lines it fits is its base, and the other lines are untaxed. Lines that print
    one mark alike are taxed alike: where every line is marked taxable, a tax that fits only
    some of them is a tax worked out wrong (before a discount), for the rules to find; so is one
    that fits only with the discounts untaxed."""
    if len(taxes) != 1 or not 1 < len(items) <= TAXED_LINES_AT_MOST or any(i.amount is None for i in items):
        return
    rate, tax = next(iter(taxes.items()))
    if bases[rate] is not None and arithmetic.fits(tax, bases[rate], rate):
        return
    # Lines that print the same mark in the tax column ('T' on each) are taxed alike: a group.
    groups: dict[str, list[Item]] = {}
    for n, item in enumerate(items):
        mark = "".join(t.text for t in item.cells.get("tax") or []).strip()
        groups.setdefault(mark or f"unmarked {n}", []).append(item)
    fitting = {}
    for mask in itertools.product((False, True), repeat=len(groups)):
        if any(mask) and not all(mask) and not _discount_alone_untaxed(list(groups.values()), mask):
            base = sum((i.amount for g, taxed in zip(groups.values(), mask, strict=True) if taxed for i in g),
                       Decimal(0))
            if arithmetic.fits(tax, base, rate):
                fitting.setdefault(base, mask)
    if len(fitting) != 1:
        return
    (base, mask), = fitting.items()
    bases[rate] = base
    for group, taxed in zip(groups.values(), mask, strict=True):
        for item in group:
            item.tax_rate = rate if taxed else Decimal(0)


def _discount_alone_untaxed(groups: list[list[Item]], mask: tuple[bool, ...]) -> bool:
    """Whether a split leaves a discount untaxed while taxing every line it could discount: a
    discount lowers the taxable goods, so a tax that fits only without it was worked out before it."""
    untaxed = [i for g, taxed in zip(groups, mask, strict=True) if not taxed for i in g]
    return all(i.amount < 0 for i in untaxed)


def _bases_known(rate: Decimal, items: list[Item], totals: Totals, rate_count: int) -> list[Decimal]:
    """The taxable amounts of a rate the rest of the document gives: the subtotal where there is
    one rate, the amounts of the lines that carry it."""
    known = [totals.subtotal] if rate_count == 1 and totals.subtotal is not None else []
    if items and all(i.tax_rate is not None and i.amount is not None for i in items):
        known.append(sum((i.amount for i in items if i.tax_rate == rate), Decimal(0)))
    return known


def _misread_rates(items: list[Item], bases: dict[Decimal, Decimal | None], taxes: dict[Decimal, Decimal],
                   charged: set[Decimal]) -> None:
    """A rate its own taxable amount and tax deny ('20%' for a 10% the figures show) is the rate
    they show, on the breakdown and the item lines, unless that rate is already another's, the
    rate denied is one the currency's country charges (`arithmetic.RATES_IN`), or the lines'
    tax column prints it too (a tax printed wrong, for the matching rules). Where the country's
    rates are not known to be few, the rate shown may be any (a US sales tax's 8.25%)."""
    for rate in list(taxes):
        base, tax = bases.get(rate), taxes[rate]
        if (base is None or arithmetic.fits(tax, base, rate) or rate in charged
                or any(i.tax_rate == rate and i.cells.get("tax") for i in items)):
            continue
        shown = arithmetic.infer_rate(base, tax) or (None if charged else arithmetic.exact_rate(base, tax))
        if shown is None or shown in taxes:
            continue
        taxes[shown], bases[shown] = taxes.pop(rate), bases.pop(rate)
        for item in items:
            if item.tax_rate == rate:
                item.tax_rate = shown
