"""Building documents, master data and approval rules for the workflow tests, through the portal's services."""
from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from portal.extensions import db
from portal.models import Document, Status, User
from tests.helpers import minimal_pdf

SUPPLIERS = """supplier_code,name,registration_number,currency,address
SUP-001,Acme Parts Co.,,JPY,Tokyo
SUP-002,Beta Supplies K.K.,,JPY,Osaka
"""
ORDERS = """po_number,supplier_code,order_date,currency,line_no,sku,description,quantity,unit_price,tax_rate
PO-1,SUP-001,2026-09-01,JPY,1,A-1,Bolts,10,1000,10
PO-1,SUP-001,2026-09-01,JPY,2,A-2,Nuts,20,500,10
PO-2,SUP-002,2026-09-02,JPY,1,B-1,Monitor,5,40000,10
"""
RECEIPTS = """po_number,line_no,quantity_received,received_date
PO-1,1,10,2026-09-10
PO-1,2,20,2026-09-10
"""
_numbers = itertools.count(1)


def import_world(receipts: str = RECEIPTS, *, suppliers: str = SUPPLIERS, orders: str = ORDERS) -> None:
    """Master data as the ERP's files bring it; by default two suppliers and two orders, PO-1
    fully received, PO-2 not at all."""
    from portal.masterdata.importer import import_master

    import_master({"suppliers.csv": suppliers, "purchase_orders.csv": orders, "receipts.csv": receipts})
    db.session.commit()


def invoice_fields(**overrides: Any) -> dict[str, Any]:
    """An invoice for PO-1 that agrees with the order: 10 x 1,000 + 20 x 500, 10% tax."""
    fields = {
        "doc_type": "invoice", "supplier_name": "Acme Parts Co.", "registration_number": None,
        "document_number": f"INV-{next(_numbers)}", "issue_date": "2026-10-01", "due_date": "2026-10-31",
        "po_number": "PO-1", "currency": "JPY", "subtotal": "20000", "tax_total": "2000", "total": "22000",
        "tax_breakdown": [{"rate": "10", "taxable": "20000", "tax": "2000"}],
        "lines": [
            {"description": "Bolts", "quantity": "10", "unit_price": "1000", "amount": "10000", "tax_rate": "10"},
            {"description": "Nuts", "quantity": "20", "unit_price": "500", "amount": "10000", "tax_rate": "10"},
        ],
    }
    fields.update(overrides)
    return fields


def processed_document(fields: dict[str, Any] | None = None, user: User | None = None,
                       meta: dict[str, Any] | None = None, file: tuple[str, bytes] | None = None) -> Document:
    """Upload a file as `user` and store `fields` as if the reader had found them, then match it."""
    from portal.matching.services import match_document

    document = read_document(fields, user, meta, file)
    match_document(document)
    db.session.commit()
    return document


def read_document(fields: dict[str, Any] | None = None, user: User | None = None,
                  meta: dict[str, Any] | None = None, file: tuple[str, bytes] | None = None) -> Document:
    """Upload a file (`file`: its name and bytes; else a small PDF of its own) as `user` and store
    `fields` as if the reader had found them, not yet matched; flushes."""
    from ocr.extract.result import ExtractedInvoice
    from portal.intake.processing import apply_fields, set_status
    from portal.intake.services import accept_upload

    fields = fields or invoice_fields()
    name, data = file or (f"doc-{next(_numbers)}.pdf", minimal_pdf(f"Invoice {next(_numbers)}"))
    document = accept_upload(name, data, user)
    document.extracted = fields
    document.fields_meta = meta or {"total": {"confidence": 0.5, "page": 1, "box": [10, 10, 50, 20]}}
    apply_fields(document, ExtractedInvoice.from_fields(fields))
    set_status(document, Status.PROCESSED)
    return document


def bands(*rows: tuple[int, str, User | None], **scope: Any) -> None:
    """Approval rules from (position, above amount, named approver or None)."""
    from portal.approvals.services import create_rule

    for position, above, approver in rows:
        create_rule(position=position, above_amount=Decimal(above), approver_id=approver.id if approver else None,
                    **scope)
    db.session.commit()


def standard_bands(head: User | None = None, third: User | None = None) -> None:
    """Up to ¥100,000 one approver; up to ¥1,000,000 a second (the head); above that a third."""
    bands((1, "0", None), (2, "100000", head), (3, "1000000", third))


def forget_known_users(client) -> None:
    """As in a process that has not seen the user yet: the next request reads its user
    (`portal.accounts.known_users`), whatever changed or did not since the last."""
    from portal.accounts.known_users import KnownUsers

    client.application.extensions["known_users"] = KnownUsers()


def statements_for(client, path: str) -> int:
    """How many SQL statements answering `path` takes, nothing loaded before it (as in a fresh request)."""
    from sqlalchemy import event

    db.session.expire_all()
    counted = []

    def count(*_args):
        counted.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(counted)
