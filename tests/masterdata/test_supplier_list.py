"""The supplier list: a page at a time, found by name in either language, code or registration
number, sorted from the query string, each supplier's orders and documents a link away."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.matching.suppliers import alias_key
from portal.models import Supplier, SupplierAlias
from tests.receiving.test_order_list import queries_for
from tests.workflow import import_world

SUPPLIERS = """supplier_code,name,registration_number,currency,address
S-1,株式会社みどり青果,T2402918736455,JPY,Sendai
S-10,Acme Parts Co.,,JPY,Tokyo
S-2,Beta Supplies K.K.,,JPY,Osaka
"""
ORDERS = """po_number,supplier_code,order_date,currency,line_no,sku,description,quantity,unit_price,tax_rate
PO-1,S-2,2026-09-01,JPY,1,A-1,Bolts,10,1000,10
PO-2,S-2,2026-09-02,JPY,1,A-1,Bolts,10,1000,10
PO-3,S-10,2026-09-03,JPY,1,A-1,Bolts,10,1000,10
"""
HTMX = {"HX-Request": "true"}


@pytest.fixture
def suppliers(app, signed_in):
    import_world("po_number,line_no,quantity_received,received_date\n", suppliers=SUPPLIERS, orders=ORDERS)
    midori = db.session.scalar(select(Supplier).where(Supplier.code == "S-1"))
    # One of its English invoices was read as "Midori Seika Co., Ltd." and a clerk said whose it was.
    db.session.add(SupplierAlias(supplier_id=midori.id, kind="name", value=alias_key("name", "Midori Seika Co., Ltd.")))
    db.session.commit()
    return signed_in("clerk")


def names(html: str) -> list[str]:
    return re.findall(r'<div class="doc-row supplier-row">\s*<span class="doc-main"><strong>([^<]+)</strong>', html)


def listed(client, query: str = "") -> list[str]:
    return names(client.get(f"/suppliers{query}").get_data(as_text=True))


@pytest.mark.parametrize(("query", "shown"), [
    ("", ["Acme Parts Co.", "Beta Supplies K.K.", "株式会社みどり青果"]),  # by name
    ("?sort=code", ["株式会社みどり青果", "Acme Parts Co.", "Beta Supplies K.K."]),
    ("?sort=orders", ["Beta Supplies K.K.", "Acme Parts Co.", "株式会社みどり青果"]),
    ("?q=beta", ["Beta Supplies K.K."]),
    ("?q=みどり", ["株式会社みどり青果"]),
    ("?q=midori", ["株式会社みどり青果"]),  # the name its English invoice printed
    ("?q=MIDORI SEIKA", ["株式会社みどり青果"]),
    ("?q=T2402918736455", ["株式会社みどり青果"]),
    ("?q=S-1", ["株式会社みどり青果"]),  # a code in full: that supplier, not S-10 too
    ("?q=s-", ["Acme Parts Co.", "Beta Supplies K.K.", "株式会社みどり青果"]),
    ("?q=ａｃｍｅ", ["Acme Parts Co."]),  # typed in full width
    ("?q=50%25", []),  # a wildcard typed is a character searched for
])
def test_the_list_finds_and_sorts_as_the_query_string_says(suppliers, client, query, shown):
    assert listed(client, query) == shown


def test_each_supplier_links_to_its_orders_and_documents(suppliers, client):
    html = client.get("/suppliers?q=beta").get_data(as_text=True)
    assert 'href="/receiving/?supplier=S-2&amp;status=all">2 orders</a>' in html
    assert 'href="/?q=Beta+Supplies+K.K.">Documents</a>' in html
    assert "/admin/suppliers/S-2/memory" not in html  # the admin's alone


def test_pages_keep_the_search_and_a_fragment_answers_htmx(suppliers, app, client):
    app.config["PAGE_SIZE"] = 1
    html = client.get("/suppliers?q=s-").get_data(as_text=True)
    assert "1–1 of 3" in html and 'rel="next" href="/suppliers?q=s-&amp;page=2"' in html
    fragment = client.get("/suppliers?q=s-&page=3", headers=HTMX).get_data(as_text=True)
    assert names(fragment) == ["株式会社みどり青果"] and "<form" not in fragment


def test_nothing_found_says_so_and_offers_every_supplier(suppliers, client):
    html = client.get("/suppliers?q=gamma").get_data(as_text=True)
    assert "No supplier matches." in html and 'href="/suppliers">Show every supplier' in html


def test_a_lists_supplier_filter_is_offered_the_masters_suppliers_as_one_types(suppliers, client):
    html = client.get("/suppliers/options?supplier=bet").get_data(as_text=True)
    assert html.strip() == '<option value="S-2">Beta Supplies K.K.</option>'
    page = client.get("/receiving/?status=all&supplier=S-2").get_data(as_text=True)
    assert 'name="supplier" value="S-2"' in page and 'hx-get="/suppliers/options"' in page
    assert 'hx-push-url="false"' in page  # the offers are no view of the list to go back to


def test_a_page_costs_the_same_queries_whatever_it_shows(suppliers, client):
    one = queries_for(client, "/suppliers?q=beta")
    assert queries_for(client, "/suppliers") == one
