"""The totals block: subtotal, tax per rate, taxable amount per rate, total."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ocr.extract.header import Candidate, _right, _vertical
from ocr.extract.labels import FIELD_LABELS, LabelHit
from ocr.extract.layout import Document, Token, join_tokens
from ocr.parse import find_amount, parse_amount, parse_rate

GENERIC_TOTALS = {"net", "tax", "total"}


@dataclass
class Totals:
    """Every reading of the totals, best first, for arithmetic to choose from."""

    subtotal: list[Candidate] = field(default_factory=list)
    tax: list[Candidate] = field(default_factory=list)  # value: (rate or None, amount)
    total: list[Candidate] = field(default_factory=list)
    taxable: dict[Decimal, Candidate] = field(default_factory=dict)
    rates_seen: set[Decimal] = field(default_factory=set)


def _amount_in(tokens: list[Token], currency: str | None) -> tuple[Decimal, list[Token]] | None:
    for i, t in enumerate(tokens):
        if "%" in t.text:
            continue
        v = find_amount(t.text, currency=currency)
        if v is None and i + 1 < len(tokens):
            v = parse_amount(t.text + tokens[i + 1].text, currency=currency)
            if v is not None and re.search(r"\d", tokens[i + 1].text):
                return v, [t, tokens[i + 1]]
            v = None
        if v is not None:
            return v, [t]
    return None


def _rate_near(hit: LabelHit, value: list[Token]) -> Decimal | None:
    row = hit.row
    after = [t for t in row.tokens[hit.end :] if not value or t.x0 < value[0].x0]
    before = row.tokens[max(0, hit.start - 2) : hit.start]
    for t in after + hit.tokens + before:
        r = parse_rate(t.text)
        if r is not None:
            return r
    return None


_TAXABLE = re.compile(
    r"(?i)(\d{1,2})\s*%\s*(?:対象|課税|taxable|subject)|(?:対象|taxable|課税対象)[^\d]{0,12}(\d{1,2})\s*%"
)


def read_totals(
    doc: Document, hits: dict[int, list[LabelHit]], skip_rows: set[int], currency: str | None
) -> Totals:
    """All labelled readings of subtotal, tax and total outside the item table."""
    out = Totals()
    labelled = {id(t) for hs in hits.values() for h in hs for t in h.tokens}
    for row in doc.rows:
        m = _TAXABLE.search(row.text)
        if m and row.index not in skip_rows:
            rate = Decimal(m.group(1) or m.group(2))
            toks = [
                t for t in row.tokens if "%" not in t.text and not re.search(r"対象|taxable", t.text, re.I)
            ]
            found = _amount_in(toks, currency)
            if found:
                out.taxable.setdefault(rate, Candidate(found[0], found[1], 0))
        for r in re.findall(r"(\d{1,2}(?:\.\d)?)\s*%", row.text):
            if Decimal(r) <= 30:
                out.rates_seen.add(Decimal(r))
        if row.index in skip_rows:
            continue
        row_hits = hits.get(row.index, [])
        for hit in row_hits:
            if hit.field not in ("subtotal", "tax", "total"):
                continue
            if hit.field == "total" and _TAXABLE.search(join_tokens(hit.row.tokens)):
                pass
            labels = FIELD_LABELS[hit.field]
            rank = labels.index(hit.label) / len(labels) + (0.5 if hit.label in GENERIC_TOTALS else 0)
            for where, tokens in (
                (0, _right(hit, row_hits, doc, labelled)),
                (0.5, _vertical(doc, hit, 1, labelled)),
                (0.8, _vertical(doc, hit, -1, labelled)),
            ):
                found = _amount_in(tokens, currency) if tokens else None
                if where and tokens and find_amount(join_tokens(tokens), currency=currency) is None:
                    found = None
                if found is None:
                    continue
                value, used = found
                if hit.field == "tax":
                    rate = _rate_near(hit, used)
                    total_label = hit.label.replace(" ", "") in (
                        "totaltax",
                        "taxtotal",
                        "消費税合計",
                        "税額合計",
                    )
                    out.tax.append(Candidate((None if total_label else rate, value), used, rank + where))
                elif hit.field == "subtotal":
                    out.subtotal.append(Candidate(value, used, rank + where))
                else:
                    out.total.append(
                        Candidate(value, used, rank + where + 0.001 * (len(doc.rows) - row.index))
                    )
                break
    if not out.total or not (out.tax or out.subtotal):
        _summary_row(doc, skip_rows, currency, out)
    for cands in (out.subtotal, out.tax, out.total):
        cands.sort(key=lambda c: c.rank)
    return out


def _summary_row(doc: Document, skip_rows: set[int], currency: str | None, out: Totals) -> None:
    """A row of three amounts outside the table where the first two add up to the third.

    Summary boxes ('税抜金額 | 消費税額 | ご請求金額') print subtotal, tax and total side by
    side; when OCR lost their captions, their arithmetic still tells them apart.
    """
    for row in doc.rows:
        if row.index in skip_rows:
            continue
        amounts = []
        for p in row.phrases:
            found = _amount_in(p.tokens, currency)
            if found is not None and len(p.tokens) <= 2:
                amounts.append(found)
        if len(amounts) != 3 or len(row.phrases) != 3:
            continue
        (sub, st), (tax, tt), (total, tot) = amounts
        if sub + tax == total and 0 < tax < sub:
            out.subtotal.append(Candidate(sub, st, 5.0))
            out.tax.append(Candidate((None, tax), tt, 5.0))
            out.total.append(Candidate(total, tot, 5.0))
            return
