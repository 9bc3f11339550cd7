"""A T-number OCR misread where the check digit cannot see it, or one digit of it read unsurely, is the
supplier's registered one."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent
from tests.workflow import ORDERS, RECEIPTS, invoice_fields, processed_document

REGISTERED = "T5390101629487"
SUPPLIERS = f"""supplier_code,name,registration_number,currency,address
SUP-001,Acme Parts Co.,{REGISTERED},JPY,Tokyo
SUP-002,Beta Supplies K.K.,,JPY,Osaka
SUP-003,Mikawaya Foods K.K.,T1182011034477,JPY,Okazaki
"""


@pytest.fixture
def world(app):
    from portal.masterdata.importer import import_master

    import_master({"suppliers.csv": SUPPLIERS, "purchase_orders.csv": ORDERS, "receipts.csv": RECEIPTS})
    db.session.commit()


def _recognised(document) -> list:
    return db.session.scalars(select(AuditEvent).where(
        AuditEvent.document_id == document.id, AuditEvent.action == "registration_number.recognised")).all()


def test_a_zero_read_as_nine_is_the_registered_number(world):
    read = "T5399101629487"  # valid by its check digit too: a 9 for a 0 changes no sum mod 9
    document = processed_document(invoice_fields(registration_number=read))

    assert document.registration_number == REGISTERED
    assert [(e.before, e.after) for e in _recognised(document)] == [
        ({"registration_number": read}, {"registration_number": REGISTERED})]


@pytest.mark.parametrize("read", ["T5390101629488", "T5390101629480"])
def test_any_other_difference_stays_as_printed(world, read):
    document = processed_document(invoice_fields(registration_number=read))

    assert document.registration_number == read
    assert _recognised(document) == []


def test_a_supplier_without_a_registered_number_leaves_the_printed_one(world):
    document = processed_document(invoice_fields(supplier_name="Beta Supplies K.K.",
                                                 registration_number="T5399101629487"))

    assert document.registration_number == "T5399101629487"


@pytest.mark.parametrize(("read", "recognised"), [
    ("T5398101629487", True),  # a line printer's slashed zero read as an 8: the check digit fails
    ("T5396161629487", True),  # both its zeros read as 6
    ("T5398101629488", False),  # a digit that is no zero differs too: printed so
])
def test_zeros_read_as_their_look_alikes_are_the_registered_number(world, read, recognised):
    document = processed_document(invoice_fields(registration_number=read))

    assert document.registration_number == (REGISTERED if recognised else read)


def test_zeros_read_as_sixes_that_the_check_digit_cannot_see_are_the_registered_number(world):
    read = "T1182611634477"  # two zeros read as 6: the check digit holds by chance
    document = processed_document(invoice_fields(supplier_name="Mikawaya Foods K.K.", registration_number=read))

    assert document.registration_number == "T1182011034477"


def _read_with(confidence: float) -> dict:
    return {"registration_number": {"confidence": confidence, "page": 1, "box": [10, 10, 50, 20]}}


@pytest.mark.parametrize(("read", "confidence", "recognised"), [
    ("T5390101629488", 0.7, True),  # a digit after the check digit misread on a fax: the check fails
    ("T5390101629488", 0.95, False),  # read surely: printed so, for the rules to flag
    ("T4390101629487", 0.7, False),  # the check digit itself differs: printed so
])
def test_one_digit_a_fax_misread_after_the_check_digit_is_the_registered_number(world, read, confidence, recognised):
    document = processed_document(invoice_fields(registration_number=read), meta=_read_with(confidence))

    assert document.registration_number == (REGISTERED if recognised else read)
    assert ("invalid_registration_number" in [e.code for e in document.match.exceptions]) is not recognised


def _read_over_garble(words: list[str], lefts: list[int] | None = None, read: str | None = None):
    """A document on whose page OCR read these words (left to right, or at `lefts`) and the reader
    the T-number `read` (unsurely), else none."""
    from portal.matching.services import match_document
    from portal.models import DocumentPage
    from tests.workflow import read_document

    document = read_document(invoice_fields(registration_number=read), meta=_read_with(0.55) if read else None)
    document.pages.append(DocumentPage(
        number=1, width=1000, height=1400, source="ocr", text=" ".join(words),
        words=[{"text": text, "left": lefts[n] if lefts else 10 + 60 * n, "top": 10, "width": 50, "height": 12,
                "confidence": 40.0, "line": 1} for n, text in enumerate(words)]))
    match_document(document)
    db.session.commit()
    return document


@pytest.mark.parametrize("printed", [
    ["登録番号", "1390101629487"],  # its T read as a 1
    ["登録番号", "T53901O16294B7"],  # letters read for digits
    ["登録番号", "T539010", "1629487"],  # split in two words
    ["登録番号", "T539011629487"],  # a digit lost under a stamp
    ["登録番号", "£<01629487"],  # its head garbled past reading: eight digits of it left, unbroken
])
def test_a_t_number_printed_garbled_where_none_was_read_is_the_registered_one(world, printed):
    document = _read_over_garble(printed)

    assert document.registration_number == REGISTERED
    assert [(e.before, e.after) for e in _recognised(document)] == [
        ({"registration_number": None}, {"registration_number": REGISTERED})]


@pytest.mark.parametrize("printed", [
    ["登録番号", "T5390107729412"],  # another number: three digits apart
    ["TEL", "03-5521-7788", "普通", "1234567", "2026/11/30"],  # other numbers, no T-number at all
    ["口座", "0101629"],  # seven of its digits in a row: a chance
])
def test_other_numbers_on_the_page_are_no_registered_number(world, printed):
    document = _read_over_garble(printed)

    assert document.registration_number is None
    assert _recognised(document) == []


def test_a_garbled_t_number_whose_pieces_ocr_gave_out_of_order_is_read_along_its_line(world):
    document = _read_over_garble(["登録番号", "T5390", "29487", "1016"], lefts=[10, 90, 220, 150])

    assert document.registration_number == REGISTERED


def test_a_valid_number_the_check_digit_made_of_a_garbled_registered_one_is_the_registered_one(world):
    # A stray mark after the T, the last digit lost: the reader took the mark for the digit the
    # check digit asked for, and read another valid number.
    document = _read_over_garble(["登録番号", "TS539010162948+"], read="T2539010162948")

    assert document.registration_number == REGISTERED
    assert [(e.before, e.after) for e in _recognised(document)] == [
        ({"registration_number": "T2539010162948"}, {"registration_number": REGISTERED})]


@pytest.mark.parametrize("printed", [
    ["登録番号", "T2539010162948"],  # the page shows the number read: printed so
    ["登録番号", "T2539010162948", "TEL", "03-5521-7788"],
])
def test_a_valid_number_the_page_shows_as_read_stays(world, printed):
    document = _read_over_garble(printed, read="T2539010162948")

    assert document.registration_number == "T2539010162948"
    assert _recognised(document) == []
