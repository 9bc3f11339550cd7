"""Matching documents in the database: load rows, apply the rules, store the outcome.

A document is matched against what was uploaded before it (lower id) only, so the
outcome does not depend on which worker finished first. Whatever can change another
document's outcome (its order's quantities, its supplier's open orders, being the
original of a duplicate) re-runs the later documents it touches, in upload order.
Every function flushes and never commits.
"""
from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from sqlalchemy import and_, func, or_, select

from ocr import registration
from ocr.extract import tnumber
from ocr.model import Page
from portal import audit
from portal.extensions import db
from portal.matching import rules, tolerances
from portal.matching.suppliers import SupplierDirectory
from portal.models import (
    AuditEvent,
    Document,
    DocumentLine,
    GoodsReceipt,
    MatchException,
    MatchResult,
    PurchaseOrder,
    PurchaseOrderLine,
    ReviewStatus,
    Supplier,
    SupplierAlias,
)
from portal.models.clock import utcnow

# --- rows to records ---------------------------------------------------------------------


def supplier_record(supplier: Supplier) -> rules.SupplierRecord:
    return rules.SupplierRecord(supplier.id, supplier.code, supplier.name, supplier.registration_number,
                                supplier.currency, supplier.price_tolerance, supplier.address)


def invoice_record(document: Document) -> rules.Invoice:
    """A document's current fields (corrections included) as the rules see them."""
    return rules.Invoice(
        id=document.id, doc_type=document.doc_type, supplier_id=document.supplier_id,
        supplier_name=document.supplier_name, registration_number=document.registration_number,
        document_number=document.document_number, po_number=document.po_number, currency=document.currency,
        issue_date=document.issue_date, subtotal=document.subtotal, tax_total=document.tax_total,
        total=document.total, sha256=document.sha256,
        lines=tuple(rules.InvoiceLine(line.description, line.quantity, line.unit_price, line.amount,
                                      line.tax_rate) for line in document.lines),
        taxes=tuple(rules.TaxAmount(t.rate, t.taxable, t.tax) for t in document.tax_lines),
    )


def lines_as_scanned(document: Document) -> bool:
    """Whether the document's lines are as OCR read them off an image: a page of it was scanned
    (no text layer) and no person has corrected, added or removed a line."""
    if all(page.source != "ocr" for page in document.pages):
        return False
    events = db.session.scalars(select(AuditEvent.after).where(
        AuditEvent.document_id == document.id, AuditEvent.action == "corrected"))
    return not any(key.startswith("line.") for after in events for key in (after or {}))


def _order_records(where) -> list[rules.Order]:
    """Orders (with lines and quantities received) for a WHERE clause on PurchaseOrder."""
    orders = db.session.scalars(select(PurchaseOrder).where(where).order_by(PurchaseOrder.id)).all()
    if not orders:
        return []
    ids = [o.id for o in orders]
    lines = db.session.scalars(select(PurchaseOrderLine).where(PurchaseOrderLine.order_id.in_(ids))
                               .order_by(PurchaseOrderLine.order_id, PurchaseOrderLine.line_no)).all()
    received = dict(db.session.execute(
        select(GoodsReceipt.order_line_id, func.sum(GoodsReceipt.quantity_received))
        .join(PurchaseOrderLine, PurchaseOrderLine.id == GoodsReceipt.order_line_id)
        .where(PurchaseOrderLine.order_id.in_(ids)).group_by(GoodsReceipt.order_line_id)).all())
    by_order: dict[int, list[rules.OrderLine]] = defaultdict(list)
    for line in lines:
        by_order[line.order_id].append(rules.OrderLine(
            line.id, line.line_no, line.description, line.quantity, line.unit_price, line.tax_rate,
            Decimal(received.get(line.id) or 0), line.sku))
    return [rules.Order(o.id, o.number, o.supplier_id, tuple(by_order[o.id]), o.source) for o in orders]


