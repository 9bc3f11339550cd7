"""Matching through the database: stored outcomes, re-runs over time, audit, tolerances."""
from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.matching import services, tolerances
from portal.models import AuditEvent, Document, PurchaseOrder
from portal.receiving.services import record_receipt
from tests.helpers import dev_corpus, minimal_pdf
from tests.workflow import import_world, read_document

ACME = """supplier_code,name,registration_number,currency,address
SUP-1,"Acme Trading Co., Ltd.",T2200297727693,JPY,Tokyo
"""
ORDER_HEADER = "po_number,supplier_code,order_date,currency,line_no,sku,description,quantity,unit_price,tax_rate\n"
RECEIPT_HEADER = "po_number,line_no,quantity_received,received_date\n"


def import_order(number: str, quantity: int, received: int) -> PurchaseOrder:
    """An order of copy paper from Acme at 500 a ream, `received` reams of it in, as the ERP's files bring it."""
    import_world(RECEIPT_HEADER + f"{number},1,{received},2026-09-10\n", suppliers=ACME,
                 orders=ORDER_HEADER + f"{number},SUP-1,2026-09-01,JPY,1,P-1,Copy paper A4,{quantity},500,10\n")
    return db.session.scalar(select(PurchaseOrder).where(PurchaseOrder.number == number))


@pytest.fixture
def world(app):
    """One supplier with one order of 10 reams, 6 received so far."""
    order = import_order("PO-1", 10, received=6)
    return {"supplier": order.supplier, "order": order, "line": order.lines[0]}


def upload(quantity: int, *, number: str = "INV-1", po: str | None = "PO-1", price: int = 500,
           name: str = "ACME TRADING", sha: str | None = None) -> Document:
    """A processed invoice for `quantity` reams (ids follow upload order); `sha` stands for the
    file's bytes, which differ between uploads unless the same is given."""
    amount = D(quantity * price)
    tax = amount / 10
    fields = {"doc_type": "invoice", "supplier_name": name, "document_number": number, "po_number": po,
              "currency": "JPY", "subtotal": str(amount), "tax_total": str(tax), "total": str(amount + tax),
              "tax_breakdown": [{"rate": "10", "taxable": str(amount), "tax": str(tax)}],
              "lines": [{"description": "Copy paper A4", "quantity": str(quantity), "unit_price": str(price),
                         "amount": str(amount), "tax_rate": "10"}]}
    return read_document(fields, file=(f"{number}.pdf", minimal_pdf(sha or f"sha-{number}")))


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
    record_receipt(world["order"], {world["line"].id: "4"}, None)
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
    order = import_order("PO-2", 1, received=1)
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
        doc = read_document(truth, file=(name, (CORPUS / "documents" / name).read_bytes()))
        doc.expected = truth["expected"]
        documents.append(doc)
    return documents


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


def test_a_document_whose_issuer_was_read_as_its_addressee_is_the_supplier_its_pages_name(world):
    """The name read for the issuer is the buyer's own (a 'Delivery address' block): no supplier
    has it, but the letterhead prints one supplier's name."""
    from portal.models import DocumentPage

    document = upload(4, po=None, name="Kanagawa Precision Foods Co., Ltd.")
    document.pages.append(DocumentPage(number=1, width=1000, height=1400, source="ocr",
                                       text="Acme Trading Co., Ltd. 1-2-3 Kanda, Tokyo\nDelivery address\n"
                                            "Kanagawa Precision Foods Co., Ltd."))
    services.match_document(document)
    assert document.supplier_id == world["supplier"].id


def test_a_document_whose_issuers_name_was_garbled_is_the_supplier_whose_telephone_number_it_prints(app):
    """No T-number, a name OCR garbled past recognising, no order number (a quote): the telephone
    number printed under the letterhead is the one the supplier master gives."""
    from portal.models import DocumentPage, Supplier

    import_world("po_number,line_no,quantity_received,received_date\n", orders=ORDER_HEADER, suppliers=(
        "supplier_code,name,registration_number,currency,address\n"
        "RS-429,株式会社北斗文具,,JPY,〒330-0854 埼玉県さいたま市大宮区桜木町5-5 / TEL 091-154-4691\n"
        "RS-430,株式会社北斗商会,,JPY,〒330-0854 埼玉県さいたま市大宮区桜木町5-7 / TEL 091-154-4700\n"))
    document = upload(4, po=None, name="株式会社オbows")
    letterhead = "株式会社オbows\n〒330-0854 埼玉県さいたま市大宮区桜木町5-5\nTEL 091-154-4691"
    document.pages.append(DocumentPage(number=1, width=1000, height=1400, source="ocr", text=letterhead))
    services.match_document(document)
    assert document.supplier_id == db.session.scalar(select(Supplier.id).where(Supplier.code == "RS-429"))


@pytest.mark.parametrize(("source", "codes_as_read"), [
    ("ocr", []),  # a scan's line short of the subtotal the totals bear out: a figure misread
    ("text-layer", ["total_mismatch"]),  # the document's own figures: they do not add up
])
def test_lines_that_miss_the_subtotal_are_a_mismatch_once_read_surely(world, make_user, source, codes_as_read):
    from portal.models import DocumentPage
    from portal.review import services as review

    document = upload(4)  # 4 reams, 2,000 + 200 tax = 2,200
    document.pages.append(DocumentPage(number=1, width=1000, height=1400, source=source, text="Acme"))
    document.lines[0].amount = D(1500)  # as read
    services.match_document(document)
    assert codes(document) == codes_as_read
    # A clerk who looked at the line and left its amount so vouches for it: the lines now say so.
    review.correct_line(document, document.lines[0].id, {"description": "Copy paper A4 (ream)", "quantity": "4",
                                                          "unit_price": "500", "amount": "1500", "tax_rate": "10"},
                        make_user())
    assert codes(document) == ["total_mismatch"]
