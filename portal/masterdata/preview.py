"""What an import of the ERP's files would change, before it is applied: the files are checked as
`import_master` checks them (the same function), then compared with the portal's master data.
Nothing is written."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.masterdata.importer import Checked, check
from portal.models import PurchaseOrder, PurchaseOrderLine, Supplier

SUPPLIER_FIELDS = ("name", "registration_number", "currency", "address")
ORDER_FIELDS = ("order_date", "currency")
LINE_FIELDS = ("sku", "description", "quantity", "unit_price", "tax_rate")
SHOWN = 200  # changes listed of each kind; the counts cover them all


@dataclass(frozen=True)
class Change:
    """One supplier, order or order line's receipts that the import adds or changes: for a
    change, each field (its column, and the order line's number for a line's) as it is and as it
    will be."""

    key: str
    label: str
    new: bool
    fields: tuple[tuple[str, int | None, str, str], ...] = ()


@dataclass
class Kind:
    """What the import does to one kind of record."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    changes: list[Change] = field(default_factory=list)

    def note(self, change: Change | None) -> None:
        if change is None:
            self.unchanged += 1
            return
        if change.new:
            self.added += 1
        else:
            self.changed += 1
        if len(self.changes) < SHOWN:
            self.changes.append(change)

    @property
    def more(self) -> int:
        """Changes counted but not listed."""
        return self.added + self.changed - len(self.changes)


@dataclass
class ImportPreview:
    suppliers: Kind
    orders: Kind
    receipts: Kind

    @property
    def changes_anything(self) -> bool:
        return any(kind.added or kind.changed for kind in (self.suppliers, self.orders, self.receipts))


def preview(texts: dict[str, str]) -> ImportPreview:
    """What importing these files would add and change; MasterDataError as the import raises it."""
    checked = check(texts)
    return ImportPreview(_suppliers(checked), _orders(checked), _receipts(checked))


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def _differences(record, values: dict, names: tuple[str, ...],
                 line: int | None = None) -> list[tuple[str, int | None, str, str]]:
    return [(name, line, _shown(getattr(record, name)), _shown(values.get(name))) for name in names
            if getattr(record, name) != values.get(name)]


def _department(record, values: dict) -> list[tuple[str, int | None, str, str]]:
    """The department, where the file names one (a file without the column leaves it alone)."""
    if "department" not in values:
        return []
    before = record.department.name if record.department is not None else None
    return [] if before == values["department"] else \
        [("department", None, _shown(before), _shown(values["department"]))]


def _suppliers(checked: Checked) -> Kind:
    kind = Kind()
    known = {s.code: s for s in db.session.scalars(select(Supplier).options(selectinload(Supplier.department)))}
    for code, values in checked.suppliers.items():
        supplier = known.get(code)
        if supplier is None:
            kind.note(Change(code, values["name"], True))
            continue
        fields = _differences(supplier, values, SUPPLIER_FIELDS) + _department(supplier, values)
        kind.note(Change(code, values["name"], False, tuple(fields)) if fields else None)
    return kind


def _orders(checked: Checked) -> Kind:
    kind = Kind()
    known = {o.number: o for o in db.session.scalars(
        select(PurchaseOrder).where(PurchaseOrder.number.in_(list(checked.orders)))
        .options(selectinload(PurchaseOrder.lines), selectinload(PurchaseOrder.supplier),
                 selectinload(PurchaseOrder.department)))}
    for number, values in checked.orders.items():
        order = known.get(number)
        label = checked.suppliers.get(values["supplier_code"], {}).get("name") or values["supplier_code"]
        if order is None:
            kind.note(Change(number, label, True, (("lines", None, "—", str(len(values["lines"]))),)))
            continue
        fields = _differences(order, values, ORDER_FIELDS) + _department(order, values)
        if order.supplier.code != values["supplier_code"]:
            fields.append(("supplier_code", None, order.supplier.code, values["supplier_code"]))
        lines = {line.line_no: line for line in order.lines}
        for line_no, line_values in sorted(values["lines"].items()):
            line = lines.get(line_no)
            if line is None:
                fields.append(("description", line_no, "—", line_values["description"]))
                continue
            fields += _differences(line, line_values, LINE_FIELDS, line_no)
        kind.note(Change(number, label, False, tuple(fields)) if fields else None)
    return kind


def _receipts(checked: Checked) -> Kind:
    """Per order line, the ERP's receipts as they are and as the file has them (it replaces them)."""
    kind = Kind()
    if not checked.receipts:
        return kind
    lines = {(number, line_no): line for number, line_no, line in db.session.execute(
        select(PurchaseOrder.number, PurchaseOrderLine.line_no, PurchaseOrderLine)
        .join(PurchaseOrderLine.order).where(PurchaseOrder.number.in_({po for po, _n in checked.receipts}))
        .options(selectinload(PurchaseOrderLine.receipts)))}
    for (number, line_no), rows in checked.receipts.items():
        after = sum((row["quantity_received"] for row in rows), Decimal(0))
        line = lines.get((number, line_no))
        before_rows = [r for r in line.receipts if r.source == "erp"] if line is not None else []
        same = sorted((r.quantity_received, r.received_date) for r in before_rows) == \
            sorted((row["quantity_received"], row["received_date"]) for row in rows)
        if same:
            kind.note(None)
            continue
        before = sum((r.quantity_received for r in before_rows), Decimal(0))
        label = line.description if line is not None else \
            checked.orders.get(number, {}).get("lines", {}).get(line_no, {}).get("description", "")
        kind.note(Change(f"{number} · {line_no}", label, not before_rows,
                         (("quantity_received", None, _shown(before) if before_rows else "—", _shown(after)),)))
    return kind
