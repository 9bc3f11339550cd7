"""Paying approved invoices: bank columns of the master, payment runs, statements marking the
right invoices paid (partly, several at once, never twice), the unmatched listed, overdue, totals."""
from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.masterdata.importer import MasterDataError, import_master
from portal.models import Settlement, StatementLine, Supplier
from portal.payments.services import invoice_payment, invoices, schedule_run, totals_by_supplier_and_month
from portal.payments.statements import StatementError, import_statement
from tests.desk import fields, import_suppliers, read_document

NEXT_WEEK = date.today() + timedelta(days=7)


@pytest.fixture
def owed(app):
    import_suppliers()
    return {
        "a1": read_document(fields(document_number="A-1", total="11000", due_date="2026-10-31"),
                            review_status="approved"),
        "a2": read_document(fields(document_number="A-2", total="22000", due_date="2026-11-30"),
                            review_status="approved"),
        "m1": read_document(fields(supplier_name="株式会社ミドリ事務機", registration_number=None,
                                   document_number="M-1", total="33000", due_date="2026-11-15"),
                            review_status="approved"),
        "review": read_document(fields(document_number="R-1", total="5000")),
    }


def statement(*rows: str) -> bytes:
    return ("date,amount,reference,counterparty\n" + "\n".join(rows) + "\n").encode()


def status(document) -> tuple[str, Decimal]:
    db.session.expire_all()
    state = invoice_payment(document)
    return state.status, state.open


def test_the_master_takes_bank_columns_and_converts_the_holder_to_half_width_kana(owed):
    midori = db.session.scalar(select(Supplier).where(Supplier.code == "SUP-002"))
    assert (midori.bank_code, midori.branch_code, midori.account_type, midori.account_number) == \
        ("0005", "123", "2", "7654321")
    assert midori.account_holder_kana == "ﾐﾄﾞﾘｼﾞﾑｷ(ｶ"


def test_the_contracts_five_columns_still_import_and_keep_the_bank_account(owed):
    import_master({"suppliers.csv": "supplier_code,name,registration_number,currency,address\n"
                                    "SUP-002,株式会社ミドリ事務機,,JPY,Kyoto\n",
                   "purchase_orders.csv": "po_number,supplier_code,order_date,currency,line_no,sku,description,"
                                          "quantity,unit_price,tax_rate\n",
                   "receipts.csv": "po_number,line_no,quantity_received,received_date\n"})
    midori = db.session.scalar(select(Supplier).where(Supplier.code == "SUP-002"))
    assert midori.address == "Kyoto" and midori.account_number == "7654321"


@pytest.mark.parametrize(("column", "value", "problem"), [
    ("bank_code", "12", "bank_code '12' is not 4 digits"),
    ("account_type", "3", "account_type '3' is not one of 1, 2, 4, 9"),
    ("account_number", "12345678", "account_number '12345678' is not 1 to 7 digits"),
    ("account_holder_kana", "山田商店", "cannot be written in a 全銀 file"),
])
def test_a_malformed_bank_column_is_refused_with_its_line(app, column, value, problem):
    columns = ["bank_code", "branch_code", "account_type", "account_number", "account_holder_kana"]
    values = dict(zip(columns, ["0001", "001", "1", "1234567", "ｱ"], strict=True)) | {column: value}
    text = ("supplier_code,name,registration_number,currency,address," + ",".join(columns) + "\n"
            "SUP-9,Nine,,JPY,," + ",".join(values[c] for c in columns) + "\n")
    with pytest.raises(MasterDataError) as raised:
        import_master({"suppliers.csv": text, "purchase_orders.csv": "po_number,supplier_code,order_date,currency,"
                       "line_no,sku,description,quantity,unit_price,tax_rate\n",
                       "receipts.csv": "po_number,line_no,quantity_received,received_date\n"})
    assert any(p.startswith("suppliers.csv:2:") and problem in p for p in raised.value.problems)


def test_approved_invoices_are_listed_by_due_date_with_their_status(owed):
    rows = invoices("open")
    assert [r.document.document_number for r in rows] == ["A-1", "M-1", "A-2"]
    assert {r.status for r in rows} == {"unpaid"}


