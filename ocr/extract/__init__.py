"""Field extraction: from positioned OCR words to the fields of an invoice or quote.

    extraction = extract_fields(pages)
    extraction.fields["total"]       # "13574"
    extraction.meta["total"]         # {"confidence": 0.93, "page": 1, "box": [l, t, r, b]}

The stages are small and independent of any one layout: straighten and group words
(layout), find labels (labels), read header values next to them (header, supplier),
read the item table from its header row (table), read the totals (totals), then let
the document's own arithmetic settle what OCR left open (arithmetic).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from ocr.extract import arithmetic, second_look
from ocr.extract.header import (
    Candidate,
    all_label_hits,
    day_first,
    doc_type,
    first_dates,
    label_candidates,
    parsers_for,
    registration_number,
    unlabelled_references,
)
from ocr.extract.layout import Document, document_of, is_cjk
from ocr.extract.supplier import supplier_name
from ocr.extract.table import Item, looks_reduced_rate_note, table_items
from ocr.extract.totals import Totals, read_totals
from ocr.model import Page
from ocr.parse import detect_currency, format_amount

HEADER_FIELDS = (
    "doc_type",
    "supplier_name",
    "registration_number",
    "document_number",
    "issue_date",
    "due_date",
    "po_number",
    "currency",
    "subtotal",
    "tax_total",
    "total",
)

__all__ = ["Extraction", "extract_fields", "HEADER_FIELDS"]


@dataclass
class Extraction:
    """The fields read from a document, and where each header field was found and how surely."""

    fields: dict
    meta: dict = field(default_factory=dict)


def _rate_str(rate: Decimal | None) -> str | None:
    if rate is None:
        return None
    return format(rate.normalize(), "f") if rate == rate.to_integral_value() else format(rate, "f")


def _currency(doc: Document, hits) -> tuple[str | None, Candidate | None]:
    """The document's currency: a Currency label's value, else the marks on its amounts."""
    found = label_candidates(doc, hits, {"currency"})["currency"]
    if found:
        return found[0].value, found[0]
    votes: Counter[str] = Counter()
    for t in doc.tokens:
        c = detect_currency(t.text)
        if c and (len(t.text) <= 12):
            votes[c] += 1
    if votes:
        return votes.most_common(1)[0][0], None
    if any(is_cjk(ch) for t in doc.tokens for ch in t.text):
        return "JPY", None
    return None, None


def _taxes_by_rate(items: list[Item], totals: Totals) -> dict[Decimal, Decimal]:
    """The tax of each rate: as printed per rate, else the whole tax at the one rate the document shows."""
    taxes, tax_total = dict(totals.taxes), totals.tax_total
    if tax_total is None or sum(taxes.values(), Decimal(0)) == tax_total:
        return taxes
    printed = {r for r in totals.rates_seen if r in arithmetic.COMMON_RATES and r > 0}
    unread = printed - set(taxes)
    if len(taxes) >= 1 and len(unread) == 1 and tax_total > sum(taxes.values()):
        # A rate's tax line OCR lost: the rest of the tax is that rate's.
        return {**taxes, unread.pop(): tax_total - sum(taxes.values())}
    rates = printed | set(totals.taxable)
    column_rates = {i.tax_rate for i in items if i.tax_rate is not None}
    rate = None
    if len(column_rates) == 1:
        rate = next(iter(column_rates))
    elif len(rates) == 1:
        rate = next(iter(rates))
    elif totals.subtotal is not None:
        rate = arithmetic.infer_rate(totals.subtotal, tax_total)
    return {rate: tax_total} if rate is not None else taxes


def _breakdown(items: list[Item], totals: Totals, reduced_note: bool) -> list[dict]:
    """[{rate, taxable, tax}] per rate, and each item's tax rate set where the document tells it."""
    taxes = _taxes_by_rate(items, totals)
    subtotal = totals.subtotal
    # Item rates: a tax column first, then reduced-rate marks, then the document's single rate.
    if items and all(i.tax_rate is None for i in items):
        if any(i.marked for i in items) and len(taxes) >= 1 and (reduced_note or len(taxes) == 2):
            low = Decimal(8) if Decimal(8) in taxes or not taxes else min(taxes)
            high = max(taxes) if max(taxes) != low else Decimal(10)
            for i in items:
                i.tax_rate = low if i.marked else high
        elif len(taxes) == 1:
            rate = next(iter(taxes))
            for i in items:
                i.tax_rate = rate
        elif len(taxes) == 2:
            split = arithmetic.split_rates(items, taxes)
            if split:
                for n, i in enumerate(items):
                    i.tax_rate = split[n]
    bases = {}
    for rate in taxes:
        bases[rate] = totals.taxable.get(rate)
        if bases[rate] is None:
            if len(taxes) == 1 and subtotal is not None:
                bases[rate] = subtotal
            elif items and all(i.tax_rate is not None and i.amount is not None for i in items):
                bases[rate] = sum((i.amount for i in items if i.tax_rate == rate), Decimal(0))
    unread = [r for r, base in bases.items() if base is None]
    if len(unread) == 1 and subtotal is not None:
        # One rate's taxable amount unread: the subtotal less the others'.
        bases[unread[0]] = subtotal - sum((b for b in bases.values() if b is not None), Decimal(0))
    return [{"rate": _rate_str(rate), "taxable": format_amount(bases[rate]), "tax": format_amount(taxes[rate])}
            for rate in sorted(taxes, reverse=True)]


