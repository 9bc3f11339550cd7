"""What extraction hands to the portal: an invoice or quote as typed values.

Amounts are `Decimal`, dates are `date`; each header field keeps where it was read and how
surely (`Source`). The portal stores these as they are; `fields` and `meta` are the same
values in the export's JSON shape (`../shared/corpus/README.md`), for `portal extract` and
for the record of what was read.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

HEADER_FIELDS = ("doc_type", "supplier_name", "registration_number", "document_number", "issue_date",
                 "due_date", "po_number", "currency", "subtotal", "tax_total", "total")
AMOUNTS = ("subtotal", "tax_total", "total")
DATES = ("issue_date", "due_date")


@dataclass(frozen=True)
class Source:
    """Where a header field was read, and how surely (0 to 1)."""

    confidence: float
    page: int
    box: list[int] | None

    def as_json(self) -> dict:
        return {"confidence": self.confidence, "page": self.page, "box": self.box}


@dataclass(frozen=True)
class ExtractedLine:
    """One item line as read."""

    description: str | None
    quantity: Decimal | None
    unit_price: Decimal | None
    amount: Decimal | None
    tax_rate: Decimal | None


@dataclass(frozen=True)
class ExtractedTax:
    """The taxable amount and the tax of one rate."""

    rate: Decimal
    taxable: Decimal | None
    tax: Decimal | None


@dataclass
class ExtractedInvoice:
    """Every field of an invoice or quote as read, typed."""

    doc_type: str | None = None
    supplier_name: str | None = None
    registration_number: str | None = None
    document_number: str | None = None
    issue_date: date | None = None
    due_date: date | None = None
    po_number: str | None = None
    currency: str | None = None
    subtotal: Decimal | None = None
    tax_total: Decimal | None = None
    total: Decimal | None = None
    taxes: list[ExtractedTax] = field(default_factory=list)
    lines: list[ExtractedLine] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)

    @property
    def fields(self) -> dict[str, Any]:
        """The values in the export's JSON shape: decimal strings, ISO dates, null for unknown."""
        out: dict[str, Any] = {name: _json(getattr(self, name)) for name in HEADER_FIELDS}
        out["tax_breakdown"] = [{"rate": _json(t.rate), "taxable": _json(t.taxable), "tax": _json(t.tax)}
                                for t in self.taxes]
        out["lines"] = [{f.name: _json(getattr(line, f.name)) for f in fields(ExtractedLine)} for line in self.lines]
        return out

    @property
    def meta(self) -> dict[str, dict]:
        """Where each header field that has a value was read."""
        return {name: source.as_json() for name, source in self.sources.items() if getattr(self, name) is not None}

    @classmethod
    def from_fields(cls, values: dict[str, Any]) -> ExtractedInvoice:
        """An invoice from values in the export's JSON shape (a stored reading, a test's document)."""
        typed = {name: typed_field(name, values.get(name)) for name in HEADER_FIELDS}
        taxes = [ExtractedTax(Decimal(str(t["rate"])), _decimal(t.get("taxable")), _decimal(t.get("tax")))
                 for t in values.get("tax_breakdown") or [] if _decimal(t.get("rate")) is not None]
        lines = [ExtractedLine(line.get("description"), *(_decimal(line.get(k)) for k in (
                     "quantity", "unit_price", "amount", "tax_rate"))) for line in values.get("lines") or []]
        return cls(**typed, taxes=taxes, lines=lines)


def rate_of(value: Decimal | None) -> Decimal | None:
    """A tax rate as printed without trailing zeros: 10, 8, 5.5."""
    return None if value is None else value.normalize() if value == value.to_integral_value() else value


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")  # as printed: '3879.20', '0.00', '12340'
    if isinstance(value, date):
        return value.isoformat()
    return value


def typed_field(name: str, value: Any) -> Any:
    """A header field's value from its JSON shape: a Decimal amount, a date, else text; None when unreadable."""
    if name in AMOUNTS:
        return _decimal(value)
    if name in DATES:
        return _date(value)
    return None if value in (None, "") else str(value)


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _date(value: Any) -> date | None:
    if isinstance(value, date) or not value:
        return value or None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
