"""Learning from corrections: a supplier's second document is read where the clerk's correction
showed its first one printed the value, unless the document's arithmetic says otherwise."""
from __future__ import annotations

import io
import itertools
from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import select

from ocr.document import DocumentReading
from ocr.extract.memory import Placement
from ocr.extract.result import ExtractedInvoice, Source
from ocr.model import Page, Word
from portal.extensions import db
from portal.intake.processing import finish, take
from portal.intake.services import accept_upload
from portal.learning import services as learning
from portal.models import AuditEvent, Document, SupplierAlias, SupplierMemory
from portal.review import services as review
from tests.helpers import font, minimal_pdf
from tests.ocr.builders import page
from tests.workflow import import_world, invoice_fields

_files = itertools.count(1)
READ = {"confidence": 0.9, "page": 1, "box": [1, 1, 2, 2]}


def acme_invoice(total: str, net: str = "20,000", tax: str = "2,000", number: str = "A-0001",
                 letterhead: str = "##Acme Parts Co."):
    """Acme's layout: the amount payable at the top, beside its caption; net and tax at the foot."""
    return [page([
        (80, [(100, letterhead), (1200, "INVOICE")]),
        (160, [(1000, "Our ref"), (1300, number)]),
        (200, [(1000, "Order"), (1300, "PO-1")]),
        (400, [(100, "Amount payable"), (600, total)]),
        (600, [(100, "Item"), (900, "Qty"), (1100, "Price"), (1350, "Amount")]),
        (650, [(100, "Bolts"), (900, "10"), (1100, "1,000"), (1350, "10,000")]),
        (700, [(100, "Nuts"), (900, "20"), (1100, "500"), (1350, "10,000")]),
        (800, [(1000, "Net"), (1350, net)]),
        (840, [(1000, "Tax"), (1350, tax)]),
    ])]


def arrive(pages, fields, meta=None) -> Document:
    """A document read as `fields` (what the generic extraction made of `pages`), kept and matched."""
    n = next(_files)
    document = accept_upload(f"scan-{n}.pdf", minimal_pdf(f"Scan {n}"))
    db.session.commit()
    take(document.id)  # as the worker does before it reads
    db.session.commit()
    invoice = ExtractedInvoice.from_fields(fields)
    invoice.sources = {name: Source(**where) for name, where in (meta or {}).items()}
    finish(document, DocumentReading(pages, invoice))
    return db.session.get(Document, document.id)


def placements(vouched: bool = False) -> list[SupplierMemory]:
    """What the supplier's memory holds of where it prints the fields clerks corrected (its payment
    terms aside), or, vouched, of those they left as read."""
    rows = db.session.scalars(select(SupplierMemory).where(SupplierMemory.field != learning.TERMS))
    return [row for row in rows if bool(row.placement.get("vouched")) == vouched]


@pytest.fixture
def clerk(app, make_user):
    import_world()
    return make_user("clerk")


def test_a_corrected_total_is_read_right_on_the_suppliers_next_document(clerk):
    first = arrive(acme_invoice("¥22,000"), invoice_fields(total=None))
    assert review.correct_field(first, "total", "22000", clerk)
    db.session.commit()
    [remembered] = placements()
    assert (remembered.supplier.code, remembered.field, remembered.document_id) == ("SUP-001", "total", first.id)

    second = arrive(acme_invoice("¥22,000", number="A-0002"), invoice_fields(total=None))
    assert second.total == D(22000)
    assert second.fields_meta["total"]["source"] == "memory"
    assert second.fields_meta["total"]["box"]
    applied = db.session.scalar(select(AuditEvent).where(AuditEvent.document_id == second.id,
                                                         AuditEvent.action == "memory.applied"))
    assert applied.before == {"total": None} and applied.after == {"total": "22000"}
    assert remembered.times_used == 1


def test_a_figure_memory_reads_where_no_column_could_hold_it_is_no_figure_and_the_document_is_kept(clerk):
    first = arrive(acme_invoice("¥22,000"), invoice_fields(total=None))
    review.correct_field(first, "total", "22000", clerk)
    db.session.commit()
    # The next one prints a reference's eighteen digits where the first printed its total.
    second = arrive(acme_invoice("123456789012345678", number="A-0002"), invoice_fields(total=None))
    assert second.status == "processed" and second.total is None
    assert "total" not in (second.fields_meta or {})


