"""Lines misread off a scan, read again with their order lines' figures where the totals say so."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from portal.matching import rules, services
from portal.matching.rules import InvoiceLine, Order, OrderLine
from portal.models import AuditEvent, DocumentPage
from tests.matching.test_rules import invoice, line
from tests.matching.test_services import import_order, upload

ORDER = Order(1, "PO-1", 1, (OrderLine(11, 1, "Copy paper A4", D(10), D(500), D(10), D(10)),
                             OrderLine(12, 2, "Green tea bags", D(4), D(1000), D(8), D(4)),
                             OrderLine(13, 3, "O-ring NBR 70", D(2000), D("0.084"), D(10), D(2000))))
PRINTED = (line("Copy paper A4", 10, 500, 10), line("Green tea bags", 4, 1000, 8),
           line("O-ring NBR 70", 2000, "0.084", 10))


@pytest.fixture
def paper_ordered(app):
    """An order of 10 reams of copy paper at 500 (portal.matching.test_services's world)."""
    return import_order("PO-1", 10, received=6)


def scanned(*read: InvoiceLine, printed=PRINTED) -> rules.Invoice:
    """An invoice that printed `printed` (its totals add up over them), its lines read as `read`."""
    return replace(invoice(*printed), lines=read, lines_as_scanned=True)


def read(description, quantity, unit_price, amount) -> InvoiceLine:
    return InvoiceLine(description, D(quantity), D(unit_price), D(amount))


def test_misread_figures_the_subtotal_disowns_are_read_as_the_order_prints_them():
    garbled = (read("Copy paper A4", 10, 500, 8000),  # the amount misread: the lines miss the subtotal
               line("Green tea bags", 4, 1000, 8),
               read("O-ring NBR 70", 2669, 9684, "468.00"))  # a fax: every figure misread
    mended = rules.lines_the_order_explains(scanned(*garbled), ORDER)
    assert {i: (ln.quantity, ln.unit_price, ln.amount) for i, ln in mended.items()} == {
        0: (10, 500, 5000), 2: (2000, D("0.084"), D("168.00"))}
    assert mended[2].description == "O-ring NBR 70"


def test_a_misread_price_whose_amount_adds_up_is_the_orders_price():
    garbled = (read("Copy paper A4", 10, 800, 5000), *PRINTED[1:])
    assert rules.lines_the_order_explains(scanned(*garbled), ORDER)[0].unit_price == 500


def test_a_delivery_short_of_the_order_keeps_its_quantity_and_takes_the_price():
    printed = (line("Copy paper A4", 6, 500, 10), *PRINTED[1:])
    garbled = (read("Copy paper A4", 6, 600, 3000), *PRINTED[1:])
    mended = rules.lines_the_order_explains(scanned(*garbled, printed=printed), ORDER)
    assert (mended[0].quantity, mended[0].unit_price, mended[0].amount) == (6, 500, 3000)


def test_a_price_that_truly_differs_from_the_order_is_kept_read_right_or_wrong():
    printed = (line("Copy paper A4", 10, 550, 10), *PRINTED[1:])  # the supplier billed 550, not 500
    assert rules.lines_the_order_explains(scanned(*printed, printed=printed), ORDER) == {}
    misread = (read("Copy paper A4", 10, 550, 5800), *PRINTED[1:])  # its amount misread as well
    mended = rules.lines_the_order_explains(scanned(*misread, printed=printed), ORDER)
    assert (mended[0].unit_price, mended[0].amount) == (550, 5500)  # the order's quantity, the price read
    misread = (read("Copy paper A4", 10, 580, 5800), *PRINTED[1:])  # its price and amount misread alike
    assert rules.lines_the_order_explains(scanned(*misread, printed=printed), ORDER) == {}


def test_where_either_of_two_lines_could_be_the_misread_one_neither_is_changed():
    order = Order(1, "PO-1", 1, (OrderLine(11, 1, "Stapler", D(1), D(100), D(10)),
                                 OrderLine(12, 2, "Punch", D(1), D(100), D(10))))
    printed = (line("Stapler", 1, 190, 10), line("Punch", 1, 100, 10))
    garbled = (line("Stapler", 1, 190, 10), line("Punch", 1, 190, 10))  # 100 read as 190 on one of them
    assert rules.lines_the_order_explains(scanned(*garbled, printed=printed), order) == {}


def test_lines_read_from_a_text_layer_or_totals_that_do_not_add_up_are_left_alone():
    garbled = (read("Copy paper A4", 10, 500, 8000), *PRINTED[1:])
    assert rules.lines_the_order_explains(replace(scanned(*garbled), lines_as_scanned=False), ORDER) == {}
    assert rules.lines_the_order_explains(replace(scanned(*garbled), total=D(1)), ORDER) == {}
    assert rules.lines_the_order_explains(replace(scanned(*garbled), supplier_id=2), ORDER) == {}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(1, 40), st.integers(1, 3000)), min_size=1, max_size=3,
                unique_by=lambda t: t[0]))
def test_lines_read_as_printed_are_never_changed_whatever_the_order_says(printed_lines):
    """However far a supplier's figures stray from the order's (billing another amount), lines
    read right add up to the subtotal as they are: nothing the order prints takes their place."""
    assume(all(q * u != ORDER.lines[i].amount or (q, u) == (ORDER.lines[i].quantity, ORDER.lines[i].unit_price)
               for i, q, u in printed_lines))
    printed = tuple(line(ORDER.lines[i].description, q, u, 10) for i, q, u in printed_lines)
    assert rules.lines_the_order_explains(scanned(*printed, printed=printed), ORDER) == {}


