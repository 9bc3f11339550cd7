"""Importing the ERP's CSV exports. All three files are checked before anything is written:
a malformed file is reported with its name, line and reason, and nothing is imported.

Cells are kept as the text they are: a cell that starts with `=` (a spreadsheet formula)
is a name like any other here, never evaluated, and shown as text.

An optional `department` column names the department that placed an order (purchase_orders.csv)
or a supplier's usual department (suppliers.csv): its approval rules apply to their invoices. A
department the portal does not know yet is added; a file without the column leaves them as they are.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO

from flask_babel import gettext as _
from sqlalchemy import select

from ocr.registration import is_valid, normalise
from portal import audit
from portal.extensions import db
from portal.models import Department, GoodsReceipt, PurchaseOrder, PurchaseOrderLine, Supplier
from portal.numbers import NotANumber, parse_number

SUPPLIERS = "suppliers.csv"
ORDERS = "purchase_orders.csv"
RECEIPTS = "receipts.csv"
COLUMNS = {
    SUPPLIERS: ["supplier_code", "name", "registration_number", "currency", "address"],
    ORDERS: ["po_number", "supplier_code", "order_date", "currency", "line_no", "sku", "description",
             "quantity", "unit_price", "tax_rate"],
    RECEIPTS: ["po_number", "line_no", "quantity_received", "received_date"],
}
# The longest line a file may have: an address or an order line's description is a few
# hundred bytes. A longer line is refused before it is held in memory.
MAX_LINE_BYTES = 64 * 1024


class MasterDataError(ValueError):
    """One or more problems in the files; nothing was imported."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ImportSummary:
    suppliers: int
    orders: int
    order_lines: int
    receipts: int


class _Rows:
    """Reads one CSV, collecting problems as 'file:line: reason'."""

    def __init__(self, name: str, text: str, problems: list[str]):
        self.name, self.problems = name, problems
        self.reader = csv.DictReader(io.StringIO(text))
        self.rows: list[tuple[int, dict[str, str]]] = []
        try:
            missing = [c for c in COLUMNS[name] if c not in (self.reader.fieldnames or [])]
            if missing:
                self.problem(1, _("missing column(s): %(columns)s", columns=", ".join(missing)))
            else:
                for i, row in enumerate(self.reader, start=2):
                    self.rows.append((i, {k: (v or "").strip() for k, v in row.items() if k}))
        except csv.Error as exc:  # a cell over the csv module's size limit, a NUL byte
            self.problem(self.reader.line_num, _("not a valid CSV line (%(reason)s)", reason=str(exc)))

    def problem(self, line: int, reason: str) -> None:
        self.problems.append(f"{self.name}:{line}: {reason}")

    def required(self, line: int, row: dict, column: str) -> str:
        if not row.get(column):
            self.problem(line, _("%(column)s is empty", column=column))
        return row.get(column, "")

    def decimal(self, line: int, row: dict, column: str, *, signed: bool = False) -> Decimal:
        """A number; negative only where `signed` (a discount line's unit price)."""
        try:
            value = parse_number(row.get(column, ""))
            if value is None or not value.is_finite() or (value < 0 and not signed):
                raise NotANumber(row.get(column, ""))
            return value
        except (NotANumber, InvalidOperation):
            value = repr(row.get(column))
            self.problem(line, _("%(column)s %(value)s is not a number", column=column, value=value) if signed
                         else _("%(column)s %(value)s is not a non-negative number", column=column, value=value))
            return Decimal(0)

    def integer(self, line: int, row: dict, column: str) -> int:
        try:
            return int(row.get(column, ""))
        except ValueError:
            self.problem(line, _("%(column)s %(value)s is not a whole number", column=column,
                                 value=repr(row.get(column))))
            return 0

    def date(self, line: int, row: dict, column: str) -> date | None:
        if not row.get(column):
            return None
        try:
            return date.fromisoformat(row[column])
        except ValueError:
            self.problem(line, _("%(column)s %(value)s is not a date (YYYY-MM-DD)", column=column,
                                 value=repr(row[column])))
            return None


