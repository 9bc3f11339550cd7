"""Goods receipt on the phone: recorded per order line, and matching runs again for the order's invoices."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, GoodsReceipt, PurchaseOrder
from portal.receiving import services as receiving
from portal.receiving.listing import order_list
from tests.workflow import import_world, invoice_fields, processed_document

MONITORS = invoice_fields(po_number="PO-2", supplier_name="Beta Supplies K.K.", subtotal="200000",
                          tax_total="20000", total="220000",
                          tax_breakdown=[{"rate": "10", "taxable": "200000", "tax": "20000"}],
                          lines=[{"description": "Monitor", "quantity": "5", "unit_price": "40000",
                                  "amount": "200000", "tax_rate": "10"}])


@pytest.fixture
def waiting_for_goods(app, make_user):
    import_world()
    document = processed_document(dict(MONITORS), user=make_user("clerk"))
    assert document.match.exception_codes == ["not_received"]
    return document


def test_receiving_the_goods_clears_not_received(waiting_for_goods, signed_in, client, auth):
    document = waiting_for_goods
    user = signed_in("approver")
    order = db.session.scalar(select(PurchaseOrder).where(PurchaseOrder.number == "PO-2"))
    line = order.lines[0]
    page = client.get("/receiving/PO-2").get_data(as_text=True)
    assert f'name="line-{line.id}"' in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/receiving/PO-2", data={"csrf_token": token, f"line-{line.id}": "5"})
    assert response.status_code == 303
    receipt = db.session.scalar(select(GoodsReceipt).where(GoodsReceipt.order_line_id == line.id))
    assert (receipt.quantity_received, receipt.source) == (5, "portal")
    db.session.expire_all()
    assert db.session.get(type(document), document.id).match.exception_codes == []
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "goods_received"))
    assert event.user_id == user.id


def test_a_partial_receipt_leaves_the_rest_outstanding(waiting_for_goods):
    order = db.session.scalar(select(PurchaseOrder).where(PurchaseOrder.number == "PO-2"))
    receiving.record_receipt(order, {order.lines[0].id: "3"}, None)
    assert receiving.outstanding(order.lines[0]) == 2
    assert waiting_for_goods.match.exception_codes == ["not_received"]
    page, _ = order_list({"supplier": "beta"}, 1)
    assert [row.order for row in page.items] == [order] and page.items[0].open_lines == 1


@pytest.mark.parametrize("typed", ["-1", "two", "6", ""])
def test_a_quantity_that_cannot_be_received_records_nothing(waiting_for_goods, typed):
    order = db.session.scalar(select(PurchaseOrder).where(PurchaseOrder.number == "PO-2"))
    with pytest.raises(receiving.ReceiptError):
        receiving.record_receipt(order, {order.lines[0].id: typed}, None)
    assert db.session.scalars(select(GoodsReceipt).where(GoodsReceipt.source == "portal")).all() == []
