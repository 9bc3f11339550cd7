"""An order number OCR misread is recognised as the order it stands for; a wrong one is not."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.matching.rules import order_number_shape
from portal.models import AuditEvent
from tests.workflow import invoice_fields, processed_document

ORDERS = """po_number,supplier_code,order_date,currency,line_no,sku,description,quantity,unit_price,tax_rate
PO-2026-02711,SUP-001,2026-09-01,JPY,1,A-1,Bolts,10,1000,10
PO-2026-02711,SUP-001,2026-09-01,JPY,2,A-2,Nuts,20,500,10
"""


def _import(orders: str) -> None:
    """The suppliers, the orders given, and PO-2026-02711's receipt."""
    from portal.masterdata.importer import import_master
    from tests.workflow import RECEIPTS, SUPPLIERS

    import_master({"suppliers.csv": SUPPLIERS, "purchase_orders.csv": orders,
                   "receipts.csv": RECEIPTS.replace("PO-1", "PO-2026-02711")})
    db.session.commit()


@pytest.fixture
def world(app):
    _import(ORDERS)


def _codes(document) -> list[str]:
    return [e.code for e in document.match.exceptions]


def _read_with(confidence: float) -> dict:
    return {"po_number": {"confidence": confidence, "page": 1, "box": [10, 10, 50, 20]}}


@pytest.mark.parametrize(("read", "confidence"), [
    ("POO-2026-02711", 0.95), ("P0-2026-02711", 0.95), ("PO-2026-O2711", 0.95), ("po 2026 02711", 0.95),
    ("PO-2926-92711", 0.6),  # a fax's 0s read as 9s, unsurely
    ("PC-2026-02711", 0.95), ("FO-2026-02711", 0.95),  # one letter of the prefix misread, every digit right
])
def test_a_misread_order_number_is_the_order_it_stands_for(world, read, confidence):
    document = processed_document(invoice_fields(po_number=read), meta=_read_with(confidence))

    assert document.po_number == "PO-2026-02711"
    assert document.match.order is not None and _codes(document) == []
    recognised = db.session.scalars(select(AuditEvent).where(AuditEvent.document_id == document.id,
                                                             AuditEvent.action == "po_number.recognised")).all()
    assert [(e.before, e.after) for e in recognised] == [({"po_number": read}, {"po_number": "PO-2026-02711"})]


@pytest.mark.parametrize(("read", "confidence"), [
    ("PO-2026-02911", 0.6),  # another digit than a fax's 9 for a 0
    ("PO-2926-92711", 0.95),  # 9s read surely: what was printed, an order that does not exist
    ("PX-2026-02712", 0.95),  # a letter and a digit apart: another order
])
def test_an_order_number_with_another_digit_is_not_found(world, read, confidence):
    document = processed_document(invoice_fields(po_number=read), meta=_read_with(confidence))

    assert document.po_number == read
    assert _codes(document) == ["po_not_found"]


def test_an_order_misread_from_another_suppliers_is_not_recognised(world):
    """Beta's invoice quotes an order no order has, read unsurely: a fax's 9 for a 0 of Acme's
    order would make it Acme's, which Beta was never sent. It stays as printed, not found."""
    fields = invoice_fields(supplier_name="Beta Supplies K.K.", po_number="PO-2926-92711")
    document = processed_document(fields, meta=_read_with(0.6))

    assert document.supplier.code == "SUP-002"
    assert document.po_number == "PO-2926-92711"
    assert _codes(document) == ["po_not_found"]


def test_shapes_fold_lookalikes_but_a_digit_only_as_a_fax_misreads_it():
    assert order_number_shape("POO-2026-02711") == order_number_shape("PO-2026-02711")
    assert order_number_shape("PO-2926-92727") != order_number_shape("PO-2026-02727")
    assert order_number_shape("PO-2926-92727", faxed=True) == order_number_shape("PO-2026-02727", faxed=True)
    assert order_number_shape("PO-2026-02711", faxed=True) != order_number_shape("PO-2026-02717", faxed=True)


