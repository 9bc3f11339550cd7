"""Search: each criterion alone and combined, Japanese full text of two and three characters,
suppliers by either language and alias, earlier versions, the CLI, the page and the CSV."""
from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest

from portal.extensions import db
from portal.review.services import correct_field
from portal.search import fulltext, services
from portal.search.services import Criteria, search_query
from tests.desk import fields, import_suppliers, read_document


@pytest.fixture
def world(app):
    import_suppliers()
    docs = {
        "acme_small": read_document(fields(total="11000", issue_date="2026-09-15", document_number="INV-100"),
                                    text="請求書 ボルト 10本 お支払期限 2026年10月31日"),
        "acme_big": read_document(fields(total="550000", subtotal="500000", tax_total="50000",
                                         issue_date="2026-10-20", document_number="INV-200"),
                                  text="Invoice for machining services, 経費精算 not included"),
        "midori": read_document(fields(supplier_name="株式会社ミドリ事務機", registration_number=None,
                                       total="33000", issue_date="2026-10-05", document_number="M-2026-77"),
                                text="御請求書 コピー用紙 トナー 事務用品一式", review_status="approved"),
        "fujimi": read_document(fields(supplier_name="FUJIMI ELECTRONICS CO., LTD.", registration_number=None,
                                       total="99000", issue_date="2026-11-02", document_number="F-9"),
                                text="Quotation: relays and 経費 items"),
    }
    return docs


def found(**criteria) -> list[int]:
    return [d.id for d in db.session.scalars(search_query(Criteria(**criteria)))]


def ids(world, *names) -> set[int]:
    return {world[n].id for n in names}


@pytest.mark.parametrize(("criteria", "expected"), [
    ({"issued_from": date(2026, 10, 1)}, ("acme_big", "midori", "fujimi")),
    ({"issued_to": date(2026, 10, 5)}, ("acme_small", "midori")),
    ({"min_total": Decimal(33000)}, ("acme_big", "midori", "fujimi")),
    ({"max_total": Decimal(33000)}, ("acme_small", "midori")),
    ({"supplier": "acme"}, ("acme_small", "acme_big")),
    ({"supplier": "ミドリ事務機"}, ("midori",)),
    ({"supplier": "Fujimi Electronics"}, ("fujimi",)),  # another legal form and case
    ({"supplier": "SUP-002"}, ("midori",)),
    ({"number": "inv 200"}, ("acme_big",)),
    ({"number": "M-2026"}, ("midori",)),
    ({"status": "approved"}, ("midori",)),
    ({"text": "machining"}, ("acme_big",)),
], ids=lambda v: str(v) if not isinstance(v, tuple) else "")
def test_each_criterion_alone(world, criteria, expected):
    assert set(found(**criteria)) == ids(world, *expected)


def test_criteria_combine(world):
    assert set(found(supplier="Acme", min_total=Decimal(100000), max_total=Decimal(600000),
                     issued_from=date(2026, 10, 1), issued_to=date(2026, 10, 31))) == ids(world, "acme_big")
    assert found(supplier="Acme", text="請求", status="approved") == []
    assert set(found(text="経費", min_total=Decimal(90000), max_total=Decimal(100000))) == ids(world, "fujimi")


@pytest.mark.parametrize(("words", "expected"), [
    ("請求", ("acme_small", "midori")),        # two characters: inside 請求書 and 御請求書
    ("経費", ("acme_big", "fujimi")),           # two characters, standing alone or in 経費精算
    ("請求書", ("acme_small", "midori")),       # three characters
    ("事務用品", ("midori",)),
    ("トナー", ("midori",)),
    ("請求 ボルト", ("acme_small",)),           # every word must be there
    ("求", ("acme_small", "midori")),           # one character: read from the text itself
    ("ｺﾋﾟｰ", ("midori",)),                     # half-width kana find the full-width text
    ("ＩＮＶＯＩＣＥ", ("acme_big",)),           # full-width letters, any case
    ("精算書", ()),
])
@pytest.mark.parametrize("common", [10 ** 9, 1], ids=["rare: driven from the index", "common: read in order"])
def test_japanese_full_text(world, words, expected, common, monkeypatch):
    monkeypatch.setattr(fulltext, "COMMON", common)  # both query shapes find the same documents
    assert set(found(text=words)) == ids(world, *expected)


def test_a_word_is_not_found_across_two_words_of_the_text(app):
    import_suppliers()
    document = read_document(fields(), text="経費 費用")
    assert found(text="経費") == found(text="費用") == [document.id]
    assert found(text="経費用") == []  # 経費 then 費用: the bigrams are there, the word is not


