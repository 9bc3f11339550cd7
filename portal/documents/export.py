"""The export: every document in upload order, as the data contract's JSON."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Document, MatchResult
from portal.models.types import normalise


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _rate(value: Decimal | None) -> str | None:
    return None if value is None else str(normalise(value))


def document_as_json(document: Document) -> dict[str, Any]:
    """One document as the contract's export object."""
    match = document.match
    return {
        "id": document.id,
        "file": document.file_name,
        "sha256": document.sha256,
        "pages": document.page_count,
        "status": document.status,
        "error": document.error,
        "doc_type": document.doc_type,
        "supplier_code": document.supplier.code if document.supplier else None,
        "supplier_name": document.supplier_name,
        "registration_number": document.registration_number,
        "document_number": document.document_number,
        "issue_date": document.issue_date.isoformat() if document.issue_date else None,
        "due_date": document.due_date.isoformat() if document.due_date else None,
        "po_number": document.po_number,
        "currency": document.currency,
        "subtotal": _amount(document.subtotal),
        "tax_total": _amount(document.tax_total),
        "total": _amount(document.total),
        "tax_breakdown": [{"rate": _rate(t.rate), "taxable": _amount(t.taxable), "tax": _amount(t.tax)}
                          for t in document.tax_lines],
        "lines": [{"description": line.description, "quantity": _amount(line.quantity),
                   "unit_price": _amount(line.unit_price), "amount": _amount(line.amount),
                   "tax_rate": _rate(line.tax_rate)} for line in document.lines],
        "match": {
            "po_number": match.order.number if match and match.order else None,
            "exceptions": match.exception_codes if match else [],
            "duplicate_of": match.duplicate_of_id if match else None,
        },
        "fields_meta": document.fields_meta or {},
    }


# What document_as_json reads, loaded with the documents in a few queries.
EXPORT_LOADING = (
    selectinload(Document.lines), selectinload(Document.tax_lines), selectinload(Document.supplier),
    selectinload(Document.match).selectinload(MatchResult.exceptions),
    selectinload(Document.match).selectinload(MatchResult.order),
)


def export_documents() -> list[dict[str, Any]]:
    """Every document not deleted, in upload order."""
    query = select(Document).where(Document.deleted_at.is_(None)).order_by(Document.id).options(*EXPORT_LOADING)
    return [document_as_json(d) for d in db.session.scalars(query)]
