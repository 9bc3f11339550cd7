"""The layout randomiser: the same seed gives the same corpus, every truth adds up and follows
the matching rules, what is printed is the truth, and the layouts really vary."""
from __future__ import annotations

import io
import json
import random
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from ocr.registration import is_valid
from samples import randomiser
from samples.page import font, to_pdf
from samples.randomiser.corpus import born_digital, pick_format, write_corpus
from samples.randomiser.notation import MoneyStyle, month_end, write_date, write_money, write_month_end
from samples.randomiser.plan import random_world
from samples.randomiser.sheet import render_pages
from samples.randomiser.writer import Writer
from samples.world import CENT, ROUNDING, master_csv, truth

WORLD = random_world(30, seed=11)
DOCUMENTS = [pytest.param(d, id=f"{i}-{d.variant}") for i, d in enumerate(WORLD.documents)]
ORDERS = {order.number: order for order in WORLD.orders}


def printed(document) -> str:
    """Everything written on the document's pages, one string."""
    return "\n".join(op[3] for page in render_pages(document) for op in page.ops if op[0] == "text")


def test_the_same_seed_writes_the_same_corpus(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert write_corpus(first, count=4, seed=5) == write_corpus(second, count=4, seed=5)
    for name in ["manifest.txt", "master/suppliers.csv", "master/purchase_orders.csv", "master/receipts.csv"]:
        assert (first / name).read_bytes() == (second / name).read_bytes()
    for path in (first / "documents").iterdir():
        if path.suffix != ".pdf":  # Pillow stamps image-only PDFs with the time they were written
            assert path.read_bytes() == (second / "documents" / path.name).read_bytes()


def test_another_seed_draws_another_world():
    other = random_world(30, seed=12)
    assert {s.name for s in other.suppliers} != {s.name for s in WORLD.suppliers}


def test_the_corpus_has_the_dev_corpus_shape(tmp_path):
    truths = write_corpus(tmp_path, count=3, seed=8)
    manifest = (tmp_path / "manifest.txt").read_text().split()
    assert sorted(manifest) == sorted(t["file"] for t in truths)
    for record in truths:
        assert (tmp_path / "documents" / record["file"]).exists()
        stem = record["file"].split(".")[0]
        assert json.loads((tmp_path / "truth" / f"{stem}.json").read_text()) == record
    header = (tmp_path / "master" / "purchase_orders.csv").read_text().splitlines()[0]
    assert header == "po_number,supplier_code,order_date,currency,line_no,sku,description,quantity,unit_price,tax_rate"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_truth_adds_up(document):
    record = truth(document, "x", "png-scan")
    for line in record["lines"]:
        assert Decimal(line["quantity"]) * Decimal(line["unit_price"]) == Decimal(line["amount"])
    assert sum(Decimal(ln["amount"]) for ln in record["lines"]) == Decimal(record["subtotal"])
    assert sum(Decimal(r["taxable"]) for r in record["tax_breakdown"]) == Decimal(record["subtotal"])
    assert sum(Decimal(r["tax"]) for r in record["tax_breakdown"]) == Decimal(record["tax_total"])
    assert Decimal(record["subtotal"]) + Decimal(record["tax_total"]) == Decimal(record["total"])
    assert date.fromisoformat(record["due_date"]) > date.fromisoformat(record["issue_date"])


@pytest.mark.parametrize("document", DOCUMENTS)
def test_tax_is_rounded_once_per_rate_unless_the_variant_says_otherwise(document):
    for i, row in enumerate(document.tax_rows):
        exact = row.taxable * row.rate / 100
        rounded = exact.quantize(CENT[document.currency], rounding=ROUNDING[document.supplier.rounding])
        if document.variant == "tax_mismatch" and i == 0:
            assert abs(row.tax - exact) >= 1
        else:
            assert row.tax == rounded


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_expected_match_follows_the_matching_rules(document):
    if document.kind == "quote":
        assert (document.po_number, document.expected_po, document.expected_exceptions) == (None, None, [])
    elif document.variant == "po_not_found":
        assert document.po_number not in ORDERS and document.expected_po is None
    elif document.po_number is None:  # matched by amount: exactly one order of the supplier has it
        same = [o for o in WORLD.orders if o.supplier is document.supplier and o.line_total == document.subtotal]
        assert [o.number for o in same] == [document.expected_po]
    else:
        assert document.expected_po == document.po_number in ORDERS
    if document.variant in ("clean", "no_po_reference"):
        order = ORDERS[document.expected_po]
        ordered = [(ln.item.price, ln.quantity, ln.received) for ln in order.lines]
        assert ordered == [(ln.unit_price, ln.quantity, ln.quantity) for ln in document.lines]
        assert document.expected_exceptions == []


def test_discounts_are_negative_lines_on_the_order_too():
    discounted = [d for d in WORLD.documents if any(ln.unit_price < 0 for ln in d.lines)]
    assert discounted
    for document in discounted:
        if document.expected_po:
            prices = [ln.item.price for ln in ORDERS[document.expected_po].lines]
            assert any(price < 0 and price in prices for price in (ln.unit_price for ln in document.lines))


def test_registration_numbers_are_valid_except_where_the_variant_breaks_them():
    for document in WORLD.documents:
        if document.registration_number and document.variant != "invalid_registration_number":
            assert is_valid(document.registration_number)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_what_is_printed_is_the_truth(document):
    w, text = Writer(document), printed(document)
    for value in [document.number, w.money(document.total), w.money(document.subtotal),
                  w.date(document.issue_date), w.due(), *(w.money(r.tax) for r in document.tax_rows)]:
        assert value in text
    for value in [document.po_number, document.registration_number, document.supplier.name]:
        assert value is None or value in text
    for index, line in enumerate(document.lines, start=1):
        assert w.cell_text("amount", line, index) in text
        assert w.cell_text("unit_price", line, index) in text


def test_layouts_vary_across_thirty_documents():
    houses = [d.supplier.style["house"] for d in WORLD.documents]
    assert len({h.meta for h in houses}) >= 5
    assert {h.labels for h in houses} == {"beside", "above", "below"}
    assert {h.totals for h in houses} == {"top", "bottom", "both"}
    assert len({h.summary for h in houses}) == 3
    assert len({h.words["number"] for h in houses}) >= 6
    assert len({h.columns for h in houses}) >= 5
    assert len({d.supplier.language for d in WORLD.documents}) >= 4


def test_some_tables_run_over_two_pages_and_keep_every_line():
    long = next(d for d in WORLD.documents if len(render_pages(d)) > 1)
    text = printed(long)
    assert all(f"{line.description}" in text for line in long.lines)


def test_a_born_digital_pdf_holds_its_number_and_total_in_its_text_layer():
    document = next(d for d in WORLD.documents if born_digital(render_pages(d)))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(to_pdf(render_pages(document)))).pages)
    money = document.supplier.style["house"].money
    assert document.number in text
    assert write_money(document.total, document.currency, money) in text
    digits = write_money(document.total, document.currency, money.bare())
    assert Decimal(digits.replace(money.thousands, "").replace(money.decimal, ".")) == document.total


