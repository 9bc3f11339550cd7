"""Discount lines (値引, 出精値引): an order line at a negative price, billed like any other line."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.matching import rules
from portal.matching.rules import InvoiceLine, OrderLine
from tests.matching.test_rules import book, invoice, line, order

PAPER = OrderLine(11, 1, "Copy paper A4", D(10), D(500), D(10), D(10))
DISCOUNT = OrderLine(12, 2, "出精値引き", D(1), D(-300), D(10), D(1))


def discounted(**fields):
    return order("PO-1", 1, PAPER, DISCOUNT, **fields)


def test_an_invoice_with_the_ordered_discount_matches_without_exceptions():
    outcome = book(discounted()).add(invoice(line("Copy paper A4", 10, 500, 10), line("出精値引き", 1, -300, 10)))
    assert (outcome.order_id, outcome.exceptions) == (1, [])
    assert {a.order_line_id for a in outcome.allocations} == {11, 12}


def test_the_discount_counts_in_the_order_found_by_its_subtotal():
    inv = invoice(line("Copy paper A4", 10, 500, 10), line("出精値引き", 1, -300, 10), po=None)
    assert inv.subtotal == D(4700)
    assert book(discounted()).add(inv).order_id == 1


@pytest.mark.parametrize(("printed", "codes"), [
    ("-300", []),
    ("-400", []),  # a bigger discount than ordered is no price above the order
    ("-302", []),  # within the tolerance of the discount's size
    ("-250", ["price_variance"]),  # a smaller discount charges more than ordered
])
def test_a_smaller_discount_than_ordered_is_a_price_above_the_order(printed, codes):
    inv = invoice(line("Copy paper A4", 10, 500, 10), line("出精値引き", 1, printed, 10))
    assert book(discounted()).add(inv).exceptions == codes


@pytest.mark.parametrize("printed", [
    InvoiceLine("出精値引き", D(1), D(300), D(-300), D(10)),  # the sign on the amount only
    InvoiceLine("出精値引き", D(-1), D(300), D(-300), D(10)),  # a negative quantity of a positive price
    InvoiceLine("出精値引き", None, None, D(-300), D(10)),  # only the amount
])
def test_a_discount_printed_with_its_sign_elsewhere_is_the_same_discount(printed):
    inv = invoice(line("Copy paper A4", 10, 500, 10), printed)
    outcome = book(discounted()).add(inv)
    assert outcome.exceptions == []
    assert printed.effective_unit_price in (D(-300), None)


def test_billing_the_discount_twice_is_more_than_ordered():
    b = book(discounted())
    first = invoice(line("Copy paper A4", 5, 500, 10), line("出精値引き", 1, -300, 10), id=1, number="A")
    again = invoice(line("Copy paper A4", 5, 500, 10), line("出精値引き", 1, -300, 10), id=2, number="B")
    assert b.add(first).exceptions == []
    assert b.add(again).exceptions == ["quantity_variance"]


@given(ordered=st.integers(1, 10**6), printed=st.integers(1, 10**6))
def test_the_price_limit_never_flags_a_discount_at_least_as_big_as_ordered(ordered, printed):
    limit = rules.price_limit(D(-ordered), D(1))
    assert (D(-printed) > limit) == (printed < ordered * D("0.99"))
