"""Importing a bank statement: each outgoing payment settles the invoices it pays.

A line is matched by reference first (invoice numbers in its description), then by payee
(the supplier whose account holder or name it names) and amount: the invoices of a payment
run paid in one transfer, or the one open invoice of that amount. A payment smaller than
what it names leaves the rest open (the invoice is partly paid, never marked paid); one
payment may settle several invoices; what no invoice takes is listed for a person. Each line
has a fingerprint (its date, amount, texts and place among identical lines of the file):
importing the same statement again changes nothing.

The open invoices the statement can name are read once, a few queries by index, and looked up
by number and supplier in memory; lines, settlements and their audit events are written in
one batch: the import stays fast at tens of thousands of open invoices.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select

from portal import audit
from portal.extensions import db
from portal.matching.rules.identifiers import normalise_document_number
from portal.matching.suppliers import normalise_name
from portal.models import Document, ScheduledPayment, Settlement, StatementLine, Supplier, User
from portal.payments.services import payable
from portal.payments.zengin import ZenginError, zengin_text

MAX_BYTES = 5 * 1024 * 1024
MAX_LINES = 20_000
# Column names as banks' CSVs (and ours) name them; the first one present is used.
COLUMNS = {
    "date": ("date", "booked_on", "日付", "取引日", "お取引日", "勘定日", "年月日"),
    "amount": ("amount", "withdrawal", "出金", "出金額", "出金金額", "お引出し", "お支払金額", "支払金額", "金額"),
    "reference": ("reference", "description", "摘要", "お取引内容", "取引内容", "内容", "備考", "メモ"),
    "counterparty": ("counterparty", "payee", "振込先", "受取人", "相手先", "取引先"),
}
_REFERENCE = re.compile(r"[0-9A-Za-z][0-9A-Za-z\-_/.#]*")


class StatementError(ValueError):
    """The file cannot be read as a statement; nothing was imported."""


@dataclass
class ParsedLine:
    number: int
    booked_on: date
    amount: Decimal
    reference: str
    counterparty: str
    fingerprint: str = ""


@dataclass
class ImportResult:
    lines: int = 0
    already: int = 0
    matched: int = 0
    settled: list[int] = field(default_factory=list)   # document ids
    unmatched: list[StatementLine] = field(default_factory=list)


def parse(data: bytes) -> list[ParsedLine]:
    """The outgoing payments of a statement CSV (UTF-8 or Shift_JIS, a header row)."""
    if len(data) > MAX_BYTES:
        raise StatementError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp932")
        except UnicodeDecodeError as exc:
            raise StatementError("the file is neither UTF-8 nor Shift_JIS text") from exc
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader, [])]
        where = {key: next((header.index(n) for n in names if n in header), None) for key, names in COLUMNS.items()}
        if where["date"] is None or where["amount"] is None:
            raise StatementError("the first row must name the columns: a date and an amount at least "
                                 "(date, amount, reference, counterparty)")
        lines = [line for number, row in enumerate(reader, start=2)
                 if (line := _line(number, row, where)) is not None]
    except csv.Error as exc:
        raise StatementError(f"the file is not CSV: {exc}") from exc
    _fingerprint(lines)
    return lines


def _line(number: int, row: list[str], where: dict) -> ParsedLine | None:
    if number > MAX_LINES + 1:
        raise StatementError(f"more than {MAX_LINES} lines: split the statement")
    if not any(cell.strip() for cell in row):
        return None
    def cell(key: str) -> str:
        index = where[key]
        return row[index].strip() if index is not None and index < len(row) else ""
    raw_amount = cell("amount").replace(",", "").replace("¥", "").replace("円", "")
    if not raw_amount:
        return None  # a deposit: nothing paid out
    try:
        amount = abs(Decimal(raw_amount))
        booked_on = _date(cell("date"))
    except (InvalidOperation, ValueError) as exc:
        raise StatementError(f"line {number}: {exc or 'not a date or an amount'}") from exc
    if amount == 0:
        return None
    return ParsedLine(number, booked_on, amount, cell("reference")[:200], cell("counterparty")[:200])


def _date(value: str) -> date:
    for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"{value!r} is not a date (YYYY-MM-DD or YYYY/MM/DD)")


def _fingerprint(lines: list[ParsedLine]) -> None:
    seen: dict[tuple, int] = defaultdict(int)
    for line in lines:
        key = (line.booked_on.isoformat(), str(line.amount), line.reference, line.counterparty)
        seen[key] += 1
        line.fingerprint = hashlib.sha256("|".join((*key, str(seen[key]))).encode()).hexdigest()


@dataclass
class OpenInvoice:
    id: int
    supplier_id: int | None
    number_key: str | None
    due_date: date | None
    open: Decimal
    scheduled: bool


class OpenInvoices:
    """The open approved invoices a statement's lines can name (by a number in a reference, or
    as the invoices of a payee), read once, found by number and by supplier."""

    def __init__(self, lines: list[ParsedLine]) -> None:
        self.payees = _payees()
        numbers = {key for line in lines for token in _REFERENCE.findall(line.reference)
                   if (key := normalise_document_number(token))}
        suppliers = {supplier_id for line in lines if (supplier_id := self.payee(line.counterparty))}
        self.by_number: dict[str, list[OpenInvoice]] = defaultdict(list)
        self.by_supplier: dict[int, list[OpenInvoice]] = defaultdict(list)
        for invoice in _open_invoices(sorted(numbers), sorted(suppliers)):
            if invoice.number_key:
                self.by_number[invoice.number_key].append(invoice)
            if invoice.supplier_id:
                self.by_supplier[invoice.supplier_id].append(invoice)

    def payee(self, counterparty: str) -> int | None:
        """The supplier a line's counterparty names: by account holder (as 全銀 text), or name."""
        return self.payees.get(_payee_key(counterparty)) or self.payees.get(normalise_name(counterparty))

    def named_in(self, reference: str) -> list[OpenInvoice]:
        found: dict[int, OpenInvoice] = {}
        for token in _REFERENCE.findall(reference):
            for invoice in self.by_number.get(normalise_document_number(token) or "", ()):
                if invoice.open > 0:
                    found[invoice.id] = invoice
        return sorted(found.values(), key=lambda i: (i.due_date or date.max, i.id))

    def of_payee(self, counterparty: str, amount: Decimal) -> list[OpenInvoice]:
        """The invoices of the supplier the line names: those scheduled together summing to
        the amount, else the one open invoice of exactly that amount."""
        supplier_id = self.payee(counterparty)
        if not supplier_id:
            return []
        open_ = [i for i in self.by_supplier.get(supplier_id, ()) if i.open > 0]
        scheduled = [i for i in open_ if i.scheduled]
        if scheduled and sum(i.open for i in scheduled) == amount:
            return scheduled
        exact = [i for i in open_ if i.open == amount]
        return exact if len(exact) == 1 else []


