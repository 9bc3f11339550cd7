"""Processing: a document is read, kept and matched; a failure marks it and stops nothing."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from portal import storage
from portal.extensions import db
from portal.intake.batch import process_in_order
from portal.intake.processing import process_document, retry
from portal.intake.services import accept_upload
from portal.models import AuditEvent, Document
from tests.helpers import invoice_png, minimal_pdf


def test_pdf_text_layer_is_read_without_ocr(app):
    document = accept_upload("digital.pdf", minimal_pdf("Invoice No. INV-2026-77"))
    db.session.commit()
    process_document(document.id)
    document = db.session.get(Document, document.id)
    assert document.status == "processed"
    [page] = document.pages
    assert page.source == "text-layer"
    assert "INV-2026-77" in page.text


def test_scan_is_read_with_tesseract_keeping_words_and_boxes(app):
    document = accept_upload("scan.png", invoice_png(["INVOICE", "Invoice No.: INV-4711"]))
    db.session.commit()
    process_document(document.id)
    document = db.session.get(Document, document.id)
    assert document.status == "processed"
    [page] = document.pages
    assert page.source == "ocr"
    assert "INV-4711" in page.text
    word = next(w for w in page.words if "INV-4711" in w["text"])
    assert word["width"] > 0 and word["height"] > 0 and word["confidence"] > 50


def _corrupt_original(document: Document) -> None:
    path = storage.path_for(document.sha256)
    path.chmod(0o644)
    path.write_bytes(b"garbage")


def test_a_failed_document_does_not_stop_the_next_one(app):
    bad = accept_upload("bad.png", invoice_png(["FIRST"]))
    good = accept_upload("good.pdf", minimal_pdf("Invoice No. INV-9"))
    db.session.commit()
    _corrupt_original(bad)
    process_in_order([bad.id, good.id])
    bad, good = db.session.get(Document, bad.id), db.session.get(Document, good.id)
    assert bad.status == "failed"
    assert "does not match its digest" in bad.error
    assert good.status == "processed"


def test_a_failed_document_can_be_retried(app):
    content = invoice_png(["RETRY ME"])
    document = accept_upload("retry.png", content)
    db.session.commit()
    _corrupt_original(document)
    process_document(document.id)
    assert db.session.get(Document, document.id).status == "failed"
    Path(storage.path_for(document.sha256)).write_bytes(content)
    retry(document)
    db.session.commit()
    process_document(document.id)
    document = db.session.get(Document, document.id)
    assert document.status == "processed"
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.document_id == document.id)
                                 .order_by(AuditEvent.id)).all()
    statuses = [a for a in actions if a in {"uploaded", "queued", "processing", "processed", "failed"}]
    assert statuses == ["uploaded", "processing", "failed", "queued", "processing", "processed"]


def test_a_figure_too_large_for_the_books_is_no_figure_and_the_document_is_kept(app):
    # A reference's fifteen digits read as a line's amount: no invoice's figure, and no column holds it.
    from decimal import Decimal

    from ocr.document import DocumentReading
    from ocr.extract.result import ExtractedInvoice
    from portal.intake.processing import finish, take
    from tests.ocr.builders import page

    document = accept_upload("huge.pdf", minimal_pdf("Invoice No. INV-15"))
    db.session.commit()
    take(document.id)
    db.session.commit()
    invoice = ExtractedInvoice.from_fields({
        "doc_type": "invoice", "document_number": "INV-15", "subtotal": "1000", "tax_total": "100",
        "total": "123456789012345678", "lines": [{"description": "Bolts", "quantity": "10", "unit_price": "100",
                                                  "amount": "987654321098765432"}]})
    finish(document, DocumentReading([page([(100, [(100, "Invoice No. INV-15")])])], invoice))
    document = db.session.get(Document, document.id)
    assert document.status == "processed"
    assert (document.subtotal, document.total, document.lines[0].amount) == (Decimal(1000), None, None)
