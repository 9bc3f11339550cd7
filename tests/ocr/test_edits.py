"""How far apart two readings are: the measure OCR slips are judged by."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocr.extract.edits import edits, within_edits, within_one_edit


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("Q-00218", "Q-00218", 0),
    ("Q-00218", "Q-0O218", 1),   # one misread
    ("Q-00218", "Q-0218", 1),    # one lost
    ("0218", "Q-00218", 3),
    ("請求書番号", "請求番号", 1),
    ("", "abc", 3),
])
def test_edits_counts_characters_changed_lost_or_added(a, b, expected):
    assert edits(a, b) == expected
    assert edits(b, a) == expected


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("37000", "37000", True),
    ("37000", "3700", True),
    ("37000", "37800", True),
    ("37000", "3780", False),
    ("37000", "370000", True),
    ("37000", "3700000", False),
])
def test_within_one_edit_agrees_with_the_count(a, b, expected):
    assert within_one_edit(a, b) is expected
    assert (edits(a, b) <= 1) is expected


@given(st.text(alphabet="abcde", max_size=14), st.text(alphabet="abcde", max_size=14), st.integers(0, 3))
def test_within_edits_agrees_with_the_whole_distance(a, b, most):
    assert within_edits(a, b, most) == (edits(a, b) <= most)
