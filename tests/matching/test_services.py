"""Matching through the database: stored outcomes, re-runs over time, audit, tolerances."""
from __future__ import annotations

import hashlib
import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.matching import services, tolerances
from portal.models import (
    AuditEvent,
    Document,
    DocumentLine,
    GoodsReceipt,
    PurchaseOrder,
    PurchaseOrderLine,
    Supplier,
    TaxLine,
)
from tests.helpers import dev_corpus


@pytest.fixture
def world(app):
    """One supplier with one order of 10 reams, 6 received so far."""
    acme = Supplier(code="SUP-1", name="Acme Trading Co., Ltd.", registration_number="T2200297727693")
    order = PurchaseOrder(number="PO-1", supplier=acme)
    line = PurchaseOrderLine(order=order, line_no=1, description="Copy paper A4", quantity=D(10),
                             unit_price=D(500), tax_rate=D(10))
    line.receipts.append(GoodsReceipt(quantity_received=D(6)))
    db.session.add_all([acme, order])
    db.session.flush()
    return {"supplier": acme, "order": order, "line": line}


def upload(quantity: int, *, number: str = "INV-1", po: str | None = "PO-1", price: int = 500,
           name: str = "ACME TRADING", sha: str | None = None) -> Document:
    """A processed invoice for `quantity` reams (ids follow upload order)."""
    amount = D(quantity * price)
    document = Document(file_name=f"{number}.pdf", sha256=sha or f"sha-{number}", mime_type="application/pdf",
                        size=1, status="processed", doc_type="invoice", supplier_name=name,
                        document_number=number, po_number=po, currency="JPY", subtotal=amount,
                        tax_total=amount / 10, total=amount * D("1.1"))
    document.lines.append(DocumentLine(position=1, description="Copy paper A4", quantity=D(quantity),
                                       unit_price=D(price), amount=amount, tax_rate=D(10)))
    document.tax_lines.append(TaxLine(rate=D(10), taxable=amount, tax=amount / 10))
    db.session.add(document)
    db.session.flush()
    return document


def codes(document: Document) -> list[str]:
    db.session.refresh(document)
    return document.match.exception_codes


def test_a_matched_document_stores_its_order_supplier_and_exceptions(world):
    document = upload(4)
    result = services.match_document(document)
    expected = (world["order"].id, world["supplier"].id, [])
    assert (result.order_id, document.supplier_id, codes(document)) == expected


def test_a_change_of_exceptions_is_audited(world):
    document = upload(8)
    services.match_document(document)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "match.changed")).one()
    assert (event.document_id, event.before) == (document.id, None)
    assert event.after["exceptions"] == ["not_received"]


def test_a_receipt_recorded_later_clears_not_received(world):
    document = upload(8)
    services.match_document(document)
    assert codes(document) == ["not_received"]
    db.session.add(GoodsReceipt(order_line_id=world["line"].id, quantity_received=D(4), source="portal"))
    assert services.rematch_orders([world["order"].id]) == 1
    assert codes(document) == []
    assert len(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "match.changed")).all()) == 2


def test_an_earlier_document_processed_last_still_counts_first(world):
    first, second = upload(6, number="A"), upload(5, number="B")
    services.match_document(second)  # a faster worker finished the later upload first
    assert codes(second) == []
    services.match_document(first)
    assert (codes(first), codes(second)) == ([], ["quantity_variance"])


def test_a_corrected_quantity_rematches_later_documents(world):
    first, second = upload(8, number="A"), upload(2, number="B")
    services.match_document(first)
    services.match_document(second)
    assert codes(second) == ["not_received"]
    first.lines[0].quantity, first.lines[0].amount = D(9), D(4500)
    services.match_document(first)
    assert codes(second) == ["quantity_variance"]


def test_a_duplicate_points_at_its_original_and_keeps_its_order(world):
    first, again = upload(4, number="INV-7"), upload(4, number="inv 7", po=None)
    services.match_document(first)
    result = services.match_document(again)
    assert (result.duplicate_of_id, result.order_id) == (first.id, world["order"].id)
    assert codes(again) == ["duplicate"]


def test_correcting_the_number_ends_a_duplicate(world):
    first, again = upload(4, number="INV-7"), upload(4, number="INV-7", sha="other bytes")
    services.match_document(first)
    services.match_document(again)
    assert codes(again) == ["duplicate"]
    again.document_number = "INV-8"
    result = services.match_document(again)
    assert (result.duplicate_of_id, codes(again)) == (None, ["not_received"])  # now it counts: 8 > 6