# --- the database ledger -----------------------------------------------------------------


class DatabaseLedger:
    """rules.Ledger over the tables, for one service call (master data cached, results not)."""

    def __init__(self) -> None:
        self._suppliers: dict[int, rules.SupplierRecord | None] = {}
        self._orders: dict[str, rules.Order | None] = {}
        self._by_supplier: dict[int, list[rules.Order]] = {}
        self._directory: SupplierDirectory | None = None
        self._numbers: list[str] | None = None
        self._shapes: dict[str | None, set[str]] | None = None
        self._numberings: set[rules.Numbering | None] | None = None
        self._by_printed: dict[str | None, str] | None = None

    def order_numbers(self) -> list[str]:
        """Every order's number, read once for the call."""
        if self._numbers is None:
            self._numbers = list(db.session.scalars(select(PurchaseOrder.number)))
        return self._numbers

    def supplier(self, supplier_id: int) -> rules.SupplierRecord | None:
        if supplier_id not in self._suppliers:
            row = db.session.get(Supplier, supplier_id)
            self._suppliers[supplier_id] = supplier_record(row) if row else None
        return self._suppliers[supplier_id]

    def directory(self) -> SupplierDirectory:
        if self._directory is None:
            rows = db.session.scalars(select(Supplier))
            aliases = db.session.execute(select(SupplierAlias.kind, SupplierAlias.value, SupplierAlias.supplier_id))
            self._directory = SupplierDirectory((supplier_record(s) for s in rows), (tuple(a) for a in aliases))
        return self._directory

    def order_by_number(self, number: str) -> rules.Order | None:
        if number not in self._orders:
            found = _order_records(PurchaseOrder.number == number) or _order_records(
                func.upper(func.replace(PurchaseOrder.number, " ", "")) == number)
            self._orders[number] = found[0] if found else None
        return self._orders[number]

    def order_read_as(self, number: str, *, unsure: bool) -> str | None:
        """The one order number a misread of `number` stands for, if exactly one order's has its
        shape: the shape of look-alike letters first, then, for a number read `unsure`ly, that
        of a fax's 9s for 0s (read surely, a 9 is what was printed); else the one order whose
        number it is with one letter of the prefix misread."""
        if self._shapes is None:
            self._shapes = defaultdict(set)
            for known in self.order_numbers():
                for faxed in (False, True):
                    self._shapes[faxed, rules.order_number_shape(known, faxed=faxed)].add(known)
        for faxed in (False, True) if unsure else (False,):
            found = self._shapes.get((faxed, rules.order_number_shape(number, faxed=faxed)), set())
            if found:
                return next(iter(found)) if len(found) == 1 else None
        found = {known for known in self.order_numbers() if rules.one_letter_misread(number, known)}
        return next(iter(found)) if len(found) == 1 else None

    def suppliers_order_read_as(self, number: str, supplier_id: int, *, unsure: bool = False) -> str | None:
        """The one order of the supplier's whose number OCR read as `number` with a character
        lost or added, or its prefix garbled (`rules.one_character_lost`); read `unsure`ly, also
        with one digit misread (`rules.one_digit_misread`)."""
        found = {o.number for o in self._orders_of(supplier_id) if rules.one_character_lost(number, o.number)
                 or unsure and rules.one_digit_misread(number, o.number)}
        return found.pop() if len(found) == 1 else None

    def _orders_of(self, supplier_id: int) -> list[rules.Order]:
        if supplier_id not in self._by_supplier:
            self._by_supplier[supplier_id] = _order_records(PurchaseOrder.supplier_id == supplier_id)
        return self._by_supplier[supplier_id]

    def order_numbered(self, printed: str) -> str | None:
        """The number of the order whose number, compared as `rules.normalise_po_number` does, is `printed`."""
        if self._by_printed is None:
            self._by_printed = {rules.normalise_po_number(n): n for n in self.order_numbers()}
        return self._by_printed.get(printed)

    def numbered_like(self, number: str) -> bool:
        if self._numberings is None:
            self._numberings = {rules.numbering(known) for known in self.order_numbers()}
        return rules.numbered_alike(number, self._numberings)

    def orders_by_amount(self, supplier_id: int, amount: Decimal) -> list[rules.Order]:
        return [o for o in self._orders_of(supplier_id) if o.line_total == amount]

    def invoiced_before(self, order: rules.Order, document_id: int) -> dict[int, Decimal]:
        earlier = db.session.scalars(
            select(Document).join(MatchResult, MatchResult.document_id == Document.id)
            .where(MatchResult.order_id == order.id, MatchResult.duplicate_of_id.is_(None),
                   Document.id < document_id, _not_quote())
            .order_by(Document.id)).all()
        return rules.replay_quantities(order, (invoice_record(d) for d in earlier))

    def original_of(self, invoice: rules.Invoice) -> rules.Original | None:
        key = rules.normalise_document_number(invoice.document_number)
        same = [Document.sha256 == invoice.sha256] if invoice.sha256 else []
        if key and invoice.supplier_id is not None:
            same.append((Document.supplier_id == invoice.supplier_id) & (Document.document_number_key == key))
        if invoice.supplier_id is not None and invoice.issue_date is not None and invoice.total is not None:
            # One of the two numbers unread (a photo's, a fax's): the same supplier, day and total.
            alike = [Document.supplier_id == invoice.supplier_id, Document.issue_date == invoice.issue_date,
                     Document.total == invoice.total]
            same.append(and_(*alike, Document.document_number_key.is_(None)) if key else and_(*alike))
        if not same:
            return None
        earlier = db.session.scalar(select(Document).where(Document.id < invoice.id, _not_quote(), or_(*same))
                                    .order_by(Document.id).limit(1)) or _read_a_character_apart(invoice, key)
        if earlier is None:
            return None
        match = earlier.match
        original_id = match.duplicate_of_id if match and match.duplicate_of_id else earlier.id
        return rules.Original(original_id, match.order_id if match else None)


