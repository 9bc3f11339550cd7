"""Journal entries for 弥生, freee and マネーフォワード: columns, encodings and sums; one entry per
invoice and tax rate (a mixed 8%/10% invoice); the transitional deduction for an unregistered
supplier from the table an admin amends."""
from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from portal.books.journal import journal_file, products
from portal.books.services import set_deduction
from portal.extensions import db
from tests.desk import fields, import_suppliers, read_document

MIXED = fields(document_number="MIX-1", issue_date="2026-10-01", subtotal="30000", tax_total="2800", total="32800",
               tax_breakdown=[{"rate": "8", "taxable": "10000", "tax": "800"},
                              {"rate": "10", "taxable": "20000", "tax": "2000"}],
               lines=[{"description": "Rice", "quantity": "1", "unit_price": "10000", "amount": "10000",
                       "tax_rate": "8"},
                      {"description": "Bags", "quantity": "1", "unit_price": "20000", "amount": "20000",
                       "tax_rate": "10"}])


def unregistered(number: str, issued: str):
    return fields(supplier_name="株式会社ミドリ事務機", registration_number=None, document_number=number,
                  issue_date=issued, total="11000")


@pytest.fixture
def books(app):
    from portal.books.services import restore_default_schedule

    import_suppliers()
    restore_default_schedule()
    return {
        "mixed": read_document(MIXED, review_status="approved"),
        "u2026": read_document(unregistered("U-1", "2026-09-30"), review_status="approved"),
        "u2027": read_document(unregistered("U-2", "2027-01-15"), review_status="approved"),
        "u2032": read_document(unregistered("U-3", "2032-01-15"), review_status="approved"),
        "review": read_document(fields(document_number="NOT-YET")),
    }


def rows(fmt: str, **period) -> list[list[str]]:
    data = journal_file(fmt, **period)
    text = data.decode(products()[fmt]["encoding"])
    out = list(csv.reader(io.StringIO(text)))
    return out


@pytest.mark.parametrize("fmt", ["yayoi", "freee", "moneyforward"])
def test_columns_and_encoding_as_the_product_imports_them(books, fmt):
    product = products()[fmt]
    data = journal_file(fmt)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # Shift_JIS, as each product's import expects
    out = rows(fmt)
    if product["header"]:
        assert out[0] == product["columns"]
        out = out[1:]
    assert all(len(r) == len(product["columns"]) for r in out)
    assert len(product["columns"]) == {"yayoi": 25, "freee": 17, "moneyforward": 27}[fmt]
    assert len(out) == 5  # the mixed invoice twice, three unregistered once; nothing not approved


def _by_number(fmt: str) -> dict[str, list[dict[str, str]]]:
    product = products()[fmt]
    out = rows(fmt)
    body = out[1:] if product["header"] else out
    named = [dict(zip(product["columns"], r, strict=True)) for r in body]
    key = {"yayoi": "番号", "freee": "管理番号", "moneyforward": "摘要"}[fmt]
    grouped: dict[str, list[dict[str, str]]] = {}
    for row in named:
        number = row[key] if fmt != "moneyforward" else next(w for w in row[key].split() if w[:2] in ("MI", "U-"))
        grouped.setdefault(number, []).append(row)
    return grouped


@pytest.mark.parametrize(("fmt", "amount", "tax", "category"), [
    ("yayoi", "借方金額", "借方税金額", "借方税区分"),
    ("freee", "金額", "税額", "税区分"),
    ("moneyforward", "借方金額(円)", "借方税額", "借方税区分"),
])
def test_a_mixed_rate_invoice_gives_one_entry_per_rate_and_they_add_up(books, fmt, amount, tax, category):
    entries = _by_number(fmt)["MIX-1"]
    assert sorted(Decimal(e[amount]) for e in entries) == [Decimal(10800), Decimal(22000)]
    assert sum(Decimal(e[amount]) for e in entries) == Decimal(32800)
    assert sum(Decimal(e[tax]) for e in entries) == Decimal(2800)
    names = {e[category] for e in entries}
    expected = {"yayoi": {"課対仕入10%", "課対仕入8%(軽)"}, "freee": {"課対仕入10%", "課対仕入8%（軽）"},
                "moneyforward": {"課税仕入 10%", "課税仕入 (軽)8%"}}[fmt]
    assert names == expected


def test_the_registration_number_is_in_the_description(books):
    entry = _by_number("yayoi")["MIX-1"][0]
    assert "T9234567890123" in entry["摘要"] and "Acme Parts Co." in entry["摘要"]


@pytest.mark.parametrize(("number", "yayoi", "freee", "mf_invoice"), [
    ("U-1", "課対仕入10%区分80%", "課対仕入（控80）10%", "80%控除"),   # the last day of 80%
    ("U-2", "課対仕入10%区分70%", "課対仕入（控70）10%", "70%控除"),
    ("U-3", "対象外", "対象外", ""),                                  # after 2031-09-30: none
])
def test_an_unregistered_supplier_gets_the_deduction_in_force_on_the_invoice_date(books, number, yayoi, freee,
                                                                                  mf_invoice):
    assert _by_number("yayoi")[number][0]["借方税区分"] == yayoi
    assert _by_number("freee")[number][0]["税区分"] == freee
    assert _by_number("moneyforward")[number][0]["借方インボイス"] == mf_invoice


def test_a_registered_supplier_is_qualified_for_moneyforward(books):
    assert {e["借方インボイス"] for e in _by_number("moneyforward")["MIX-1"]} == {"適格"}


def test_an_admin_amending_the_table_changes_the_entries(books):
    set_deduction(date(2033, 9, 30), Decimal(10), None)
    db.session.commit()
    assert _by_number("yayoi")["U-3"][0]["借方税区分"] == "課対仕入10%区分10%"


def test_the_period_selects_by_issue_date(books):
    numbers = {r[17] for r in rows("yayoi", issued_from=date(2026, 10, 1), issued_to=date(2026, 12, 31))}
    assert numbers == {"MIX-1"}


def test_the_cli_writes_shift_jis_to_standard_output(books, runner):
    result = runner.invoke(args=["journal", "--format", "yayoi", "--from", "2026-10-01", "--to", "2026-10-31"])
    assert result.exit_code == 0, result.output
    assert "課対仕入8%(軽)".encode("cp932") in result.stdout_bytes


def test_the_desk_downloads_the_journal(books, client, signed_in):
    signed_in("accountant")
    response = client.get("/books/journal?format=freee&issued_from=2026-10-01&issued_to=2026-10-31")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert response.get_data().decode("cp932").splitlines()[0].startswith("収支区分,管理番号,発生日")
