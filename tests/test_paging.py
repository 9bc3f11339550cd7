"""Paging a list on the server: which page a query string asks for, what a page holds, its links."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Supplier
from portal.paging import Page, page_number, page_url, paginate, typed_amount


@pytest.mark.parametrize(("args", "number"), [
    ({}, 1), ({"page": "3"}, 3), ({"page": "0"}, 1), ({"page": "-4"}, 1), ({"page": "two"}, 1), ({"page": ""}, 1),
    ({"page": "2.5"}, 1),
])
def test_the_page_asked_for_is_a_whole_number_from_one(args, number):
    assert page_number(args) == number


@pytest.mark.parametrize(("total", "number", "pages", "first", "last", "previous", "following"), [
    (0, 1, 1, 0, 0, False, False),      # an empty list is one empty page
    (10, 1, 1, 1, 10, False, False),
    (25, 1, 1, 1, 25, False, False),    # exactly one page full
    (26, 1, 2, 1, 25, False, True),
    (26, 2, 2, 26, 26, True, False),    # the last page holds the one left over
    (75, 2, 3, 26, 50, True, True),
])
def test_a_page_knows_where_it_is_in_the_list(total, number, pages, first, last, previous, following):
    shown = max(0, min(25, total - (number - 1) * 25))
    page = Page(items=list(range(shown)), number=number, size=25, total=total)
    assert (page.pages, page.first_shown, page.last_shown) == (pages, first, last)
    assert (page.has_previous, page.has_next) == (previous, following)


@pytest.fixture
def suppliers(app):
    """Seven suppliers, S1 to S7."""
    db.session.add_all(Supplier(code=f"S{n}", name=f"Supplier {n}") for n in range(1, 8))
    db.session.commit()
    return select(Supplier.code).order_by(Supplier.id)


@pytest.mark.parametrize(("number", "shown", "codes"), [
    (1, 1, ["S1", "S2", "S3"]),
    (3, 3, ["S7"]),
    (4, 3, ["S7"]),       # past the end: the last page, not an empty one nor an error
    (99, 3, ["S7"]),
])
def test_paginate_gives_the_page_asked_for_or_the_last(suppliers, number, shown, codes):
    page = paginate(suppliers, number, size=3)
    assert (page.number, list(page.items), page.total) == (shown, codes, 7)


def test_paginate_an_empty_list_is_page_one(app):
    page = paginate(select(Supplier.code), 5, size=3)
    assert (page.number, list(page.items), page.total, page.pages) == (1, [], 0, 1)


def test_page_links_keep_the_sort_and_filters(app):
    with app.test_request_context("/?status=approved&sort=oldest&q=acme&page=2"):
        assert page_url(3) == "/?status=approved&sort=oldest&q=acme&page=3"
        assert page_url(1) == "/?status=approved&sort=oldest&q=acme"       # page 1 is the plain address
        assert page_url(1, status=None) == "/?sort=oldest&q=acme"           # a cleared filter leaves no trace


@pytest.mark.parametrize(("typed", "amount"), [
    ("22000", Decimal(22000)), ("¥22,000", Decimal(22000)), ("２２，０００", Decimal(22000)),
    (" 1000円 ", Decimal(1000)),
    ("12.5", Decimal("12.5")), ("", None), ("abc", None), ("1e5", None), ("22,00", None),
    ("9" * 40, Decimal(10) ** 14 - 1), ("-" + "9" * 40, -(Decimal(10) ** 14 - 1)),  # as far as a total goes
])
def test_an_amount_filter_reads_amounts_as_people_type_them(typed, amount):
    assert typed_amount({"min_total": typed}, "min_total") == amount