def _read_a_character_apart(invoice: rules.Invoice, key: str | None) -> Document | None:
    """The earlier invoice of the same supplier, day and total whose number one of the two
    readings read with a character lost or added (`rules.one_character_apart`)."""
    if key is None or invoice.supplier_id is None or invoice.issue_date is None or invoice.total is None:
        return None
    alike = select(Document).where(
        Document.id < invoice.id, _not_quote(), Document.supplier_id == invoice.supplier_id,
        Document.issue_date == invoice.issue_date, Document.total == invoice.total,
        Document.document_number_key.is_not(None)).order_by(Document.id)
    return next((d for d in db.session.scalars(alike) if rules.one_character_apart(d.document_number_key, key)), None)


def _not_quote():
    return or_(Document.doc_type.is_(None), Document.doc_type != "quote")


# --- matching and storing ----------------------------------------------------------------


def _snapshot(result: MatchResult | None) -> dict | None:
    if result is None:
        return None
    order = db.session.get(PurchaseOrder, result.order_id) if result.order_id else None
    return {"po_number": order.number if order else None, "duplicate_of": result.duplicate_of_id,
            "exceptions": sorted({e.code for e in result.exceptions})}


def resolve_supplier(document: Document, ledger: DatabaseLedger | None = None) -> None:
    """Rule 1, for documents whose supplier nobody has set yet.

    When neither the registration number nor the name identifies anyone (a stamp over
    the one, a smudge over the other, the addressee's name read for the issuer's), the one
    supplier whose telephone number or whole name the pages print is the document's; else a
    printed order number that exists names the supplier the order went to, as it would for a
    clerk.
    """
    if document.supplier_id is not None:
        return
    ledger = ledger or DatabaseLedger()
    name_supplier(document, ledger)
    if document.supplier_id is not None:
        return
    number = rules.normalise_po_number(document.po_number)
    order = ledger.order_by_number(number) if number else None
    if order is not None and document.doc_type != "quote":
        document.supplier_id = order.supplier_id