def test_the_portal_reads_a_scans_misread_line_again_as_its_order_prints_it_and_says_so(paper_ordered, make_user):
    from portal.review import services as review

    document = upload(4)  # 4 reams at 500: 2,000 + 200 tax = 2,200
    document.pages.append(DocumentPage(number=1, width=1000, height=1400, source="ocr", text="Acme"))
    document.lines[0].unit_price, document.lines[0].amount = D(800), D(3200)  # as a fax read them
    services.match_document(document)
    assert (document.lines[0].unit_price, document.lines[0].amount) == (500, 2000)
    assert document.match.exception_codes == []
    event = document_event(document, "lines.read_from_order")
    assert (event.before, event.after) == ({"line.1": "4 · 800 · 3200"}, {"line.1": "4 · 500 · 2000"})
    # What a clerk sets stands: the portal never reads it again.
    review.correct_line(document, document.lines[0].id, {"description": "Copy paper A4", "quantity": "4",
                                                          "unit_price": "550", "amount": "2200"}, make_user())
    assert (document.lines[0].unit_price, document.lines[0].amount) == (550, 2200)


def test_lines_of_a_document_sent_for_approval_stay_as_they_were_whatever_is_matched_later(paper_ordered):
    from portal.models import ReviewStatus

    document = upload(4)
    document.pages.append(DocumentPage(number=1, width=1000, height=1400, source="ocr", text="Acme"))
    document.lines[0].unit_price, document.lines[0].amount = D(800), D(3200)
    document.review_status = ReviewStatus.SUBMITTED  # (the approvers see what the clerk sent)
    services.match_document(document)
    assert (document.lines[0].unit_price, document.lines[0].amount) == (800, 3200)


def test_the_portal_drops_figures_a_scan_read_as_a_line_that_the_subtotal_leaves_out(paper_ordered):
    from portal.models import DocumentLine

    document = upload(4)
    document.pages.append(DocumentPage(number=1, width=1000, height=1400, source="ocr", text="Acme"))
    document.lines.append(DocumentLine(position=2, description="Registered office HRB 7022", amount=D(16)))
    services.match_document(document)
    assert [(ln.position, ln.amount) for ln in document.lines] == [(1, 2000)]
    event = document_event(document, "lines.read_from_order")
    assert (event.before, event.after) == ({"line.2": "16"}, {"line.2": None})
    assert document.match.exception_codes == []


def document_event(document, action) -> AuditEvent:
    from portal.extensions import db

    return db.session.scalars(select(AuditEvent).where(AuditEvent.document_id == document.id,
                                                       AuditEvent.action == action)).one()


def test_figures_the_order_does_not_bill_that_the_subtotal_leaves_out_were_no_line():
    footer = InvoiceLine("Managing director M. Kienzler HRB 702216", None, D("69450065060044.19"), D(27))
    freight = line("Freight", 1, 120, 10)  # not on the order, but billed: the subtotal holds it
    mended = rules.lines_the_order_explains(scanned(*PRINTED, footer, freight, printed=(*PRINTED, freight)), ORDER)
    assert mended == {3: None}


def test_a_line_billing_the_orders_amount_with_its_figures_misread_or_swapped_prints_the_orders():
    order = Order(1, "PO-1", 1, (OrderLine(11, 1, "Mackerel (kg)", D("7.5"), D(720), D(8)),
                                 OrderLine(12, 2, "Copies, black", D(12480), D("1.2"), D(10))))
    printed = (line("Mackerel (kg)", "7.5", 720, 8), line("Copies, black", 12480, "1.2", 10))
    misread = (read("Mackerel (kg)", 45, 120, 5400),  # '7.5' and '720' each misread, their product the same
               read("Copies, black", "1.2", 12480, 14976))  # the count and the price in each other's columns
    mended = rules.lines_the_order_explains(scanned(*misread, printed=printed), order)
    assert [(ln.quantity, ln.unit_price, ln.amount) for ln in mended.values()] == [
        (D("7.5"), 720, 5400), (12480, D("1.2"), D(14976))]
    # An amount other than the order's, read right, is the supplier's to bill.
    more = (read("Mackerel (kg)", "7.5", 760, 5700), printed[1])
    assert rules.lines_the_order_explains(scanned(*more, printed=more), order) == {}


def test_a_discount_read_without_its_minus_mark_is_the_orders_discount():
    order = Order(1, "PO-1", 1, (*ORDER.lines, OrderLine(14, 4, "Long-term contract discount", D(1), D(-2000), D(10))))
    printed = (*PRINTED, line("Long-term contract discount", 1, -2000, 10))
    misread = (*PRINTED, read("Long-term contract discount", 2000, 1, 2000))  # '▲2,000' in the wrong columns
    mended = rules.lines_the_order_explains(scanned(*misread, printed=printed), order)
    assert [(ln.quantity, ln.unit_price, ln.amount) for ln in mended.values()] == [(1, -2000, -2000)]


def test_a_page_with_more_lines_unsure_than_can_be_settled_is_left_as_read():
    many = Order(1, "PO-1", 1, tuple(OrderLine(100 + n, n, f"Bolt M{n}", D(10), D(100 + n), D(10))
                                     for n in range(1, 61)))
    printed = tuple(line(f"Bolt M{n}", 10, 100 + n, 10) for n in range(1, 61))
    garbled = tuple(read(f"Bolt M{n}", 10, 100 + n, (100 + n) * 10 + 1) for n in range(1, 61))  # every amount off
    assert rules.lines_the_order_explains(scanned(*garbled, printed=printed), many) == {}
    few = (*garbled[:3], *printed[3:])
    assert len(rules.lines_the_order_explains(scanned(*few, printed=printed), many)) == 3