def read_folder(folder: Path) -> dict[str, str]:
    """The three files' text; a missing or undecodable file is a problem too."""
    texts, problems = {}, []
    for name in COLUMNS:
        path = folder / name
        if name == RECEIPTS and not path.exists():
            texts[name] = ",".join(COLUMNS[RECEIPTS]) + "\n"  # no receipts yet is normal
            continue
        try:
            texts[name] = read_text(path)
        except LineTooLong as exc:
            problems.append(f"{name}:{exc.line}: " + _("the line is longer than %(kb)s KB",
                                                          kb=MAX_LINE_BYTES // 1024))
        except FileNotFoundError:
            problems.append(f"{name}: " + _("file not found in %(folder)s", folder=str(folder)))
        except UnicodeDecodeError as exc:
            problems.append(_not_utf8(name, exc))
    if problems:
        raise MasterDataError(problems)
    return texts


class LineTooLong(ValueError):
    """A line longer than `MAX_LINE_BYTES`, by its number."""

    def __init__(self, line: int):
        super().__init__(f"line {line} is longer than {MAX_LINE_BYTES} bytes")
        self.line = line


def read_text(path: Path) -> str:
    """A file's UTF-8 text, read a line at a time, each line no longer than `MAX_LINE_BYTES`:
    a 50 MB line is refused after reading 64 KB of it."""
    with path.open("rb") as file:
        return _read_lines(file)


def _read_lines(file: BinaryIO) -> str:
    lines = []
    while line := file.readline(MAX_LINE_BYTES + 1):
        if len(line) > MAX_LINE_BYTES:
            raise LineTooLong(len(lines) + 1)
        lines.append(line)
    return b"".join(lines).decode("utf-8-sig")


def _not_utf8(name: str, exc: UnicodeDecodeError) -> str:
    return f"{name}: " + _("not UTF-8 text (%(reason)s at byte %(byte)s)", reason=exc.reason, byte=exc.start)


def read_uploads(files: dict[str, BinaryIO | None]) -> dict[str, str]:
    """The three files' text from uploads (a file or None by name), as `read_folder` reads a
    folder: the same limits, the same problems; no receipts file is no receipts."""
    texts, problems = {}, []
    for name in COLUMNS:
        file = files.get(name)
        if file is None:
            if name == RECEIPTS:
                texts[name] = ",".join(COLUMNS[RECEIPTS]) + "\n"
            else:
                problems.append(f"{name}: " + _("choose the file"))
            continue
        try:
            texts[name] = _read_lines(file)
        except LineTooLong as exc:
            problems.append(f"{name}:{exc.line}: " + _("the line is longer than %(kb)s KB",
                                                          kb=MAX_LINE_BYTES // 1024))
        except UnicodeDecodeError as exc:
            problems.append(_not_utf8(name, exc))
    if problems:
        raise MasterDataError(problems)
    return texts


@dataclass
class Checked:
    """The three files' rows, checked, by supplier code, order number and (order, line)."""

    suppliers: dict[str, dict]
    orders: dict[str, dict]
    receipts: dict[tuple[str, int], list[dict]]


def check(texts: dict[str, str]) -> Checked:
    """Every row of the three files checked against each other and the portal's master data;
    MasterDataError with every problem as 'file:line: reason'. Writes nothing."""
    problems: list[str] = []
    suppliers = _check_suppliers(_Rows(SUPPLIERS, texts[SUPPLIERS], problems))
    known_suppliers = set(suppliers) | set(db.session.scalars(select(Supplier.code)))
    orders = _check_orders(_Rows(ORDERS, texts[ORDERS], problems), known_suppliers)
    known_lines = {(po, n) for po, o in orders.items() for n in o["lines"]}
    known_lines |= {(po, n) for po, n in db.session.execute(
        select(PurchaseOrder.number, PurchaseOrderLine.line_no).join(PurchaseOrderLine.order))}
    receipts = _check_receipts(_Rows(RECEIPTS, texts[RECEIPTS], problems), known_lines)
    if problems:
        raise MasterDataError(problems)
    return Checked(suppliers, orders, receipts)


def import_master(texts: dict[str, str], files: dict[str, str] | None = None) -> ImportSummary:
    """Check all three files, then add or update suppliers, orders and receipts; flushes. `files`:
    the stored files' SHA-256 by name, for the audit trail (an import from the browser)."""
    checked = check(texts)
    return _write(checked.suppliers, checked.orders, checked.receipts, files)


def _check_suppliers(rows: _Rows) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for line, row in rows.rows:
        code = rows.required(line, row, "supplier_code")
        name = rows.required(line, row, "name")
        number = row.get("registration_number") or None
        if number and not is_valid(number):
            rows.problem(line, _("registration_number %(value)s is not T and 13 digits with a valid check digit",
                                 value=repr(number)))
        if code in out:
            rows.problem(line, _("supplier_code %(code)s appears twice", code=code))
        out[code] = {"name": name, "registration_number": normalise(number) if number else None,
                     "currency": (row.get("currency") or "JPY").upper()[:3], "address": row.get("address") or None}
        if "department" in row:
            out[code]["department"] = row["department"][:200] or None
        out[code].update(_bank_account(rows, line, row))
    return out


# Optional columns of suppliers.csv: where the supplier is paid (全銀: 4-digit bank code,
# 3-digit branch code, account type 1 普通 2 当座 4 貯蓄 9 その他, up to 7 digits, holder in kana).
BANK_COLUMNS = ("bank_code", "branch_code", "account_type", "account_number", "account_holder_kana")
_BANK_DIGITS = {"bank_code": (4, 4), "branch_code": (3, 3), "account_type": (1, 1), "account_number": (1, 7)}


def _bank_account(rows: _Rows, line: int, row: dict) -> dict[str, str | None]:
    """The bank columns present in the file, checked; a file without them changes none."""
    from portal.payments.zengin import ACCOUNT_TYPES, ZenginError, zengin_text

    out: dict[str, str | None] = {}
    for column in BANK_COLUMNS:
        if column not in row:
            continue
        value = (row[column] or "").strip() or None
        if value and column in _BANK_DIGITS:
            shortest, longest = _BANK_DIGITS[column]
            if not (value.isascii() and value.isdigit() and shortest <= len(value) <= longest):
                rows.problem(line, f"{column} {value!r} is not {longest} digits" if shortest == longest
                             else f"{column} {value!r} is not 1 to {longest} digits")
            elif column == "account_number":
                value = value.rjust(longest, "0")
            if column == "account_type" and value not in ACCOUNT_TYPES:
                rows.problem(line, f"account_type {value!r} is not one of {', '.join(ACCOUNT_TYPES)}")
        if value and column == "account_holder_kana":
            try:
                value = zengin_text(value, 30, column)
            except ZenginError as exc:
                rows.problem(line, str(exc))
        out[column] = value
    return out


def _check_orders(rows: _Rows, suppliers: set[str]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for line, row in rows.rows:
        po = rows.required(line, row, "po_number")
        supplier = rows.required(line, row, "supplier_code")
        if supplier and supplier not in suppliers:
            rows.problem(line, _("supplier_code %(code)s is not in %(file)s", code=supplier, file=SUPPLIERS))
        order = out.setdefault(po, {"supplier_code": supplier, "order_date": rows.date(line, row, "order_date"),
                                    "currency": (row.get("currency") or "JPY").upper()[:3], "lines": {}})
        if order["supplier_code"] != supplier:
            rows.problem(line, _("%(po)s names two suppliers", po=po))
        if "department" in row:
            department = row["department"][:200] or None
            if order.setdefault("department", department) != department:
                rows.problem(line, _("%(po)s names two departments", po=po))
        number = rows.integer(line, row, "line_no")
        if number in order["lines"]:
            rows.problem(line, _("%(po)s line %(line)s appears twice", po=po, line=number))
        order["lines"][number] = {
            "sku": row.get("sku") or None,
            "description": rows.required(line, row, "description"),
            "quantity": rows.decimal(line, row, "quantity"),
            # A discount (値引, 出精値引) is a line of its own with a negative price, never a negative quantity.
            "unit_price": rows.decimal(line, row, "unit_price", signed=True),
            "tax_rate": rows.decimal(line, row, "tax_rate"),
        }
    return out


def _check_receipts(rows: _Rows, lines: set[tuple[str, int]]) -> dict[tuple[str, int], list[dict]]:
    out: dict[tuple[str, int], list[dict]] = {}
    for line, row in rows.rows:
        key = (rows.required(line, row, "po_number"), rows.integer(line, row, "line_no"))
        if key not in lines:
            rows.problem(line, _("%(po)s line %(line)s is not an order line", po=key[0], line=key[1]))
        out.setdefault(key, []).append({"quantity_received": rows.decimal(line, row, "quantity_received"),
                                        "received_date": rows.date(line, row, "received_date")})
    return out


def _department(name: str | None, known: dict[str, Department]) -> Department | None:
    """The department of this name, added if the portal does not know it yet."""
    if name is None:
        return None
    if name not in known:
        known[name] = Department(name=name)
        db.session.add(known[name])
    return known[name]


def _write(suppliers: dict, orders: dict, receipts: dict, files: dict[str, str] | None = None) -> ImportSummary:
    departments = {d.name: d for d in db.session.scalars(select(Department))}
    by_code = {s.code: s for s in db.session.scalars(select(Supplier))}
    for code, values in suppliers.items():
        supplier = by_code.get(code) or Supplier(code=code)
        for key, value in values.items():
            if key == "department":
                supplier.department = _department(value, departments)
            else:
                setattr(supplier, key, value)
        db.session.add(supplier)
        by_code[code] = supplier
    db.session.flush()

    by_number = {o.number: o for o in db.session.scalars(select(PurchaseOrder))}
    line_count = 0
    for number, values in orders.items():
        order = by_number.get(number) or PurchaseOrder(number=number)
        order.supplier = by_code[values["supplier_code"]]
        order.order_date, order.currency = values["order_date"], values["currency"]
        if "department" in values:
            order.department = _department(values["department"], departments)
        db.session.add(order)
        existing = {line.line_no: line for line in order.lines}
        for line_no, line_values in values["lines"].items():
            line = existing.get(line_no) or PurchaseOrderLine(line_no=line_no)
            for key, value in line_values.items():
                setattr(line, key, value)
            if line_no not in existing:
                order.lines.append(line)
            line_count += 1
        by_number[number] = order
    db.session.flush()

    lines = {(o.number, line.line_no): line for o in by_number.values() for line in o.lines}
    receipt_count = 0
    for key, rows in receipts.items():
        line = lines[key]
        # The ERP's receipts for a line are replaced by its latest export; the portal's own stay.
        line.receipts[:] = [r for r in line.receipts if r.source != "erp"]
        for row in rows:
            line.receipts.append(GoodsReceipt(source="erp", **row))
            receipt_count += 1
    db.session.flush()
    summary = ImportSummary(len(suppliers), len(orders), line_count, receipt_count)
    audit.record("master_imported", _MasterData(), after=summary.__dict__ | ({"files": files} if files else {}))
    return summary


class _MasterData:
    """Stands for the master data as a whole in the audit trail."""

    id = None