def test_memory_says_nothing_for_another_supplier(clerk):
    first = arrive(acme_invoice("¥22,000"), invoice_fields(total=None))
    review.correct_field(first, "total", "22000", clerk)
    db.session.commit()
    beta = arrive(acme_invoice("¥22,000"), invoice_fields(total=None, supplier_name="Beta Supplies K.K.",
                                                           po_number="PO-2"))
    assert beta.supplier_code == "SUP-002"
    assert beta.total is None
    assert "total" not in beta.fields_meta


def test_a_wrong_memory_loses_to_the_arithmetic_and_counts_it(clerk):
    first = arrive(acme_invoice("¥22,000"), invoice_fields(total=None))
    review.correct_field(first, "total", "20000", clerk)  # a slip: the net, not the total
    db.session.commit()
    meta = {name: READ for name in ("subtotal", "tax_total", "total")}
    second = arrive(acme_invoice("¥22,000", number="A-0002"), invoice_fields(), meta)
    assert second.total == D(22000)
    assert second.fields_meta["total"] == READ
    [remembered] = placements()
    assert remembered.times_contradicted == 1 and remembered.times_used == 0
    applied = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "memory.applied"))
    assert "overruled: total" in applied.note


def test_a_newer_correction_replaces_the_memory(clerk):
    first = arrive(acme_invoice("¥22,000"), invoice_fields(total=None))
    review.correct_field(first, "total", "20000", clerk)
    review.correct_field(first, "total", "22000", clerk)
    db.session.commit()
    [remembered] = placements()
    assert Placement.from_json(remembered.placement).captions[0].label == "amountpayable"


def test_a_value_not_printed_on_the_page_is_not_remembered(clerk):
    first = arrive(acme_invoice("¥22,000"), invoice_fields(total=None))
    review.correct_field(first, "total", "99999", clerk)
    db.session.commit()
    assert placements() == []


def test_a_field_left_as_read_fills_the_same_field_the_next_reading_lost(clerk):
    first = arrive(acme_invoice("¥22,000"), invoice_fields(document_number="A-0001", total=None))
    review.correct_field(first, "total", "22000", clerk)  # the clerk left the number as read
    db.session.commit()
    number = next(row for row in placements(vouched=True) if row.field == "document_number")
    assert number.document_id == first.id and "total" not in {row.field for row in placements(vouched=True)}
    trail = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "memory.learned",
                                                       AuditEvent.note.like("left as read%")))
    assert trail.after["document_number"] == "A-0001"

    second = arrive(acme_invoice("¥22,000", number="A-0002"), invoice_fields(document_number=None))
    assert second.document_number == "A-0002" and second.fields_meta["document_number"]["source"] == "memory"


def test_a_field_left_as_read_never_replaces_what_the_next_reading_found(clerk):
    first = arrive(acme_invoice("¥22,000"), invoice_fields(document_number="A-0001", total=None))
    review.correct_field(first, "total", "22000", clerk)
    db.session.commit()
    second = arrive(acme_invoice("¥22,000", number="A-0002"), invoice_fields(document_number="A-0007"))
    assert second.document_number == "A-0007"  # found elsewhere by the reading: memory that was never
    assert "source" not in second.fields_meta.get("document_number", {})  # corrected does not overrule it


def test_a_number_unlike_the_suppliers_yields_to_the_one_where_it_prints_its_numbers(clerk):
    first = arrive(acme_invoice("¥22,000"), invoice_fields(document_number="A-0001", total=None))
    review.correct_field(first, "total", "22000", clerk)  # the clerk left the number as read
    db.session.commit()
    second = arrive(acme_invoice("¥22,000", number="A-0002"), invoice_fields(document_number="FR99990508"))
    assert second.document_number == "A-0002"  # a VAT number taken for it, say
    assert second.fields_meta["document_number"]["generic"] == "FR99990508"
    third = arrive(acme_invoice("¥22,000", number="see over"), invoice_fields(document_number="FR99990508"))
    assert third.document_number == "FR99990508"  # nothing of the supplier's shape there: as read


