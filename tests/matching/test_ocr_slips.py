"""Matching stays right when OCR reads the same invoice slightly differently."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.matching import rules
from portal.models import Document, PurchaseOrder
from tests.helpers import minimal_pdf
from tests.workflow import import_world, processed_document


@pytest.mark.parametrize(("printed", "read"), [
    ("05-0852-I", "05-0852-1"), ("INV-O0512", "inv 00512"), ("No.12/34", "NO 1234"), ("A-l07", "A-107"),
])
def test_document_numbers_compare_equal_across_ocr_lookalikes(printed, read):
    assert rules.normalise_document_number(printed) == rules.normalise_document_number(read)


def test_different_document_numbers_stay_different():
    assert rules.normalise_document_number("05-0852-1") != rules.normalise_document_number("05-0852-7")


@pytest.fixture
def order(app):
    import_world("po_number,line_no,quantity_received,received_date\nPO-9,1,2,2026-09-10\n", suppliers=(
        "supplier_code,name,registration_number,currency,address\n"
        "S-9,Northwind Office Tech Ltd.,T2200297727693,JPY,Tokyo\n"), orders=(
        "po_number,supplier_code,order_date,currency,line_no,sku,description,quantity,unit_price,tax_rate\n"
        "PO-9,S-9,2026-09-01,JPY,1,T-1,Toner,2,9800,10\n"))
    return db.session.scalar(select(PurchaseOrder).where(PurchaseOrder.number == "PO-9"))


def scanned(name: str, number: str | None, supplier_name: str | None, registration: str | None,
            issued: str = "2026-09-12") -> Document:
    """An invoice as the reader left it, matched; `name`: the file it came in."""
    return processed_document({
        "doc_type": "invoice", "supplier_name": supplier_name, "registration_number": registration,
        "document_number": number, "issue_date": issued, "po_number": "PO-9", "currency": "JPY", "subtotal": "19600",
        "tax_total": "1960", "total": "21560", "tax_breakdown": [{"rate": "10", "taxable": "19600", "tax": "1960"}],
        "lines": [{"description": "Toner", "quantity": "2", "unit_price": "9800", "amount": "19600", "tax_rate": "10"}],
    }, file=(name, minimal_pdf(name)))


def test_a_rescan_read_with_a_lookalike_is_still_a_duplicate(order):
    first = scanned("scan.pdf", "05-0852-1", "Northwind Office Tech Ltd.", "T2200297727693")
    again = scanned("fax.tif", "05-0852-I", "Northwind Office Tech Ltd.", None)
    assert first.match.exception_codes == []
    assert again.match.exception_codes == ["duplicate"]
    assert again.match.duplicate_of_id == first.id


@pytest.mark.parametrize(("first_number", "again_number"), [(None, "05-0852-1"), ("05-0852-1", None)])
def test_a_rescan_whose_number_one_reading_lost_is_a_duplicate_by_its_day_and_total(order, first_number,
                                                                                    again_number):
    first = scanned("photo.jpg", first_number, "Northwind Office Tech Ltd.", "T2200297727693")
    again = scanned("scan.pdf", again_number, "Northwind Office Tech Ltd.", "T2200297727693")
    assert (again.match.exception_codes, again.match.duplicate_of_id) == (["duplicate"], first.id)


@pytest.mark.parametrize(("first_number", "again_number"), [("SK-081031-0552", "SK-081031-055"),
                                                            ("SK-081031-055", "SK-081031-0552")])
def test_a_rescan_whose_number_a_reading_read_a_character_short_is_a_duplicate(order, first_number, again_number):
    first = scanned("photo.jpg", first_number, "Northwind Office Tech Ltd.", "T2200297727693")
    again = scanned("scan.pdf", again_number, "Northwind Office Tech Ltd.", "T2200297727693")
    assert (again.match.exception_codes, again.match.duplicate_of_id) == (["duplicate"], first.id)


def test_the_next_invoice_of_a_series_on_the_same_day_and_total_is_no_duplicate(order):
    scanned("first.pdf", "SK-081031-0552", "Northwind Office Tech Ltd.", "T2200297727693")
    again = scanned("second.pdf", "SK-081031-0553", "Northwind Office Tech Ltd.", "T2200297727693")
    assert "duplicate" not in again.match.exception_codes


def test_a_number_a_character_short_of_another_days_invoice_is_no_duplicate(order):
    scanned("first.pdf", "SK-081031-0552", "Northwind Office Tech Ltd.", "T2200297727693")
    again = scanned("second.pdf", "SK-081031-055", "Northwind Office Tech Ltd.", "T2200297727693",
                    issued="2026-10-12")
    assert "duplicate" not in again.match.exception_codes


def test_an_invoice_of_another_day_whose_number_was_not_read_is_no_duplicate(order):
    scanned("photo.jpg", None, "Northwind Office Tech Ltd.", "T2200297727693")
    again = scanned("scan.pdf", "05-0853-1", "Northwind Office Tech Ltd.", "T2200297727693", issued="2026-10-12")
    assert "duplicate" not in again.match.exception_codes


def test_an_unreadable_supplier_is_the_one_the_printed_order_went_to(order):
    document = scanned("smudged.png", "INV-1", "RABAT EY BBS", None)
    assert document.supplier_id == order.supplier_id
    assert document.match.exception_codes == []