def test_the_randomiser_keeps_its_own_words_apart_from_the_extractors():
    sources = Path(randomiser.__file__).parent.glob("*.py")
    assert not any("ocr.extract" in path.read_text(encoding="utf-8") for path in sources)


def test_japanese_documents_are_images_only():
    japanese = next(d for d in WORLD.documents if d.supplier.language == "ja")
    assert not born_digital(render_pages(japanese))


def test_several_pages_go_to_tiff_or_pdf_only():
    import random
    from collections import Counter

    two_pages = render_pages(next(d for d in WORLD.documents if len(render_pages(d)) > 1))
    formats = {pick_format(two_pages, Counter(), random.Random(n)) for n in range(20)}
    assert formats <= {"tif-fax", "pdf-scan", "pdf-digital"}


def test_master_data_holds_every_order_and_supplier():
    files = master_csv(WORLD)
    assert len(files["suppliers.csv"].splitlines()) == len(WORLD.suppliers) + 1
    assert all(o.number in files["purchase_orders.csv"] for o in WORLD.orders)


@pytest.mark.parametrize(("style", "written"), [
    ("ja", "2026年10月22日"), ("era", "令和8年10月22日"), ("d_mon_y", "22 Oct 2026"),
    ("mdy_slash", "10/22/2026"), ("dmy_dots", "22.10.2026"), ("iso", "2026-10-22"),
    ("fr_long", "22 octobre 2026"), ("es_long", "22 de octubre de 2026"),
])
def test_dates_are_written_in_the_house_style(style, written):
    assert write_date(date(2026, 10, 22), style) == written


@pytest.mark.parametrize(("value", "currency", "style", "written"), [
    (Decimal("48592"), "JPY", MoneyStyle("￥", "－", full_width=True), "￥４８，５９２－"),
    (Decimal("1234.56"), "EUR", MoneyStyle("", " €", thousands=".", decimal=","), "1.234,56 €"),
    (Decimal("-500"), "JPY", MoneyStyle(negative="△"), "△500"),
    (Decimal("-12.5"), "USD", MoneyStyle("$", negative="()"), "($12.50)"),
    (Decimal("1234567"), "JPY", MoneyStyle("", "円"), "1,234,567円"),
])
def test_money_is_written_in_the_house_style(value, currency, style, written):
    assert write_money(value, currency, style) == written


def test_a_month_end_due_date_is_the_last_day_of_that_month():
    assert month_end(date(2026, 10, 22), 1) == date(2026, 11, 30)
    assert month_end(date(2026, 12, 3), 2) == date(2027, 2, 28)
    assert write_month_end(date(2026, 11, 30), "ja") == "2026年11月末日"


def test_a_scan_may_be_fed_upside_down_or_on_its_side():
    """A feeder takes a page whichever way round it is given: a scan's first page may come
    turned, and the reader must set it upright (`ocr.orientation`)."""
    from PIL import Image

    from samples.randomiser.corpus import FED_TURNED, document_file

    class Turning(random.Random):
        def random(self) -> float:
            return FED_TURNED / 2  # within the share fed turned

        def choice(self, seq):
            return 90

    pages = render_pages(WORLD.documents[0])
    for feeding, landscape in ((Turning(), True), (None, False)):
        _ext, data = document_file(pages, "png-scan", random.Random(1), feeding)
        with Image.open(io.BytesIO(data)) as image:
            assert (image.size[0] > image.size[1]) == landscape


def _text_boxes(page) -> list[tuple[float, float, float, float, str]]:
    """Each text drawn on a page: its box (left, top, right, baseline) and what it says."""
    boxes = []
    for _, left, y, text, size, bold, _gray, face in (op for op in page.ops if op[0] == "text"):
        boxes.append((left, y - 0.8 * size, left + font(face, bold, size).getlength(text), y, text))
    return boxes


@pytest.mark.parametrize("document", DOCUMENTS)
def test_no_text_is_printed_over_other_text(document):
    # (a sidebar's captions too long for it once pushed their values into the addressee's column)
    for page in render_pages(document):
        boxes = _text_boxes(page)
        over = [(a[4], b[4]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                if a[0] < b[2] - 2 and b[0] < a[2] - 2 and a[1] < b[3] - 2 and b[1] < a[3] - 2]
        assert over == []
