"""Reviewing what the scanner read: correcting fields and lines, submitting, rejecting.

A correction is parsed strictly (a human typed it, so no OCR repairs), changes the
document only when valid, is audited with the old and the new value, re-runs matching
for the document and the later ones it affects, and is remembered for the supplier's
next documents (`portal.learning`). Every function flushes and never commits.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ocr.parse import parse_date
from portal import audit
from portal.approvals import services as approvals
from portal.extensions import db
from portal.learning import services as learning
from portal.matching.overrides import open_exceptions
from portal.matching.services import match_document
from portal.models import (
    AuditEvent,
    Document,
    DocumentLine,
    ReviewStatus,
    Status,
    Supplier,
    TaxLine,
    User,
)
from portal.models.types import BEYOND
from portal.numbers import NotANumber, parse_number


class ReviewError(ValueError):
    """A review action refused, with the reason for the user."""


class InvalidValue(ReviewError):
    """What was typed is not a value of the field's kind; nothing was changed."""


@dataclass(frozen=True)
class Field:
    name: str
    label: Any  # a lazy string
    kind: str   # text | date | amount | rate | currency | doc_type | supplier
    limit: int = 100


HEADER_FIELDS = (
    Field("doc_type", _l("Type"), "doc_type"),
    Field("supplier_code", _l("Supplier in the master"), "supplier"),
    Field("supplier_name", _l("Supplier"), "text", 300),
    Field("registration_number", _l("Registration number"), "text", 20),
    Field("document_number", _l("Document number"), "text", 100),
    Field("issue_date", _l("Issue date"), "date"),
    Field("due_date", _l("Due date"), "date"),
    Field("po_number", _l("Order number"), "text", 100),
    Field("currency", _l("Currency"), "currency"),
    Field("subtotal", _l("Subtotal"), "amount"),
    Field("tax_total", _l("Tax"), "amount"),
    Field("total", _l("Total"), "amount"),
)
LINE_FIELDS = (
    Field("description", _l("Description"), "text", 500),
    Field("quantity", _l("Qty"), "amount"),
    Field("unit_price", _l("Unit price"), "amount"),
    Field("amount", _l("Amount"), "amount"),
    Field("tax_rate", _l("Tax rate (%)"), "rate"),
)
TAX_FIELDS = (
    Field("rate", _l("Tax rate (%)"), "rate"),
    Field("taxable", _l("Taxable"), "amount"),
    Field("tax", _l("Tax"), "amount"),
)
HEADER = {f.name: f for f in HEADER_FIELDS}
# The header fields as the export names them: what `portal correct` corrects.
EXPORT_FIELDS = ("doc_type", "supplier_code", "registration_number", "document_number", "issue_date", "due_date",
                 "po_number", "currency", "subtotal", "tax_total", "total")
DOC_TYPES = ("invoice", "quote")
# Changing these changes who the supplier is: matching resolves it again.
SUPPLIER_KEYS = ("supplier_name", "registration_number")


# --- parsing what a person typed ---------------------------------------------------------------

def parse_value(field: Field, raw: str | None) -> Any:
    """The typed value of one field from what was typed; '' clears it; InvalidValue if not one."""
    text = unicodedata.normalize("NFKC", raw or "").strip()
    if not text:
        if field.kind == "rate" and field.name == "rate":
            raise InvalidValue(_("Enter the tax rate."))
        return None
    if field.kind == "text":
        if len(text) > field.limit:
            raise InvalidValue(_("At most %(n)s characters.", n=field.limit))
        return text
    if field.kind == "doc_type":
        if text not in DOC_TYPES:
            raise InvalidValue(_("Choose invoice or quote."))
        return text
    if field.kind == "currency":
        if not re.fullmatch(r"[A-Za-z]{3}", text):
            raise InvalidValue(_("Enter a three-letter currency code, such as JPY or USD."))
        return text.upper()
    if field.kind == "supplier":
        supplier = db.session.scalar(select(Supplier).where(Supplier.code == text))
        if supplier is None:
            raise InvalidValue(_("No supplier has the code “%(code)s”.", code=text))
        return supplier
    if field.kind == "date":
        return _parse_date(text)
    return _parse_number(field, text)


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    found = parse_date(text)
    # Only a text that is a date as a whole, not one that merely contains digits.
    if found is None or not re.fullmatch(r"[\d\s/.\-年月日令和平成元RH]+|[A-Za-z0-9 ,.\-]+", text):
        raise InvalidValue(_("“%(text)s” is not a date. Use YYYY-MM-DD, e.g. 2026-10-31.", text=text))
    return found


