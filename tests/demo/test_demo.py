"""The demo world, its drawings, its degradations, the held-out corpus and `load_demo`."""
from __future__ import annotations

import io
import json
import random
from decimal import Decimal

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import func, select

from ocr.registration import is_valid
from samples import degrade
from samples.render import A4, render, render_pdf, write_corpus
from samples.world import (
    CENT,
    DEMO_SUPPLIERS,
    HELDOUT_SUPPLIERS,
    ROUNDING,
    demo_world,
    heldout_world,
    master_csv,
    truth,
)

WORLDS = {"demo": demo_world(), "heldout": heldout_world(24, 7)}
DOCUMENTS = [pytest.param(d, id=f"{name}-{i}-{d.variant}") for name, w in WORLDS.items()
             for i, d in enumerate(w.documents)]


@pytest.fixture(scope="module")
def page():
    english = next(d for d in WORLDS["demo"].documents if d.supplier.language == "en")
    return render(english)[0]


@pytest.mark.parametrize("supplier", DEMO_SUPPLIERS + HELDOUT_SUPPLIERS, ids=lambda s: s.code)
def test_suppliers_carry_valid_registration_numbers(supplier):
    assert supplier.registration_number is None or is_valid(supplier.registration_number)


def test_demo_world_has_four_suppliers_two_per_language_and_about_eight_orders():
    world = WORLDS["demo"]
    assert sorted(s.language for s in world.suppliers) == ["en", "en", "ja", "ja"]
    assert all(s.registration_number for s in world.suppliers)
    assert 7 <= len(world.orders) <= 9


def test_heldout_suppliers_are_not_the_dev_corpus_suppliers():
    dev_names = {"Askul Corporation", "株式会社オフィスサプライ東京", "Kaneda Cleaning Services K.K.",
                 "有限会社さくら印刷", "Northwind Office Tech Ltd.", "株式会社グリーンコーヒー"}
    assert not dev_names & {s.name for s in HELDOUT_SUPPLIERS}


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_document_adds_up(document):
    record = truth(document, "x", "png-scan")
    amounts = [Decimal(line["amount"]) for line in record["lines"]]
    for line in record["lines"]:
        assert Decimal(line["quantity"]) * Decimal(line["unit_price"]) == Decimal(line["amount"])
    assert sum(amounts) == Decimal(record["subtotal"])
    assert sum(Decimal(r["taxable"]) for r in record["tax_breakdown"]) == Decimal(record["subtotal"])
    assert sum(Decimal(r["tax"]) for r in record["tax_breakdown"]) == Decimal(record["tax_total"])
    assert Decimal(record["subtotal"]) + Decimal(record["tax_total"]) == Decimal(record["total"])


@pytest.mark.parametrize("document", DOCUMENTS)
def test_tax_is_taxable_times_rate_rounded_once_unless_the_variant_says_otherwise(document):
    for i, row in enumerate(document.tax_rows):
        exact = (row.taxable * row.rate / 100).quantize(CENT[document.currency],
                                                        rounding=ROUNDING[document.supplier.rounding])
        if document.variant == "tax_mismatch" and i == 0:
            assert abs(row.tax - row.taxable * row.rate / 100) >= 1
        else:
            assert row.tax == exact


def test_documents_without_a_po_number_match_exactly_one_order_by_amount():
    for world in WORLDS.values():
        for document in world.documents:
            if document.variant == "no_po_reference":
                same = [o for o in world.orders if o.supplier is document.supplier
                        and o.line_total == document.subtotal]
                assert [o.number for o in same] == [document.expected_po]


def test_master_csv_has_the_contract_headers():
    texts = master_csv(WORLDS["demo"])
    assert texts["suppliers.csv"].splitlines()[0] == "supplier_code,name,registration_number,currency,address"
    assert texts["purchase_orders.csv"].startswith("po_number,supplier_code,order_date,currency,line_no,sku,")
    assert texts["receipts.csv"].startswith("po_number,line_no,quantity_received,received_date")


def test_a_rendered_page_is_a4_at_200_dpi_with_ink_on_it(page):
    assert page.size == A4 and page.mode == "L"
    assert page.getextrema()[0] < 50  # some black text on the white page


@pytest.mark.parametrize("make, size, mode", [
    (degrade.scan, A4, "L"),
    (degrade.photo, A4, "RGB"),
    (lambda p, rng: degrade.fax(p, rng, standard=True), (A4[0], (A4[1] + 1) // 2), "1"),
    (lambda p, rng: degrade.fax(p, rng, standard=False), A4, "1"),
], ids=["scan", "photo", "fax-standard", "fax-fine"])
def test_degrading_changes_pixels_and_keeps_the_expected_size_and_mode(page, make, size, mode):
    degraded = make(page, random.Random(1))
    assert (degraded.size, degraded.mode) == (size, mode)
    assert degraded.convert("L").resize(page.size).tobytes() != page.tobytes()


def test_a_digital_pdf_carries_its_text():
    document = next(d for d in WORLDS["heldout"].documents
                    if d.supplier.language == "en" and d.kind == "invoice")
    text = PdfReader(io.BytesIO(render_pdf(document))).pages[0].extract_text()
    assert document.number in text and document.supplier.name in text


def test_a_long_invoice_runs_over_two_pages():
    document = max(WORLDS["heldout"].documents, key=lambda d: len(d.lines))
    assert len(render(document)) >= 2


def test_write_corpus_has_the_dev_corpus_shape(tmp_path):
    truths = write_corpus(tmp_path, count=4, seed=3)
    manifest = (tmp_path / "manifest.txt").read_text().split()
    assert len(manifest) == 4 == len(truths)
    assert {p.name for p in (tmp_path / "master").iterdir()} == {"suppliers.csv", "purchase_orders.csv",
                                                                 "receipts.csv"}
    for name in manifest:
        assert (tmp_path / "documents" / name).stat().st_size > 1000
        record = json.loads((tmp_path / "truth" / (name.rsplit(".", 1)[0] + ".json")).read_text())
        assert record["file"] == name and set(record["expected"]) == {"matched_po", "exceptions"}
        if name.endswith((".png", ".jpg", ".tif")):
            with Image.open(tmp_path / "documents" / name) as image:
                assert image.size[0] == A4[0]


def test_load_demo_imports_the_world_and_processes_its_documents(app):
    from portal.demo import is_empty, load_demo
    from portal.extensions import db
    from portal.models import Document, PurchaseOrder, Status, Supplier

    assert is_empty()
    assert load_demo(limit=2) == 2
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Supplier)) == 4
    assert db.session.scalar(select(func.count()).select_from(PurchaseOrder)) == len(WORLDS["demo"].orders)
    statuses = db.session.scalars(select(Document.status)).all()
    assert sorted(statuses) == [Status.PROCESSED.value] * 2
    assert not is_empty()
