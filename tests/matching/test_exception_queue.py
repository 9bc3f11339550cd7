"""The exceptions queue: a page at a time, opening on what is left to resolve, filtered by
exception, supplier, overridden or not and issue date, sorted from the query string."""
from __future__ import annotations

import re

import pytest

from portal.extensions import db
from portal.matching import overrides
from portal.models import ReviewStatus
from portal.review import services as review
from tests.receiving.test_order_list import queries_for
from tests.workflow import import_world, invoice_fields, processed_document

HTMX = {"HX-Request": "true"}
# Ten bolts at 1,100 where the order says 1,000.
DEARER = {"subtotal": "21000", "tax_total": "2100", "total": "23100",
          "tax_breakdown": [{"rate": "10", "taxable": "21000", "tax": "2100"}],
          "lines": [{"description": "Bolts", "quantity": "10", "unit_price": "1100", "amount": "11000",
                     "tax_rate": "10"},
                    {"description": "Nuts", "quantity": "20", "unit_price": "500", "amount": "10000",
                     "tax_rate": "10"}]}
# The monitors of PO-2, which have not arrived.
MONITORS = {"supplier_name": "Beta Supplies K.K.", "po_number": "PO-2", "subtotal": "200000", "tax_total": "20000",
            "total": "220000", "tax_breakdown": [{"rate": "10", "taxable": "200000", "tax": "20000"}],
            "lines": [{"description": "Monitor", "quantity": "5", "unit_price": "40000", "amount": "200000",
                       "tax_rate": "10"}]}


# An order of its own for each invoice (a second invoice of one order would bill too much).
ORDERS = "po_number,supplier_code,order_date,currency,line_no,sku,description,quantity,unit_price,tax_rate\n" + "".join(
    f"PO-{n},SUP-001,2026-09-01,JPY,1,A-1,Bolts,10,1000,10\nPO-{n},SUP-001,2026-09-01,JPY,2,A-2,Nuts,20,500,10\n"
    for n in (1, 3, 4, 5)) + "PO-2,SUP-002,2026-09-02,JPY,1,B-1,Monitor,5,40000,10\n"
RECEIPTS = "po_number,line_no,quantity_received,received_date\n" + "".join(
    f"PO-{n},1,10,2026-09-10\nPO-{n},2,20,2026-09-10\n" for n in (1, 3, 4, 5))


@pytest.fixture
def queue(app, signed_in):
    """Documents in every state an exception can be in: INV-Q1 open, INV-Q2 open (another supplier's,
    goods not received), INV-Q3 overridden and submitted, INV-Q4 rejected, INV-Q5 clean."""
    import_world(RECEIPTS, orders=ORDERS)
    clerk = signed_in("clerk")

    def read(number: int, issued: str, **fields):
        fields = {"po_number": f"PO-{number}"} | fields
        return processed_document(invoice_fields(document_number=f"INV-Q{number}", issue_date=issued, **fields),
                                  user=clerk)

    made = {"dearer": read(1, "2026-10-01", **DEARER), "waiting": read(2, "2026-10-05", **MONITORS),
            "accepted": read(3, "2026-10-09", **DEARER), "rejected": read(4, "2026-10-12", **DEARER),
            "clean": read(5, "2026-10-15")}
    overrides.override_exception(made["accepted"], "price_variance", "Agreed by phone", clerk)
    review.submit(made["accepted"], clerk)
    review.close(made["rejected"], ReviewStatus.REJECTED, "Not ordered by us", clerk)
    db.session.commit()
    return made


def numbers(html: str) -> list[str]:
    return re.findall(r"INV-Q\d", "".join(re.findall(r'<a class="doc-row".*?</a>', html, re.S)))


def listed(client, query: str = "") -> list[str]:
    return numbers(client.get(f"/exceptions{query}").get_data(as_text=True))


@pytest.mark.parametrize(("query", "shown"), [
    ("", ["INV-Q1", "INV-Q2"]),  # open, on documents still in play: oldest first
    ("?state=overridden", ["INV-Q3"]),
    ("?state=all", ["INV-Q1", "INV-Q2", "INV-Q3", "INV-Q4"]),
    ("?state=unknown", ["INV-Q1", "INV-Q2"]),
    ("?code=not_received", ["INV-Q2"]),
    ("?code=price_variance&state=all", ["INV-Q1", "INV-Q3", "INV-Q4"]),
    ("?code=no_such_code", ["INV-Q1", "INV-Q2"]),
    ("?supplier=beta", ["INV-Q2"]),
    ("?supplier=SUP-001&state=all", ["INV-Q1", "INV-Q3", "INV-Q4"]),
    ("?state=all&issued_from=2026-10-05&issued_to=2026-10-09", ["INV-Q2", "INV-Q3"]),
    ("?sort=newest", ["INV-Q2", "INV-Q1"]),
    ("?sort=amount", ["INV-Q2", "INV-Q1"]),
])
def test_the_queue_filters_and_sorts_as_the_query_string_says(queue, client, query, shown):
    assert listed(client, query) == shown


def test_each_row_says_which_exceptions_are_open_and_which_overridden(queue, client):
    html = client.get("/exceptions?state=all").get_data(as_text=True)
    row = {number: text for text in re.findall(r'<a class="doc-row".*?</a>', html, re.S)
           for number in re.findall(r"INV-Q\d", text)}
    assert 'class="badge warn" data-code="price_variance">A unit price is above the order' in row["INV-Q1"]
    assert "A unit price is above the order&#39;s (overridden)" in row["INV-Q3"]
    assert "Waiting for approval" in row["INV-Q3"] and "Rejected" in row["INV-Q4"]
    assert "issued 2026-10-05" in row["INV-Q2"]


def test_pages_keep_the_filters_and_a_fragment_answers_htmx(queue, app, client):
    app.config["PAGE_SIZE"] = 1
    html = client.get("/exceptions?state=all&code=price_variance").get_data(as_text=True)
    assert numbers(html) == ["INV-Q1"] and "1–1 of 3" in html
    assert 'rel="next" href="/exceptions?state=all&amp;code=price_variance&amp;page=2"' in html
    fragment = client.get("/exceptions?state=all&code=price_variance&page=3", headers=HTMX)
    assert numbers(fragment.get_data(as_text=True)) == ["INV-Q4"]
    assert "<form" not in fragment.get_data(as_text=True) and "HX-Request" in fragment.headers["Vary"]


def test_nothing_found_says_so(queue, client):
    assert "No document matches." in client.get("/exceptions?supplier=nobody").get_data(as_text=True)


def test_a_page_costs_the_same_queries_whatever_it_shows(queue, client):
    one = queries_for(client, "/exceptions?supplier=beta")
    assert queries_for(client, "/exceptions?state=all") == one
