"""The command line, exactly as the data contract names it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from portal.cli import portal_group
from portal.extensions import db
from portal.models import GoodsReceipt, PurchaseOrder, PurchaseOrderLine, Supplier
from tests.helpers import invoice_png, minimal_pdf

SUPPLIERS = """supplier_code,name,registration_number,currency,address
SUP-1,Example Trading Co.,T2200297727693,JPY,Tokyo
SUP-2,株式会社サンプル,,JPY,大阪
"""
ORDERS = """po_number,supplier_code,order_date,currency,line_no,sku,description,quantity,unit_price,tax_rate
PO-1,SUP-1,2026-10-01,JPY,1,A-1,Copy paper,10,500,10
PO-1,SUP-1,2026-10-01,JPY,2,A-2,Pens,5,100,10
PO-2,SUP-2,2026-10-02,JPY,1,B-1,お茶,3,1450,8
"""
RECEIPTS = """po_number,line_no,quantity_received,received_date
PO-1,1,10,2026-10-05
PO-2,1,2,2026-10-06
"""


@pytest.fixture
def master(tmp_path) -> Path:
    folder = tmp_path / "master"
    folder.mkdir()
    (folder / "suppliers.csv").write_text(SUPPLIERS)
    (folder / "purchase_orders.csv").write_text(ORDERS)
    (folder / "receipts.csv").write_text(RECEIPTS)
    return folder


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_init_db_creates_the_schema(runner):
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "database ready" in result.output


def test_import_master_imports_suppliers_orders_and_receipts(runner, master):
    result = runner.invoke(args=["import-master", str(master)])
    assert result.exit_code == 0, result.output
    assert (count(Supplier), count(PurchaseOrder), count(PurchaseOrderLine), count(GoodsReceipt)) == (2, 2, 3, 2)
    line = db.session.scalar(select(PurchaseOrderLine).join(PurchaseOrder).where(PurchaseOrder.number == "PO-2"))
    assert line.quantity_received == 2
    assert str(line.unit_price) == "1450"


def test_import_master_twice_updates_and_never_duplicates(runner, master):
    runner.invoke(args=["import-master", str(master)])
    (master / "purchase_orders.csv").write_text(ORDERS.replace("Pens,5,100", "Pens,7,100"))
    result = runner.invoke(args=["import-master", str(master)])
    assert result.exit_code == 0, result.output
    assert (count(Supplier), count(PurchaseOrder), count(PurchaseOrderLine), count(GoodsReceipt)) == (2, 2, 3, 2)
    pens = db.session.scalar(select(PurchaseOrderLine).where(PurchaseOrderLine.sku == "A-2"))
    assert pens.quantity == 7


@pytest.mark.parametrize(("file", "content", "where", "reason"), [
    ("purchase_orders.csv", ORDERS.replace("Pens,5,100", "Pens,five,100"), "purchase_orders.csv:3",
     "quantity 'five' is not a non-negative number"),
    ("purchase_orders.csv", ORDERS.replace("PO-2,SUP-2", "PO-2,SUP-9"), "purchase_orders.csv:4",
     "supplier_code SUP-9 is not in suppliers.csv"),
    ("suppliers.csv", SUPPLIERS.replace("T2200297727693", "T2200297727694"), "suppliers.csv:2",
     "not T and 13 digits with a valid check digit"),
    ("receipts.csv", RECEIPTS.replace("PO-2,1,2", "PO-3,1,2"), "receipts.csv:3", "PO-3 line 1 is not an order line"),
    ("receipts.csv", RECEIPTS.replace("2026-10-06", "06/10/2026"), "receipts.csv:3", "is not a date"),
    ("suppliers.csv", "code,name\nX,Y\n", "suppliers.csv:1", "missing column(s)"),
])
def test_import_master_rejects_a_malformed_csv_and_imports_nothing(runner, master, file, content, where, reason):
    (master / file).write_text(content)
    result = runner.invoke(args=["import-master", str(master)])
    assert result.exit_code != 0
    assert where in result.output
    assert reason in result.output
    assert "nothing was imported" in result.output
    assert count(Supplier) == count(PurchaseOrder) == count(GoodsReceipt) == 0


def test_ingest_wait_then_export_gives_the_contract_json(runner, tmp_path):
    (tmp_path / "b.pdf").write_bytes(minimal_pdf("Invoice No. INV-55"))
    (tmp_path / "a.png").write_bytes(invoice_png())
    result = runner.invoke(args=["ingest", "--wait", str(tmp_path / "b.pdf"), str(tmp_path / "a.png")])
    assert result.exit_code == 0, result.output
    exported = json.loads(runner.invoke(args=["export", "--format", "json"]).output)
    assert [d["file"] for d in exported] == ["b.pdf", "a.png"]  # upload order
    keys = {"id", "file", "sha256", "pages", "status", "doc_type", "supplier_code", "registration_number",
            "document_number", "issue_date", "due_date", "po_number", "currency", "subtotal", "tax_total",
            "total", "tax_breakdown", "lines", "match", "fields_meta"}
    for document in exported:
        assert keys <= document.keys()
        assert document["status"] == "processed"
        assert set(document["match"]) >= {"po_number", "exceptions"}
    assert exported[1]["document_number"] == "INV-4711"
    assert exported[1]["issue_date"] == "2026-10-03"
    assert exported[1]["total"] == "1100"


def test_ingest_refuses_a_bad_file_with_its_reason_and_keeps_the_good(runner, tmp_path):
    (tmp_path / "good.pdf").write_bytes(minimal_pdf())
    (tmp_path / "bad.pdf").write_bytes(b"not a pdf")
    result = runner.invoke(args=["ingest", str(tmp_path / "good.pdf"), str(tmp_path / "bad.pdf")])
    assert result.exit_code == 1
    assert "bad.pdf: refused" in result.output
    exported = json.loads(runner.invoke(args=["export", "--format", "json"]).output)
    assert [d["file"] for d in exported] == ["good.pdf"]


def test_extract_prints_fields_and_writes_nothing(tmp_path, monkeypatch):
    scan = tmp_path / "in" / "scan.png"
    scan.parent.mkdir()
    scan.write_bytes(invoice_png())
    instance = tmp_path / "instance"
    monkeypatch.setenv("PORTAL_INSTANCE", str(instance))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(portal_group(), ["extract", str(scan)])
    assert result.exit_code == 0, result.output
    fields = json.loads(result.output)
    assert fields["document_number"] == "INV-4711"
    assert "fields_meta" in fields
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]  # no instance folder, no secret key


def test_create_user_makes_an_account_that_can_sign_in(runner, auth):
    result = runner.invoke(args=["create-user", "--email", "a@example.com", "--role", "approver",
                                 "--password", "long-enough-pw"])
    assert result.exit_code == 0, result.output
    assert auth.login("a@example.com", "long-enough-pw").status_code == 303


def test_create_user_refuses_a_short_password(runner):
    result = runner.invoke(args=["create-user", "--email", "a@example.com", "--password", "short"])
    assert result.exit_code != 0
    assert "at least 10 characters" in result.output


def test_ensure_admin_prints_a_generated_password_once(runner, monkeypatch):
    monkeypatch.delenv("PORTAL_ADMIN_PASSWORD", raising=False)
    first = runner.invoke(args=["ensure-admin"])
    assert "password (shown once)" in first.output
    second = runner.invoke(args=["ensure-admin"])
    assert second.output == ""




# --- portal correct ------------------------------------------------------------------------------


@pytest.fixture
def misread(app, make_user):
    """An Acme invoice whose total was misread (21,000 for 22,000): a total mismatch until corrected."""
    from tests.learning.test_learning import acme_invoice, arrive
    from tests.workflow import import_world, invoice_fields

    import_world()
    document = arrive(acme_invoice("¥22,000"), invoice_fields(total="21000"),
                      {"total": {"confidence": 0.5, "page": 1, "box": [1, 1, 2, 2]}})
    assert document.match.exception_codes == ["total_mismatch"]
    return document


def events(document, action="corrected"):
    from portal.models import AuditEvent

    return db.session.scalars(select(AuditEvent).where(AuditEvent.document_id == document.id,
                                                       AuditEvent.action == action)
                              .order_by(AuditEvent.id)).all()  # in the order they happened


def test_correct_corrects_as_the_review_screen_does(runner, misread, make_user):
    from portal.models import SupplierMemory

    admin = make_user("admin")
    result = runner.invoke(args=["correct", str(misread.id), "total=22000", "po_number=PO-1"])
    assert result.exit_code == 0, result.output
    db.session.refresh(misread)
    assert misread.total == 22000
    assert misread.match.exception_codes == []  # matched again
    [event] = events(misread)
    assert event.user_id == admin.id and event.before == {"total": "21000"} and event.after == {"total": "22000"}
    [remembered] = db.session.scalars(select(SupplierMemory).where(SupplierMemory.field == "total")).all()
    assert (remembered.supplier.code, remembered.document_id) == ("SUP-001", misread.id)


def test_correct_acts_as_the_named_user_or_as_the_portal(runner, misread, make_user):
    clerk = make_user("clerk")
    assert runner.invoke(args=["correct", str(misread.id), "due_date=2026-11-30"]).exit_code == 0
    assert events(misread)[-1].actor == "system"
    result = runner.invoke(args=["correct", "--user", clerk.email, str(misread.id), "total=22000"])
    assert result.exit_code == 0, result.output
    assert events(misread)[-1].user_id == clerk.id
    assert runner.invoke(args=["correct", "--user", "nobody@example.com", str(misread.id), "total=1"]).exit_code != 0


def test_correct_sets_the_supplier_from_the_master_and_clears_with_an_empty_value(runner, misread):
    result = runner.invoke(args=["correct", str(misread.id), "supplier_code=SUP-002", "po_number="])
    assert result.exit_code == 0, result.output
    db.session.refresh(misread)
    assert (misread.supplier_code, misread.supplier_name, misread.po_number) == ("SUP-002", "Beta Supplies K.K.", None)
    exported = json.loads(runner.invoke(args=["export", "--format", "json"]).output)
    assert exported[0]["supplier_code"] == "SUP-002"


@pytest.mark.parametrize(("arguments", "message"), [
    (["999", "total=1"], "no document 999"),
    (["{id}", "colour=red"], "expected FIELD=VALUE"),
    (["{id}", "total"], "expected FIELD=VALUE"),
    (["{id}", "document_number=INV-9", "total=lots"], "total: “lots” is not a number"),
    (["{id}", "issue_date=2026-02-30"], "issue_date:"),
    (["{id}", "supplier_code=SUP-404"], "No supplier has the code “SUP-404”"),
    (["{id}", "doc_type=receipt"], "Choose invoice or quote"),
])
def test_correct_refuses_what_it_cannot_apply_and_changes_nothing(runner, misread, arguments, message):
    before = (misread.document_number, misread.total, misread.supplier_id)
    result = runner.invoke(args=["correct", *(a.format(id=misread.id) for a in arguments)])
    assert result.exit_code != 0
    assert message in result.output
    db.session.refresh(misread)
    assert (misread.document_number, misread.total, misread.supplier_id) == before
    assert events(misread) == []


def test_correct_refuses_a_document_no_longer_in_review(runner, misread, make_user):
    from portal.models import ReviewStatus
    from portal.review.services import close

    close(misread, ReviewStatus.REJECTED, "not ours", make_user("clerk"))
    db.session.commit()
    result = runner.invoke(args=["correct", str(misread.id), "total=22000"])
    assert result.exit_code != 0 and "Only a document in review can be changed" in result.output


# --- discount lines ------------------------------------------------------------------------------

DISCOUNTED = ORDERS + "PO-1,SUP-1,2026-10-01,JPY,3,DC-1,出精値引き,1,-300,10\n"


def test_import_master_accepts_a_discount_line_at_a_negative_price(runner, master):
    (master / "purchase_orders.csv").write_text(DISCOUNTED)
    result = runner.invoke(args=["import-master", str(master)])
    assert result.exit_code == 0, result.output
    discount = db.session.scalar(select(PurchaseOrderLine).where(PurchaseOrderLine.sku == "DC-1"))
    assert (discount.quantity, discount.unit_price, discount.amount) == (1, -300, -300)
    assert discount.order.line_total == 5000 + 500 - 300


def test_import_master_still_refuses_a_negative_quantity(runner, master):
    (master / "purchase_orders.csv").write_text(DISCOUNTED.replace("出精値引き,1,-300", "出精値引き,-1,300"))
    result = runner.invoke(args=["import-master", str(master)])
    assert result.exit_code != 0
    assert "purchase_orders.csv:5: quantity '-1' is not a non-negative number" in result.output
    assert count(PurchaseOrder) == 0
