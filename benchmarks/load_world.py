"""A portal with many documents, inserted in bulk through the models, for the load benchmark.

`seed(count, password)` fills an empty, migrated database (inside an app context) with what
`count` documents leave behind once read and worked on, without reading any: suppliers and
their orders (dated through the year) with goods received, each document with three lines, a
tax line, a page of text with its words, a match against its order, approval chains and the
audit trail. Of every twenty documents thirteen are approved, two wait for approval (weeks'
worth in an office that receives 10,000 a year), two are to review, one was sent back, one
rejected and one is a duplicate; one in five has a price exception, overridden by the clerk
before submission. Totals above ¥100,000 need a second step, named for the head of
purchasing. The users: a clerk who uploaded everything, the approver the benchmark signs in
as, a second approver and the head, all with the same password.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, text

from portal.extensions import db
from portal.models import (
    ApprovalRule,
    ApprovalStep,
    AuditEvent,
    Document,
    DocumentLine,
    DocumentPage,
    ExceptionOverride,
    GoodsReceipt,
    MatchException,
    MatchResult,
    PurchaseOrder,
    PurchaseOrderLine,
    Supplier,
    TaxLine,
)

SUPPLIERS = 40
DOCUMENTS_PER_ORDER = 4
SECOND_STEP_ABOVE = Decimal(100_000)
# Of every twenty documents, what became of it (by the document's number modulo 20).
FATES = ["approved"] * 13 + ["submitted"] * 2 + ["to_review"] * 2 + ["sent_back", "rejected", "duplicate"]
GOODS = ["Bolts M8", "Hex nuts M8", "Washers", "Cable ties", "Safety gloves", "Printer paper A4",
         "Toner cartridge", "Monitor arm", "Label tape", "Packing tape"]
BATCH = 2_000


@dataclass
class People:
    clerk: Any
    approver: Any
    second: Any
    head: Any


def seed(count: int, password: str) -> dict:
    """Fill the database; returns the emails to sign in with, how many steps wait for the
    approver, and a sample of document ids spread over the list."""
    from portal.accounts.services import create_user

    rng = random.Random(11)
    people = People(*(create_user(f"{name}@load.example", title, role, password) for name, title, role in (
        ("clerk", "Clerk", "clerk"), ("approver", "Approver", "approver"), ("second", "Second Approver", "approver"),
        ("head", "Head of Purchasing", "approver"))))
    db.session.flush()
    db.session.execute(insert(ApprovalRule), [
        {"id": 1, "position": 1, "above_amount": Decimal(0), "currency": "JPY"},
        {"id": 2, "position": 2, "above_amount": SECOND_STEP_ABOVE, "currency": "JPY", "approver_id": people.head.id}])
    _master_data(count)
    waiting = 0
    for start in range(1, count + 1, BATCH):
        rows = _Rows()
        for number in range(start, min(start + BATCH, count + 1)):
            waiting += _document(rows, number, count, people, rng)
        rows.insert()
    _advance_sequences()
    db.session.commit()
    sample = sorted(rng.sample(range(1, count + 1), min(500, count)))
    return {"clerk": people.clerk.email, "approver": people.approver.email, "waiting": waiting, "sample": sample}


def _advance_sequences() -> None:
    """On PostgreSQL, the next ids after those given here (SQLite takes the largest by itself)."""
    if db.engine.dialect.name != "postgresql":
        return
    for model in (ApprovalRule, Supplier, PurchaseOrder, PurchaseOrderLine, Document, MatchResult):
        table = model.__tablename__
        db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                f"(SELECT max(id) FROM {table}))"))


def _master_data(count: int) -> None:
    """Suppliers, and one order of three lines, fully received, for every four documents."""
    db.session.execute(insert(Supplier), [
        {"id": s, "code": f"SUP-{s:03d}", "name": f"Supplier {s:03d} K.K.", "currency": "JPY"}
        for s in range(1, SUPPLIERS + 1)])
    orders = -(-count // DOCUMENTS_PER_ORDER)
    db.session.execute(insert(PurchaseOrder), [
        {"id": o, "number": f"PO-{o:06d}", "supplier_id": _supplier_of_order(o), "currency": "JPY",
         "order_date": _ordered(o, orders)} for o in range(1, orders + 1)])
    lines = [{"id": (o - 1) * 3 + n, "order_id": o, "line_no": n, "description": GOODS[(o + n) % len(GOODS)],
              "quantity": Decimal(10 * n), "unit_price": _unit_price(o, n), "tax_rate": Decimal(10)}
             for o in range(1, orders + 1) for n in (1, 2, 3)]
    for start in range(0, len(lines), BATCH):
        db.session.execute(insert(PurchaseOrderLine), lines[start:start + BATCH])
        db.session.execute(insert(GoodsReceipt), [
            {"order_line_id": line["id"], "quantity_received": line["quantity"], "source": "erp"}
            for line in lines[start:start + BATCH]])


def _ordered(order: int, orders: int) -> date:
    """Orders spread over the year before their invoices, a week or two before the first of them."""
    return date(2025, 12, 20) + timedelta(days=(order - 1) * 365 // orders)


def _supplier_of_order(order: int) -> int:
    return order % SUPPLIERS + 1


def _unit_price(order: int, line_no: int) -> Decimal:
    return Decimal(100 * ((order * 7 + line_no * 13) % 400 + 5))


class _Rows:
    """The rows of a batch of documents, table by table, inserted together."""

    TABLES = (Document, DocumentLine, TaxLine, DocumentPage, MatchResult, MatchException, ExceptionOverride,
              ApprovalStep, AuditEvent)

    def __init__(self) -> None:
        self.rows: dict[type, list[dict]] = {model: [] for model in self.TABLES}

    def add(self, model: type, **values: Any) -> None:
        self.rows[model].append(values)

    def insert(self) -> None:
        for model in self.TABLES:
            if self.rows[model]:
                db.session.execute(insert(model), self.rows[model])


def _document(rows: _Rows, number: int, count: int, people: People, rng: random.Random) -> int:
    """One document and all it left behind; returns 1 if it waits for the approver's decision."""
    fate = FATES[number % len(FATES)]
    order = (number - 1) // DOCUMENTS_PER_ORDER + 1
    uploaded = datetime(2026, 1, 1) + timedelta(minutes=int(number * 525_600 / count))
    price_raised = number % 5 == 3 and fate != "duplicate"
    lines = [(n, GOODS[(order + n) % len(GOODS)], Decimal(10 * n), _unit_price(order, n) + (50 if price_raised else 0))
             for n in (1, 2, 3)]
    subtotal = sum(quantity * price for _, _, quantity, price in lines)
    tax = subtotal / 10
    supplier = _supplier_of_order(order)
    issued = uploaded.date() - timedelta(days=number % 5)
    rows.add(Document, id=number, file_name=f"invoice-{number:06d}.pdf", sha256=f"{number:064x}",
             mime_type="application/pdf", size=48_000 + number % 9_000, page_count=1, status="processed",
             uploaded_by_id=people.clerk.id, uploaded_at=uploaded, processed_at=uploaded + timedelta(seconds=9),
             queued_at=uploaded, read_attempts=1, review_status="to_review" if fate == "sent_back" else fate,
             review_note=_note(fate), doc_type="invoice", supplier_id=supplier,
             supplier_name=f"Supplier {supplier:03d} K.K.", document_number=f"INV-{number:06d}",
             document_number_key=f"INV{number:06d}", issue_date=issued, due_date=issued + timedelta(days=30),
             po_number=f"PO-{order:06d}", currency="JPY", subtotal=subtotal, tax_total=tax, total=subtotal + tax,
             extracted={"document_number": f"INV-{number:06d}", "total": str(subtotal + tax)},
             fields_meta={"total": {"confidence": 0.93, "page": 1, "box": [900, 1500, 180, 40]}})
    for position, description, quantity, price in lines:
        rows.add(DocumentLine, document_id=number, position=position, description=description, quantity=quantity,
                 unit_price=price, amount=quantity * price, tax_rate=Decimal(10))
    rows.add(TaxLine, document_id=number, rate=Decimal(10), taxable=subtotal, tax=tax)
    rows.add(DocumentPage, document_id=number, number=1, width=1240, height=1754, source="text-layer",
             language="eng", text=_page_text(number, supplier, order, lines, subtotal, tax),
             words=_words(number, rng))
    _match(rows, number, order, fate, price_raised, people)
    return _chain(rows, number, fate, subtotal + tax, price_raised, uploaded, people)