def name_supplier(document: Document, ledger: DatabaseLedger) -> None:
    """The supplier the document names (`resolve_supplier`, without its order number), where nobody
    has set one: its registration number or name, else its telephone number or whole name printed."""
    if document.supplier_id is not None:
        return
    printed = " ".join(page.text for page in document.pages)
    directory = ledger.directory()
    found = (directory.resolve(document.supplier_name, document.registration_number, printed)
             or directory.named_in(printed))
    if found is not None:
        document.supplier_id = found.id


SURE_NUMBER = 0.85  # an order or T-number read with less confidence may hold a fax's misread digit


def recognise_order_number(document: Document, ledger: DatabaseLedger) -> None:
    """A printed order number no order has, that OCR misread from exactly one that exists
    ('POO-2026-02711', or read unsurely 'PO-2926-92727'), becomes that order's number, as a
    clerk would read it; audited. Not where the document's supplier is known and the order went
    to another: an order this supplier was never sent is none it bills."""
    number = rules.normalise_po_number(document.po_number)
    if number is None or document.doc_type == "quote" or ledger.order_by_number(number) is not None:
        return
    read = (document.fields_meta or {}).get("po_number") or {}
    unsure = read.get("confidence") is not None and read["confidence"] < SURE_NUMBER
    known = ledger.order_read_as(number, unsure=unsure)
    if known is not None and document.supplier_id is not None \
            and ledger.order_by_number(known).supplier_id != document.supplier_id:
        known = None  # another supplier's order: no misreading of an order this supplier was sent
    _recognised(document, known)


def recognise_suppliers_order(document: Document, ledger: DatabaseLedger) -> None:
    """A printed order number no order has, once the supplier is known, that OCR read from exactly
    one of the supplier's orders with a character lost or added ('PO-2026-0253' for
    PO-2026-02533) or its prefix garbled ('12026-02845'), or, read unsurely, with a digit
    misread ('PO-2026-06116'), becomes that order's; audited. So does the number as read where
    the supplier's memory mended it into one no order has."""
    number = rules.normalise_po_number(document.po_number)
    if (number is None or document.doc_type == "quote" or document.supplier_id is None
            or ledger.order_by_number(number) is not None):
        return
    meta = (document.fields_meta or {}).get("po_number") or {}
    unsure = meta.get("confidence") is not None and meta["confidence"] < SURE_NUMBER
    found = ledger.suppliers_order_read_as(number, document.supplier_id, unsure=unsure)
    read = rules.normalise_po_number(meta.get("generic"))
    if found is None and read:  # as read before the supplier's memory mended it, wrongly
        found = ledger.order_numbered(read) or ledger.suppliers_order_read_as(read, document.supplier_id)
    _recognised(document, found)


def _recognised(document: Document, known: str | None) -> None:
    if known is not None and known != document.po_number:
        audit.record("po_number.recognised", document, before={"po_number": document.po_number},
                     after={"po_number": known})
        document.po_number = known


ORDER_ON_PAGE_CONFIDENCE = 0.9  # an order's number printed word for word where no caption named it
SHORTEST_ORDER_ON_PAGE = 6  # characters: a shorter number is as likely a quantity, a year or a code
_CAPTION_RUN_IN = re.compile(r"(?i)^(?:no\.?|nr\.?|#|n°)\s*(?=\w)")  # 'No.P26-08866': a caption's 'No.' run into it