def test_a_run_pays_each_supplier_once_and_marks_the_invoices_scheduled(owed):
    run = schedule_run([owed["a1"].id, owed["a2"].id, owed["m1"].id], NEXT_WEEK, None)
    db.session.commit()
    assert run.transfers == 2 and run.total == Decimal(66000)
    data = run.file.split(b"\r\n")
    amounts = sorted(int(r[80:90]) for r in data if r[:1] == b"2")
    assert amounts == [33000, 33000]  # Acme's two invoices in one transfer; Midori's one
    assert status(owed["a1"]) == ("scheduled", Decimal(11000))
    with pytest.raises(ValueError, match="scheduled already"):
        schedule_run([owed["a1"].id], NEXT_WEEK, None)


@pytest.mark.parametrize(("key", "reason"), [("review", "not an approved invoice")])
def test_only_approved_invoices_can_be_scheduled(owed, key, reason):
    with pytest.raises(ValueError, match=reason):
        schedule_run([owed[key].id], NEXT_WEEK, None)


def test_a_supplier_without_a_bank_account_cannot_be_paid(owed):
    fujimi = read_document(fields(supplier_name="Fujimi Electronics K.K.", registration_number=None, total="10"),
                           review_status="approved")
    with pytest.raises(ValueError, match="no bank account"):
        schedule_run([fujimi.id], NEXT_WEEK, None)


def test_a_statement_marks_the_invoice_it_names_paid(owed):
    result = import_statement(statement("2026-10-30,11000,FURIKOMI A-1,ｱｸﾒ ﾊﾟｰﾂ"), None)
    db.session.commit()
    assert result.matched == 1 and not result.unmatched
    assert status(owed["a1"]) == ("paid", Decimal(0))
    assert status(owed["a2"]) == ("unpaid", Decimal(22000))


def test_a_partial_payment_leaves_the_rest_open(owed):
    import_statement(statement("2026-11-01,20000,A-2 part"), None)
    db.session.commit()
    assert status(owed["a2"]) == ("partly_paid", Decimal(2000))
    import_statement(statement("2026-11-20,2000,A-2 rest"), None)
    db.session.commit()
    assert status(owed["a2"]) == ("paid", Decimal(0))


def test_one_payment_may_settle_several_invoices(owed):
    import_statement(statement("2026-11-01,33000,A-1 A-2"), None)
    db.session.commit()
    assert status(owed["a1"]) == ("paid", Decimal(0)) and status(owed["a2"]) == ("paid", Decimal(0))


def test_a_runs_transfer_is_recognised_by_payee_and_amount(owed):
    schedule_run([owed["a1"].id, owed["a2"].id], NEXT_WEEK, None)
    result = import_statement(statement(f"{NEXT_WEEK.isoformat()},33000,ｿｳｺﾞｳﾌﾘｺﾐ,ｱｸﾒ ﾊﾟｰﾂ(ｶ"), None)
    db.session.commit()
    assert result.matched == 1
    assert status(owed["a1"])[0] == "paid" and status(owed["a2"])[0] == "paid"


def test_reimporting_the_same_statement_changes_nothing(owed):
    data = statement("2026-11-01,5000,A-2", "2026-11-01,5000,A-2", "2026-11-02,999,unknown")
    first = import_statement(data, None)
    db.session.commit()
    again = import_statement(data, None)
    db.session.commit()
    assert (first.lines, first.already, again.already) == (3, 0, 3)
    assert status(owed["a2"]) == ("partly_paid", Decimal(12000))  # the two identical lines both count, once
    assert db.session.scalar(select(func.count()).select_from(StatementLine)) == 3
    assert db.session.scalar(select(func.count()).select_from(Settlement)) == 2


def test_what_cannot_be_matched_is_listed_and_pays_nothing(owed):
    result = import_statement(statement("2026-11-02,12345,Office rent", "2026-11-03,11000,,Someone else",
                                        "2026-11-04,50000,A-1"), None)
    db.session.commit()
    assert [(line.reference, line.unsettled) for line in result.unmatched] == [
        ("Office rent", Decimal(12345)), ("", Decimal(11000)), ("A-1", Decimal(39000))]
    assert status(owed["a1"]) == ("paid", Decimal(0))  # the overpayment's rest stays for a person


