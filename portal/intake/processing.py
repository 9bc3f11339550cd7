"""Processing a queued document: take it, read it, keep what was read, recall its supplier's
memory, match it.

A document that fails is marked failed with the reason and can be retried; it never
stops the documents after it. A worker holds a lease on the document it reads
(`portal.intake.leases`): what it read is kept only while the lease is still its own.
"""
from __future__ import annotations

import logging
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from ocr.document import DocumentReading, read_document
from ocr.extract.result import ExtractedInvoice
from portal import audit, storage
from portal.extensions import db
from portal.intake import leases
from portal.models import Document, DocumentLine, DocumentPage, Status, TaxLine
from portal.models.clock import utcnow
from portal.models.types import held, normalise, to_places

log = logging.getLogger(__name__)

# Text fields and the most of each the document keeps.
TEXT_LIMITS = {"supplier_name": 300, "registration_number": 20, "document_number": 100, "po_number": 100,
               "currency": 3}


def process_document(document_id: int) -> None:
    """Take, read, extract and match one document, committing as it goes (a background job)."""
    document = take(document_id)
    if document is None:
        return
    db.session.commit()
    with leases.keeping_leases():
        try:
            reading = read_document(storage.read(document.sha256), document.mime_type)
        except Exception as exc:  # noqa: BLE001  any failure of one document is recorded, never raised
            log.exception("reading document %s failed", document_id)
            fail(document, exc)
            return
        finish(document, reading)


def take(document_id: int) -> Document | None:
    """Take a queued document for this worker and mark it being read; None when it is not
    queued (another worker has it, or it was read already). Flushes."""
    if not leases.claim(document_id):
        return None
    document = db.session.get(Document, document_id, populate_existing=True)
    set_status(document, Status.PROCESSING, note=f"attempt {document.read_attempts} by {document.lease_holder}")
    return document


def finish(document: Document, reading: DocumentReading) -> None:
    """Keep a reading, let the supplier's memory read it again, match the document and commit;
    a failure marks the document failed. Nothing is kept once the lease is another's."""
    document_id = document.id  # (a failed flush leaves the document's attributes unreadable until rollback)
    try:
        if not leases.keep(document.id):
            _drop(document)
            return
        save_reading(document, reading)
        set_status(document, Status.PROCESSED)
        from portal.learning.services import apply_memory
        from portal.matching.services import find_printed_order, match_document

        apply_memory(document, reading.pages)
        find_printed_order(document)
        match_document(document)
        db.session.commit()
    except Exception as exc:  # noqa: BLE001
        db.session.rollback()
        log.exception("saving document %s failed", document_id)
        fail(db.session.get(Document, document_id), exc)


def fail(document: Document, exc: BaseException) -> None:
    """Mark the document failed with a reason a user can act on, and commit (unless the lease
    is another's by now)."""
    if not leases.keep(document.id):
        _drop(document)
        return
    mark_failed(document, f"{exc.__class__.__name__}: {exc}")
    db.session.commit()


def mark_failed(document: Document, reason: str) -> None:
    """Mark the document failed with the reason; flushes."""
    document.error = reason[:2000]
    set_status(document, Status.FAILED, note=document.error)


def _drop(document: Document) -> None:
    """Forget this worker's reading: the document was given to another worker meanwhile."""
    db.session.rollback()
    log.warning("document %s: the lease ran out and another worker has it; this reading is dropped",
                document.id)


def set_status(document: Document, status: Status, note: str | None = None) -> None:
    """Change the status and leave an audit record of it; a document no longer being read
    loses its lease."""
    before = document.status
    document.status = status
    if status is not Status.PROCESSING:
        leases.release(document)
    if status is Status.QUEUED:
        document.queued_at = utcnow()
    if status is Status.PROCESSED:
        document.processed_at = utcnow()
        document.error = None
    audit.record(status.value, document, before={"status": before}, after={"status": status.value}, note=note)


def retry(document: Document) -> None:
    """Put a failed document, or one whose reading stopped, back in the queue (the caller
    commits, then queues it)."""
    if document.state is not Status.FAILED and not leases.take_back(document.id):
        raise ValueError("only a failed or stopped document can be retried")
    document.read_attempts = 0
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
    for name in ("doc_type", "issue_date", "due_date"):
        setattr(document, name, getattr(invoice, name))
    for name in ("subtotal", "tax_total", "total"):
        setattr(document, name, _kept(getattr(invoice, name)))
    for name, limit in TEXT_LIMITS.items():
        setattr(document, name, _text(getattr(invoice, name), limit))
    for position, line in enumerate(invoice.lines, start=1):
        document.lines.append(DocumentLine(
            position=position, description=_text(line.description, 500), quantity=_kept(line.quantity),
            unit_price=_kept(line.unit_price), amount=_kept(line.amount), tax_rate=_kept(line.tax_rate)))
    for tax in invoice.taxes:
        document.tax_lines.append(TaxLine(rate=_kept(tax.rate), taxable=_kept(tax.taxable), tax=_kept(tax.tax)))


def _kept(value: Decimal | None) -> Decimal | None:
    """A figure as the database keeps it (`to_places`), so that matching now and after a reload
    compares the same figures: a price of $0.0000166667 per GB-second is kept as 0, as the
    order's is; one too large for it is none (`held`)."""
    value = held(value)
    return None if value is None else normalise(to_places(value))


def _text(value: Any, limit: int) -> str | None:
    return None if value is None or value == "" else str(value)[:limit]