@pytest.mark.parametrize("text", ["費", "経費", ""])
def test_pages_read_from_the_counted_ids_and_past_them_agree_with_the_whole_list(app, text, monkeypatch):
    import_suppliers()
    for day in range(1, 8):
        read_document(fields(issue_date=f"2026-10-{day:02}"), text="経費精算")
    monkeypatch.setattr(services, "COUNT_CAP", 4)
    criteria = Criteria(text=text, supplier="acme")
    whole = [d.id for d in db.session.scalars(search_query(criteria))]
    pages = [services.search_page(criteria, number, size=2) for number in (1, 2, 3, 9)]
    assert [p.total for p in pages] == [5, 5, 5, 5]  # counted up to the cap and one more
    assert [[d.id for d in p.items] for p in pages] == [whole[0:2], whole[2:4], whole[4:6], whole[4:6]]


def test_a_supplier_alias_finds_its_documents(world, make_user):
    from sqlalchemy import select

    from portal.models import Supplier
    from portal.review.services import choose_supplier

    clerk = make_user("clerk")
    document = read_document(fields(supplier_name="ACME PTS", registration_number=None, total="777"))
    acme = db.session.scalar(select(Supplier).where(Supplier.code == "SUP-001"))
    choose_supplier(document, acme, clerk)  # "ACME PTS" becomes an alias of Acme
    db.session.commit()
    other = read_document(fields(supplier_name="Acme Pts.", registration_number=None, total="778"))
    assert other.id in found(supplier="ACME PTS")


def test_a_corrected_value_is_still_found_in_the_history(world, make_user):
    clerk = make_user("clerk")
    document = world["acme_small"]
    correct_field(document, "document_number", "INV-101", clerk)
    correct_field(document, "total", "12000", clerk)
    db.session.commit()
    assert found(number="INV-100") == []
    assert found(number="INV-100", history=True) == [document.id]
    assert found(max_total=Decimal(11000), min_total=Decimal(11000), history=True) == [document.id]
    assert found(text="INV-100") == [document.id]  # the old number stays in the searchable text


def test_deleted_documents_are_found_only_by_that_status(world):
    from portal.records.retention import delete

    delete(world["fujimi"], "sent twice", None)
    db.session.commit()
    assert world["fujimi"].id not in found(text="経費")
    assert found(status="deleted") == [world["fujimi"].id]


def test_the_cli_prints_documents_in_the_exports_shape(world, runner):
    from portal.documents.export import document_as_json

    result = runner.invoke(args=["search", "--from", "2026-10-01", "--to", "2026-10-31", "--min", "10000",
                                 "--max", "600000", "--supplier", "acme", "--text", "経費", "--format", "json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed == [document_as_json(world["acme_big"])]


def test_the_cli_refuses_a_malformed_amount(world, runner):
    result = runner.invoke(args=["search", "--min", "lots"])
    assert result.exit_code != 0 and "is not an amount" in result.output


def test_the_page_filters_as_one_types(world, client, signed_in):
    signed_in("accountant")
    page = client.get("/search?supplier=acme&min_total=100000")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "INV-200" in html and "INV-100" not in html
    fragment = client.get("/search?text=請求", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and "INV-100" in body and "M-2026-77" in body
    assert "HX-Request" in fragment.headers.get("Vary", "")


def test_an_invalid_amount_is_shown_not_used(world, client, signed_in):
    signed_in("accountant")
    html = client.get("/search?min_total=abc&supplier=acme").get_data(as_text=True)
    assert "field-error" in html and "INV-100" in html


def test_the_csv_for_the_tax_office_has_the_three_keys_and_the_original(world, client, signed_in):
    signed_in("accountant")
    response = client.get("/search/export.csv?supplier=acme")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Transaction date", "Amount", "Currency", "Counterparty"]
    assert {(r[0], r[1], r[3]) for r in body} == {("2026-10-20", "550000", "Acme Parts Co."),
                                                  ("2026-09-15", "11000", "Acme Parts Co.")}
    link = body[0][header.index("Original")]
    original = client.get(link.replace("http://localhost", ""))
    from portal import storage
    document = world["acme_big"]
    assert original.get_data() == storage.read(document.sha256)


@pytest.mark.parametrize(("value", "written"), [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+81 3", "'+81 3"), ("-cmd", "'-cmd"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tTAB", "'\tTAB"), ("-1200", "-1200"), ("12.5", "12.5"), ("Acme", "Acme"),
])
def test_every_csv_cell_that_could_run_as_a_formula_is_escaped(value, written):
    from portal.csvfile import safe_cell, write_csv

    assert safe_cell(value) == written
    assert list(csv.reader(io.StringIO(write_csv([[value]]).decode()))) == [[written]]


def test_a_supplier_named_like_a_formula_is_escaped_in_the_tax_office_csv(world, client, signed_in):
    read_document(fields(supplier_name="=cmd|' /C calc'!A0", registration_number=None, total="5"))
    signed_in("accountant")
    text = client.get("/search/export.csv?max_total=5").get_data().decode("utf-8-sig")
    assert "'=cmd" in text