def test_a_quotes_number_place_finds_the_invoices_number_numbered_apart(clerk):
    quote = arrive(acme_invoice("¥22,000", number="QT26-118"),
                   invoice_fields(doc_type="quote", document_number="QT26-118", total=None))
    review.correct_field(quote, "total", "22000", clerk)  # the clerk left the quote's number as read
    db.session.commit()

    invoice = arrive(acme_invoice("¥22,000", number="A-0002"), invoice_fields(document_number=None))
    assert invoice.document_number == "A-0002"  # the supplier's quotes and invoices print it in one place
    assert invoice.fields_meta["document_number"]["source"] == "memory"
    other = arrive(acme_invoice("¥22,000", number="A-0003"), invoice_fields(document_number="B-7"))
    assert other.document_number == "B-7"  # another kind's place fills only what the reading lost


def test_a_field_vouched_for_then_corrected_is_remembered_as_corrected(clerk):
    first = arrive(acme_invoice("¥22,000"), invoice_fields(document_number="A-0009", total=None))
    review.correct_field(first, "total", "22000", clerk)
    review.correct_field(first, "document_number", "A-0001", clerk)
    db.session.commit()
    assert "document_number" not in {row.field for row in placements(vouched=True)}
    assert "document_number" in {row.field for row in placements()}


def test_a_place_left_as_read_outlives_a_correction_of_a_number_read_elsewhere(clerk):
    first = arrive(acme_invoice("¥22,000"), invoice_fields(document_number="A-0001", total=None))
    review.correct_field(first, "total", "22000", clerk)  # the number left as read: its place vouched for
    db.session.commit()
    # A fax's number garbled past knowing where it is printed; the clerk's number is nowhere on the
    # page: the correction teaches no place, and unteaches none.
    second = arrive(acme_invoice("¥22,000", number="9O44"), invoice_fields(document_number="9044"))
    review.correct_field(second, "document_number", "A-0002", clerk)
    db.session.commit()
    assert "document_number" in {row.field for row in placements(vouched=True)}
    third = arrive(acme_invoice("¥22,000", number="A-0003"), invoice_fields(document_number=None))
    assert third.document_number == "A-0003" and third.fields_meta["document_number"]["source"] == "memory"


def test_a_chosen_supplier_teaches_the_name_read_on_its_documents(clerk):
    # A trade name no supplier has, printed where the company's name would be.
    first = arrive(acme_invoice("¥22,000", letterhead="ZYX HOLDINGS"),
                   invoice_fields(supplier_name="ZYX HOLDINGS", po_number=None, total=None))
    assert first.supplier_id is None
    review.correct_fields(first, {"supplier_code": "SUP-001", "total": "22000"}, clerk)
    db.session.commit()
    assert first.supplier_code == "SUP-001" and first.supplier_name == "Acme Parts Co."
    assert [(a.kind, a.value) for a in db.session.scalars(select(SupplierAlias))] == [("name", "zyxholdings")]
    assert [m.field for m in placements()] == ["total"]  # learnt for the supplier chosen

    second = arrive(acme_invoice("¥22,000", number="A-0002", letterhead="ZYX HOLDINGS"),
                    invoice_fields(supplier_name="ZYX HOLDINGS", po_number=None, total=None))
    assert second.supplier_code == "SUP-001"
    assert second.total == D(22000)


def test_choosing_another_supplier_moves_what_the_document_taught(clerk):
    first = arrive(acme_invoice("¥22,000"), invoice_fields(total=None))
    review.correct_field(first, "total", "22000", clerk)
    review.correct_fields(first, {"supplier_code": "SUP-002"}, clerk)
    db.session.commit()
    assert [(m.supplier.code, m.field) for m in placements()] == [("SUP-002", "total")]


def test_a_supplier_chosen_by_a_person_stays_when_its_number_is_corrected(clerk):
    first = arrive(acme_invoice("¥22,000"), invoice_fields())
    review.correct_fields(first, {"supplier_code": "SUP-002", "registration_number": ""}, clerk)
    review.correct_field(first, "supplier_name", "Acme Parts Co.", clerk)
    assert first.supplier_code == "SUP-002"