def _parse_number(field: Field, text: str) -> Decimal:
    try:
        value = parse_number(text)
    except NotANumber:
        raise InvalidValue(_("“%(text)s” is not a number. Use digits, e.g. 12,340 or 12.5.", text=text)) from None
    if field.kind == "rate" and not 0 <= value <= 100:
        raise InvalidValue(_("A tax rate is between 0 and 100."))
    if abs(value) >= BEYOND:
        raise InvalidValue(_("This number is too large."))
    return value


# --- what the review screen shows --------------------------------------------------------------


@dataclass(frozen=True)
class FieldView:
    field: Field
    value: Any
    confidence: float | None  # None: the reader did not find it
    page: int | None
    box: list[int] | None
    corrected: bool

    @property
    def name(self) -> str:
        return self.field.name


def corrected_fields(document: Document) -> set[str]:
    """Names of the header fields someone has corrected."""
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.document_id == document.id,
                                                         AuditEvent.action == "corrected"))
    return {key for event in events for key in (event.after or {}) if key in HEADER}


def field_view(document: Document, field: Field, corrected: set[str] | None = None) -> FieldView:
    meta = (document.fields_meta or {}).get(field.name) or {}
    if field.kind == "supplier":  # as sure, and where, the name or number it was resolved from
        meta = (document.fields_meta or {}).get("supplier_name") or (document.fields_meta or {}).get(
            "registration_number") or {}
    corrected = corrected_fields(document) if corrected is None else corrected
    return FieldView(field, getattr(document, field.name), meta.get("confidence"), meta.get("page"),
                     meta.get("box"), field.name in corrected)


def field_views(document: Document) -> list[FieldView]:
    """Header fields, least confident first (those the reader did not find come first of all).

    Corrected fields go last: a person has looked at them.
    """
    corrected = corrected_fields(document)
    views = [field_view(document, f, corrected) for f in HEADER_FIELDS]
    order = {f.name: i for i, f in enumerate(HEADER_FIELDS)}
    def certainty(v: FieldView) -> float:
        if v.value is None:
            return -2  # not found at all
        return v.confidence if v.confidence is not None else -1  # found, but nobody knows where

    return sorted(views, key=lambda v: (v.corrected, certainty(v), order[v.name]))


def review_queue() -> list[Document]:
    """Processed documents waiting for a clerk, oldest first."""
    return list(db.session.scalars(select(Document).where(
        Document.status == Status.PROCESSED, Document.review_status == ReviewStatus.TO_REVIEW,
        Document.deleted_at.is_(None))
        .order_by(Document.id)))


# --- corrections -------------------------------------------------------------------------------


def _editable(document: Document) -> None:
    if document.state is not Status.PROCESSED:
        raise ReviewError(_("The document has not been read yet."))
    if document.review_status != ReviewStatus.TO_REVIEW:
        raise ReviewError(_("Only a document in review can be changed."))


def correct_field(document: Document, name: str, raw: str | None, user: User | None) -> bool:
    """Correct one header field; True when it changed (then audited, re-matched and remembered).

    user None: the portal itself (the command line without a user).
    """
    _editable(document)
    field = HEADER.get(name)
    if field is None:
        raise ReviewError(_("Unknown field."))
    changed = _apply(document, field, parse_value(field, raw), user)
    if changed:
        learning.remember_vouched(document, user)  # a clerk who corrects a field vouches for those left
    return changed


