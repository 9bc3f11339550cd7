"""The matching screens: the match on a document's page, the exceptions queue, tolerances."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.matching.services import match_document
from portal.models import AuditEvent, Document, PurchaseOrder, Setting, Supplier
from tests.helpers import minimal_pdf
from tests.workflow import import_world, processed_document

SUPPLIERS = """supplier_code,name,registration_number,currency,address
S-1,Example Trading Co.,T2200297727693,JPY,Tokyo
S-2,Other Goods K.K.,,JPY,Osaka
"""
ORDERS = """po_number,supplier_code,order_date,currency,line_no,sku,description,quantity,unit_price,tax_rate
PO-77,S-1,2026-09-01,JPY,1,P-1,Copy paper A4,100,500,10
"""
RECEIPTS = """po_number,line_no,quantity_received,received_date
PO-77,1,100,2026-09-10
"""


@pytest.fixture
def order(app):
    import_world(RECEIPTS, suppliers=SUPPLIERS, orders=ORDERS)
    return db.session.scalar(select(PurchaseOrder).where(PurchaseOrder.number == "PO-77"))


def invoice(number: str, unit_price: str, quantity: str = "10", supplier: str = "Example Trading Co.") -> Document:
    """A processed invoice, as extraction would leave it, matched."""
    amount = Decimal(unit_price) * Decimal(quantity)
    tax = (amount / 10).quantize(Decimal(1))
    return processed_document({
        "doc_type": "invoice", "supplier_name": supplier, "registration_number": "T2200297727693",
        "document_number": number, "issue_date": "2026-10-03", "po_number": "PO-77", "currency": "JPY",
        "subtotal": str(amount), "tax_total": str(tax), "total": str(amount + tax),
        "tax_breakdown": [{"rate": "10", "taxable": str(amount), "tax": str(tax)}],
        "lines": [{"description": "Copy paper A4", "quantity": quantity, "unit_price": unit_price,
                   "amount": str(amount), "tax_rate": "10"}],
    }, file=(f"{number}.pdf", minimal_pdf(number)))


def test_document_page_shows_invoice_lines_beside_order_lines_with_the_difference(signed_in, client, order):
    signed_in("clerk")
    document = invoice("INV-1", "520")  # 4% above the order's 500
    html = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert "PO-77" in html
    assert 'data-code="price_variance"' in html
    pair = re.search(r'<li class="pair differs">(.*?)</li>', html, re.S).group(1)
    assert "Copy paper A4" in pair and "¥520" in pair and "¥500" in pair
    assert '<span class="bad">¥520</span>' in pair


def test_why_an_exception_was_raised_is_said_in_the_readers_language(signed_in, client, order):
    signed_in("clerk")
    document = invoice("INV-3", "520")
    english = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert "line 1: 520 against 500 ordered" in english
    japanese = client.get(f"/documents/{document.id}", headers={"Accept-Language": "ja"}).get_data(as_text=True)
    assert "1 行目: 単価 520、発注時は 500" in japanese
    assert "against" not in japanese


def test_a_missing_item_of_a_qualified_invoice_says_why_in_the_readers_language(signed_in, client, order):
    signed_in("clerk")
    document = invoice("INV-4", "500")
    document.supplier_name = None
    match_document(document)
    db.session.commit()
    assert "issuer name missing" in client.get(f"/documents/{document.id}").get_data(as_text=True)
    japanese = client.get(f"/documents/{document.id}", headers={"Accept-Language": "ja"}).get_data(as_text=True)
    assert "発行者名がありません" in japanese


def test_document_page_lists_the_six_items_of_a_qualified_invoice(signed_in, client, order):
    signed_in("clerk")
    document = invoice("INV-2", "500")
    html = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert "Qualified invoice" in html
    assert html.count('<li class="present">') >= 5


def test_exceptions_queue_filters_by_exception_and_supplier(signed_in, client, order):
    signed_in("clerk")
    priced = invoice("INV-3", "520")
    clean = invoice("INV-4", "500")
    html = client.get("/exceptions").get_data(as_text=True)
    assert f"/documents/{priced.id}" in html
    assert f"/documents/{clean.id}" not in html
    assert f"/documents/{priced.id}" not in client.get("/exceptions?code=not_received").get_data(as_text=True)
    assert f"/documents/{priced.id}" not in client.get("/exceptions?supplier=S-2").get_data(as_text=True)
    assert f"/documents/{priced.id}" in client.get(
        "/exceptions?code=price_variance&supplier=S-1").get_data(as_text=True)


def test_approvers_do_not_see_the_exceptions_queue(signed_in, client):
    signed_in("approver")
    assert client.get("/exceptions").status_code == 403


def test_admin_raises_the_price_tolerance_and_the_variance_goes_away_audited(signed_in, client, auth, order):
    signed_in("admin")
    document = invoice("INV-5", "520")
    assert document.match.exception_codes == ["price_variance"]
    token = auth.csrf_token("/admin/tolerances")
    response = client.post("/admin/tolerances", data={"price_tolerance": "5", "amount_tolerance": "0",
                                                      "csrf_token": token})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Document, document.id).match.exception_codes == []
    changes = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "setting.changed")).all()
    assert {"key": "matching.price_tolerance_percent", "value": "5"} in [e.after for e in changes]


def test_a_per_supplier_tolerance_applies_to_that_supplier_only(signed_in, client, auth, order):
    signed_in("admin")
    document = invoice("INV-6", "520")
    token = auth.csrf_token("/admin/tolerances")
    client.post("/admin/tolerances", data={"price_tolerance": "1", "amount_tolerance": "0",
                                           f"supplier-{order.supplier_id}": "5", "csrf_token": token})
    db.session.expire_all()
    assert db.session.get(Document, document.id).match.exception_codes == []
    assert db.session.get(Supplier, order.supplier_id).price_tolerance == 5


def test_a_bad_tolerance_is_refused_and_nothing_changes(signed_in, client, auth, order):
    signed_in("admin")
    token = auth.csrf_token("/admin/tolerances")
    response = client.post("/admin/tolerances", data={"price_tolerance": "-3", "amount_tolerance": "x",
                                                      "csrf_token": token})
    assert response.status_code == 422
    assert db.session.scalar(select(Setting)) is None


def test_clerks_cannot_change_tolerances(signed_in, client):
    signed_in("clerk")
    assert client.get("/admin/tolerances").status_code == 403