def test_each_settlement_is_audited_in_the_chain_and_the_chain_holds(owed):
    from portal.models import AuditEvent
    from portal.records.integrity import verify

    import_statement(statement("2026-11-01,33000,A-1 A-2", "2026-11-02,1000,M-1", "2026-11-03,5,rent"), None)
    db.session.commit()
    settled = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "payment.settled")
                                 .order_by(AuditEvent.id)).all()
    assert [(e.document_id, e.after["amount"], e.after["open"]) for e in settled] == [
        (owed["a1"].id, "11000", "0"), (owed["a2"].id, "22000", "0"), (owed["m1"].id, "1000", "32000")]
    assert verify().ok


def test_a_statement_paying_several_invoices_in_full_tells_each_webhook_paid(owed, make_user):
    from portal.webhooks.services import create_webhook
    from tests.integrations.test_webhooks import Receiver

    receiver = Receiver()
    try:
        create_webhook(receiver.url, ["paid"], make_user("admin"))
        db.session.commit()
        import_statement(statement("2026-11-01,33000,A-1 A-2", "2026-11-02,1000,M-1"), None)
        db.session.commit()
        paid = sorted(json.loads(body)["document"]["id"] for _headers, body in receiver.received)
    finally:
        receiver.close()
    assert paid == sorted([owed["a1"].id, owed["a2"].id])  # M-1 is only partly paid


def test_a_shift_jis_statement_with_the_banks_japanese_columns(owed):
    data = "日付,摘要,出金,入金,振込先\n2026/11/01,振込 M-1,33000,,ﾐﾄﾞﾘｼﾞﾑｷ\n2026/11/02,利息,,12,\n".encode("cp932")
    result = import_statement(data, None)
    db.session.commit()
    assert result.lines == 1 and result.matched == 1
    assert status(owed["m1"])[0] == "paid"


@pytest.mark.parametrize(("data", "reason"), [
    (b"foo,bar\n1,2\n", "must name the columns"),
    (b"date,amount\n2026-13-01,5\n", "line 2"),
    (b"date,amount\n" + b"2026-01-01,1\n" * 20_001, "more than 20000 lines"),
])
def test_a_malformed_statement_is_refused_whole(owed, data, reason):
    with pytest.raises(StatementError, match=reason):
        import_statement(data, None)


def test_overdue_invoices(owed):
    assert {r.document.document_number for r in invoices(overdue=True)} == \
        ({"A-1", "M-1", "A-2"} if date.today() > date(2026, 11, 30) else
         {n for n, due in (("A-1", date(2026, 10, 31)), ("M-1", date(2026, 11, 15)), ("A-2", date(2026, 11, 30)))
          if due < date.today()})


def test_totals_per_supplier_and_month(owed):
    import_statement(statement("2026-11-01,5000,A-2"), None)
    db.session.commit()
    totals = {(t.supplier, t.month): (t.invoiced, t.paid, t.open) for t in totals_by_supplier_and_month()}
    assert totals[("Acme Parts Co.", "2026-10")] == (Decimal(33000), Decimal(5000), Decimal(28000))
    assert totals[("株式会社ミドリ事務機", "2026-10")] == (Decimal(33000), Decimal(0), Decimal(33000))


def test_the_desk_schedules_and_imports_through_the_browser_forms(owed, client, signed_in, auth):
    signed_in("accountant")
    token = auth.csrf_token("/payments/")
    response = client.post("/payments/runs", data={"csrf_token": token, "document": [owed["m1"].id],
                                                   "transfer_date": NEXT_WEEK.isoformat()})
    assert response.status_code == 303
    run_page = client.get(response.headers["Location"])
    assert "M-1" in run_page.get_data(as_text=True)
    file = client.get(response.headers["Location"] + "/file")
    assert len(file.get_data().split(b"\r\n")[0]) == 120
    import io
    response = client.post("/payments/statements", data={"csrf_token": token, "statement": (
        io.BytesIO(statement(f"{NEXT_WEEK},33000,,ﾐﾄﾞﾘｼﾞﾑｷ(ｶ")), "statement.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 303
    assert status(owed["m1"])[0] == "paid"
    assert "Paid" in client.get("/payments/?status=paid").get_data(as_text=True)
