"""Processing a queued document: read it, keep what was read, recall its supplier's memory, match it.

A document that fails is marked failed with the reason and can be retried; it never
stops the documents after it.
"""
from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

from ocr.document import DocumentReading, read_document
from ocr.extract.result import ExtractedInvoice
from portal import audit, storage
from portal.extensions import db
from portal.models import Document, DocumentLine, DocumentPage, Status, TaxLine
from portal.models.clock import utcnow

log = logging.getLogger(__name__)

# Text fields and the most of each the document keeps.
TEXT_LIMITS = {"supplier_name": 300, "registration_number": 20, "document_number": 100, "po_number": 100,
               "currency": 3}


def process_document(document_id: int) -> None:
    """Read, extract and match one document, committing as it goes (a background job)."""
    document = db.session.get(Document, document_id)
    if document is None or document.state is Status.PROCESSED:
        return
    set_status(document, Status.PROCESSING)
    db.session.commit()
    try:
        reading = read_document(storage.read(document.sha256), document.mime_type)
    except Exception as exc:  # noqa: BLE001  any failure of one document is recorded, never raised
        log.exception("reading document %s failed", document_id)
        fail(document, exc)
        return
    finish(document, reading)


def finish(document: Document, reading: DocumentReading) -> None:
    """Keep a reading, let the supplier's memory read it again, match the document and commit;
    a failure marks the document failed."""
    try:
        save_reading(document, reading)
        set_status(document, Status.PROCESSED)
        from portal.learning.services import apply_memory
        from portal.matching.services import match_document

        apply_memory(document, reading.pages)
        match_document(document)
        db.session.commit()
    except Exception as exc:  # noqa: BLE001
        log.exception("saving document %s failed", document.id)
        db.session.rollback()
        fail(db.session.get(Document, document.id), exc)


def fail(document: Document, exc: BaseException) -> None:
    """Mark the document failed with a reason a user can act on, and commit."""
    document.error = f"{exc.__class__.__name__}: {exc}"[:2000]
    set_status(document, Status.FAILED, note=document.error)
    db.session.commit()


def set_status(document: Document, status: Status, note: str | None = None) -> None:
    """Change the status and leave an audit record of it."""
    before = document.status
    document.status = status.value
    if status is Status.PROCESSED:
        document.processed_at = utcnow()
        document.error = None
    audit.record(status.value, document, before={"status": before}, after={"status": status.value}, note=note)


def retry(document: Document) -> None:
    """Put a failed document back in the queue (the caller commits, then queues it)."""
    if document.state is not Status.FAILED:
        raise ValueError("only a failed document can be retried")
    set_status(document, Status.QUEUED, note="retry")


def save_reading(document: Document, reading: DocumentReading) -> None:
    """Replace the document's pages, fields and lines with what was read."""
    document.pages.clear()
    document.lines.clear()
    document.tax_lines.clear()
    db.session.flush()
    for page in reading.pages:
        document.pages.append(DocumentPage(
            number=page.number, width=page.width, height=page.height, source=page.source,
            language=page.language, text=page.text, words=[asdict(w) for w in page.words],
        ))
    document.page_count = len(reading.pages) or document.page_count
    document.extracted = reading.invoice.fields  # what was read, as read, for the record
    document.fields_meta = reading.invoice.meta
    apply_fields(document, reading.invoice)


def apply_fields(document: Document, invoice: ExtractedInvoice) -> None:
    """Set the document's fields, lines and tax lines from an extraction's typed values."""
    for name in ("doc_type", "issue_date", "due_date", "subtotal", "tax_total", "total"):
        setattr(document, name, getattr(invoice, name))
    for name, limit in TEXT_LIMITS.items():
        setattr(document, name, _text(getattr(invoice, name), limit))
    for position, line in enumerate(invoice.lines, start=1):
        document.lines.append(DocumentLine(
            position=position, description=_text(line.description, 500), quantity=line.quantity,
            unit_price=line.unit_price, amount=line.amount, tax_rate=line.tax_rate))
    for tax in invoice.taxes:
        document.tax_lines.append(TaxLine(rate=tax.rate, taxable=tax.taxable, tax=tax.tax))


def _text(value: Any, limit: int) -> str | None:
    return None if value is None or value == "" else str(value)[:limit]
