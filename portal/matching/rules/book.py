"""`Book`: the in-memory `Ledger`, for the truth-corpus test and the benchmark."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from portal.matching.rules.identifiers import (
    normalise_document_number,
    normalise_po_number,
    numbered_alike,
    numbering,
)
from portal.matching.rules.match import match_invoice
from portal.matching.rules.records import Invoice, Order, Original, Outcome, SupplierRecord, Tolerances


@dataclass
class Book:
    """A ledger kept in memory: documents are added in upload order, each matched on arrival.

    Orders are indexed by number and by (supplier, line total), and quantities kept
    per order line, so adding a document costs the same however many there are.
    """

    suppliers: dict[int, SupplierRecord]
    orders: Iterable[Order]
    tolerances: Tolerances = field(default_factory=Tolerances)

    def __post_init__(self) -> None:
        self.orders = list(self.orders)
        self._by_number: dict[str, Order] = {}
        self._by_amount: dict[tuple[int, Decimal], list[Order]] = defaultdict(list)
        self._numberings = {numbering(order.number) for order in self.orders}
        for order in self.orders:
            self._by_number[normalise_po_number(order.number) or ""] = order
            self._by_amount[(order.supplier_id, order.line_total)].append(order)
        self._invoiced: dict[int, Decimal] = defaultdict(Decimal)
        self._by_sha: dict[str, Original] = {}
        self._by_key: dict[tuple[int, str], Original] = {}
        self.outcomes: dict[int, Outcome] = {}
        self._last_id = 0

    def supplier(self, supplier_id: int) -> SupplierRecord | None:
        return self.suppliers.get(supplier_id)

    def order_by_number(self, number: str) -> Order | None:
        return self._by_number.get(number)

    def orders_by_amount(self, supplier_id: int, amount: Decimal) -> Iterable[Order]:
        return self._by_amount.get((supplier_id, amount), ())

    def numbered_like(self, number: str) -> bool:
        return numbered_alike(number, self._numberings)

    def invoiced_before(self, order: Order, document_id: int) -> dict[int, Decimal]:
        return {line.id: self._invoiced[line.id] for line in order.lines if line.id in self._invoiced}

    def original_of(self, invoice: Invoice) -> Original | None:
        found = [o for o in (self._by_sha.get(invoice.sha256 or ""),
                             self._by_key.get(_key(invoice) or (0, ""))) if o is not None]
        return min(found, key=lambda o: o.document_id) if found else None

    def add(self, invoice: Invoice) -> Outcome:
        """Match the next upload and remember it for those after."""
        if invoice.id <= self._last_id:
            raise ValueError(f"document {invoice.id} added after {self._last_id}: "
                             "the book keeps upload order")
        self._last_id = invoice.id
        outcome = match_invoice(invoice, self, self.tolerances)
        self.outcomes[invoice.id] = outcome
        if invoice.is_quote:
            return outcome
        if outcome.duplicate_of_id is None:
            for a in outcome.allocations:
                self._invoiced[a.order_line_id] += a.quantity
        original = Original(outcome.duplicate_of_id or invoice.id,
                            outcome.order_id)
        if invoice.sha256:
            self._by_sha.setdefault(invoice.sha256, original)
        if (key := _key(invoice)) is not None:
            self._by_key.setdefault(key, original)
        return outcome


def _key(invoice: Invoice) -> tuple[int, str] | None:
    number = normalise_document_number(invoice.document_number)
    if invoice.supplier_id is None or number is None:
        return None
    return invoice.supplier_id, number