CHUNK = 500  # values in one IN (...)


def _open_invoices(numbers: list[str], suppliers: list[int]) -> list[OpenInvoice]:
    """The open approved invoices of these numbers or suppliers, what is open on each (total less
    settlements) and whether a run scheduled it: a few queries by index, none per line."""
    paid = (select(func.coalesce(func.sum(Settlement.amount), 0)).where(Settlement.document_id == Document.id)
            .correlate(Document).scalar_subquery())
    scheduled = select(ScheduledPayment.id).where(ScheduledPayment.document_id == Document.id).exists()
    columns = payable().with_only_columns(Document.id, Document.supplier_id, Document.document_number_key,
                                          Document.due_date, Document.total - paid, scheduled)
    found: dict[int, OpenInvoice] = {}
    conditions = ([Document.document_number_key.in_(numbers[i:i + CHUNK]) for i in range(0, len(numbers), CHUNK)]
                  + [Document.supplier_id.in_(suppliers[i:i + CHUNK]) for i in range(0, len(suppliers), CHUNK)])
    for condition in conditions:
        for doc_id, supplier_id, key, due, open_, is_scheduled in db.session.execute(columns.where(condition)):
            if open_ > 0:
                found[doc_id] = OpenInvoice(doc_id, supplier_id, key, due, open_, bool(is_scheduled))
    return list(found.values())


