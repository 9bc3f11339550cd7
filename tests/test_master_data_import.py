"""Master data from the browser: the same checks and the same 'file:line: reason' problems as
`portal import-master`, a preview of what will change, applied only when the admin says so."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, PurchaseOrder, PurchaseOrderLine, Supplier
from tests.test_cli import ORDERS, RECEIPTS, SUPPLIERS, count


def upload(client, auth, **files: str):
    token = auth.csrf_token("/admin/master-data")
    data = {"csrf_token": token} | {name.replace("_csv", ".csv"): (io.BytesIO(text.encode()), f"{name}.csv")
                                    for name, text in files.items()}
    return client.post("/admin/master-data/preview", data=data, content_type="multipart/form-data")


def apply(client, auth, html: str):
    import re

    fields = dict(re.findall(r'<input type="hidden" name="([a-z_]+\.csv)" value="([0-9a-f]{64})">', html))
    return client.post("/admin/master-data/apply", data={"csrf_token": auth.csrf_token("/")} | fields)


@pytest.fixture
def admin(signed_in):
    return signed_in("admin")


def test_a_preview_says_what_will_be_added_and_changes_nothing(app, admin, client, auth):
    response = upload(client, auth, suppliers_csv=SUPPLIERS, purchase_orders_csv=ORDERS, receipts_csv=RECEIPTS)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 new" in html and "SUP-1" in html and "PO-2" in html
    assert count(Supplier) == count(PurchaseOrder) == 0


def test_applying_the_preview_imports_and_audits_the_files(app, admin, client, auth):
    html = upload(client, auth, suppliers_csv=SUPPLIERS, purchase_orders_csv=ORDERS,
                  receipts_csv=RECEIPTS).get_data(as_text=True)
    response = apply(client, auth, html)
    assert response.status_code == 303
    assert (count(Supplier), count(PurchaseOrder), count(PurchaseOrderLine)) == (2, 2, 3)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "master_imported"))
    assert event.user_id == admin.id
    assert set(event.after["files"]) == {"suppliers.csv", "purchase_orders.csv", "receipts.csv"}


def test_a_second_preview_shows_each_change_with_before_and_after(app, admin, client, auth):
    apply(client, auth, upload(client, auth, suppliers_csv=SUPPLIERS, purchase_orders_csv=ORDERS,
                               receipts_csv=RECEIPTS).get_data(as_text=True))
    html = upload(client, auth, suppliers_csv=SUPPLIERS.replace("Tokyo", "Yokohama"),
                  purchase_orders_csv=ORDERS.replace("Pens,5,100", "Pens,7,100")).get_data(as_text=True)
    assert "<del>Tokyo</del> → <ins>Yokohama</ins>" in html
    assert "<del>5</del> → <ins>7</ins>" in html
    assert "1 changed" in html and "1 as they are" in html
    assert db.session.scalar(select(Supplier.address).where(Supplier.code == "SUP-1")) == "Tokyo"


@pytest.mark.parametrize(("file", "content", "where", "reason"), [
    ("purchase_orders_csv", ORDERS.replace("Pens,5,100", "Pens,five,100"), "purchase_orders.csv:3",
     "quantity &#39;five&#39; is not a non-negative number"),
    ("suppliers_csv", "code,name\nX,Y\n", "suppliers.csv:1", "missing column(s)"),
    ("receipts_csv", RECEIPTS.replace("PO-2,1,2", "PO-3,1,2"), "receipts.csv:3", "PO-3 line 1 is not an order line"),
    ("suppliers_csv", "supplier_code,name\n" + "x" * 70_000 + ",Y\n", "suppliers.csv:2", "longer than 64 KB"),
])
def test_a_malformed_file_is_reported_as_the_command_line_reports_it(app, admin, client, auth, runner, tmp_path,
                                                                     file, content, where, reason):
    files = {"suppliers_csv": SUPPLIERS, "purchase_orders_csv": ORDERS, "receipts_csv": RECEIPTS} | {file: content}
    response = upload(client, auth, **files)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert where in html and reason in html
    assert "Nothing was imported" in html
    for name, text in files.items():  # the command line says the same of the same files
        (tmp_path / name.replace("_csv", ".csv")).write_text(text)
    assert where in runner.invoke(args=["import-master", str(tmp_path)]).output
    assert count(Supplier) == 0


def test_the_orders_file_is_required(app, admin, client, auth):
    response = upload(client, auth, suppliers_csv=SUPPLIERS)
    assert response.status_code == 422
    assert "purchase_orders.csv: choose the file" in response.get_data(as_text=True)


def test_the_problems_are_in_japanese_for_a_japanese_admin(app, admin, client, auth):
    client.post("/language", data={"locale": "ja", "csrf_token": auth.csrf_token("/"), "next": "/"})
    html = upload(client, auth, suppliers_csv=SUPPLIERS,
                  purchase_orders_csv=ORDERS.replace("Pens,5,100", "Pens,five,100")).get_data(as_text=True)
    assert "purchase_orders.csv:3: quantity &#39;five&#39; は0以上の数ではありません" in html


def test_applying_digests_that_are_not_ours_is_refused(app, admin, client, auth):
    response = client.post("/admin/master-data/apply", data={"csrf_token": auth.csrf_token("/"),
                                                             "suppliers.csv": "../../etc/passwd"})
    assert response.status_code == 400