def test_clearing_a_suppliers_memory_forgets_it_and_is_audited(clerk):
    first = arrive(acme_invoice("¥22,000"), invoice_fields(supplier_name="ZYX HOLDINGS", total=None))
    review.correct_fields(first, {"supplier_code": "SUP-001", "total": "22000"}, clerk)
    supplier = first.supplier
    left_as_read = len(placements(vouched=True))  # the places of the fields the clerk vouched for
    # the total's place, the payment terms, the name, and those
    assert learning.clear_memory(supplier, clerk) == 3 + left_as_read
    db.session.commit()
    assert learning.memory_of(supplier) == ([], [])
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "memory.cleared"))
    assert event.before == {"placements": 2 + left_as_read, "aliases": 1} and event.user_id == clerk.id


def test_the_suppliers_terms_give_a_due_date_nobody_could_read(clerk):
    first = arrive(acme_invoice("¥22,000"), invoice_fields(issue_date="2026-10-31", due_date=None))
    assert review.correct_field(first, "due_date", "2026-11-30", clerk)  # end of the next month
    db.session.commit()

    second = arrive(acme_invoice("¥22,000", number="A-0002"),
                    invoice_fields(issue_date="2026-12-31", due_date=None, document_number="A-0002"))

    assert second.due_date == date(2027, 1, 31)
    assert second.fields_meta["due_date"]["source"] == "terms"
    applied = db.session.scalar(select(AuditEvent).where(AuditEvent.document_id == second.id,
                                                         AuditEvent.action == "memory.applied"))
    assert applied.after == {"due_date": "2027-01-31"}


def test_a_correction_of_any_field_teaches_the_terms_of_the_dates_left_as_read(clerk):
    """The clerk corrected the number and left the dates as read: they vouch for them, and the
    supplier's next invoice whose due date nobody could read gets the one its terms give."""
    first = arrive(acme_invoice("¥22,000"), invoice_fields(issue_date="2026-10-31", due_date="2026-11-30",
                                                           document_number="A-O001"))
    assert review.correct_field(first, "document_number", "A-0001", clerk)
    db.session.commit()

    second = arrive(acme_invoice("¥22,000", number="A-0002"),
                    invoice_fields(issue_date="2026-12-31", due_date=None, document_number="A-0002"))

    assert second.due_date == date(2027, 1, 31)
    assert second.fields_meta["due_date"]["source"] == "terms"


def test_a_submitted_invoice_teaches_the_terms_of_its_dates(clerk):
    first = arrive(acme_invoice("¥22,000"), invoice_fields(issue_date="2026-10-31", due_date="2026-11-30"))
    review.submit(first, clerk)
    db.session.commit()

    second = arrive(acme_invoice("¥22,000", number="A-0002"),
                    invoice_fields(issue_date="2026-12-31", due_date=None, document_number="A-0002"))

    assert (second.due_date, second.fields_meta["due_date"]["source"]) == (date(2027, 1, 31), "terms")


def test_terms_never_replace_a_due_date_that_was_read(clerk):
    first = arrive(acme_invoice("¥22,000"), invoice_fields(issue_date="2026-10-31", due_date=None))
    review.correct_field(first, "due_date", "2026-11-30", clerk)
    db.session.commit()
    second = arrive(acme_invoice("¥22,000", number="A-0002"),
                    invoice_fields(issue_date="2026-12-31", due_date="2027-01-15", document_number="A-0002"))
    assert second.due_date == date(2027, 1, 15)


REGISTERED = "T7807916394037"
SUPPLIERS_REGISTERED = f"""supplier_code,name,registration_number,currency,address
SUP-001,Acme Parts Co.,{REGISTERED},JPY,Tokyo
SUP-002,Beta Supplies K.K.,,JPY,Osaka
"""


def _with_number(printed: str):
    pages = acme_invoice("¥22,000")
    pages[0].words.append(Word(printed, 1000, 240, 300, 20, 29.0, 99))
    return pages


