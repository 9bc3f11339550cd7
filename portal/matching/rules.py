"""The matching rules of the data contract, as pure functions over plain dataclasses.

No database and no Flask here: `services` turns rows into these records, and the
truth-corpus test and the benchmark build them directly. Everything that depends on
other documents (earlier invoices' quantities, duplicates, orders) is asked of a
`Ledger`; `Book` is the in-memory one, `services` has the database one.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Protocol

from ocr import registration

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CURRENCY_UNIT = Decimal(1)  # one yen, one dollar: the contract's tax-rounding allowance
DEFAULT_PRICE_TOLERANCE = Decimal(1)  # percent
DEFAULT_AMOUNT_TOLERANCE = ZERO

def N_(text: str) -> str:
    """Marks an English sentence for translation: the rules stay free of Flask, the screens translate."""
    return text


@dataclass(frozen=True, slots=True)
class Message:
    """A sentence for the clerk: English text with %(name)s places, and the values that fill them.

    Kept apart so that a screen can show it in the reader's language (`portal.templating`);
    `str()` gives the English, for logs and exports.
    """

    text: str
    values: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, text: str, **values: object) -> Message:
        return cls(text, tuple((name, str(value)) for name, value in values.items()))

    def __str__(self) -> str:
        return self.text % dict(self.values) if self.values else self.text


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


# --- the records -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Supplier:
    id: int
    code: str
    name: str
    registration_number: str | None = None
    currency: str = "JPY"
    price_tolerance: Decimal | None = None  # percent; None: the global one

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

    def price_for(self, supplier: Supplier | None) -> Decimal:
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

    def supplier(self, supplier_id: int) -> Supplier | None: ...

    def order_by_number(self, number: str) -> Order | None:
        """The order whose normalised number is `number`."""

    def orders_by_amount(self, supplier_id: int, amount: Decimal) -> Iterable[Order]:
        """The supplier's orders whose line total is `amount` (open or not)."""

    def invoiced_before(self, order: Order, document_id: int) -> dict[int, Decimal]:
        """Quantity per order line invoiced by non-duplicate documents uploaded before."""

    def original_of(self, invoice: Invoice) -> Original | None:
        """The earliest earlier upload with the same bytes, or supplier and number."""


# --- normalisation -----------------------------------------------------------------------

_DASHES = re.compile(r"[\u2010-\u2015\u2212\u30fc\uff0d\u2043\ufe63]")
_SPACES = re.compile(r"\s+")


def normalise_po_number(value: str | None) -> str | None:
    """Compare PO numbers ignoring case, width and spacing: ' po-2026-０１３１２' -> 'PO-2026-01312'."""
    if not value:
        return None
    text = _DASHES.sub("-", unicodedata.normalize("NFKC", value))
    text = _SPACES.sub("", text).upper()
    return text or None


# Letters OCR reads for digits and the reverse, in an order number.
_ORDER_LOOKALIKES = str.maketrans({"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "|": "1", "!": "1",
                                   "S": "5", "B": "8", "Z": "2", "G": "6"})


def order_number_shape(value: str | None) -> str | None:
    """An order number as OCR may have read it, letters and digits that look alike made one and
    a doubled letter of the prefix made single: 'POO-2026-02711' and 'P0-2026-O2711' are
    'PO-2026-02711'. A different digit stays different: a wrong number is no misreading."""
    number = normalise_po_number(value)
    if number is None:
        return None
    prefix = re.match(r"[^\d\-/.]*", number).group()
    rest = number[len(prefix):]
    prefix = re.sub(r"(.)\1+", r"\1", prefix.translate(_ORDER_LOOKALIKES))
    return prefix + re.sub(r"[-/.\s]", "", rest.translate(_ORDER_LOOKALIKES))


# Characters OCR mistakes for one another in identifiers: folded together for comparing.
_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "|": "1", "!": "1", "O": "0"})


def normalise_document_number(value: str | None) -> str | None:
    """The key two invoice numbers are compared by, for finding duplicates.

    Width, case, spaces and separators are ignored ('INV-00512' == 'inv 00512'), and so
    are the look-alikes OCR confuses (I, l, | and 1; O and 0): a re-scan of the same
    invoice read '05-0852-1' instead of '05-0852-I' is still the same invoice.
    """
    if not value:
        return None
    text = _DASHES.sub("-", unicodedata.normalize("NFKC", value))
    text = re.sub(r"[\s\-_/.#]", "", text).upper().translate(_LOOKALIKES)
    return text or None


