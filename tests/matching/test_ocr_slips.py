"""Matching stays right when OCR reads the same invoice slightly differently."""
from __future__ import annotations

from decimal import Decimal

import pytest

from ocr.extract.result import ExtractedInvoice
from portal.extensions import db
from portal.intake.processing import apply_fields, set_status
from portal.matching import rules
from portal.matching.services import match_document
from portal.models import Document, GoodsReceipt, PurchaseOrder, PurchaseOrderLine, Status, Supplier


@pytest.mark.parametrize(("printed", "read"), [
    ("05-0852-I", "05-0852-1"), ("INV-O0512", "inv 00512"), ("No.12/34", "NO 1234"), ("A-l07", "A-107"),
])
def test_document_numbers_compare_equal_across_ocr_lookalikes(printed, read):
    assert rules.normalise_document_number(printed) == rules.normalise_document_number(read)


def test_different_document_numbers_stay_different():
    assert rules.normalise_document_number("05-0852-1") != rules.normalise_document_number("05-0852-7")


@pytest.fixture
def order(app):
    supplier = Supplier(code="S-9", name="Northwind Office Tech Ltd.", registration_number="T2200297727693")
    order = PurchaseOrder(number="PO-9", supplier=supplier, currency="JPY")
    line = PurchaseOrderLine(line_no=1, description="Toner", quantity=Decimal(2), unit_price=Decimal(9800),
                             tax_rate=Decimal(10))
    line.receipts.append(GoodsReceipt(quantity_received=Decimal(2)))
    order.lines.append(line)
    db.session.add(order)
    db.session.commit()
    return order


def scanned(name: str, number: str, supplier_name: str | None, registration: str | None) -> Document:
    document = Document(file_name=name, sha256=name.ljust(64, "0"), mime_type="image/png", size=1, page_count=1)
    db.session.add(document)
    apply_fields(document, ExtractedInvoice.from_fields({
        "doc_type": "invoice", "supplier_name": supplier_name, "registration_number": registration,
        "document_number": number, "po_number": "PO-9", "currency": "JPY", "subtotal": "19600",
        "tax_total": "1960", "total": "21560", "tax_breakdown": [{"rate": "10", "taxable": "19600", "tax": "1960"}],
        "lines": [{"description": "Toner", "quantity": "2", "unit_price": "9800", "amount": "19600", "tax_rate": "10"}],
    }))
    set_status(document, Status.PROCESSED)
    match_document(document)
    db.session.commit()
    return document


def test_a_rescan_read_with_a_lookalike_is_still_a_duplicate(order):
    first = scanned("scan.pdf", "05-0852-1", "Northwind Office Tech Ltd.", "T2200297727693")
    again = scanned("fax.tif", "05-0852-I", "Northwind Office Tech Ltd.", None)
    assert first.match.exception_codes == []
    assert again.match.exception_codes == ["duplicate"]
    assert again.match.duplicate_of_id == first.id


def test_an_unreadable_supplier_is_the_one_the_printed_order_went_to(order):
    document = scanned("smudged.png", "INV-1", "RABAT EY BBS", None)
    assert document.supplier_id == order.supplier_id
    assert document.match.exception_codes == []