@pytest.mark.parametrize(("printed", "read", "expected"), [
    ("7807916394037", None, REGISTERED),  # its T lost, so the reading found no number
    ("T78O7 9163 94O37", None, REGISTERED),  # its zeros read as letters
    ("¥78079163940 31", None, REGISTERED),  # read unsurely, its T as a yen sign, a digit misread
    ("T7807916394037", "T7807916394037", REGISTERED),
    ("T7807916394027", "T7807916394027", "T7807916394027"),  # printed wrong: a finding, not a misreading
    ("T5550000000000", None, None),  # the supplier's number is not on the page: nothing to read back
])
def test_the_suppliers_registered_number_is_read_back_where_the_page_shows_it(app, make_user, printed, read, expected):
    import_world(suppliers=SUPPLIERS_REGISTERED)
    document = arrive(_with_number(printed), invoice_fields(registration_number=read))
    assert document.supplier_code == "SUP-001"
    assert document.registration_number == expected
    assert (document.fields_meta.get("registration_number", {}).get("source") == "supplier") == (read != expected)


def test_a_number_printed_one_digit_otherwise_is_read_as_printed_though_its_t_was_read_as_a_digit(app, make_user):
    """Read cleanly, the registered number's check digit otherwise and its T read as a 1, beside a
    due date read unsurely: the number printed (a finding for the matching rules), not the
    registered one."""
    import_world(suppliers=SUPPLIERS_REGISTERED)
    pages = acme_invoice("¥22,000")
    pages[0].words += [Word("20November", 600, 240, 150, 20, 31.0, 99),
                       Word("10807916394037", 1000, 240, 300, 20, 95.0, 99)]
    document = arrive(pages, invoice_fields())
    assert document.registration_number == "T0807916394037"


PRINTED = "T7807916394037"  # the number Beta prints, which the master does not know


def beta_invoice(number_row: tuple[int, list[tuple[int, str]]], reference: str = "B-0001"):
    """Beta's layout, its T-number on the row given."""
    return [page([
        (80, [(100, "##Beta Supplies K.K."), (1200, "INVOICE")]),
        (160, [(1000, "Our ref"), (1300, reference)]),
        number_row,
        (400, [(100, "Amount payable"), (600, "¥22,000")]),
        (600, [(100, "Item"), (900, "Qty"), (1100, "Price"), (1350, "Amount")]),
        (650, [(100, "Bolts"), (900, "10"), (1100, "2,000"), (1350, "20,000")]),
        (800, [(1000, "Net"), (1350, "20,000")]),
        (840, [(1000, "Tax"), (1350, "2,000")]),
    ])]


def _unsure(pages, text: str):
    """The pages with the words of `text` read unsurely."""
    pages[0].words = [replace(w, confidence=30.0) if w.text in text.split() else w for w in pages[0].words]
    return pages


@pytest.mark.parametrize(("row", "source"), [
    ((240, [(1000, "Registration No."), (1300, "T78079163940 31")]), "memory"),  # its place, a digit misread
    ((240, [(1000, "Registration No."), (1300, "'£7807916394037")]), "memory"),  # its place, its T read as a mark
    ((1000, [(100, "Bank: Acme Bank 1234567"), (900, "¥78O79163940 37")]), "supplier"),  # elsewhere, no caption
])
def test_the_t_number_a_clerk_corrected_is_read_again_on_the_suppliers_next_document(clerk, row, source):
    beta = {"supplier_name": "Beta Supplies K.K.", "po_number": "PO-2", "registration_number": None}
    first = arrive(beta_invoice((240, [(1000, "Registration No."), (1300, PRINTED)])), invoice_fields(**beta))
    assert first.supplier_code == "SUP-002" and first.registration_number is None
    assert review.correct_field(first, "registration_number", PRINTED, clerk)
    db.session.commit()

    second = arrive(_unsure(beta_invoice(row, reference="B-0002"), row[1][1][1]), invoice_fields(**beta))
    assert second.registration_number == PRINTED
    assert second.fields_meta["registration_number"]["source"] == source


NAMED = {"currency": {"confidence": 0.93, "page": 1, "box": [1000, 200, 1100, 222]}}  # a caption's or a code's