def find_printed_order(document: Document, ledger: DatabaseLedger | None = None) -> None:
    """An invoice the reader found no order number on (its caption one the lexicon does not
    hold, or a 'Reference' box) whose pages print, word for word, the number of exactly one
    order: that is its order number, as a clerk who knows the orders sees at a glance; audited.
    Its own number, and numbers shorter than `SHORTEST_ORDER_ON_PAGE`, are never taken."""
    if document.po_number or document.doc_type == "quote":
        return
    ledger = ledger or DatabaseLedger()
    own = rules.normalise_po_number(document.document_number)
    found: dict[str, tuple[int, dict]] = {}
    for page in document.pages:
        for word in page.words:
            printed = rules.normalise_po_number(_CAPTION_RUN_IN.sub("", word.get("text") or ""))
            if printed and len(printed) >= SHORTEST_ORDER_ON_PAGE and printed != own:
                if (number := ledger.order_numbered(printed)) is not None:
                    found.setdefault(number, (page.number, word))
    if len(found) != 1:
        return
    ((number, (page, word)),) = found.items()
    audit.record("po_number.found", document, before={"po_number": None}, after={"po_number": number})
    document.po_number = number
    box = [word["left"], word["top"], word["left"] + word["width"], word["top"] + word["height"]]
    document.fields_meta = {**(document.fields_meta or {}), "po_number": {
        "source": "orders", "confidence": ORDER_ON_PAGE_CONFIDENCE, "page": page, "box": box}}


def recognise_registration_number(document: Document) -> None:
    """A printed T-number that differs from its supplier's registered one only where a 0 and a
    9 stand for each other is the registered one: OCR's 0-for-9 the check digit cannot see (a
    difference of 9 in one digit leaves it as it was). So is one read unsurely whose check digit
    fails for one digit of the twelve after it that differs from the registered (a fax's 6 read
    as a 5); read surely, it is what the supplier printed. So is one that differs only where the
    registered number's zeros were read as their look-alikes (a line printer's slashed zero).
    Where no valid T-number was read at all, the registered number's digits printed garbled on
    the page are the registered number
    (`ocr.extract.tnumber.shown`), and so is a valid number read unsurely where the page shows
    the registered one as garbled: a mark OCR put among its digits, which the check digit made
    into a digit of another valid number ('TS522188536766+' for T5221885367664). Any other
    difference stays, for a clerk to judge; audited."""
    supplier = db.session.get(Supplier, document.supplier_id) if document.supplier_id else None
    printed = registration.normalise(document.registration_number)
    registered = registration.normalise(supplier.registration_number) if supplier else None
    if registered is None or printed == registered:
        return
    if printed is None:
        if not tnumber.shown([page.as_read() for page in document.pages], registered):
            return
    else:
        read = (document.fields_meta or {}).get("registration_number") or {}
        unsure = read.get("confidence") is not None and read["confidence"] < SURE_NUMBER
        if not (all(a == b or {a, b} == {"0", "9"} for a, b in zip(printed, registered, strict=True))
                or unsure and _one_body_digit_misread(printed, registered)
                or registration.zeros_misread(printed, registered)
                or unsure and _garbled_registered(printed, registered, [page.as_read() for page in document.pages])):
            return
    audit.record("registration_number.recognised", document,
                 before={"registration_number": document.registration_number},
                 after={"registration_number": registered})
    document.registration_number = registered


def _garbled_registered(printed: str, registered: str, pages: list[Page]) -> bool:
    """Whether a valid number read unsurely is no number the page shows whole, where the page does
    show the registered number, garbled: a mark OCR put among its digits, which the check digit
    made into a digit of another valid number."""
    return (registration.is_valid(printed) and not tnumber.printed_whole(pages, printed)
            and tnumber.shown(pages, registered))


def _one_body_digit_misread(printed: str, registered: str) -> bool:
    """Whether the read T-number fails its check digit for one digit after it, the registered
    number being valid and the same everywhere else."""
    if len(printed) != len(registered) or registration.is_valid(printed) or not registration.is_valid(registered):
        return False
    apart = [n for n, (a, b) in enumerate(zip(printed, registered, strict=True)) if a != b]
    return len(apart) == 1 and apart[0] >= 2  # ('T', then the check digit: a difference there is printed)


