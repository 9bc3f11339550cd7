"""Journal entries of approved invoices, one per invoice and tax rate, in the import format of
the accounting product the company uses (`products.toml`: columns, encoding, tax categories).

A purchase from a supplier without a valid registration number gets the transitional
deduction in force on its issue date (`TransitionalDeduction`, amended by an admin). What
could not be checked against a published specification: the 弥生 and freee spellings of the
transitional tax categories, マネーフォワード's tax-category names and its インボイス values
beyond 適格 and 80%控除, and freee's newest optional columns. They live in products.toml.
"""
from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ocr.registration import is_valid
from portal.csvfile import write_csv
from portal.extensions import db
from portal.models import Document, MatchResult, ReviewStatus, TransitionalDeduction
from portal.models.types import normalise

PRODUCTS_FILE = Path(__file__).with_name("products.toml")
REDUCED_RATE = Decimal(8)
MAX_ENTRIES = 200_000


@cache
def products() -> dict[str, Any]:
    return tomllib.loads(PRODUCTS_FILE.read_text(encoding="utf-8"))


FORMATS = ("yayoi", "freee", "moneyforward")


@dataclass(frozen=True)
class Entry:
    """One journal entry: an invoice's purchases at one tax rate, tax included."""

    document: Document
    number: int
    rate: Decimal
    amount: Decimal        # taxable + tax
    tax: Decimal
    deduction: int | None  # None: a registered supplier (all deductible); else the percent

    @property
    def description(self) -> str:
        d = self.document
        parts = [d.supplier.name if d.supplier else (d.supplier_name or ""), d.document_number or "",
                 registration_number(d) or ""]
        return " ".join(p for p in parts if p)


def registration_number(document: Document) -> str | None:
    """The supplier's valid registration number: the master's, else the one printed on the
    invoice (unless matching found it wrong); None when the supplier has none."""
    if document.supplier and is_valid(document.supplier.registration_number):
        return document.supplier.registration_number
    wrong = document.match is not None and "invalid_registration_number" in document.match.exception_codes
    if not wrong and is_valid(document.registration_number):
        return document.registration_number
    return None


def deduction_on(day: date) -> int:
    """The percent of tax deductible on a purchase from an unregistered supplier on `day`."""
    percent = db.session.scalar(select(TransitionalDeduction.percent).where(TransitionalDeduction.ends_on >= day)
                                .order_by(TransitionalDeduction.ends_on).limit(1))
    return int(percent) if percent is not None else 0


def entries(issued_from: date | None = None, issued_to: date | None = None) -> Iterator[Entry]:
    """Approved, undeleted invoices issued in the period, one entry per tax rate, in date order."""
    query = (select(Document).where(Document.review_status == ReviewStatus.APPROVED, Document.doc_type == "invoice",
                                    Document.deleted_at.is_(None), Document.issue_date.is_not(None))
             .options(selectinload(Document.tax_lines), selectinload(Document.lines), selectinload(Document.supplier),
                      selectinload(Document.match).selectinload(MatchResult.exceptions))
             .order_by(Document.issue_date, Document.id).limit(MAX_ENTRIES))
    if issued_from:
        query = query.where(Document.issue_date >= issued_from)
    if issued_to:
        query = query.where(Document.issue_date <= issued_to)
    number = 0
    for document in db.session.scalars(query.execution_options(yield_per=500)):
        registered = registration_number(document) is not None
        deduction = None if registered else deduction_on(document.issue_date)
        for rate, taxable, tax in per_rate(document):
            number += 1
            yield Entry(document, number, rate, taxable + tax, tax, deduction)


def per_rate(document: Document) -> list[tuple[Decimal, Decimal, Decimal]]:
    """(rate, taxable, tax) per rate: the printed tax lines, else the lines summed with the
    document's tax, else the total at its lines' one rate."""
    rows = [(t.rate, t.taxable, t.tax) for t in document.tax_lines if t.taxable is not None]
    if rows:
        return [(normalise(r), taxable, tax or Decimal(0)) for r, taxable, tax in rows]
    rates = {line.tax_rate for line in document.lines if line.tax_rate is not None}
    rate = rates.pop() if len(rates) == 1 else Decimal(10)
    tax = document.tax_total or Decimal(0)
    return [(normalise(rate), document.total - tax, tax)]


def tax_category(product: dict[str, Any], entry: Entry) -> str:
    reduced = entry.rate == REDUCED_RATE
    if entry.deduction is None:
        template = product["tax_reduced" if reduced else "tax_standard"]
    elif entry.deduction == 0:
        return product["tax_none"]
    else:
        template = product["tax_reduced_transitional" if reduced else "tax_transitional"]
    return template.format(rate=entry.rate, deduction=entry.deduction)


def _yen(value: Decimal) -> str:
    return str(value.quantize(Decimal(1)) if value == value.to_integral_value() else value)


def _row(fmt: str, entry: Entry) -> list[Any]:
    product, accounts = products()[fmt], products()["accounts"]
    day = entry.document.issue_date.strftime(product["date_format"])
    category = tax_category(product, entry)
    amount, tax = _yen(entry.amount), _yen(entry.tax)
    if fmt == "yayoi":
        return ["2000", "", "", day, accounts["purchases"], "", "", category, amount, tax, accounts["payable"], "",
                "", "対象外", amount, "0", entry.description[:64], entry.document.document_number or "", "", "0",
                "", "", "", "", "no"]
    if fmt == "freee":
        due = entry.document.due_date.strftime(product["date_format"]) if entry.document.due_date else ""
        counterparty = entry.document.supplier.name if entry.document.supplier else entry.document.supplier_name
        return ["支出", entry.document.document_number or "", day, due, counterparty or "", accounts["purchases"],
                category, amount, "内税", tax, entry.description, "", "", "", "", "", ""]
    invoice = "" if entry.deduction == 0 else (product["invoice_registered"] if entry.deduction is None
                                               else product["invoice_transitional"].format(deduction=entry.deduction))
    counterparty = entry.document.supplier.name if entry.document.supplier else entry.document.supplier_name
    return [entry.number, day, accounts["purchases"], "", "", counterparty or "", category, invoice, amount, tax,
            accounts["payable"], "", "", counterparty or "", "対象外", "", amount, "", entry.description, "", "", "",
            "", "", "", "", ""]


def journal_file(fmt: str, issued_from: date | None = None, issued_to: date | None = None) -> bytes:
    """The journal as the product imports it: its columns, its encoding."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    product = products()[fmt]
    rows = (_row(fmt, entry) for entry in entries(issued_from, issued_to))
    return write_csv(rows, product["columns"] if product["header"] else None, encoding=product["encoding"])


def file_name(fmt: str, issued_from: date | None, issued_to: date | None) -> str:
    span = "-".join(d.strftime("%Y%m%d") for d in (issued_from, issued_to) if d) or "all"
    return f"journal-{fmt}-{span}.csv"