def _note(fate: str) -> str | None:
    return {"sent_back": "Please attach the delivery note.", "rejected": "Not ordered by us.",
            "duplicate": "Already uploaded."}.get(fate)


def _page_text(number: int, supplier: int, order: int, lines: list, subtotal: Decimal, tax: Decimal) -> str:
    head = [f"Supplier {supplier:03d} K.K.", "INVOICE", f"Invoice No.: INV-{number:06d}",
            f"Order No.: PO-{order:06d}", "Bill to: Example Manufacturing Co., Ltd."]
    body = [f"{description}  {quantity}  {price:,}  {quantity * price:,}" for _, description, quantity, price in lines]
    return "\n".join([*head, *body, f"Subtotal {subtotal:,}", f"Tax (10%) {tax:,}", f"Total {subtotal + tax:,}"])


def _words(number: int, rng: random.Random) -> list[dict]:
    """Eighty words with boxes and confidences, as a page reader leaves them."""
    return [{"text": f"w{number % 97}-{i}", "left": 80 + (i % 8) * 130, "top": 80 + (i // 8) * 60, "width": 110,
             "height": 28, "confidence": round(rng.uniform(70, 99), 1), "line": i // 8} for i in range(80)]


def _match(rows: _Rows, number: int, order: int, fate: str, price_raised: bool, people: People) -> None:
    rows.add(MatchResult, id=number, document_id=number, order_id=order,
             duplicate_of_id=number - 1 if fate == "duplicate" and number > 1 else None)
    code = "duplicate" if fate == "duplicate" else ("price_variance" if price_raised else None)
    if code:
        rows.add(MatchException, match_id=number, code=code, detail=f"{code} on INV-{number:06d}",
                 order_line_id=(order - 1) * 3 + 1 if code == "price_variance" else None)
    if price_raised and fate in ("approved", "submitted", "rejected"):
        rows.add(ExceptionOverride, document_id=number, code=code, reason="Price agreed by phone.",
                 user_id=people.clerk.id)


def _chain(rows: _Rows, number: int, fate: str, total: Decimal, overridden: bool, uploaded: datetime,
           people: People) -> int:
    """The audit trail and, once submitted, the approval steps; 1 if a step waits for the approver."""
    at = iter(uploaded + timedelta(minutes=m) for m in range(0, 10_000, 7))
    for action, user in (("uploaded", people.clerk), ("processing", None), ("processed", None),
                         ("match.changed", None)):
        _event(rows, number, action, user, next(at))
    if fate in ("to_review", "duplicate"):
        return 0
    if overridden:
        _event(rows, number, "overridden", people.clerk, next(at), after={"exception": "price_variance"})
    two = total > SECOND_STEP_ABOVE
    _event(rows, number, "submitted", people.clerk, next(at), after={"review_status": "submitted",
                                                                     "steps": 2 if two else 1})
    # Who decided the first step: the approver for some documents, the second approver for others.
    first_by = people.approver if number % 3 == 0 else people.second
    statuses = {"approved": ("approved", "approved"), "rejected": ("rejected", "cancelled"),
                "sent_back": ("returned", "cancelled"),
                "submitted": ("approved", "pending") if two and number % 2 else ("pending", "waiting")}[fate]
    for position, status in enumerate(statuses[:2 if two else 1], start=1):
        decided = status in ("approved", "rejected", "returned")
        by = (first_by if position == 1 else people.head) if decided else None
        rows.add(ApprovalStep, document_id=number, round=1, position=position, rule_id=position,
                 above_amount=Decimal(0) if position == 1 else SECOND_STEP_ABOVE,
                 approver_id=people.head.id if position == 2 else None, status=status,
                 decided_by_id=by.id if by else None, decided_at=next(at) if by else None,
                 comment=_note(fate) if status in ("rejected", "returned") else None)
        if by:
            action = {"approved": "approved", "rejected": "rejected", "returned": "returned"}[status]
            _event(rows, number, action, by, next(at), after={"step": position, "steps": 2 if two else 1})
    if fate != "submitted":
        return 0
    pending_first = statuses[0] == "pending"
    return int(pending_first)  # step 2 waits for the head, not for the approver


def _event(rows: _Rows, number: int, action: str, user, at: datetime, after: dict | None = None) -> None:
    rows.add(AuditEvent, at=at, user_id=user.id if user else None, actor=user.name if user else "system",
             action=action, object_type="Document", object_id=number, document_id=number, after=after)
