"""A supplier's payment terms, learnt from one corrected due date, give the due date nobody could read."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.learning.terms import due_by, terms_of


@pytest.mark.parametrize(("issued", "due", "next_issued", "next_due"), [
    (date(2026, 10, 31), date(2026, 11, 30), date(2026, 12, 31), date(2027, 1, 31)),  # 月末締め翌月末払い
    (date(2026, 9, 30), date(2026, 11, 30), date(2026, 12, 15), date(2027, 2, 28)),  # end of the month after next
    (date(2026, 10, 3), date(2026, 11, 2), date(2026, 12, 1), date(2026, 12, 31)),  # 30 days
    (date(2026, 9, 28), date(2026, 10, 28), date(2026, 12, 12), date(2027, 1, 11)),  # 30 days, a month on in September
    (date(2026, 10, 12), date(2026, 12, 12), date(2027, 1, 12), date(2027, 3, 12)),  # the same day, two months on
    (date(2026, 10, 3), date(2026, 11, 20), date(2027, 1, 9), date(2027, 2, 20)),  # the 20th of next month
])
def test_terms_learnt_from_one_invoice_give_the_next_ones_due_date(issued, due, next_issued, next_due):
    assert due_by(terms_of(issued, due), next_issued) == next_due


def test_a_due_date_before_the_issue_date_teaches_no_terms():
    assert terms_of(date(2026, 10, 3), date(2026, 10, 1)) is None


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
       st.dates(min_value=date(2020, 1, 1), max_value=date(2031, 12, 31)))
def test_terms_give_back_the_due_date_they_were_learnt_from(issued, due):
    terms = terms_of(issued, due)
    assert terms is None or due_by(terms, issued) == due
