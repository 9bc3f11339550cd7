"""The qualified-invoice check (適格請求書の記載事項): the six items a qualified invoice must carry."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from portal.matching.rules.messages import N_, Message
from portal.matching.rules.orders import check_registration
from portal.matching.rules.records import Invoice, SupplierRecord

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


def check_qualified_invoice(invoice: Invoice, supplier: SupplierRecord | None,
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
    items = [
        _issuer(invoice, supplier),
        Requirement("transaction_date", PRESENT if invoice.issue_date else MISSING),
        _description(invoice),
        *_per_rate(invoice),
        _recipient(recipient_name),
    ]
    return QualifiedInvoiceCheck(applies=True, requirements=tuple(items))


def _issuer(invoice: Invoice, supplier: SupplierRecord | None) -> Requirement:
    """The issuer's name and a valid registration number, the master's when it has one."""
    problems: list[Message] = []
    if not (invoice.supplier_name or "").strip():
        problems.append(Message(N_("issuer name missing")))
    if not invoice.registration_number:
        problems.append(Message(N_("registration number missing")))
    else:
        problems += [f.detail for f in check_registration(invoice.registration_number, supplier) if f.detail]
    return Requirement("issuer", MISSING if problems else PRESENT, tuple(problems))


def _description(invoice: Invoice) -> Requirement:
    """Every line described, and the reduced-rate items marked where rates are mixed."""
    rates = {t.rate for t in invoice.taxes}
    rates |= {line.tax_rate for line in invoice.lines if line.tax_rate is not None}
    if not invoice.lines or any(not (line.description or "").strip() for line in invoice.lines):
        return Requirement("description", MISSING, (Message(N_("lines without a description")),))
    if rates & REDUCED_RATES and len(rates) > 1 and any(line.tax_rate is None for line in invoice.lines):
        return Requirement("description", MISSING, (Message(N_("reduced-rate items are not marked")),))
    return Requirement("description", PRESENT)


def _per_rate(invoice: Invoice) -> tuple[Requirement, Requirement]:
    """The taxable total and the tax of each rate."""
    if not invoice.taxes:
        return (Requirement("taxable_per_rate", MISSING, (Message(N_("no totals per tax rate")),)),
                Requirement("tax_per_rate", MISSING, (Message(N_("no tax per rate")),)))
    no_taxable = [str(t.rate) for t in invoice.taxes if t.taxable is None]
    no_tax = [str(t.rate) for t in invoice.taxes if t.tax is None]
    if no_taxable:
        taxable = Requirement("taxable_per_rate", MISSING, (
            Message.of(N_("no total for %(rates)s%%"), rates=", ".join(no_taxable)),))
    else:
        taxable = Requirement("taxable_per_rate", PRESENT)
    if no_tax:
        tax = Requirement("tax_per_rate", MISSING, (
            Message.of(N_("no tax for %(rates)s%%"), rates=", ".join(no_tax)),))
    else:
        tax = Requirement("tax_per_rate", PRESENT)
    return taxable, tax


def _recipient(recipient_name: str | None) -> Requirement:
    """The addressee as the caller found it: unchecked when it did not look."""
    if recipient_name is None:
        return Requirement("recipient", UNCHECKED)
    return Requirement("recipient", PRESENT if recipient_name.strip() else MISSING)
