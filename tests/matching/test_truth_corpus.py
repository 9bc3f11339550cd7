"""The dev corpus's truth fields, matched in upload order, give exactly the expected matches."""
from __future__ import annotations

import csv
import hashlib
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from portal.matching import rules
from portal.matching.suppliers import SupplierDirectory
from tests.helpers import dev_corpus

CORPUS = dev_corpus()

pytestmark = pytest.mark.skipif(not (CORPUS / "manifest.txt").exists(),
                                reason=f"the dev corpus is not at {CORPUS}")


def _dec(value: str | None) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def _rows(name: str) -> list[dict[str, str]]:
    with open(CORPUS / "master" / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_master() -> tuple[dict[int, rules.SupplierRecord], list[rules.Order]]:
    """Suppliers and orders from the master CSVs, with receipts summed per line."""
    suppliers = {i: rules.SupplierRecord(i, r["supplier_code"], r["name"], r["registration_number"] or None,
                                   r["currency"])
                 for i, r in enumerate(_rows("suppliers.csv"), start=1)}
    by_code = {s.code: s.id for s in suppliers.values()}
    received: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for r in _rows("receipts.csv"):
        received[(r["po_number"], int(r["line_no"]))] += Decimal(r["quantity_received"])
    lines: dict[str, list[rules.OrderLine]] = defaultdict(list)
    heads: dict[str, dict[str, str]] = {}
    for line_id, r in enumerate(_rows("purchase_orders.csv"), start=1):
        heads.setdefault(r["po_number"], r)
        lines[r["po_number"]].append(rules.OrderLine(
            line_id, int(r["line_no"]), r["description"], Decimal(r["quantity"]), Decimal(r["unit_price"]),
            Decimal(r["tax_rate"]), received[(r["po_number"], int(r["line_no"]))], r["sku"] or None))
    orders = [rules.Order(order_id, number, by_code[heads[number]["supplier_code"]], tuple(lines[number]))
              for order_id, number in enumerate(heads, start=1)]
    return suppliers, orders


def load_documents() -> list[tuple[rules.Invoice, dict]]:
    """Each manifest entry's truth as an Invoice (id = upload order) with its truth dict.

    The supplier is resolved from the printed name and T-number; truth's supplier_code
    is only the expectation.
    """
    suppliers, _ = load_master()
    directory = SupplierDirectory(suppliers.values())
    documents = []
    for upload, name in enumerate((CORPUS / "manifest.txt").read_text().split(), start=1):
        truth = json.loads((CORPUS / "truth" / (Path(name).stem + ".json")).read_text(encoding="utf-8"))
        supplier = directory.resolve(truth["supplier_name"], truth["registration_number"])
        original = CORPUS / "documents" / name
        invoice = rules.Invoice(
            id=upload, doc_type=truth["doc_type"], supplier_id=supplier.id if supplier else None,
            supplier_name=truth["supplier_name"], registration_number=truth["registration_number"],
            document_number=truth["document_number"], po_number=truth["po_number"],
            currency=truth["currency"], subtotal=_dec(truth["subtotal"]), tax_total=_dec(truth["tax_total"]),
            total=_dec(truth["total"]),
            sha256=hashlib.sha256(original.read_bytes()).hexdigest() if original.exists() else None,
            lines=tuple(rules.InvoiceLine(ln["description"], _dec(ln["quantity"]), _dec(ln["unit_price"]),
                                          _dec(ln["amount"]), _dec(ln["tax_rate"]))
                        for ln in truth["lines"]),
            taxes=tuple(rules.TaxAmount(Decimal(t["rate"]), _dec(t["taxable"]), _dec(t["tax"]))
                        for t in truth["tax_breakdown"]),
        )
        documents.append((invoice, truth))
    return documents


def _results() -> list[tuple[str, dict, dict]]:
    suppliers, orders = load_master()
    book = rules.Book(suppliers, orders)
    numbers = {o.id: o.number for o in orders}
    got = []
    for invoice, truth in load_documents():
        outcome = book.add(invoice)
        got.append((truth["file"],
                    {"matched_po": numbers.get(outcome.order_id), "exceptions": outcome.exceptions},
                    truth["expected"]))
    return got


def test_every_supplier_resolves_to_the_expected_code() -> None:
    suppliers, _ = load_master()
    codes = {s.id: s.code for s in suppliers.values()}
    wrong = [(truth["file"], codes.get(invoice.supplier_id), truth["supplier_code"])
             for invoice, truth in load_documents()
             if codes.get(invoice.supplier_id) != truth["supplier_code"]]
    assert wrong == []


def test_every_document_gets_its_expected_order_and_exceptions() -> None:
    results = _results()
    wrong = [(name, got, expected) for name, got, expected in results if got != expected]
    assert len(results) == len((CORPUS / "manifest.txt").read_text().split())
    assert wrong == []