def read_lines_by_order(document: Document, ledger: DatabaseLedger, scanned: bool) -> None:
    """Lines OCR misread off a scan (`scanned`: `lines_as_scanned`), read again with the figures
    of the order lines they bill where the invoice's totals say so (`rules.lines_the_order_explains`);
    audited. Only while the document is in review: what was submitted or decided on stays as it
    was, whatever an order imported later says."""
    if document.doc_type == "quote" or document.review_status != ReviewStatus.TO_REVIEW or not scanned:
        return
    record = replace(invoice_record(document), lines_as_scanned=True)
    order, _ = rules.find_order(record, ledger)
    if order is None:
        return
    mended = rules.lines_the_order_explains(record, order)
    rows = list(document.lines)
    before, after = {}, {}
    for index, line in mended.items():
        row = rows[index]
        before[f"line.{row.position}"] = _figures(row)
        if line is None:
            document.lines.remove(row)
            after[f"line.{row.position}"] = None
            continue
        row.quantity, row.unit_price, row.amount = line.quantity, line.unit_price, line.amount
        after[f"line.{row.position}"] = _figures(row)
    if mended:
        db.session.flush()
        audit.record("lines.read_from_order", document, before=before, after=after)


def _figures(line: DocumentLine) -> str:
    return " · ".join(str(v) for v in (line.quantity, line.unit_price, line.amount) if v is not None)


def _match_one(document: Document, ledger: DatabaseLedger, limits: rules.Tolerances) -> MatchResult:
    """Match one document against everything before it and store the outcome; audits a change."""
    name_supplier(document, ledger)  # (before its order number is read as any order's: `recognise_order_number`)
    recognise_order_number(document, ledger)
    resolve_supplier(document, ledger)
    recognise_suppliers_order(document, ledger)
    recognise_registration_number(document)
    scanned = lines_as_scanned(document)
    read_lines_by_order(document, ledger, scanned)
    document.document_number_key = rules.normalise_document_number(document.document_number)
    db.session.flush()
    record = replace(invoice_record(document), lines_as_scanned=scanned)
    outcome = rules.match_invoice(record, ledger, limits)
    result = document.match
    before = _snapshot(result)
    if result is None:
        result = MatchResult(document_id=document.id)
        document.match = result
        db.session.add(result)
    result.order_id = outcome.order_id
    result.duplicate_of_id = outcome.duplicate_of_id
    result.matched_at = utcnow()
    by_code: dict[str, list[rules.Finding]] = defaultdict(list)
    for finding in outcome.findings:
        by_code[finding.code].append(finding)
    # One row per code, so the list the export shows has each code once.
    result.exceptions = [
        MatchException(code=code, detail="; ".join(str(f.detail) for f in found if f.detail) or None,
                       details=[[f.detail.text, dict(f.detail.values)] for f in found if f.detail] or None,
                       order_line_id=found[0].order_line_id if len(found) == 1 else None)
        for code, found in sorted(by_code.items())
    ]
    db.session.flush()
    after = _snapshot(result)
    if after != before:
        audit.record("match.changed", document, before=before, after=after)
    return result


def _is_ready(document: Document) -> bool:
    """Extraction has saved its fields (or the document was matched before)."""
    return document.doc_type is not None or document.match is not None


def _later_related(document: Document, order_ids: set[int], supplier_ids: set[int]) -> list[Document]:
    """Later documents whose outcome may depend on this one."""
    related = [Document.sha256 == document.sha256, MatchResult.duplicate_of_id == document.id]
    if order_ids:
        related.append(MatchResult.order_id.in_(order_ids))
    found = set(db.session.scalars(
        select(Document).outerjoin(MatchResult, MatchResult.document_id == Document.id)
        .where(Document.id > document.id, or_(*related))))
    if supplier_ids:
        # Same supplier: a later one may repeat this number, or pick among the open orders.
        key = rules.normalise_document_number(document.document_number)
        for later in db.session.scalars(select(Document).where(Document.id > document.id,
                                                               Document.supplier_id.in_(supplier_ids))):
            if not rules.normalise_po_number(later.po_number) or (key and later.document_number_key == key):
                found.add(later)
    return [d for d in found if _is_ready(d)]


