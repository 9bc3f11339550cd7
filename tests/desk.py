"""Building the accountant's world for the desk's tests: suppliers with bank accounts, and
documents read with their page text, through the portal's own services."""
from __future__ import annotations

import itertools
from typing import Any

from portal.extensions import db
from portal.models import Document, DocumentPage, Status, User
from tests.helpers import minimal_pdf

SUPPLIERS = ("supplier_code,name,registration_number,currency,address,"
             "bank_code,branch_code,account_type,account_number,account_holder_kana\n") + """\
SUP-001,Acme Parts Co.,T9234567890123,JPY,Tokyo,0001,001,1,1234567,ｱｸﾒ ﾊﾟｰﾂ(ｶ
SUP-002,株式会社ミドリ事務機,,JPY,Osaka,0005,123,2,7654321,ミドリジムキ（カ
SUP-003,Fujimi Electronics K.K.,,JPY,Nagoya,,,,,
"""
_numbers = itertools.count(1)


def import_suppliers() -> None:
    from portal.masterdata.importer import import_master

    import_master({"suppliers.csv": SUPPLIERS, "purchase_orders.csv": "po_number,supplier_code,order_date,currency,"
                   "line_no,sku,description,quantity,unit_price,tax_rate\n", "receipts.csv":
                   "po_number,line_no,quantity_received,received_date\n"})
    db.session.commit()


def fields(**overrides: Any) -> dict[str, Any]:
    """An invoice without an order: 10,000 at 10%."""
    values = {
        "doc_type": "invoice", "supplier_name": "Acme Parts Co.", "registration_number": "T9234567890123",
        "document_number": f"INV-{next(_numbers):05d}", "issue_date": "2026-10-01", "due_date": "2026-10-31",
        "po_number": None, "currency": "JPY", "subtotal": "10000", "tax_total": "1000", "total": "11000",
        "tax_breakdown": [{"rate": "10", "taxable": "10000", "tax": "1000"}],
        "lines": [{"description": "Bolts", "quantity": "10", "unit_price": "1000", "amount": "10000",
                   "tax_rate": "10"}],
    }
    values.update(overrides)
    return values


def read_document(values: dict[str, Any] | None = None, text: str = "", user: User | None = None,
                  review_status: str | None = None) -> Document:
    """A document as the worker leaves it: its page text kept, its fields set, read, matched."""
    from ocr.extract.result import ExtractedInvoice
    from portal.intake.processing import apply_fields, set_status
    from portal.intake.services import accept_upload
    from portal.matching.services import match_document

    values = values or fields()
    document = accept_upload(f"doc-{next(_numbers)}.pdf", minimal_pdf(f"Invoice {next(_numbers)}"), user)
    document.pages.append(DocumentPage(number=1, width=100, height=100, source="text-layer", language="jpn",
                                       text=text, words=[]))
    document.page_count = 1
    document.extracted = values
    apply_fields(document, ExtractedInvoice.from_fields(values))
    set_status(document, Status.PROCESSED)
    match_document(document)
    if review_status:
        document.review_status = review_status
    db.session.commit()
    return document