def correct_fields(document: Document, values: dict[str, str], user: User | None) -> list[str]:
    """Correct several header fields at once: all are parsed before any is changed (RowInvalid
    names each bad one); the supplier first, so that what the others teach is its. Returns
    the names of the fields that changed."""
    _editable(document)
    unknown = [name for name in values if name not in HEADER]
    if unknown:
        raise RowInvalid({name: _("Unknown field.") for name in unknown})
    parsed = _parse_row(tuple(HEADER[name] for name in values), values)
    order = sorted(parsed, key=lambda name: name != "supplier_code")
    changed = [name for name in order if _apply(document, HEADER[name], parsed[name], user)]
    if changed:
        learning.remember_vouched(document, user)  # a clerk who corrects some fields vouches for the rest
    return changed


def _apply(document: Document, field: Field, value: Any, user: User | None) -> bool:
    if field.kind == "supplier":
        return choose_supplier(document, value, user)
    name = field.name
    old = getattr(document, name)
    if old == value:
        return False
    setattr(document, name, value)
    if name in SUPPLIER_KEYS and not supplier_chosen(document):
        document.supplier_id = None  # resolved again from the corrected name or number
    audit.record("corrected", document, before={name: old}, after={name: value}, user=user)
    match_document(document)
    if name in SUPPLIER_KEYS or name == "doc_type":
        learning.relearn(document, user)  # whose document, or what kind, may have changed
    else:
        learning.remember_correction(document, name, user)
    learning.remember_terms(document)  # a clerk who corrects one field vouches for the dates left as read
    return True


def choose_supplier(document: Document, supplier: Supplier | None, user: User | None) -> bool:
    """Say which master supplier the document is from (None: let the portal resolve it again
    from the printed name and number). The document shows the master's name; the names and
    numbers read on it become the supplier's aliases. True when it changed."""
    _editable(document)
    if document.supplier_id == (supplier.id if supplier else None) and (supplier is None or supplier_chosen(document)):
        return False
    before = {"supplier_code": document.supplier_code, "supplier_name": document.supplier_name}
    document.supplier_id = supplier.id if supplier else None
    document.supplier = supplier
    if supplier is not None:
        document.supplier_name = supplier.name
    audit.record("corrected", document, before=before,
                 after={"supplier_code": supplier.code if supplier else None, "supplier_name": document.supplier_name},
                 user=user)
    match_document(document)
    learning.remember_supplier(document, user)
    learning.remember_terms(document)
    return True


def supplier_chosen(document: Document) -> bool:
    """True when a person named the document's supplier (and did not clear it since)."""
    events = db.session.scalars(select(AuditEvent.after).where(
        AuditEvent.document_id == document.id, AuditEvent.action == "corrected").order_by(AuditEvent.id.desc()))
    return next((after["supplier_code"] is not None for after in events if "supplier_code" in (after or {})), False)


def correct_line(document: Document, line_id: int, values: dict[str, str], user: User) -> bool:
    """Correct an item line's fields; all are checked before any is changed."""
    line = _row(document, DocumentLine, line_id)
    return _correct_row(document, line, LINE_FIELDS, values, user, f"line.{line.position}")


def correct_tax_line(document: Document, tax_line_id: int, values: dict[str, str], user: User) -> bool:
    """Correct a tax line (rate, taxable amount, tax)."""
    tax_line = _row(document, TaxLine, tax_line_id)
    return _correct_row(document, tax_line, TAX_FIELDS, values, user, f"tax.{document.tax_lines.index(tax_line) + 1}")


def add_line(document: Document, values: dict[str, str], user: User) -> DocumentLine:
    """Add an item line the reader missed."""
    _editable(document)
    parsed = _parse_row(LINE_FIELDS, values)
    if all(v is None for v in parsed.values()):
        raise InvalidValue(_("Fill in at least one field of the line."))
    position = max((line.position for line in document.lines), default=0) + 1
    line = DocumentLine(position=position, **parsed)
    document.lines.append(line)
    db.session.flush()
    audit.record("corrected", document, before={f"line.{position}": None},
                 after={f"line.{position}": _describe(parsed)}, user=user)
    match_document(document)
    return line