@pytest.mark.parametrize(("read", "meta", "expected", "source"), [
    (None, None, "USD", "supplier"),  # amounts printed bare on a pre-printed form: the supplier's currency
    ("EUR", NAMED, "EUR", None),  # a currency named beside its caption, or by its code, stays as read
    ("EUR", None, "USD", "supplier"),  # read from signs alone (a fax's '$' made '€'): the supplier's
])
def test_a_document_that_names_no_currency_is_in_its_suppliers(app, make_user, read, meta, expected, source):
    import_world(suppliers="supplier_code,name,registration_number,currency,address\n"
                           "SUP-001,Acme Parts Co.,,USD,Cleveland\nSUP-002,Beta Supplies K.K.,,JPY,Osaka\n")
    document = arrive(acme_invoice("22,000.00"), invoice_fields(currency=read), meta)
    assert document.supplier_code == "SUP-001"
    assert document.currency == expected
    assert document.fields_meta.get("currency", {}).get("source") == source
    if source == "supplier" and read:
        assert document.fields_meta["currency"]["generic"] == read  # what the reading made of it, on record


def _scan_with_number(number: str) -> tuple[bytes, list[Word]]:
    """A scan printing 'Invoice No.' and the number beside it, and the words of its caption as read."""
    image = Image.new("L", (1240, 900), 255)
    draw = ImageDraw.Draw(image)
    draw.text((80, 140), "Invoice No.", fill=0, font=font())
    draw.text((420, 140), number, fill=0, font=font())
    out = io.BytesIO()
    image.save(out, format="PNG")
    left, top, right, bottom = draw.textbbox((420, 140), number, font=font())
    return out.getvalue(), [Word("Invoice", 80, 146, 110, 22, 95.0, 1), Word("No.", 200, 146, 50, 22, 95.0, 1),
                            Word(number, left, top, right - left, bottom - top, 95.0, 1)]


def _arrive_scan(data: bytes, words: list[Word], fields: dict, sources: dict[str, Source] | None = None) -> Document:
    document = accept_upload(f"scan-{next(_files)}.png", data)
    db.session.commit()
    take(document.id)
    db.session.commit()
    invoice = ExtractedInvoice.from_fields(fields)
    invoice.sources = sources or {}
    finish(document, DocumentReading([Page(1, 1240, 900, words, "ocr", "eng")], invoice))
    return db.session.get(Document, document.id)


def test_a_value_ocr_lost_where_the_supplier_prints_it_is_read_again_from_the_original(clerk):
    data, words = _scan_with_number("INV-4711")
    first = _arrive_scan(data, words, invoice_fields(document_number=None))
    assert review.correct_field(first, "document_number", "INV-4711", clerk)
    db.session.commit()

    data, words = _scan_with_number("INV-4712")
    second = _arrive_scan(data, words[:-1], invoice_fields(document_number=None))  # the number not read

    assert second.document_number == "INV-4712"
    assert (second.fields_meta["document_number"]["source"], second.fields_meta["document_number"]["how"]) == (
        "memory", "reread")


def test_a_value_ocr_only_guessed_teaches_its_place_and_the_next_one_is_read_again_there(clerk):
    """OCR read the number as garble it was unsure of on both scans: the correction finds it by
    reading those words again from the original, and the next scan's number is read there."""
    data, words = _scan_with_number("INV-4711")
    first = _arrive_scan(data, [*words[:-1], replace(words[-1], text="ae", confidence=14.0)],
                         invoice_fields(document_number=None))
    assert review.correct_field(first, "document_number", "INV-4711", clerk)
    db.session.commit()
    [remembered] = [p for p in placements() if p.field == "document_number"]
    assert remembered.placement["shape"] == "AAA-9999"

    data, words = _scan_with_number("INV-4712")
    second = _arrive_scan(data, [*words[:-1], replace(words[-1], text="Ce", confidence=9.0)],
                          invoice_fields(document_number=None))

    assert second.document_number == "INV-4712"
    assert second.fields_meta["document_number"]["how"] == "reread"


def _dated(printed: str):
    pages = acme_invoice("¥22,000")
    pages[0].words.append(Word(printed, 1300, 240, 150, 20, 60.0, 98))
    return pages


