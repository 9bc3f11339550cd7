"""The order list: a page at a time, opening on the orders with goods to receive, filtered by
number, supplier, status and order date and sorted from the query string; one query for a page."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import event, select

from portal.extensions import db
from portal.models import PurchaseOrder
from portal.receiving.services import record_receipt
from tests.workflow import forget_known_users, import_world

SUPPLIERS = """supplier_code,name,registration_number,currency,address
SUP-1,Acme Parts Co.,,JPY,Tokyo
SUP-10,Beta Supplies K.K.,,JPY,Osaka
"""
# PO-A1 received in full; the others wait for goods.
ORDERS = """po_number,supplier_code,order_date,currency,line_no,sku,description,quantity,unit_price,tax_rate
PO-A1,SUP-1,2026-07-01,JPY,1,A-1,Bolts,10,1000,10
PO-A2,SUP-1,2026-08-15,JPY,1,A-1,Bolts,10,1000,10
PO-A2,SUP-1,2026-08-15,JPY,2,A-2,Nuts,20,500,10
PO-B1,SUP-10,2026-09-01,JPY,1,B-1,Monitor,5,40000,10
PO-B2,SUP-10,,JPY,1,B-2,Cable,3,800,10
"""
RECEIPTS = """po_number,line_no,quantity_received,received_date
PO-A1,1,10,2026-07-10
PO-A2,1,10,2026-08-20
"""
HTMX = {"HX-Request": "true"}


@pytest.fixture
def orders(app, signed_in):
    import_world(RECEIPTS, suppliers=SUPPLIERS, orders=ORDERS)
    return signed_in("clerk")


def rows(html: str) -> list[str]:
    """The order numbers of the rows shown, in order."""
    return re.findall(r'<a class="doc-row" href="/receiving/(PO-\w+)"', html)


def listed(client, query: str = "") -> list[str]:
    return rows(client.get(f"/receiving/{query}").get_data(as_text=True))


def test_the_list_opens_on_the_orders_with_goods_to_receive_latest_first(orders, client):
    html = client.get("/receiving/").get_data(as_text=True)
    assert rows(html) == ["PO-B1", "PO-A2", "PO-B2"]  # an order without a date last
    assert "1 line to receive" in html and "1–3 of 3" in html


@pytest.mark.parametrize(("query", "shown"), [
    ("?status=received", ["PO-A1"]),
    ("?status=all", ["PO-B1", "PO-A2", "PO-A1", "PO-B2"]),
    ("?status=nonsense", ["PO-B1", "PO-A2", "PO-B2"]),  # not a status: the default
    ("?status=all&q=a", ["PO-A2", "PO-A1"]),  # words of the number, any case
    ("?status=all&q=po-b", ["PO-B1", "PO-B2"]),
    ("?status=all&supplier=beta", ["PO-B1", "PO-B2"]),  # words of the supplier's name
    ("?status=all&supplier=SUP-1", ["PO-A2", "PO-A1"]),  # a code in full is that supplier alone, not SUP-10
    ("?status=all&supplier=sup-1", ["PO-A2", "PO-A1"]),
    ("?status=all&supplier=ＳＵＰ－１０", ["PO-B1", "PO-B2"]),  # typed in full width
    ("?status=all&ordered_from=2026-08-01&ordered_to=2026-08-31", ["PO-A2"]),
    ("?status=all&ordered_from=2026-08-15", ["PO-B1", "PO-A2"]),
    ("?status=all&ordered_from=not-a-date", ["PO-B1", "PO-A2", "PO-A1", "PO-B2"]),
    ("?status=all&sort=oldest", ["PO-A1", "PO-A2", "PO-B1", "PO-B2"]),
    ("?status=all&sort=number", ["PO-A1", "PO-A2", "PO-B1", "PO-B2"]),
    ("?status=all&sort=supplier", ["PO-A1", "PO-A2", "PO-B1", "PO-B2"]),
])
def test_the_list_filters_and_sorts_as_the_query_string_says(orders, client, query, shown):
    assert listed(client, query) == shown


def test_each_row_shows_its_supplier_date_total_and_what_is_left_to_receive(orders, client):
    html = client.get("/receiving/?status=all&q=PO-A").get_data(as_text=True)
    second, first = re.findall(r'<a class="doc-row".*?</a>', html, re.S)
    assert "PO-A2" in second and "Acme Parts Co." in second and "ordered 2026-08-15" in second
    assert "¥20,000" in second and "1 line to receive" in second
    assert "Received in full" in first and "¥10,000" in first


def test_pages_keep_the_filters_and_a_fragment_answers_htmx(orders, app, client):
    app.config["PAGE_SIZE"] = 1
    html = client.get("/receiving/?status=all&supplier=acme").get_data(as_text=True)
    assert rows(html) == ["PO-A2"] and "Page 1 of 2" in html
    assert 'rel="next" href="/receiving/?status=all&amp;supplier=acme&amp;page=2"' in html
    fragment = client.get("/receiving/?status=all&supplier=acme&page=2", headers=HTMX)
    assert rows(fragment.get_data(as_text=True)) == ["PO-A1"]
    assert "<form" not in fragment.get_data(as_text=True) and "HX-Request" in fragment.headers["Vary"]


def test_an_empty_list_says_why_and_offers_every_order(orders, client):
    for number in ("PO-A2", "PO-B1", "PO-B2"):
        order = _order(number)
        record_receipt(order, {line.id: str(line.quantity - line.quantity_received) for line in order.lines
                               if line.quantity > line.quantity_received}, None)
    db.session.commit()
    html = client.get("/receiving/").get_data(as_text=True)
    assert rows(html) == [] and "Nothing is waiting to be received." in html
    assert 'href="/receiving/?status=all"' in html
    assert "No order matches." in client.get("/receiving/?status=all&q=nothing").get_data(as_text=True)


def _order(number: str) -> PurchaseOrder:
    return db.session.scalar(select(PurchaseOrder).where(PurchaseOrder.number == number))


def queries_for(client, path: str) -> int:
    forget_known_users(client)  # its user read too, whatever changed since the last request
    statements = []

    def count(*_):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(path, headers=HTMX).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def test_a_page_costs_the_same_queries_whatever_it_shows(orders, client):
    one = queries_for(client, "/receiving/?status=all&q=PO-B2")
    assert queries_for(client, "/receiving/?status=all") == one