def remove_line(document: Document, line_id: int, user: User) -> None:
    """Remove an item line the reader made up (a heading read as a line, say)."""
    line = _row(document, DocumentLine, line_id)
    before = {f.name: getattr(line, f.name) for f in LINE_FIELDS}
    document.lines.remove(line)
    db.session.flush()
    audit.record("corrected", document, before={f"line.{line.position}": _describe(before)},
                 after={f"line.{line.position}": None}, user=user)
    match_document(document)


def _row(document: Document, model, row_id: int):
    _editable(document)
    row = db.session.get(model, row_id)
    if row is None or row.document_id != document.id:
        raise ReviewError(_("This line is not on the document."))
    return row


def _parse_row(fields: tuple[Field, ...], values: dict[str, str]) -> dict[str, Any]:
    parsed, errors = {}, {}
    for field in fields:
        try:
            parsed[field.name] = parse_value(field, values.get(field.name))
        except InvalidValue as exc:
            errors[field.name] = str(exc)
    if errors:
        raise RowInvalid(errors)
    return parsed


class RowInvalid(InvalidValue):
    """Some fields of a line are not valid; `errors` maps each to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def _correct_row(document: Document, row, fields: tuple[Field, ...], values: dict[str, str], user: User,
                 label: str) -> bool:
    parsed = _parse_row(fields, values)
    before = {name: getattr(row, name) for name in parsed if getattr(row, name) != parsed[name]}
    if not before:
        return False
    for name in before:
        setattr(row, name, parsed[name])
    db.session.flush()
    audit.record("corrected", document, before={f"{label}.{k}": v for k, v in before.items()},
                 after={f"{label}.{k}": parsed[k] for k in before}, user=user)
    match_document(document)
    return True


def change_label(key: str) -> str:
    """A corrected value's name for the history: 'total', 'line.2.quantity', 'tax.1.rate', 'line.3'."""
    parts = key.split(".")
    if len(parts) == 1:
        return str(HEADER[key].label) if key in HEADER else key
    fields = {f.name: f for f in (LINE_FIELDS if parts[0] == "line" else TAX_FIELDS)}
    where = _("Line %(n)s", n=parts[1]) if parts[0] == "line" else _("Tax line %(n)s", n=parts[1])
    if len(parts) == 3 and parts[2] in fields:
        return f"{where} · {fields[parts[2]].label}"
    return where


def _describe(values: dict[str, Any]) -> str:
    return " · ".join(str(v) for v in values.values() if v is not None)


# --- handing the document on -------------------------------------------------------------------


def submit(document: Document, user: User) -> list:
    """Send the document for approval: it needs a total and no open exceptions. The rules of
    its order's department (or its supplier's) apply (approvals.department_for)."""
    _editable(document)
    if document.total is None:
        raise ReviewError(_("Enter the total before submitting."))
    if document.doc_type not in DOC_TYPES:
        raise ReviewError(_("Say whether this is an invoice or a quote before submitting."))
    if document.doc_type == "quote" and (document.supplier_id is None or not document.lines):
        raise ReviewError(_("A quote needs a known supplier and at least one line to become an order."))
    standing = open_exceptions(document)
    if standing:
        raise ReviewError(_("Resolve or override every exception before submitting."))
    document.department_id = approvals.department_for(document)
    learning.remember_terms(document)  # the clerk vouches for its dates
    before = document.review_status
    document.review_status = ReviewStatus.SUBMITTED
    document.review_note = None
    steps = approvals.start_chain(document)
    audit.record("submitted", document, before={"review_status": before},
                 after={"review_status": document.review_status, "steps": len(steps)}, user=user)
    return steps


def close(document: Document, outcome: ReviewStatus, reason: str, user: User) -> None:
    """Mark the document rejected or a duplicate, with the reason; it leaves every queue."""
    _editable(document)
    if outcome not in (ReviewStatus.REJECTED, ReviewStatus.DUPLICATE):
        raise ReviewError(_("Unknown outcome."))
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(_("Give the reason."))
    before = document.review_status
    document.review_status = outcome
    document.review_note = reason[:1000]
    db.session.flush()
    audit.record(outcome.value, document, before={"review_status": before},
                 after={"review_status": outcome.value}, note=document.review_note, user=user)