@pytest.mark.parametrize(("numbers", "read"), [
    (("AB-100", "A8-100"), "AB-1OO"),  # both look like the reading
    (("PO-2026-02700", "PO-2026-02709"), "PO-2026-92700"),  # both fit a fax's 9s for 0s
])
def test_an_order_number_that_two_orders_could_stand_for_stays_as_printed(app, numbers, read):
    from portal.masterdata.importer import import_master
    from tests.workflow import SUPPLIERS

    orders = ORDERS.splitlines()
    import_master({"suppliers.csv": SUPPLIERS, "receipts.csv": "po_number,line_no,quantity_received,received_date\n",
                   "purchase_orders.csv": "\n".join([orders[0], *(orders[1].replace("PO-2026-02711", n)
                                                                   for n in numbers)]) + "\n"})
    db.session.commit()
    document = processed_document(invoice_fields(po_number=read), meta=_read_with(0.6))

    assert document.po_number == read
    assert _codes(document) == ["po_not_found"]


SUPPLIERS_ORDERS = ORDERS + """PO-2026-12711,SUP-002,2026-09-01,JPY,1,A-1,Bolts,10,1000,10
PO-2026-02701,SUP-001,2026-09-01,JPY,1,A-1,Bolts,10,1000,10
"""


@pytest.fixture
def suppliers_orders(app):
    _import(SUPPLIERS_ORDERS)


@pytest.mark.parametrize("read", [
    "PO-2026-2711",  # a 0 lost: Beta's PO-2026-12711 is as near, but it is not this supplier's
    "PO-2026-027111",  # a speck read as a 1
    "12026-02711",  # its prefix garbled into one character
    "2026-02711",  # its prefix lost
])
def test_the_suppliers_order_a_character_lost_or_added_stands_for_is_found(suppliers_orders, read):
    document = processed_document(invoice_fields(po_number=read), meta=_read_with(0.95))

    assert document.supplier_code == "SUP-001" and document.po_number == "PO-2026-02711"
    assert document.match.order is not None and _codes(document) == []
    recognised = db.session.scalar(select(AuditEvent).where(AuditEvent.document_id == document.id,
                                                            AuditEvent.action == "po_number.recognised"))
    assert (recognised.before, recognised.after) == ({"po_number": read}, {"po_number": "PO-2026-02711"})


@pytest.mark.parametrize(("read", "confidence", "expected"), [
    ("PO-2026-02717", 0.6, "PO-2026-02711"),  # a 1 read as a 7, unsurely: the supplier's one order
    ("PO-2026-02717", 0.95, "PO-2026-02717"),  # read surely: what was printed, an order that does not exist
    ("PO-2026-02713", 0.6, "PO-2026-02713"),  # a 3 is like no 1: another number
    ("PO-2026-06717", 0.6, "PO-2026-06717"),  # two digits apart: another number
])
def test_an_unsure_number_a_digit_from_one_of_the_suppliers_orders_is_that_order(suppliers_orders, read,
                                                                                 confidence, expected):
    document = processed_document(invoice_fields(po_number=read), meta=_read_with(confidence))

    assert document.po_number == expected


def test_the_number_read_stands_for_the_suppliers_order_where_memory_mended_it_into_none(suppliers_orders):
    meta = {"po_number": {"source": "memory", "how": "position", "confidence": 0.9, "page": 1,
                          "box": [10, 10, 50, 20], "generic": "PO-2026-2711"}}
    document = processed_document(invoice_fields(po_number="PO-2026-02710"), meta=meta)  # a zero put back

    assert document.po_number == "PO-2026-02711" and _codes(document) == []


@pytest.mark.parametrize("read", [
    "PO-2026-0271",  # a 0 lost from PO-2026-02701, or a 1 from PO-2026-02711?
    "PO-2026-02",  # three characters lost
])
def test_a_number_two_of_the_suppliers_orders_or_none_could_stand_for_stays(suppliers_orders, read):
    document = processed_document(invoice_fields(po_number=read), meta=_read_with(0.95))

    assert document.po_number == read


