"""The totals: subtotal, tax per rate, tax total and total, chosen together.

Every money figure outside the item table is a candidate (`figures`). Labels make a
figure likely to be one field or another; the document's arithmetic decides between
the likely ones and finds figures no known label names: the lines add up to the
subtotal, subtotal + tax = total, and tax is the taxable amount times a printed rate,
rounded once. A total that only the arithmetic points to is still found; a printed
tax that breaks the arithmetic (a real tax mismatch) is kept when its label is clear
and nothing else fits better.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ocr.extract.arithmetic import COMMON_RATES, RATES_IN, digits_of, tax_for, tax_rates_among
from ocr.extract.edits import within_one_edit
from ocr.extract.figures import Figure, figures_of, rates_printed
from ocr.extract.header import Candidate
from ocr.extract.layout import PageDocument
from ocr.parse import find_rates

# Weights of the joint choice: what the labels say, and what the arithmetic adds.
CLOSES = 2.0          # subtotal + tax = total
BREAKS = -0.6         # all three printed and they do not add up
LINES_AGREE = 1.0     # the lines add up to the subtotal
LINES_DISAGREE = -0.3
LINES_FAR = -2.0       # a subtotal under half of what the lines read add up to
TAX_AT_RATE = 1.0     # tax = subtotal x a printed rate
RATES_ADD_UP = 0.6    # tax = the sum of the per-rate taxes
RATES_DENY = -3.0     # a tax other than the per-rate taxes' sum, each fitting its taxable, these the subtotal
SPLIT_AGREES = 1.0    # subtotal and tax the rates' taxables' and taxes' sums (each tax fitting), the first printed
IMPOSSIBLE = -5.0     # tax above the subtotal, subtotal above the total
LINES_SUM_PRIOR = -0.5  # the lines' sum, standing for a subtotal nobody printed (LINES_AGREE its own)
ARITHMETIC_PAIR = 1.5  # a row's two figures, one the other's tax at the row's rate
REPEATED = 0.3         # of the backing of each other place that prints a value so
ONE_RATES_SHARE = 0.6  # what a figure of one rate loses as a candidate for the whole document
TOP_TOTALS = 3  # the best-named totals tried with every subtotal and tax, besides those that close the sum
HIGHEST_RATE = Decimal("0.27")  # no tax is more than this share of what it is charged on
OUTSIDE_RATES = -1.5   # a tax that no mix of the printed rates gives
TOTAL_PASSED_OVER = -1.0  # times the backing of the best-named total, where a choice takes no total at all
PRINTED_TWICE = 0.3    # a total printed in two places, however garbled their captions
SUMS_ITS_ROWS = 1.0    # subtotal, tax and total the sums of a box's rows over them (`_sums_its_rows`)


@dataclass(frozen=True)
class Option:
    """One value a field may take, how strongly labels back it, and the figure printed for it."""

    value: Decimal
    score: float
    figure: Figure | None = None


@dataclass
class Totals:
    """The chosen totals, the per-rate amounts, and where each was printed."""

    subtotal: Decimal | None = None
    tax_total: Decimal | None = None
    total: Decimal | None = None
    taxes: dict[Decimal, Decimal] = field(default_factory=dict)
    taxable: dict[Decimal, Decimal] = field(default_factory=dict)
    rates_seen: set[Decimal] = field(default_factory=set)
    sources: dict[str, Candidate | None] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)  # every figure outside the table, chosen among


def _options(figures: Iterable[Figure], name: str, rates: set[Decimal]) -> list[Option]:
    """Each value once, with the best backing any figure of that value has for the field, and a
    little more for each other place that prints it so ('ご請求額 ¥318,891' over a grid's total).

    Where the document has several rates, a figure its labels give one rate is that rate's
    amount, not the document's.
    """
    best: dict[Decimal, Option] = {}
    backing: dict[Decimal, float] = {}
    several = len({r for r in rates if r > 0}) > 1
    shares = _shares(figures)
    for f in figures:
        score = f.score(name)
        if name == "subtotal" and not several:
            score = max(score, f.score("taxable"))  # one rate: its taxable amount is the subtotal
        score -= ONE_RATES_SHARE if (several and f.rate) or id(f) in shares else 0.0
        backing[f.value] = backing.get(f.value, 0.0) + max(score, 0.0)
        if f.value not in best or score > best[f.value].score:
            best[f.value] = Option(f.value, score, f)
    return [Option(o.value, o.score + REPEATED * (backing[o.value] - max(o.score, 0.0)), o.figure)
            for o in best.values()]


def _printed_twice(totals: list[Option], figures: list[Figure]) -> list[Option]:
    """The totals options, one printed in two places or more, no label against it, backed a
    little: the amount due printed at the head of the page and again under the table, both
    their captions garbled."""
    places: dict[Decimal, set[tuple[int, int]]] = {}
    for f in figures:
        places.setdefault(f.value, set()).add((f.row.page, f.row.index))
    return [replace(o, score=o.score + PRINTED_TWICE) if o.score >= 0 and len(places.get(o.value, ())) > 1 else o
            for o in totals]


def _shares(figures: Iterable[Figure]) -> set[int]:
    """Figures that a later figure of their row adds up on a row of one rate ('10%対象 260,820
    29,620 290,440' in a grid of rates): shares of a whole, not the document's own amounts."""
    out: set[int] = set()
    for row_figures in _by_row(list(figures)).values():
        if len({f.rate for f in row_figures if f.rate}) != 1:
            continue  # no rate on the row, or each rate's tax on it: the document's own figures
        for n in range(2, len(row_figures)):
            parts = row_figures[:n]
            if row_figures[n].value != 0 and sum(f.value for f in parts) == row_figures[n].value:
                out.update(id(f) for f in parts)
    return out


def _per_rate(figures: list[Figure]) -> tuple[dict[Decimal, Option], dict[Decimal, Option]]:
    """Taxable amount and tax of each rate, from the figures whose labels print a rate.

    Two figures of one row where one is the other's tax at the row's rate are that rate's
    taxable amount and tax, whatever their labels say ('Consumption tax 10% on ¥934,320
    ¥93,432', '335,00 € 20 % 67,00 €'), and so are two of one rate on rows of their own
    ('Base TVA 20% 215,40' over 'TVA 20 % 43,08'). Two that one tax label names on a row of one
    rate are its taxable amount and tax too, the smaller the tax, where the tax was printed
    wrong ('VAT 19 % on 103,75 29,21': a finding for the matching rules). Otherwise each figure
    is what its label names.
    """
    taxable: dict[Decimal, Option] = {}
    taxes: dict[Decimal, Option] = {}
    paired: set[int] = set()

    def keep(target: dict[Decimal, Option], rate: Decimal, option: Option) -> None:
        if option.score > 0 and (rate not in target or option.score > target[rate].score):
            target[rate] = option

    for row_figures in _by_row(figures).values():
        printed = {r for r in find_rates(row_figures[0].row.text) if r <= 30}
        for base, tax in itertools.permutations(row_figures, 2):
            # (a recap's row under 'Base HT / Taux / Montant TVA' prints its rate with no label)
            rate = base.rate or tax.rate or (next(iter(printed)) if len(printed) == 1 else None)
            if rate and 0 < tax.value < base.value and _fits_rate(tax.value, base.value, [rate]):
                keep(taxable, rate, Option(base.value, ARITHMETIC_PAIR, base))
                keep(taxes, rate, Option(tax.value, ARITHMETIC_PAIR, tax))
                paired.update((id(base), id(tax)))
        if (pair := _base_and_tax_printed_wrong(row_figures, paired)) is not None:
            base, tax = pair
            keep(taxable, base.rate, Option(base.value, tax.score("tax"), base))
            keep(taxes, tax.rate, Option(tax.value, tax.score("tax"), tax))
            paired.update((id(base), id(tax)))
    for base, tax in itertools.permutations([f for f in figures if id(f) not in paired], 2):
        # Printed on rows of their own ('Base TVA 20% 215,40' over 'TVA 20 % 43,08'): the same; so
        # is a tax just under a taxable amount whose rate OCR garbled ('消費税額 Q09%) 42.318', no rate
        # at all, or one no rate of the document's) when it is that amount's tax at its rate.
        if (base.rate and (base.rate == tax.rate or _tax_under(base, tax)) and not {id(base), id(tax)} & paired
                and 0 < tax.value < base.value and _fits_rate(tax.value, base.value, [base.rate])):
            keep(taxable, base.rate, Option(base.value, ARITHMETIC_PAIR, base))
            keep(taxes, base.rate, Option(tax.value, ARITHMETIC_PAIR, tax))
            paired.update((id(base), id(tax)))
    for f in figures:
        if f.rate and id(f) not in paired:
            as_base, as_tax = max(f.score("taxable"), f.score("subtotal")), f.score("tax")
            keep(*((taxes, f.rate, Option(f.value, as_tax, f)) if as_tax > as_base
                   else (taxable, f.rate, Option(f.value, as_base, f))))
    return taxable, taxes


def _tax_under(base: Figure, tax: Figure) -> bool:
    """Whether a figure named a tax stands on the row just under a taxable amount's."""
    return tax.named == "tax" and tax.row.page == base.row.page and tax.row.index == base.row.index + 1


def _base_and_tax_printed_wrong(row_figures: list[Figure], paired: set[int]) -> tuple[Figure, Figure] | None:
    """The two figures of a row of one rate that a tax label names, no pair of them fitting the
    rate, as (taxable amount, tax): a tax is well under what it is charged on, and the rate
    printed again ('VAT 20% @ 20.0') is neither."""
    rated = [f for f in row_figures if f.rate]
    if (len(rated) != 2 or rated[0].rate != rated[1].rate or any(id(f) in paired for f in rated)
            or not all(0 < f.value and f.score("tax") > max(f.score("taxable"), f.score("subtotal")) for f in rated)):
        return None
    base, tax = sorted(rated, key=lambda f: f.value, reverse=True)
    return (base, tax) if tax.value != tax.rate and tax.value <= base.value / 2 else None


def _rates_paired(figures: list[Figure], currency: str | None) -> set[Decimal]:
    """The country's rates (`RATES_IN`) at which a row's two figures are one the other's tax
    ('2,280' and '182' at 8 %), their caption garbled past reading its rate ('WS%DNhM'): printed
    as surely as a rate read."""
    charged = RATES_IN.get(currency or "", set())
    return {rate for row in _by_row(figures).values() for base, tax in itertools.permutations(row, 2)
            for rate in charged if 0 < tax.value < base.value and tax.value in tax_for(base.value, rate)}


def _by_row(figures: list[Figure]) -> dict[int, list[Figure]]:
    rows: dict[int, list[Figure]] = {}
    for f in figures:
        rows.setdefault(f.row.index, []).append(f)
    return rows


def _sums_its_rows(figures: list[Figure]) -> tuple[Decimal, Decimal, Decimal] | None:
    """A row of three figures (taxable, tax, with tax) that are the sums of the rows of three
    right over it, two or more, each closing as it does: a box of the rates' rows and their sum
    ('8% 30,782 2,459 33,241', '10% 7,128 712 7,840', then '37,910 3,171 41,081'), whatever OCR
    made of its captions and rates."""
    rows = {i: sorted(fs, key=lambda f: f.tokens[0].x0) for i, fs in _by_row(figures).items() if len(fs) == 3}
    closing = {i: fs for i, fs in rows.items() if fs[0].value + fs[1].value == fs[2].value and fs[0].value > 0}
    for i, fs in closing.items():
        above = []
        while i - len(above) - 1 in closing and _aligned_figures(closing[i - len(above) - 1], fs):
            above.append(closing[i - len(above) - 1])
        if len(above) >= 2 and all(sum((r[k].value for r in above), Decimal(0)) == fs[k].value for k in range(3)):
            return fs[0].value, fs[1].value, fs[2].value
    return None


def _aligned_figures(upper: list[Figure], lower: list[Figure]) -> bool:
    """Whether two rows' figures end, one over another, in the same columns."""
    return all(abs(a.tokens[-1].x1 - b.tokens[-1].x1) < 2 * max(a.height, b.height)
               for a, b in zip(upper, lower, strict=True))


def _fits_rate(tax: Decimal, base: Decimal, rates: Iterable[Decimal]) -> bool:
    exponent = min(base.as_tuple().exponent, tax.as_tuple().exponent, 0)
    return any(tax in tax_for(base, r, exponent) for r in rates if r > 0)


def _within_rates(tax: Decimal, base: Decimal, rates: set[Decimal], total_closes: bool) -> bool:
    """Whether a tax lies anywhere near its base taxed all at the printed rates: a tax
    miscalculated by a few units or a few percent is still the printed tax, one at twice the
    highest rate is some other figure, and so is one at half the lowest (one rate's share) —
    unless a printed total closes the sum, when lines exempt from tax may have lowered it. With
    no rate printed, the rates are the common ones and no tax at all is a tax too (0 % alone is
    no lowest rate)."""
    unit = Decimal(1).scaleb(min(base.as_tuple().exponent, tax.as_tuple().exponent, 0))
    low = -unit if total_closes else base * min((r for r in rates if r > 0), default=0) / 200 - unit
    return low <= tax <= base * max(rates) * 3 / 200 + unit


@dataclass
class _Context:
    lines_sum: Decimal | None
    rates: set[Decimal]
    printed: bool  # whether the rates are the ones the document prints
    rate_taxes: Decimal | None  # the sum of the per-rate taxes, when every rate's tax was read
    rate_split: tuple[Decimal, Decimal] | None = None  # (taxables, taxes) summed, when each rate's pair fits
    rates_named: bool = False  # two rates' taxes or more add up to a figure a tax caption names
    zero_rated: bool = False  # the only rate printed is 0 % ('VAT 0% (export)')
    split_printed: bool = False  # the taxables' sum (`rate_split`) is printed as a figure of its own
    all_but_one: tuple[Decimal, Decimal, Decimal] | None = None  # (taxables, taxes, rate unread): `_one_rate_unread`
    rows_summed: tuple[Decimal, Decimal, Decimal] | None = None  # a box's row summing its rates' rows: `_sums_its_rows`
    withheld: Decimal = Decimal(0)  # income tax withheld, taken off the total (`_withheld`)


def _arithmetic(s: Decimal | None, x: Decimal | None, t: Decimal | None, ctx: _Context) -> float:
    """What the arithmetic says of one choice (a missing field stands for what the others imply)."""
    score = 0.0
    t = t + ctx.withheld if t is not None else None  # (the total before income tax was withheld from it)
    if s is not None and x is not None and t is not None:
        score += CLOSES if s + x == t else BREAKS
    if s is None and x is not None and t is not None:
        s = t - x
    if x is None and s is not None and t is not None:
        x = t - s
    if s is not None and ctx.lines_sum is not None:
        score += LINES_AGREE if s == ctx.lines_sum else LINES_DISAGREE
        if 0 < ctx.lines_sum and s < ctx.lines_sum / 2 and not _taxed_at_the_one_rate(s, x, t, ctx):
            # lines OCR lost make the lines' sum short of the subtotal, never twice it (but a price's
            # decimal point lost may: a subtotal and total the one printed rate ties are no less sure)
            score += LINES_FAR
    elif t is not None and ctx.lines_sum is not None and 0 < ctx.lines_sum and t < ctx.lines_sum / 2:
        score += LINES_FAR  # (nor of the total, the subtotal and more)
    if s is not None and x is not None:
        if x < 0 or s < 0 or (x > max(s * HIGHEST_RATE, 0)) or (t is not None and s > t):
            return score + IMPOSSIBLE
        if t is not None and s == t - ctx.withheld and x > 0:
            return score + IMPOSSIBLE  # (a total printed as its subtotal charged no tax: 'TVA non applicable')
        if t is not None and t - s > max(s * HIGHEST_RATE, 0):
            return score + IMPOSSIBLE  # (a total no tax takes the subtotal to: '514680' for 61,680円)
        if (len(ctx.rates) == 1 or not ctx.printed) and _fits_rate(x, s, ctx.rates):
            score += TAX_AT_RATE  # (with several rates printed, one rate's share fits one rate too)
        closes = t is not None and s + x == t
        if ctx.rows_summed is not None and (s, x, t) == ctx.rows_summed:
            score += SUMS_ITS_ROWS  # (each row at its own rate, the rates' captions garbled or not)
        elif (ctx.printed or x != 0) and not _within_rates(x, s, ctx.rates, closes):
            score += OUTSIDE_RATES
        elif ctx.zero_rated and x != 0 and not closes:
            score += OUTSIDE_RATES  # a zero-rated document charges no tax, unless its total says otherwise
        if ctx.rate_taxes is not None and x == ctx.rate_taxes:
            score += RATES_ADD_UP
        elif ctx.rates_named:
            score += RATES_DENY  # the rates' taxes add up to a figure a tax caption names: that is the tax
        if ctx.rate_split is not None and s == ctx.rate_split[0] and x != ctx.rate_split[1]:
            score += RATES_DENY  # one rate's tax for the whole, or a total printed wrong explained away
        elif ctx.split_printed and s == ctx.rate_split[0]:
            score += SPLIT_AGREES  # (as sure as the lines' sum: OCR may lose a line, not a rate's pair and the sum)
        elif ctx.all_but_one is not None and _rest_at_its_rate(s, x, ctx.all_but_one):
            score += SPLIT_AGREES
    return score


def _taxed_at_the_one_rate(s: Decimal, x: Decimal | None, t: Decimal | None, ctx: _Context) -> bool:
    """Whether a subtotal and a total differ by exactly its tax at the one rate the page prints."""
    return (ctx.printed and len(ctx.rates) == 1 and x is not None and t is not None and x > 0 and s + x == t
            and _fits_rate(x, s, ctx.rates))


def _one_rate_unread(bases: dict[Decimal, Option], taxes: dict[Decimal, Option],
                     printed: set[Decimal]) -> tuple[Decimal, Decimal, Decimal] | None:
    """Of two printed rates or more, every rate's taxable amount and tax read, the tax fitting,
    but one's: (their taxables summed, their taxes summed, the rate unread)."""
    read = {r for r in printed if r in bases and r in taxes and _fits_rate(taxes[r].value, bases[r].value, [r])}
    unread = printed - read
    if len(unread) != 1 or len(printed) < 2:
        return None
    return (sum((bases[r].value for r in read), Decimal(0)), sum((taxes[r].value for r in read), Decimal(0)),
            next(iter(unread)))


def _rest_at_its_rate(s: Decimal, x: Decimal, all_but_one: tuple[Decimal, Decimal, Decimal]) -> bool:
    """Whether what a subtotal and tax leave beyond the rates read is a taxable amount and its
    tax at the rate unread, rounded once (the 8 % pair read, the 10 % row garbled: the subtotal's
    rest taxed at 10 % is the rest of the tax a total implies)."""
    bases, taxes, rate = all_but_one
    rest = s - bases
    return rest > 0 and _fits_rate(x - taxes, rest, [rate])


def _choose(subs: list[Option], taxes: list[Option], totals: list[Option], ctx: _Context):
    """The (subtotal, tax, total) options with the best labels and arithmetic together."""
    best, best_score = (None, None, None), float("-inf")
    by_value = {o.value: o for o in totals}
    # the best-named totals, each ('ご請求額 ¥ 5 4, 7 / 8' garbled to 5 names it as well as the grand total)
    top_totals = sorted(totals, key=lambda o: o.score, reverse=True)[:TOP_TOTALS]
    for s in [None, *subs]:
        for x in [None, *taxes]:
            closing = [by_value.get(s.value + x.value - ctx.withheld)] if s is not None and x is not None else []
            if s is not None and x is None:  # the subtotal taxed at a rate, whatever label is nearest it
                closing = [o for o in totals if o.value + ctx.withheld > s.value
                           and _fits_rate(o.value + ctx.withheld - s.value, s.value, ctx.rates)]
            for t in {id(o): o for o in (None, *top_totals, *closing)}.values():
                if s is not None and t is not None and s.figure is t.figure and s.figure is not None:
                    continue  # one printed figure is not both the subtotal and the total
                score = sum(o.score for o in (s, x, t) if o is not None)
                if t is None and top_totals and (s is None or 2 * top_totals[0].value >= s.value):
                    score += TOTAL_PASSED_OVER * max(top_totals[0].score, 0.0)  # (a garbled total's scrap aside)
                score += _arithmetic(*(o.value if o else None for o in (s, x, t)), ctx)
                if score > best_score:
                    best, best_score = (s, x, t), score
    return best


def _tax_in_parts(figures: list[Figure], subs: list[Option], totals: list[Option], known: set[Decimal]) -> list[Option]:
    """The tax as two figures add it up, where their sum is exactly what a total leaves of a
    subtotal: two of one row ('452,620円 16,146 23,293 492,059円': each rate's tax beside the
    subtotal, their captions garbled), or two a tax caption names each ('IVA tasa básica
    14.933,60', 'IVA tasa mínima 610,00', no rate printed beside them): a tax nobody printed
    whole, its weight the arithmetic's alone."""
    gaps = {t.value - s.value for s in subs for t in totals if t.value > s.value > 0}
    named = [f for f in figures if f.named == "tax"]
    pairs = [pair for row in _by_row(figures).values() for pair in itertools.combinations(row, 2)]
    sums = {a.value + b.value for a, b in pairs + list(itertools.combinations(named, 2)) if a.value > 0 and b.value > 0}
    return [Option(value, 0.0) for value in sorted(sums & gaps - known)]


def _confirmed_split(bases: dict[Decimal, Option], taxes: dict[Decimal, Option],
                     printed: set[Decimal]) -> tuple[Decimal, Decimal] | None:
    """The taxable amounts and the taxes of two rates or more, each summed, when every printed
    rate's tax is its taxable amount at the rate, rounded once: the document's own split of its tax."""
    if len(taxes) < 2 or not set(taxes) >= printed or set(bases) != set(taxes):
        return None
    if not all(_fits_rate(taxes[r].value, bases[r].value, [r]) for r in taxes):
        return None
    return (sum((o.value for o in bases.values()), Decimal(0)), sum((o.value for o in taxes.values()), Decimal(0)))


def _denied(rate_taxes: dict[Decimal, Option], rate_bases: dict[Decimal, Option]) -> bool:
    """Whether a rate's tax is no tax of its base at that rate, though smaller than it ('zzgl. 7 %
    USt. auf 645,00 € ABR 15 €': a tax garbled to 15): then the rates' taxes stand for no tax
    total, unless a tax caption names their sum (the base misread: 'l62.100' for 162,100). (A
    tax larger than its base says the base was misread, not the tax; one within a twentieth of
    its base's tax at the rate is a tax the supplier printed wrong, still the one they charge.)"""
    return any(tax.value < rate_bases[rate].value and not _fits_rate(tax.value, rate_bases[rate].value, [rate])
               and abs(tax.value - rate_bases[rate].value * rate / 100) > rate_bases[rate].value * rate / 100 / 20
               for rate, tax in rate_taxes.items() if rate in rate_bases)


def _candidate(option: Option | None) -> Candidate | None:
    if option is None or option.figure is None:
        return None
    return Candidate(option.value, option.figure.tokens, -option.score)


def read_totals(doc: PageDocument, skip_rows: set[int], lines_sum: Decimal | None, currency: str | None) -> Totals:
    """The totals the document prints, chosen together from every figure outside the table."""
    figures = figures_of(doc, skip_rows, currency)
    rates = tax_rates_among(rates_printed(doc), currency) | _rates_paired(figures, currency)
    rate_bases, rate_taxes = _per_rate(figures)
    printed = {r for r in rates if r > 0}
    taxes = _options(figures, "tax", rates)
    rates_sum = sum((o.value for o in rate_taxes.values()), Decimal(0))
    named = rates_sum in {o.value for o in taxes if o.score > 0}
    every_rate = rate_taxes and set(rate_taxes) >= printed and (not _denied(rate_taxes, rate_bases) or named)
    ctx = _Context(lines_sum, printed if len(printed) == 1 else set(COMMON_RATES) if not printed else printed,
                   bool(printed), rates_sum if every_rate else None,
                   rates_named=bool(every_rate) and named and len(rate_taxes) > 1, zero_rated=rates == {Decimal(0)})
    ctx.rate_split = _confirmed_split(rate_bases, rate_taxes, printed)
    ctx.split_printed = ctx.rate_split is not None and ctx.rate_split[0] in {f.value for f in figures}
    ctx.all_but_one = _one_rate_unread(rate_bases, rate_taxes, printed)
    ctx.rows_summed = _sums_its_rows(figures)
    subs = _options(figures, "subtotal", rates)
    if lines_sum is not None and lines_sum not in {o.value for o in subs if o.score > 0}:
        # (also where the figure of that value is named another total: a 'TOTAL' the lines add up to, no tax)
        subs.append(Option(lines_sum, LINES_SUM_PRIOR))
    if len(rate_bases) > 1:
        subs.append(Option(sum((o.value for o in rate_bases.values()), Decimal(0)), 0.5))
    if len(rate_taxes) > 1 and ctx.rate_taxes is not None and ctx.rate_taxes not in {o.value for o in taxes}:
        taxes.append(Option(ctx.rate_taxes, 0.5))
    totals = _printed_twice(_options(figures, "total", rates), figures)
    taxes += _tax_in_parts(figures, subs, totals, {o.value for o in taxes})
    ctx.withheld = _withheld(figures, subs, taxes, totals)
    s, x, t = _choose(subs, taxes, totals, ctx)
    t = _before_withholding(s, x, t, totals, ctx.withheld)
    out = Totals(rates_seen=rates, taxes={r: o.value for r, o in rate_taxes.items()},
                 taxable={r: o.value for r, o in rate_bases.items()}, figures=figures)
    out.subtotal, out.tax_total, out.total = (o.value if o else None for o in (s, x, t))
    if out.tax_total is None and out.subtotal is not None and rates == {Decimal(0)}:
        # Zero-rated ('VAT 0% (export)') and the tax figure unread: no tax at all.
        out.tax_total = Decimal(0).quantize(Decimal(1).scaleb(min(out.subtotal.as_tuple().exponent, 0)))
    if out.total is None and out.subtotal is not None and out.tax_total is not None:
        out.total = out.subtotal + out.tax_total - ctx.withheld
    if out.tax_total is None and out.total is not None and out.subtotal is not None:
        out.tax_total = out.total + ctx.withheld - out.subtotal
    if out.subtotal is None and out.total is not None and out.tax_total is not None:
        out.subtotal = out.total + ctx.withheld - out.tax_total
    if (held := _tax_held(figures, out)) is not None:
        out.subtotal, out.tax_total = out.total - held.value, held.value
        s, x = None, held
    out.sources = {"subtotal": _candidate(s), "tax_total": _candidate(x), "total": _candidate(t)}
    return out


def _before_withholding(s: Option | None, x: Option | None, t: Option | None, totals: list[Option],
                        withheld: Decimal) -> Option | None:
    """The invoice's total where it prints both: the subtotal with its tax ('合計 225,500'), not what
    is left to pay once income tax is withheld ('差引ご請求金額 204,570'); the former though OCR
    misread one of its figures ('115,504' for 115,500円), the arithmetic saying what it is."""
    if not withheld or None in (s, x, t) or t.value + withheld != s.value + x.value:
        return t
    whole = s.value + x.value
    printed = next((o for o in totals if o.score > 0 and o.figure is not t.figure
                    and within_one_edit(digits_of(o.value), digits_of(whole))), None)
    return t if printed is None else replace(printed, value=whole)


def _withheld(figures: list[Figure], subs: list[Option], taxes: list[Option], totals: list[Option]) -> Decimal:
    """The income tax withheld from the total (a freelancer's 源泉徴収税 '-10,210', 'IRPF 15%
    -321,00'): the figure named so, printed with its minus or without, the best named of those
    that a subtotal and tax less it leave as a printed total (not its rate misread as a figure,
    '(10.2196)' for 10.21%), of those named alike the one printed with its minus (not a figure of
    the formula it is worked out by, '(報酬額 88,000円 - 10,000円) × 10.21%'); none, zero."""
    named = sorted((f for f in figures if f.named == "withholding" and f.value != 0),
                   key=lambda f: (f.score("withholding"), f.value < 0), reverse=True)
    values = [abs(f.value) for f in named]
    printed = {o.value for o in totals if o.score > 0}
    pairs = [(s.value, x.value) for s in subs for x in taxes
             if s.value > x.value > 0 and s.value not in values and x.value not in values]
    closing = [w for w in values if any(s + x - w in printed for s, x in pairs)]
    return (closing or values or [Decimal(0)])[0]


def _tax_held(figures: list[Figure], out: Totals) -> Option | None:
    """The tax a total holds, where the document prints its prices with tax ('うち消費税 ¥1,145'
    under '10%対象（税込）', once per rate) and its subtotal is the total or no tax was added to
    it: the sum of the figures named so (one of them, where it is the others' sum), within what
    the highest rate holds of the total."""
    named = [f for f in figures if f.named == "included_tax" and f.value > 0]
    if not named or out.total is None or not (out.tax_total in (None, 0) or out.subtotal == out.total):
        return None
    values = [f.value for f in named]
    held = max(values) if 2 * max(values) == sum(values) else sum(values, Decimal(0))
    if held > out.total * HIGHEST_RATE / (1 + HIGHEST_RATE):
        return None
    return Option(held, 1.0, named[0])
