"""The records the rules work on: plain dataclasses, and the `Ledger` they ask about other documents.

No database and no Flask here: `portal.matching.services` turns rows into these records,
and the truth-corpus test and the benchmark build them directly. Everything that depends
on other documents (earlier invoices' quantities, duplicates, orders) is asked of a
`Ledger`; `Book` (`rules.book`) is the in-memory one, `services` has the database one.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from portal.matching.rules.messages import Message

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CURRENCY_UNIT = Decimal(1)  # one yen, one dollar: the contract's tax-rounding allowance
DEFAULT_PRICE_TOLERANCE = Decimal(1)  # percent
DEFAULT_AMOUNT_TOLERANCE = ZERO

# The contract's exception codes.
SUPPLIER_MISMATCH = "supplier_mismatch"
PRICE_VARIANCE = "price_variance"
QUANTITY_VARIANCE = "quantity_variance"
NOT_RECEIVED = "not_received"
TAX_MISMATCH = "tax_mismatch"
TOTAL_MISMATCH = "total_mismatch"
INVALID_REGISTRATION_NUMBER = "invalid_registration_number"
DUPLICATE = "duplicate"
PO_NOT_FOUND = "po_not_found"
NO_PO_REFERENCE = "no_po_reference"


@dataclass(frozen=True, slots=True)
class SupplierRecord:
    id: int
    code: str
    name: str
    registration_number: str | None = None
    currency: str = "JPY"
    price_tolerance: Decimal | None = None  # percent; None: the global one
    address: str | None = None  # as the master gives it, telephone numbers included

    @property
    def is_domestic(self) -> bool:
        """Japanese qualified-invoice rules apply: registered, or billing in yen."""
        return bool(self.registration_number) or self.currency == "JPY"


@dataclass(frozen=True, slots=True)
class OrderLine:
    id: int
    line_no: int
    description: str
    quantity: Decimal
    unit_price: Decimal
    tax_rate: Decimal
    received: Decimal = ZERO
    sku: str | None = None

    @property
    def amount(self) -> Decimal:
        return self.quantity * self.unit_price


@dataclass(frozen=True, slots=True)
class Order:
    id: int
    number: str
    supplier_id: int
    lines: tuple[OrderLine, ...] = ()
    source: str = "erp"

    @property
    def line_total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    description: str | None = None
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    amount: Decimal | None = None
    tax_rate: Decimal | None = None  # as marked on the document

    def _as_discount(self) -> bool:
        """A discount printed with its sign on the amount or the quantity ('1 x 500 = -500',
        '-1 x 500'): read as a positive quantity at a negative price, as orders carry it."""
        price = self.unit_price
        return price is not None and price > 0 and (
            (self.quantity is not None and self.quantity < 0)
            or (self.amount is not None and self.amount < 0 and (self.quantity is None or self.quantity > 0)))

    @property
    def effective_quantity(self) -> Decimal | None:
        """The quantity printed, else amount / unit price when both are there."""
        if self.quantity is not None:
            return abs(self.quantity) if self._as_discount() else self.quantity
        price = self.effective_unit_price
        if self.amount is not None and price:
            return self.amount / price
        return None

    @property
    def effective_unit_price(self) -> Decimal | None:
        """The unit price printed (negative for a discount), else amount / quantity."""
        if self.unit_price is not None:
            return -self.unit_price if self._as_discount() else self.unit_price
        if self.amount is not None and self.quantity:
            return self.amount / self.quantity
        return None


@dataclass(frozen=True, slots=True)
class TaxAmount:
    rate: Decimal
    taxable: Decimal | None = None
    tax: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Invoice:
    """A document's extracted fields (invoice or quote); id is its upload order."""

    id: int
    doc_type: str | None = "invoice"
    supplier_id: int | None = None
    supplier_name: str | None = None
    registration_number: str | None = None
    document_number: str | None = None
    po_number: str | None = None
    currency: str | None = None
    issue_date: date | None = None
    subtotal: Decimal | None = None
    tax_total: Decimal | None = None
    total: Decimal | None = None
    sha256: str | None = None
    lines: tuple[InvoiceLine, ...] = ()
    taxes: tuple[TaxAmount, ...] = ()
    # The lines as OCR read them off an image, no person having looked at them: a line missed or
    # a figure misread is likelier than a document whose lines do not add up (`check_totals`).
    lines_as_scanned: bool = False

    @property
    def is_quote(self) -> bool:
        return self.doc_type == "quote"


@dataclass(frozen=True, slots=True)
class Finding:
    """One exception raised, with what the clerk needs to see why."""

    code: str
    detail: Message | None = None
    order_line_id: int | None = None


@dataclass(frozen=True, slots=True)
class Allocation:
    """Part (or all) of invoice line `line_index` billed against one order line."""

    line_index: int
    order_line_id: int
    quantity: Decimal


@dataclass(frozen=True, slots=True)
class Outcome:
    order_id: int | None = None
    duplicate_of_id: int | None = None
    findings: tuple[Finding, ...] = ()
    allocations: tuple[Allocation, ...] = ()

    @property
    def exceptions(self) -> list[str]:
        """The contract's sorted list of exception codes, each once."""
        return sorted({f.code for f in self.findings})


@dataclass(frozen=True, slots=True)
class Tolerances:
    price_percent: Decimal = DEFAULT_PRICE_TOLERANCE  # used when the supplier has none
    amount: Decimal = DEFAULT_AMOUNT_TOLERANCE  # allowed gap in subtotal/total arithmetic

    def price_for(self, supplier: SupplierRecord | None) -> Decimal:
        if supplier is not None and supplier.price_tolerance is not None:
            return supplier.price_tolerance
        return self.price_percent


@dataclass(frozen=True, slots=True)
class Original:
    """The earlier upload a duplicate repeats, and the order that one matched."""

    document_id: int
    order_id: int | None


class Ledger(Protocol):
    """What matching needs to know about orders and earlier documents."""

    def supplier(self, supplier_id: int) -> SupplierRecord | None: ...

    def order_by_number(self, number: str) -> Order | None:
        """The order whose normalised number is `number`."""

    def orders_by_amount(self, supplier_id: int, amount: Decimal) -> Iterable[Order]:
        """The supplier's orders whose line total is `amount` (open or not)."""

    def numbered_like(self, number: str) -> bool:
        """Whether some order's number is built like `number` (`identifiers.numbering`)."""

    def invoiced_before(self, order: Order, document_id: int) -> dict[int, Decimal]:
        """Quantity per order line invoiced by non-duplicate documents uploaded before."""

    def original_of(self, invoice: Invoice) -> Original | None:
        """The earliest earlier upload with the same bytes, or supplier and number; where one of
        the two numbers was not read, supplier, issue date and total."""