def extract_fields(pages: list[Page], reread: second_look.Rereader | None = None) -> Extraction:
    """Every field of the document the pages show, with where each header field was read.

    With `reread` (`ocr.reread.DocumentRereader`), fields that fail their validity test are
    read again from the page image (`second_look`).
    """
    doc = document_of(pages)
    hits = all_label_hits(doc)
    meta: dict = {}
    kind, kind_c = doc_type(doc, hits)
    currency, currency_c = _currency(doc, hits)
    items, table_rows = table_items(doc, hits, currency)
    for item in items:
        arithmetic.repair_item(item)
    first_day = day_first(doc, currency)
    found = label_candidates(
        doc, hits, {"document_number", "issue_date", "due_date", "po_number"}, parsers_for(first_day), table_rows
    )
    t_number = registration_number(doc, hits)
    values = [t for cands in found.values() for c in cands for t in c.tokens]
    values += currency_c.tokens if currency_c else []
    supplier = supplier_name(doc, hits, t_number, kind_c.tokens if kind_c else None, table_rows, values)
    amounts = [i.amount for i in items]
    lines_sum = sum(amounts, Decimal(0)) if items and None not in amounts else None
    totals = read_totals(doc, table_rows, lines_sum, currency)
    breakdown = _breakdown(items, totals, looks_reduced_rate_note(doc))

    def pick(name: str) -> Candidate | None:
        return found[name][0] if found.get(name) else None

    doc_no, po, issued, due = pick("document_number"), pick("po_number"), pick("issue_date"), pick("due_date")
    if issued is None or due is None:
        # A date without a readable label: the issue date is the earlier, printed first.
        taken = {id(t) for c in (issued, due) if c for t in c.tokens}
        loose = first_dates(doc, table_rows, taken, first_day)
        if issued is None and loose:
            issued = next((c for c in loose if due is None or c.value <= due.value), None)
            if issued:
                loose = [c for c in loose if c is not issued]
        if due is None and issued is not None:
            due = next((c for c in loose if c.value > issued.value), None)
    if doc_no is None or po is None:
        # Labels OCR could not read: the header block's reference-shaped values.
        taken = {id(t) for c in (doc_no, po, t_number) if c for t in c.tokens}
        loose_refs = unlabelled_references(doc, hits, table_rows, taken)
        doc_no = doc_no or next(iter(loose_refs["document_number"]), None)
        po = po or next((c for c in loose_refs["po_number"] if doc_no is None or c.value != doc_no.value), None)
    if po is not None and doc_no is not None and po.value == doc_no.value:
        doc_no = next((c for c in found["document_number"] if c.value != po.value), None)
    if reread is not None:
        look = second_look.SecondLook(reread, doc)
        t_number = second_look.registration_number(look, hits, t_number)
        doc_no = second_look.identifier_letters(look, doc_no)
        issued = second_look.date_value(look, issued, lambda d: due is None or d <= due.value)
        due = second_look.date_value(look, due, lambda d: issued is None or d >= issued.value)
        current = {"document_number": doc_no, "issue_date": issued, "due_date": due,
                   "po_number": None if kind == "quote" else po}
        wanted = {name for name, cand in current.items() if cand is None}
        if kind == "quote":
            wanted.discard("po_number")

        def passes(name: str, cand: Candidate) -> bool:
            if name == "issue_date":
                return due is None or cand.value <= due.value
            if name == "due_date":
                return issued is None or cand.value >= issued.value
            return True

        again = second_look.header_fields(look, hits, wanted, table_rows, passes)
        doc_no = doc_no or again.get("document_number")
        issued = issued or again.get("issue_date")
        due = due or again.get("due_date")
        po = po or again.get("po_number")
        second_look.missing_figures(look, items)
        second_look.descriptions(look, items)
    fields = {
        "doc_type": kind,
        "supplier_name": supplier.value if supplier else None,
        "registration_number": t_number.value if t_number else None,
        "document_number": doc_no.value if doc_no else None,
        "issue_date": issued.value.isoformat() if issued else None,
        "due_date": due.value.isoformat() if due else None,
        "po_number": None if kind == "quote" else (po.value if po else None),
        "currency": currency,
        "subtotal": format_amount(totals.subtotal),
        "tax_total": format_amount(totals.tax_total),
        "total": format_amount(totals.total),
        "tax_breakdown": breakdown,
        "lines": [
            {
                "description": i.description or None,
                "quantity": format_amount(i.quantity),
                "unit_price": format_amount(i.unit_price),
                "amount": format_amount(i.amount),
                "tax_rate": _rate_str(i.tax_rate),
            }
            for i in items
        ],
    }
    sources = {
        "doc_type": kind_c,
        "supplier_name": supplier,
        "registration_number": t_number,
        "document_number": doc_no,
        "issue_date": issued,
        "due_date": due,
        "po_number": po,
        "currency": currency_c,
        **totals.sources,
    }
    for name, cand in sources.items():
        if cand is not None and cand.tokens and fields.get(name) is not None:
            meta[name] = cand.meta()
    return Extraction(fields, meta)