def test_orders_imported_after_the_invoice_are_found_by_rematch_all(world):
    document = upload(1, po="PO-2")
    services.match_document(document)
    assert codes(document) == ["po_not_found"]
    order = PurchaseOrder(number="PO-2", supplier=world["supplier"])
    order.lines.append(PurchaseOrderLine(line_no=1, description="Copy paper A4", quantity=D(1),
                                         unit_price=D(500), tax_rate=D(10),
                                         receipts=[GoodsReceipt(quantity_received=D(1))]))
    db.session.add(order)
    db.session.flush()
    assert services.rematch_orders([order.id]) == 1
    assert (document.match.order_id, codes(document)) == (order.id, [])
    assert services.rematch_all() == 1


def test_price_tolerance_global_and_per_supplier(world):
    document = upload(2, price=520)
    services.match_document(document)
    assert codes(document) == ["price_variance"]
    tolerances.set_supplier_price_tolerance(world["supplier"], "5")
    services.match_document(document)
    assert codes(document) == []
    tolerances.set_supplier_price_tolerance(world["supplier"], None)
    tolerances.set_global_price_tolerance("4")
    assert tolerances.price_tolerance(world["supplier"]) == D(4)
    services.match_document(document)
    assert codes(document) == []


def test_tolerance_changes_are_audited_and_validated(app):
    tolerances.set_amount_tolerance("0.5")
    tolerances.set_amount_tolerance("0.5")  # no change, no event
    assert tolerances.amount_tolerance() == D("0.5")
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "setting.changed")).all()
    assert [(e.before["value"], e.after["value"]) for e in events] == [(None, "0.5")]
    with pytest.raises(ValueError):
        tolerances.set_global_price_tolerance("-1")


# --- the dev corpus through the database ---

CORPUS = dev_corpus()


def _load_corpus() -> list[Document]:
    from portal.masterdata.importer import import_master, read_folder

    import_master(read_folder(CORPUS / "master"))
    documents = []
    for name in (CORPUS / "manifest.txt").read_text().split():
        truth = json.loads((CORPUS / "truth" / f"{Path(name).stem}.json").read_text(encoding="utf-8"))
        digest = hashlib.sha256((CORPUS / "documents" / name).read_bytes()).hexdigest()
        doc = Document(file_name=name, sha256=digest,
                       mime_type="x", size=1, status="processed", doc_type=truth["doc_type"],
                       supplier_name=truth["supplier_name"], registration_number=truth["registration_number"],
                       document_number=truth["document_number"], po_number=truth["po_number"],
                       currency=truth["currency"], subtotal=dec(truth["subtotal"]),
                       tax_total=dec(truth["tax_total"]), total=dec(truth["total"]))
        doc.lines = [DocumentLine(position=i, description=ln["description"], quantity=dec(ln["quantity"]),
                                  unit_price=dec(ln["unit_price"]), amount=dec(ln["amount"]),
                                  tax_rate=dec(ln["tax_rate"])) for i, ln in enumerate(truth["lines"], 1)]
        doc.tax_lines = [TaxLine(rate=D(t["rate"]), taxable=dec(t["taxable"]), tax=dec(t["tax"]))
                         for t in truth["tax_breakdown"]]
        doc.expected = truth["expected"]
        documents.append(doc)
    db.session.add_all(documents)
    db.session.flush()
    return documents


def dec(value: str | None) -> D | None:
    return None if value in (None, "") else D(value)


def _misses(documents: list[Document]) -> list:
    misses = []
    for doc in documents:
        db.session.refresh(doc)
        po = doc.match.order.number if doc.match.order else None
        got = {"matched_po": po, "exceptions": doc.match.exception_codes}
        if got != doc.expected:
            misses.append((doc.file_name, got, doc.expected))
    return misses


@pytest.mark.skipif(not (CORPUS / "manifest.txt").exists(), reason=f"the dev corpus is not at {CORPUS}")
@pytest.mark.parametrize("order", ["upload order", "reverse order"])
def test_the_dev_corpus_matches_through_the_database_in_any_processing_order(app, order):
    documents = _load_corpus()
    for doc in (documents if order == "upload order" else reversed(documents)):
        services.match_document(doc)
    assert _misses(documents) == []