def _payee_key(value: str) -> str:
    try:
        return re.sub(r"[\s()]", "", zengin_text(value))
    except ZenginError:
        return ""


def _payees() -> dict[str, int]:
    """Supplier ids by account holder (as 全銀 text) and by name."""
    out: dict[str, int] = {}
    for supplier_id, name, holder in db.session.execute(select(Supplier.id, Supplier.name,
                                                               Supplier.account_holder_kana)):
        if holder:
            out.setdefault(_payee_key(holder), supplier_id)
        if name:
            out.setdefault(normalise_name(name), supplier_id)
    out.pop("", None)
    return out


def import_statement(data: bytes, user: User | None) -> ImportResult:
    """Import the statement's outgoing payments, settling what they pay; flushes.

    Everything is decided in memory from the invoices read once; the lines and settlements are
    then written in one flush and their audit events chained in one batch."""
    lines = parse(data)
    result = ImportResult(lines=len(lines))
    known = set()
    fingerprints = [line.fingerprint for line in lines]
    for start in range(0, len(fingerprints), CHUNK):
        known |= set(db.session.scalars(select(StatementLine.fingerprint).where(
            StatementLine.fingerprint.in_(fingerprints[start:start + CHUNK]))))
    new = [line for line in lines if line.fingerprint not in known]
    result.already = len(lines) - len(new)
    if not new:
        return result
    invoices = OpenInvoices(new)
    rows, paid = [], []
    for parsed in new:
        row = StatementLine(fingerprint=parsed.fingerprint, booked_on=parsed.booked_on, amount=parsed.amount,
                            reference=parsed.reference, counterparty=parsed.counterparty,
                            imported_by_id=user.id if user else None, unsettled=parsed.amount)
        rows.append(row)
        targets = invoices.named_in(parsed.reference) or invoices.of_payee(parsed.counterparty, parsed.amount)
        paid += _settle(row, targets, result)
        if row.unsettled > 0:
            result.unmatched.append(row)
        else:
            result.matched += 1
    db.session.add_all(rows)
    db.session.flush()
    summary = {"lines": result.lines, "new": len(new), "matched": result.matched, "unmatched": len(result.unmatched)}
    audit.record_many([audit.Entry("payment.settled", settlement, after={
        "amount": settlement.amount, "paid_on": settlement.paid_on, "open": open_after,
        "statement_line": settlement.line.id}, note=settlement.line.reference or None)
        for settlement, open_after in paid]
        + [audit.Entry("statement.imported", result.unmatched[0] if result.unmatched else rows[-1], after=summary)],
        user=user)
    return result


def _settle(row: StatementLine, targets: list[OpenInvoice], result: ImportResult) -> list[tuple[Settlement, Decimal]]:
    """Pay the targets in due-date order from the line's amount; the last may be paid in part.
    The settlements, each with what it leaves open, to be written with the line."""
    left, made = row.amount, []
    for invoice in targets:
        if left <= 0:
            break
        amount = min(left, invoice.open)
        made.append((Settlement(line=row, document_id=invoice.id, amount=amount, paid_on=row.booked_on),
                     invoice.open - amount))
        invoice.open -= amount
        left -= amount
        result.settled.append(invoice.id)
    row.unsettled = left
    row.matched = left < row.amount
    return made


def unmatched_lines(limit: int = 200) -> list[StatementLine]:
    """Statement lines with money no invoice took, newest first: for a person to place."""
    return list(db.session.scalars(select(StatementLine).where(StatementLine.unsettled > 0)
                                   .order_by(StatementLine.booked_on.desc(), StatementLine.id.desc()).limit(limit)))
