"""The document's arithmetic judging what memory read: memory first, unless it breaks what agrees."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocr.extract.layout import Token
from ocr.extract.memory import Recalled
from portal.learning.settle import derived_again, settle
from tests.ocr.builders import t_number

OWN_T, OTHER_T = t_number("123456789012"), t_number("210987654321")


def by_label(value) -> Recalled:
    return Recalled(value, [], "label")


def by_position(value) -> Recalled:
    return Recalled(value, [], "position")


def figures(subtotal, tax, total):
    return {"subtotal": D(subtotal), "tax_total": D(tax), "total": D(total)}


def test_a_recalled_figure_that_breaks_agreeing_generic_figures_loses():
    kept, lost = settle(figures(1000, 100, 1100), {"total": by_label(D(1200))})
    assert kept == {} and lost == {"total"}


def test_a_recalled_figure_that_mends_the_arithmetic_wins():
    kept, lost = settle(figures(1000, 100, 1000), {"total": by_label(D(1100))})
    assert set(kept) == {"total"} and lost == set()


def test_recalled_figures_that_agree_among_themselves_win_over_agreeing_generic_ones_on_the_lines():
    recalled = {"subtotal": by_label(D(2000)), "tax_total": by_label(D(200)), "total": by_label(D(2200))}
    kept, lost = settle(figures(1000, 100, 1100), recalled, lines_sum=D(2000))
    assert set(kept) == set(recalled) and lost == set()


def test_when_the_arithmetic_cannot_tell_memory_goes_first():
    kept, _lost = settle({"subtotal": None, "tax_total": None, "total": None}, {"total": by_label(D(1100))})
    assert set(kept) == {"total"}


def test_a_figure_derived_from_the_others_proves_nothing():
    # The generic tax was worked out as total - subtotal: it agrees by construction.
    kept, _lost = settle(figures(1000, 0, 1000), {"subtotal": by_label(D(900))}, read={"subtotal", "total"})
    assert set(kept) == {"subtotal"}
    assert derived_again({"subtotal": D(900), "tax_total": D(0), "total": D(1000)},
                         {"subtotal", "total"})["tax_total"] == D(100)


def test_a_recalled_total_under_the_subtotal_loses_where_the_tax_is_unknown():
    # The tax was worked out as total - subtotal; a '2' read where a fax printed the total is none.
    kept, lost = settle(figures(550460, 48834, 599294), {"total": by_label(D(2))}, read={"subtotal", "total"})
    assert kept == {} and lost == {"total"}
    kept, _lost = settle(figures(-1000, -100, -1100), {"total": by_label(D(-1100))}, read={"subtotal"})
    assert set(kept) == {"total"}  # a credit note's total lies under its negative subtotal


def at(value, left: int) -> Recalled:
    """A date memory found by its old position, printed at x = left on the first page."""
    return Recalled(value, [Token(str(value), 1, left, 800, left + 150, 820, (left, 800, left + 150, 820), 90.0)],
                    "position")


@pytest.mark.parametrize(("left", "lost"), [
    (300, {"due_date"}),  # over the issue date the reading found there: the issue date read twice
    (700, set()),  # elsewhere: a due date the same day
])
def test_a_value_memory_read_where_another_field_was_read_is_that_fields(left, lost):
    issued = date(2026, 12, 20)
    kept, lost_ = settle({"issue_date": issued, "due_date": None}, {"due_date": at(issued, left)},
                         places={"issue_date": (1, [310, 798, 460, 822])})
    assert lost_ == lost and set(kept) == {"due_date"} - lost


def test_a_figure_read_only_at_its_old_place_needs_the_arithmetic_to_replace_a_read_one():
    kept, lost = settle(figures(1000, 100, 1000), {"total": by_position(D(1250))})
    assert kept == {} and lost == {"total"}
    kept, _lost = settle(figures(1000, 100, 1000), {"total": by_position(D(1100))})
    assert set(kept) == {"total"}


@pytest.mark.parametrize(("generic", "recalled", "lost"), [
    ({"issue_date": date(2026, 10, 1)}, {"due_date": date(2026, 9, 1)}, {"due_date"}),
    ({"due_date": date(2026, 10, 1)}, {"issue_date": date(2026, 11, 1)}, {"issue_date"}),
    ({}, {"issue_date": date(2026, 11, 1), "due_date": date(2026, 10, 1)}, {"issue_date", "due_date"}),
    ({"issue_date": date(2026, 10, 1)}, {"due_date": date(2026, 10, 31)}, set()),
])
def test_a_recalled_due_date_before_the_issue_date_loses(generic, recalled, lost):
    _kept, found = settle(generic, {n: by_label(v) for n, v in recalled.items()})
    assert found == lost


def test_a_recalled_t_number_loses_to_a_valid_generic_one_unless_it_is_the_suppliers():
    wrong = by_label(OTHER_T)
    assert settle({"registration_number": OWN_T}, {"registration_number": wrong}, registered=OWN_T)[1] == {
        "registration_number"}
    assert settle({"registration_number": OTHER_T}, {"registration_number": by_label(OWN_T)},
                  registered=OWN_T)[1] == set()


money = st.integers(min_value=0, max_value=10**9).map(D)


@given(subtotal=money, tax=money, wrong=money)
def test_memory_never_breaks_a_total_that_adds_up(subtotal, tax, wrong):
    generic = figures(subtotal, tax, subtotal + tax)
    kept, _lost = settle(generic, {"total": by_label(wrong)})
    final = kept["total"].value if "total" in kept else generic["total"]
    assert subtotal + tax == final


@given(subtotal=money, tax=money, misread=money)
def test_memory_that_adds_up_always_replaces_a_misread_figure(subtotal, tax, misread):
    generic = figures(subtotal, tax, misread)
    kept, _lost = settle(generic, {"total": by_label(subtotal + tax)})
    assert kept["total"].value == subtotal + tax


def test_a_reference_found_only_at_its_old_place_does_not_replace_one_of_its_shape():
    at_place = Recalled("NoSI-00252", [], "position", shape="AA-99999")
    assert settle({"document_number": "SI-00252"}, {"document_number": at_place}) == ({}, set())
    kept, _lost = settle({"document_number": "2026-10-03"}, {"document_number": at_place})
    assert set(kept) == {"document_number"}  # the generic one is not of the supplier's shape
    kept, _lost = settle({"document_number": None}, {"document_number": at_place})
    assert set(kept) == {"document_number"}


def test_a_generic_reference_a_look_alike_off_the_shape_yields_to_the_remembered_one():
    repaired = Recalled("HK00168", [], "position", shape="AA99999")
    kept, _lost = settle({"document_number": "HKO0168"}, {"document_number": repaired})
    assert kept["document_number"].value == "HK00168"


def test_a_reference_memory_read_with_the_zeros_a_fax_lost_replaces_the_generic_one():
    repaired = Recalled("OS-0392", [], "position", shape="AA-9999")
    kept, _lost = settle({"document_number": "OS-9392"}, {"document_number": repaired})
    assert kept["document_number"].value == "OS-0392"
    other = Recalled("OS-0391", [], "position", shape="AA-9999")  # not the same reference
    assert settle({"document_number": "OS-9392"}, {"document_number": other}) == ({}, set())
