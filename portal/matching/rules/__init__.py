"""The matching rules of the data contract, as pure functions over plain dataclasses.

No database and no Flask here: `portal.matching.services` turns rows into these records,
and the truth-corpus test and the benchmark build them directly. One module per family:

    records      the records, the exception codes, and the `Ledger` the rules ask about other documents
    messages     the sentences for the clerk (`Message`), translated by the screens
    identifiers  order and document numbers as compared, OCR's slips aside
    orders       rules 1-2: the printed registration number; the order a document bills
    lines        which order line each invoice line bills, and how its quantity spreads
    quantities   billed so far against ordered and received
    prices       unit prices within the supplier's tolerance
    tax          tax per rate within the rounding allowance
    totals       subtotal + tax = total; the lines add up
    scanned_lines  lines read off a scan, read again with their order lines' figures where the totals say so
    match        every rule in turn for one document (`match_invoice`)
    book         `Book`, the in-memory ledger
    qualified    the qualified-invoice check (適格請求書の記載事項)

The names below are the package's public face: import them from `portal.matching.rules`.
"""
from portal.matching.rules.book import Book
from portal.matching.rules.identifiers import (
    Numbering,
    normalise_document_number,
    normalise_po_number,
    numbered_alike,
    numbering,
    one_character_apart,
    one_character_lost,
    one_digit_misread,
    one_letter_misread,
    order_number_shape,
)
from portal.matching.rules.lines import allocate, description_similarity, normalise_description, pair_lines
from portal.matching.rules.match import match_invoice
from portal.matching.rules.messages import N_, Message
from portal.matching.rules.orders import check_registration, find_order, is_open
from portal.matching.rules.prices import check_prices, price_limit
from portal.matching.rules.qualified import (
    MISSING,
    PRESENT,
    REDUCED_RATES,
    UNCHECKED,
    QualifiedInvoiceCheck,
    Requirement,
    check_qualified_invoice,
)
from portal.matching.rules.quantities import check_quantities, replay_quantities
from portal.matching.rules.records import (
    CURRENCY_UNIT,
    DEFAULT_AMOUNT_TOLERANCE,
    DEFAULT_PRICE_TOLERANCE,
    DUPLICATE,
    HUNDRED,
    INVALID_REGISTRATION_NUMBER,
    NO_PO_REFERENCE,
    NOT_RECEIVED,
    PO_NOT_FOUND,
    PRICE_VARIANCE,
    QUANTITY_VARIANCE,
    SUPPLIER_MISMATCH,
    TAX_MISMATCH,
    TOTAL_MISMATCH,
    ZERO,
    Allocation,
    Finding,
    Invoice,
    InvoiceLine,
    Ledger,
    Order,
    OrderLine,
    Original,
    Outcome,
    SupplierRecord,
    TaxAmount,
    Tolerances,
)
from portal.matching.rules.scanned_lines import lines_the_order_explains
from portal.matching.rules.tax import check_tax, line_rates, tax_agrees
from portal.matching.rules.totals import check_totals

__all__ = [
    "CURRENCY_UNIT", "DEFAULT_AMOUNT_TOLERANCE", "DEFAULT_PRICE_TOLERANCE", "DUPLICATE", "HUNDRED",
    "INVALID_REGISTRATION_NUMBER", "MISSING", "NO_PO_REFERENCE", "NOT_RECEIVED", "N_", "PO_NOT_FOUND", "PRESENT",
    "PRICE_VARIANCE", "QUANTITY_VARIANCE", "REDUCED_RATES", "SUPPLIER_MISMATCH", "TAX_MISMATCH", "TOTAL_MISMATCH",
    "UNCHECKED", "ZERO",
    "Allocation", "Book", "Finding", "Invoice", "InvoiceLine", "Ledger", "Message", "Numbering", "Order", "OrderLine",
    "Original",
    "Outcome", "QualifiedInvoiceCheck", "Requirement", "SupplierRecord", "TaxAmount", "Tolerances",
    "allocate", "check_prices", "check_qualified_invoice", "check_quantities", "check_registration", "check_tax",
    "check_totals", "description_similarity", "find_order", "is_open", "line_rates", "lines_the_order_explains",
    "match_invoice",
    "normalise_description", "normalise_document_number", "normalise_po_number", "numbered_alike", "numbering",
    "one_character_apart",
    "one_character_lost",
    "one_digit_misread",
    "one_letter_misread",
    "order_number_shape",
    "pair_lines", "price_limit", "replay_quantities", "tax_agrees",
]