def test_a_date_ocr_misread_teaches_its_place_and_the_next_unread_date_is_found_there(clerk):
    meta = {"issue_date": {"confidence": 0.6, "page": 1, "box": [1300, 240, 1450, 260]}}
    first = arrive(_dated("2026/07/03"), invoice_fields(issue_date="2026-07-03", due_date=None), meta)
    assert review.correct_field(first, "issue_date", "2026-11-03", clerk)  # a fax's 11 read as 07
    db.session.commit()
    [remembered] = [p for p in placements() if p.field == "issue_date"]
    assert remembered.placement["captions"] == []

    second = arrive(_dated("2026/12/03"), invoice_fields(issue_date=None, due_date=None, document_number="A-0002"))
    assert second.issue_date == date(2026, 12, 3)
    assert second.fields_meta["issue_date"]["source"] == "memory"


def test_another_field_s_date_taken_for_a_date_teaches_no_place(clerk):
    """The due date, lost to a fax's noise, was taken from the issue date printed a month
    earlier: one part apart, like a misreading, but the issue date's own value."""
    meta = {"due_date": {"confidence": 0.9, "page": 1, "box": [1300, 240, 1450, 260]}}
    first = arrive(_dated("2026/11/30"), invoice_fields(issue_date=None, due_date="2026-11-30"), meta)
    assert review.correct_fields(first, {"issue_date": "2026-11-30", "due_date": "2026-12-30"}, clerk)
    db.session.commit()
    assert [p.field for p in placements()] == ["issue_date"]


def test_a_value_memory_gave_teaches_no_place_when_corrected(clerk):
    meta = {"issue_date": {"confidence": 0.6, "page": 1, "box": [1300, 240, 1450, 260]}}
    first = arrive(_dated("2026/07/03"), invoice_fields(issue_date="2026-07-03", due_date=None), meta)
    first.fields_meta = {**first.fields_meta, "issue_date": {**meta["issue_date"], "source": "memory"}}
    assert review.correct_field(first, "issue_date", "2026-11-03", clerk)
    db.session.commit()
    assert [p for p in placements() if p.field == "issue_date"] == []


@pytest.mark.parametrize(("earlier", "read", "expected"), [
    (["B000844"], "8000987", "B000987"),  # its B read as an 8, though nobody corrected a thing
    (["S2701733", "S2702780"], "52702808", "S2702808"),  # its S read as a 5
    (["B000844"], "8123457", "8123457"),  # far from the supplier's sequence: another number, as read
    (["B000844", "C-00851"], "8000987", "8000987"),  # the supplier numbers in two shapes: nothing to go by
    (["B000844"], "B000987", "B000987"),  # read in the supplier's shape: as read
])
def test_a_number_read_a_look_alike_away_from_the_suppliers_numbering_is_in_its_shape(clerk, earlier, read,
                                                                                       expected):
    for number in earlier:
        arrive(acme_invoice("¥22,000", number=number), invoice_fields(document_number=number))
    quote = arrive(acme_invoice("¥22,000", number="8000123"),
                   invoice_fields(doc_type="quote", document_number="8000123"))
    assert quote.document_number == "8000123"  # quotes are numbered apart from invoices
    document = arrive(acme_invoice("¥22,000", number=read), invoice_fields(document_number=read), {
        "document_number": READ})
    assert document.document_number == expected
    if expected != read:
        assert document.fields_meta["document_number"]["generic"] == read
        assert document.document_number_key == expected
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.document_id == document.id,
                                                            AuditEvent.action == "memory.applied")).one()
        assert event.after == {"document_number": expected}


def test_a_place_read_again_where_the_reading_found_another_fields_value_gives_nothing(clerk):
    """The supplier printed its invoice number beside 'Invoice No.'; its next scan prints its order
    number there and no invoice number. Memory reads its place again and reads the order number,
    which the reading found there already: no invoice number."""
    data, words = _scan_with_number("INV-4711")
    first = _arrive_scan(data, words, invoice_fields(document_number=None))
    assert review.correct_field(first, "document_number", "INV-4711", clerk)
    db.session.commit()

    data, words = _scan_with_number("ORD-4712")
    number = words[-1]
    found = {"po_number": Source(0.95, 1, [number.left, number.top, number.right, number.bottom])}
    second = _arrive_scan(data, words[:-1], invoice_fields(document_number=None), found)  # (its order: the supplier's)

    assert second.document_number is None