USAGE = """po_number,supplier_code,order_date,currency,line_no,sku,description,quantity,unit_price,tax_rate
PO-2026-08087,SUP-001,2026-09-01,USD,1,FN,Functions - compute duration,2493544.674,0.0000166667,0
"""


def test_a_price_finer_than_the_figures_kept_is_compared_as_kept_on_both_sides(app):
    """$0.0000166667 per GB-second, ordered and invoiced alike: both are kept to four places, so
    the price agrees now and on every later match (no variance against the order's 0)."""
    from portal.masterdata.importer import import_master
    from tests.workflow import SUPPLIERS

    import_master({"suppliers.csv": SUPPLIERS, "purchase_orders.csv": USAGE,
                   "receipts.csv": "po_number,line_no,quantity_received,received_date\n"
                                   "PO-2026-08087,1,2493544.674,2026-09-30\n"})
    db.session.commit()
    fields = invoice_fields(
        po_number="PO-2026-08087", currency="USD", subtotal="41.56", tax_total="0", total="41.56",
        tax_breakdown=[{"rate": "0", "taxable": "41.56", "tax": "0"}],
        lines=[{"description": "Functions - compute duration", "quantity": "2493544.674",
                "unit_price": "0.0000166667", "amount": "41.56", "tax_rate": "0"}])
    document = processed_document(fields)
    assert "price_variance" not in _codes(document)


SAP_ORDERS = """po_number,supplier_code,order_date,currency,line_no,sku,description,quantity,unit_price,tax_rate
4500013013,SUP-001,2026-09-01,JPY,1,A-1,Bolts,10,1000,10
4500013020,SUP-001,2026-09-01,JPY,1,A-1,Bolts,10,1000,10
"""


def _read_from(text: str):
    """A one-line PDF uploaded and read by the worker, as a clerk's upload is."""
    from portal.intake.processing import process_document
    from portal.intake.services import accept_upload
    from portal.masterdata.importer import import_master
    from portal.models import Document
    from tests.helpers import minimal_pdf
    from tests.workflow import SUPPLIERS

    import_master({"suppliers.csv": SUPPLIERS, "purchase_orders.csv": SAP_ORDERS,
                   "receipts.csv": "po_number,line_no,quantity_received,received_date\n4500013013,1,10,2026-09-10\n"})
    document = accept_upload("ref.pdf", minimal_pdf(text))
    db.session.commit()
    process_document(document.id)
    return db.session.get(Document, document.id)


@pytest.mark.parametrize("printed", ["Ref 4500013013", "No.4500013013"])  # 'No.' run into it
def test_an_order_number_under_a_caption_the_reader_does_not_know_is_found_on_the_page(app, printed):
    document = _read_from(f"Tax Invoice INV-0046 {printed} Total 11,000")

    assert document.po_number == "4500013013" and document.match.order.number == "4500013013"
    assert document.fields_meta["po_number"]["source"] == "orders" and document.fields_meta["po_number"]["page"] == 1
    found = db.session.scalars(select(AuditEvent).where(AuditEvent.document_id == document.id,
                                                        AuditEvent.action == "po_number.found")).all()
    assert [(e.before, e.after) for e in found] == [({"po_number": None}, {"po_number": "4500013013"})]


@pytest.mark.parametrize("text", [
    "Tax Invoice INV-0046 Ref 4500013013 4500013020 Total 11,000",  # two orders' numbers: which?
    "Quote No. Q-0046  Valid until 2026-12-31  Ref 4500013013",  # a quote is matched to no order
    "Tax Invoice 4500013013 Total 11,000",  # the document's own number, however like an order's
])
def test_no_order_is_taken_from_the_page_where_it_could_be_another_or_none(app, text):
    assert _read_from(text).po_number is None