@lru_cache(maxsize=65536)
def normalise_description(value: str | None) -> str:
    """Lower-case words and digits only, for comparing line descriptions."""
    if not value:
        return ""
    text = unicodedata.normalize("NFKC", value).casefold()
    return " ".join(re.findall(r"\w+", text))


def description_similarity(a: str | None, b: str | None) -> float:
    """0 (nothing alike) to 1 (the same words), tolerant of OCR slips."""
    na, nb = normalise_description(a), normalise_description(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    return SequenceMatcher(None, na, nb, autojunk=False).ratio()


# --- line pairing ------------------------------------------------------------------------

_PAIR_THRESHOLD = 2.0  # below this affinity an invoice line is not taken for the order line
_SAME_ITEM = 0.9  # order lines this alike (and at one price) are the same item, split


def _affinity(line: InvoiceLine, order_line: OrderLine) -> float:
    """How likely the invoice line bills the order line: words weigh most, then price, then quantity."""
    similarity = description_similarity(line.description, order_line.description)
    if order_line.sku and line.description and order_line.sku.casefold() in line.description.casefold():
        similarity = 1.0
    price = line.effective_unit_price
    if price is None or not order_line.unit_price:
        price_score = 0.0
    elif price == order_line.unit_price:
        price_score = 1.0
    else:
        gap = abs(price - order_line.unit_price) / abs(order_line.unit_price)  # a discount's price is negative
        price_score = 0.8 * max(0.0, 1.0 - float(gap))
    quantity_score = 1.0 if line.effective_quantity == order_line.quantity else 0.0
    return 3.0 * similarity + 2.0 * price_score + 0.5 * quantity_score


def pair_lines(lines: Sequence[InvoiceLine], order_lines: Sequence[OrderLine]) -> list[OrderLine | None]:
    """The order line each invoice line bills (None: not on the order).

    One to one first, best affinity first, so reordered lines find their partners;
    then lines left over (an order line split over several invoice lines) take their
    best order line even if it is taken. A line whose words equal some order lines'
    is weighed against those only, which spares the fuzzy comparison in the usual case.
    """
    order_words = [normalise_description(ol.description) for ol in order_lines]
    candidates = []
    for i, line in enumerate(lines):
        words = normalise_description(line.description)
        same = [j for j, w in enumerate(order_words) if words and w == words]
        for j in same or range(len(order_lines)):
            if (score := _affinity(line, order_lines[j])) >= _PAIR_THRESHOLD:
                candidates.append((score, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    paired: list[OrderLine | None] = [None] * len(lines)
    taken: set[int] = set()
    best: dict[int, int] = {}
    for _score, i, j in candidates:
        best.setdefault(i, j)
        if paired[i] is None and j not in taken:
            paired[i] = order_lines[j]
            taken.add(j)
    for i, j in best.items():
        if paired[i] is None:
            paired[i] = order_lines[j]
    return paired


def allocate(lines: Sequence[InvoiceLine], order: Order, paired: Sequence[OrderLine | None],
             invoiced_before: dict[int, Decimal]) -> list[Allocation]:
    """Spread each invoice line's quantity over its order line and that line's twins.

    An invoice line that merges two order lines of the same item at the same price
    (or bills one whose quantity earlier invoices used up) fills what is still open
    on each in turn; whatever is left lands on its own order line.
    """
    used = defaultdict(Decimal, invoiced_before)
    allocations: list[Allocation] = []
    for index, (line, order_line) in enumerate(zip(lines, paired, strict=True)):
        quantity = line.effective_quantity
        if order_line is None or quantity is None:
            continue
        twins = [order_line] + [
            other for other in order.lines
            if other.id != order_line.id and other.unit_price == order_line.unit_price
            and description_similarity(other.description, order_line.description) >= _SAME_ITEM
        ]
        remaining = quantity
        for twin in twins:
            room = twin.quantity - used[twin.id]
            if remaining <= 0 or room <= 0:
                continue
            part = min(room, remaining)
            allocations.append(Allocation(index, twin.id, part))
            used[twin.id] += part
            remaining -= part
        if remaining > 0:
            allocations.append(Allocation(index, order_line.id, remaining))
            used[order_line.id] += remaining
    return allocations


# --- the single checks -------------------------------------------------------------------


def check_registration(printed: str | None, supplier: Supplier | None) -> list[Finding]:
    """A printed T-number with a wrong check digit, or not the master's (when it has one)."""
    if not printed or not printed.strip():
        return []
    if not registration.is_valid(printed):
        return [Finding(INVALID_REGISTRATION_NUMBER, Message.of(N_("%(number)s: check digit or shape is wrong"),
                                                               number=printed))]
    master = registration.normalise(supplier.registration_number) if supplier else None
    if master and registration.normalise(printed) != master:
        return [Finding(INVALID_REGISTRATION_NUMBER, Message.of(
            N_("%(number)s is not the supplier's %(registered)s"), number=printed, registered=master))]
    return []


def _tax_printed(invoice: Invoice) -> Decimal | None:
    if invoice.tax_total is not None:
        return invoice.tax_total
    taxes = [t.tax for t in invoice.taxes]
    return sum(taxes, ZERO) if taxes and None not in taxes else None


def check_totals(invoice: Invoice, tolerance: Decimal = DEFAULT_AMOUNT_TOLERANCE) -> list[Finding]:
    """Subtotal + tax = total, and the line amounts add up to the subtotal."""
    findings = []
    tax = _tax_printed(invoice)
    if invoice.subtotal is not None and tax is not None and invoice.total is not None:
        if abs(invoice.subtotal + tax - invoice.total) > tolerance:
            findings.append(Finding(TOTAL_MISMATCH, Message.of(
                N_("subtotal %(subtotal)s + tax %(tax)s is not total %(total)s"),
                subtotal=invoice.subtotal, tax=tax, total=invoice.total)))
    amounts = [line.amount for line in invoice.lines]
    if invoice.subtotal is not None and amounts and None not in amounts:
        lines_sum = sum(amounts, ZERO)
        if abs(lines_sum - invoice.subtotal) > tolerance:
            findings.append(Finding(TOTAL_MISMATCH, Message.of(
                N_("lines add up to %(sum)s, subtotal is %(subtotal)s"), sum=lines_sum, subtotal=invoice.subtotal)))
    return findings


def tax_agrees(taxable: Decimal, rate: Decimal, tax: Decimal, allowance: Decimal = CURRENCY_UNIT) -> bool:
    """True when tax is taxable x rate% rounded any way (gap under one currency unit)."""
    return abs(tax - taxable * rate / HUNDRED) < allowance


def check_tax(invoice: Invoice, line_rates: Sequence[Decimal | None] | None = None) -> list[Finding]:
    """Per rate, the printed tax against taxable x rate (see the contract's rounding rule).

    line_rates gives each line's rate (as marked, else its order line's); without it
    the marked rates are used.
    """
    if line_rates is None:
        line_rates = [line.tax_rate for line in invoice.lines]
    summed: dict[Decimal, Decimal] = defaultdict(Decimal)
    for line, rate in zip(invoice.lines, line_rates, strict=True):
        if rate is not None and line.amount is not None:
            summed[rate] += line.amount
    printed = {t.rate: t for t in invoice.taxes if t.rate is not None}
    rates = set(printed) | set(summed)

    def taxable_of(rate: Decimal) -> Decimal | None:
        entry = printed.get(rate)
        if entry is not None and entry.taxable is not None:
            return entry.taxable
        if rate in summed:
            return summed[rate]
        return invoice.subtotal if len(rates) == 1 else None

    findings = []
    per_rate_checked = False
    for rate, entry in sorted(printed.items()):
        taxable = taxable_of(rate)
        if entry.tax is None or taxable is None:
            continue
        per_rate_checked = True
        if not tax_agrees(taxable, rate, entry.tax):
            findings.append(Finding(TAX_MISMATCH, Message.of(
                N_("%(rate)s%%: tax %(tax)s on %(taxable)s should be %(expected)s"),
                rate=rate, tax=entry.tax, taxable=taxable, expected=taxable * rate / HUNDRED)))
    if not per_rate_checked and invoice.tax_total is not None and rates:
        # Only a total tax printed: each rate may be rounded once, so up to one unit a rate.
        taxables = {rate: taxable_of(rate) for rate in rates}
        if None not in taxables.values():
            expected = sum((t * r / HUNDRED for r, t in taxables.items()), ZERO)
            if not tax_agrees(expected, HUNDRED, invoice.tax_total, CURRENCY_UNIT * len(rates)):
                findings.append(Finding(TAX_MISMATCH, Message.of(N_("tax %(tax)s should be %(expected)s"),
                                                                  tax=invoice.tax_total, expected=expected)))
    return findings


def price_limit(ordered: Decimal, tolerance_percent: Decimal) -> Decimal:
    """The highest unit price within tolerance of the ordered one.

    The tolerance is a share of the price's size, so for a discount (a negative price)
    a smaller discount is a price above the order and a bigger one is not.
    """
    return ordered + abs(ordered) * tolerance_percent / HUNDRED


def check_prices(lines: Sequence[InvoiceLine], order_lines: dict[int, OrderLine],
                 allocations: Sequence[Allocation], tolerance_percent: Decimal) -> list[Finding]:
    """A unit price above the order line's by more than the tolerance."""
    findings = []
    seen: set[tuple[int, int]] = set()
    for a in allocations:
        if (a.line_index, a.order_line_id) in seen:
            continue
        seen.add((a.line_index, a.order_line_id))
        price = lines[a.line_index].effective_unit_price
        order_line = order_lines[a.order_line_id]
        if price is not None and price > price_limit(order_line.unit_price, tolerance_percent):
            findings.append(Finding(PRICE_VARIANCE, Message.of(
                N_("line %(line)s: %(price)s against %(ordered)s ordered"),
                line=a.line_index + 1, price=price, ordered=order_line.unit_price), order_line.id))
    return findings


def check_quantities(order: Order, invoiced_before: dict[int, Decimal],
                     allocations: Sequence[Allocation]) -> list[Finding]:
    """Quantities billed so far (earlier invoices and this one) against ordered and received."""
    now: dict[int, Decimal] = defaultdict(Decimal)
    for a in allocations:
        now[a.order_line_id] += a.quantity
    findings = []
    for line in order.lines:
        if not now.get(line.id):
            continue
        billed = invoiced_before.get(line.id, ZERO) + now[line.id]
        if billed > line.quantity:
            findings.append(Finding(QUANTITY_VARIANCE, Message.of(
                N_("line %(line)s: %(billed)s invoiced, %(ordered)s ordered"),
                line=line.line_no, billed=billed, ordered=line.quantity), line.id))
        elif billed > line.received:
            findings.append(Finding(NOT_RECEIVED, Message.of(
                N_("line %(line)s: %(billed)s invoiced, %(received)s received"),
                line=line.line_no, billed=billed, received=line.received), line.id))
    return findings


def is_open(order: Order, invoiced_before: dict[int, Decimal]) -> bool:
    """Some line still has quantity that earlier invoices have not billed."""
    return any(invoiced_before.get(line.id, ZERO) < line.quantity for line in order.lines)


# --- the match ---------------------------------------------------------------------------


def find_order(invoice: Invoice, ledger: Ledger) -> tuple[Order | None, list[Finding]]:
    """Rule 2: the printed PO number, else the supplier's one open order for the subtotal."""
    number = normalise_po_number(invoice.po_number)
    if number is not None:
        order = ledger.order_by_number(number)
        if order is None:
            return None, [Finding(PO_NOT_FOUND, Message.of(N_("no order %(number)s"), number=invoice.po_number))]
        return order, []
    amount = invoice.subtotal
    if amount is None and invoice.lines and None not in (line.amount for line in invoice.lines):
        amount = sum((line.amount for line in invoice.lines), ZERO)
    if invoice.supplier_id is None or amount is None:
        return None, [Finding(NO_PO_REFERENCE, Message(N_("no PO number printed, supplier or amount unknown")))]
    candidates = [order for order in ledger.orders_by_amount(invoice.supplier_id, amount)
                  if is_open(order, ledger.invoiced_before(order, invoice.id))]
    if len(candidates) == 1:
        return candidates[0], []
    numbers = ", ".join(sorted(o.number for o in candidates)) or "none"
    return None, [Finding(NO_PO_REFERENCE, Message.of(
        N_("no PO number printed; open orders for %(amount)s: %(orders)s"), amount=amount, orders=numbers))]


def line_rates(lines: Sequence[InvoiceLine], paired: Sequence[OrderLine | None]) -> list[Decimal | None]:
    """A line's tax rate as marked, else its order line's."""
    return [line.tax_rate if line.tax_rate is not None else (ol.tax_rate if ol else None)
            for line, ol in zip(lines, paired, strict=True)]


def match_invoice(invoice: Invoice, ledger: Ledger, tolerances: Tolerances | None = None) -> Outcome:
    """Match one document against the orders and everything uploaded before it."""
    tolerances = tolerances or Tolerances()
    if invoice.is_quote:
        return Outcome()
    original = ledger.original_of(invoice)
    if original is not None:
        return Outcome(order_id=original.order_id, duplicate_of_id=original.document_id,
                       findings=(Finding(DUPLICATE, Message.of(N_("repeats document %(document)s"),
                                                          document=original.document_id)),))

    supplier = ledger.supplier(invoice.supplier_id) if invoice.supplier_id is not None else None
    findings = check_registration(invoice.registration_number, supplier)
    findings += check_totals(invoice, tolerances.amount)
    order, order_findings = find_order(invoice, ledger)
    findings += order_findings
    paired: list[OrderLine | None] = [None] * len(invoice.lines)
    allocations: list[Allocation] = []
    if order is not None:
        if invoice.supplier_id is not None and order.supplier_id != invoice.supplier_id:
            findings.append(Finding(SUPPLIER_MISMATCH, Message.of(N_("order %(order)s is another supplier's"),
                                                                order=order.number)))
        before = ledger.invoiced_before(order, invoice.id)
        paired = pair_lines(invoice.lines, order.lines)
        allocations = allocate(invoice.lines, order, paired, before)
        findings += check_prices(invoice.lines, {line.id: line for line in order.lines}, allocations,
                                 tolerances.price_for(supplier))
        findings += check_quantities(order, before, allocations)
        for index, order_line in enumerate(paired):
            if order_line is None and invoice.lines[index].effective_quantity:
                findings.append(Finding(QUANTITY_VARIANCE, Message.of(
                    N_("line %(line)s is not on order %(order)s"), line=index + 1, order=order.number)))
    findings += check_tax(invoice, line_rates(invoice.lines, paired))
    return Outcome(order_id=order.id if order else None, findings=tuple(findings),
                   allocations=tuple(allocations))


def replay_quantities(order: Order, earlier: Iterable[Invoice]) -> dict[int, Decimal]:
    """Quantities per order line after the given invoices (non-duplicates on this order, in upload order)."""
    invoiced: dict[int, Decimal] = defaultdict(Decimal)
    for invoice in earlier:
        paired = pair_lines(invoice.lines, order.lines)
        for a in allocate(invoice.lines, order, paired, invoiced):
            invoiced[a.order_line_id] += a.quantity
    return dict(invoiced)


# --- the in-memory ledger ----------------------------------------------------------------


@dataclass
class Book:
    """A ledger kept in memory: documents are added in upload order, each matched on arrival.

    Orders are indexed by number and by (supplier, line total), and quantities kept
    per order line, so adding a document costs the same however many there are.
    """

    suppliers: dict[int, Supplier]
    orders: Iterable[Order]
    tolerances: Tolerances = field(default_factory=Tolerances)

    def __post_init__(self) -> None:
        self.orders = list(self.orders)
        self._by_number: dict[str, Order] = {}
        self._by_amount: dict[tuple[int, Decimal], list[Order]] = defaultdict(list)
        for order in self.orders:
            self._by_number[normalise_po_number(order.number) or ""] = order
            self._by_amount[(order.supplier_id, order.line_total)].append(order)
        self._invoiced: dict[int, Decimal] = defaultdict(Decimal)
        self._by_sha: dict[str, Original] = {}
        self._by_key: dict[tuple[int, str], Original] = {}
        self.outcomes: dict[int, Outcome] = {}
        self._last_id = 0

    def supplier(self, supplier_id: int) -> Supplier | None:
        return self.suppliers.get(supplier_id)

    def order_by_number(self, number: str) -> Order | None:
        return self._by_number.get(number)

    def orders_by_amount(self, supplier_id: int, amount: Decimal) -> Iterable[Order]:
        return self._by_amount.get((supplier_id, amount), ())

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


# --- the qualified-invoice check (適格請求書の記載事項) --------------------------------------

PRESENT, MISSING, UNCHECKED = "present", "missing", "unchecked"
REDUCED_RATES = frozenset({Decimal(8)})


@dataclass(frozen=True, slots=True)
class Requirement:
    key: str  # issuer | transaction_date | description | taxable_per_rate | tax_per_rate | recipient
    status: str  # present | missing | unchecked
    details: tuple[Message, ...] = ()


@dataclass(frozen=True, slots=True)
class QualifiedInvoiceCheck:
    applies: bool
    requirements: tuple[Requirement, ...] = ()

    @property
    def complete(self) -> bool:
        return all(r.status != MISSING for r in self.requirements)

    @property
    def missing(self) -> list[str]:
        return [r.key for r in self.requirements if r.status == MISSING]


def check_qualified_invoice(invoice: Invoice, supplier: Supplier | None,
                            recipient_name: str | None = None) -> QualifiedInvoiceCheck:
    """The six items a qualified invoice must carry, each present or missing.

    Applies to domestic suppliers (registered, or billing in yen). recipient_name is
    what the caller found as the addressee (not a stored field): None leaves that
    item unchecked.
    """
    if supplier is not None and not supplier.is_domestic:
        return QualifiedInvoiceCheck(applies=False)
    if supplier is None and invoice.currency not in (None, "JPY") and not invoice.registration_number:
        return QualifiedInvoiceCheck(applies=False)
    items = []

    problems: list[Message] = []
    if not (invoice.supplier_name or "").strip():
        problems.append(Message(N_("issuer name missing")))
    if not invoice.registration_number:
        problems.append(Message(N_("registration number missing")))
    else:
        problems += [f.detail for f in check_registration(invoice.registration_number, supplier) if f.detail]
    items.append(Requirement("issuer", MISSING if problems else PRESENT, tuple(problems)))

    items.append(Requirement("transaction_date", PRESENT if invoice.issue_date else MISSING))

    rates = {t.rate for t in invoice.taxes}
    rates |= {line.tax_rate for line in invoice.lines if line.tax_rate is not None}
    if not invoice.lines or any(not (line.description or "").strip() for line in invoice.lines):
        items.append(Requirement("description", MISSING, (Message(N_("lines without a description")),)))
    elif rates & REDUCED_RATES and len(rates) > 1 and any(line.tax_rate is None for line in invoice.lines):
        items.append(Requirement("description", MISSING, (Message(N_("reduced-rate items are not marked")),)))
    else:
        items.append(Requirement("description", PRESENT))

    if not invoice.taxes:
        items.append(Requirement("taxable_per_rate", MISSING, (Message(N_("no totals per tax rate")),)))
        items.append(Requirement("tax_per_rate", MISSING, (Message(N_("no tax per rate")),)))
    else:
        no_taxable = [str(t.rate) for t in invoice.taxes if t.taxable is None]
        no_tax = [str(t.rate) for t in invoice.taxes if t.tax is None]
        if no_taxable:
            items.append(Requirement("taxable_per_rate", MISSING, (
                Message.of(N_("no total for %(rates)s%%"), rates=", ".join(no_taxable)),)))
        else:
            items.append(Requirement("taxable_per_rate", PRESENT))
        if no_tax:
            items.append(Requirement("tax_per_rate", MISSING, (
                Message.of(N_("no tax for %(rates)s%%"), rates=", ".join(no_tax)),)))
        else:
            items.append(Requirement("tax_per_rate", PRESENT))

    if recipient_name is None:
        items.append(Requirement("recipient", UNCHECKED))
    else:
        items.append(Requirement("recipient", PRESENT if recipient_name.strip() else MISSING))
    return QualifiedInvoiceCheck(applies=True, requirements=tuple(items))