def _rematch(documents: Iterable[Document]) -> dict[int, MatchResult]:
    """Match the documents and, in upload order, every later one they affect."""
    ledger, limits = DatabaseLedger(), tolerances.current()
    queue = [(d.id, d) for d in documents]
    heapq.heapify(queue)
    done: dict[int, MatchResult] = {}
    while queue:
        _id, document = heapq.heappop(queue)
        if document.id in done:
            continue
        old = document.match
        orders = {old.order_id} if old is not None and old.order_id else set()
        suppliers = {document.supplier_id} if document.supplier_id else set()
        result = _match_one(document, ledger, limits)
        done[document.id] = result
        orders |= {result.order_id} if result.order_id else set()
        suppliers |= {document.supplier_id} if document.supplier_id else set()
        for later in _later_related(document, orders - {None}, suppliers):
            if later.id not in done:
                heapq.heappush(queue, (later.id, later))
    return done


# --- the public API ----------------------------------------------------------------------


def match_document(document: Document) -> MatchResult:
    """Match a document whose fields were just saved (or corrected), then the later ones it affects.

    The supplier is resolved (rule 1) when document.supplier_id is None: clear it when
    a correction changes the printed supplier name or T-number.
    """
    db.session.flush()
    return _rematch([document])[document.id]


def rematch_orders(order_ids: Iterable[int]) -> int:
    """Re-match documents touching these orders (after receipts or orders were imported or recorded).

    That is the documents matched to them, those printing their numbers (perhaps
    `po_not_found` until now), and those of their suppliers printing no PO number.
    Returns how many documents were matched.
    """
    db.session.flush()
    orders = db.session.scalars(select(PurchaseOrder).where(PurchaseOrder.id.in_(list(order_ids)))).all()
    if not orders:
        return 0
    ids = {o.id for o in orders}
    numbers = {rules.normalise_po_number(o.number) for o in orders}
    suppliers = {o.supplier_id for o in orders}
    matched = select(Document).join(MatchResult, MatchResult.document_id == Document.id)
    affected = set(db.session.scalars(matched.where(MatchResult.order_id.in_(ids))))
    unmatched = (select(Document).outerjoin(MatchResult, MatchResult.document_id == Document.id)
                 .where(MatchResult.order_id.is_(None), _not_quote()))
    for document in db.session.scalars(unmatched.where(
            or_(Document.po_number.is_not(None), Document.supplier_id.in_(suppliers)))):
        number = rules.normalise_po_number(document.po_number)
        if number in numbers or (number is None and document.supplier_id in suppliers):
            affected.add(document)
    for document in db.session.scalars(select(Document).where(Document.supplier_id.in_(suppliers))):
        if rules.normalise_po_number(document.po_number) is None:
            affected.add(document)  # its supplier's open orders may have changed
    return len(_rematch(d for d in affected if _is_ready(d)))


def rematch_all() -> int:
    """Re-match every processed document in upload order (after a master-data import)."""
    db.session.flush()
    ledger, limits = DatabaseLedger(), tolerances.current()
    count = 0
    for document in db.session.scalars(select(Document).order_by(Document.id)).all():
        if _is_ready(document):
            _match_one(document, ledger, limits)
            count += 1
    return count


def qualified_invoice_check(document: Document,
                            recipient_name: str | None = None) -> rules.QualifiedInvoiceCheck:
    """The six items of a qualified invoice for the document's screen (see rules.check_qualified_invoice)."""
    supplier = db.session.get(Supplier, document.supplier_id) if document.supplier_id else None
    master = supplier_record(supplier) if supplier else None
    return rules.check_qualified_invoice(invoice_record(document), master, recipient_name)
