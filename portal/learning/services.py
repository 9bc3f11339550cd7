"""Learning from clerks' corrections: where each supplier prints its header fields, and who it is.

    remember_correction(document, "total", user)   # a clerk corrected a field: learn where it is printed
    remember_supplier(document, user)              # a clerk chose the supplier: learn its aliases, re-learn
    apply_memory(document, pages)                  # a document was read: memory before the generic reading
    clear_memory(supplier, user)                   # an admin makes the portal forget a supplier

Memory is kept per supplier and kind of document (an invoice and a quote are laid out
apart), one placement per field, replaced by the newest correction. A recalled value
yields to the document's arithmetic (`portal.learning.settle`). Every function flushes
and never commits.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select

from ocr import registration
from ocr.extract import memory, recall, tnumber
from ocr.extract.layout import boxes_meet
from ocr.extract.result import typed_field
from ocr.model import Page
from ocr.references import near, repair, shape_of
from ocr.reread import DocumentRereader
from portal import audit, storage
from portal.extensions import db
from portal.learning import terms
from portal.learning.settle import Place, derived_again, settle
from portal.matching.services import DatabaseLedger, resolve_supplier
from portal.matching.suppliers import alias_key
from portal.models import AuditEvent, Document, Supplier, SupplierAlias, SupplierMemory, User
from portal.models.clock import utcnow
from portal.models.types import held

_LIMITS = {"document_number": 100, "po_number": 100, "registration_number": 20, "currency": 3}


def pages_of(document: Document) -> list[Page]:
    """The document's pages as read, back as `ocr.model` pages."""
    return [page.as_read() for page in document.pages]


def _memories(supplier_id: int, doc_type: str | None) -> dict[str, SupplierMemory]:
    """The supplier's trusted memory by field: learnt on its documents of this kind, else (for a
    field never corrected on those) on its others, which are often laid out alike."""
    rows = db.session.scalars(select(SupplierMemory).where(SupplierMemory.supplier_id == supplier_id)
                              .order_by(SupplierMemory.doc_type != (doc_type or ""), SupplierMemory.updated_at.desc()))
    found: dict[str, SupplierMemory] = {}
    for row in rows:
        if row.field not in found:
            found[row.field] = row
    return {field: row for field, row in found.items() if row.trusted}


def _memory(document: Document, field: str) -> SupplierMemory | None:
    return db.session.scalar(select(SupplierMemory).where(
        SupplierMemory.supplier_id == document.supplier_id, SupplierMemory.doc_type == (document.doc_type or ""),
        SupplierMemory.field == field))


def _came_from_memory(document: Document, field: str) -> bool:
    return ((document.fields_meta or {}).get(field) or {}).get("source") == "memory"


# --- learning ----------------------------------------------------------------------------------


TERMS = "payment_terms"  # the memory row of a supplier's terms (`portal.learning.terms`), not a placement


def remember_terms(document: Document) -> SupplierMemory | None:
    """Learn the supplier's payment terms from an invoice's issue and due dates, if they are plain."""
    if document.supplier_id is None or document.doc_type != "invoice" or None in (
            document.issue_date, document.due_date):
        return None
    found = terms.terms_of(document.issue_date, document.due_date)
    if found is None:
        return None
    row = _memory(document, TERMS) or SupplierMemory(supplier_id=document.supplier_id, doc_type="invoice",
                                                     field=TERMS)
    db.session.add(row)
    row.placement, row.document_id, row.updated_at = {"terms": found}, document.id, utcnow()
    db.session.flush()
    return row


def remember_correction(document: Document, field: str, user: User | None = None) -> SupplierMemory | None:
    """Learn where the document's (corrected) value of a field is printed, for its supplier.

    A value not found on the page teaches nothing; a memory that had given this document
    the value just corrected counts the contradiction.
    """
    if field not in memory.KINDS or document.supplier_id is None:
        return None
    row = _memory(document, field)
    if row is not None and _came_from_memory(document, field):
        row.times_contradicted += 1
    pages, value = pages_of(document), getattr(document, field)
    placement = (memory.learn(pages, field, value) or _where_misread(document, pages, field, value)
                 or _where_guessed(document, pages, field, value))
    if placement is None:
        if row is not None and row.placement.get("vouched") and (
                row.document_id == document.id or _came_from_memory(document, field)):
            # Vouched for as read, then corrected: that place holds no value of it. (A value
            # the reading took from elsewhere, corrected, says nothing of the place.)
            db.session.delete(row)
            row = None
        db.session.flush()
        return row
    if row is None:
        row = SupplierMemory(supplier_id=document.supplier_id, doc_type=document.doc_type or "", field=field)
        db.session.add(row)
    row.placement, row.document_id, row.updated_at = placement.as_json(), document.id, utcnow()
    row.times_used = row.times_confirmed = row.times_contradicted = 0
    db.session.flush()
    audit.record("memory.learned", document, after={field: getattr(document, field)},
                 note=_where(placement), user=user)
    return row


def remember_vouched(document: Document, user: User | None = None) -> list[SupplierMemory]:
    """Learn where the fields a clerk left as read are printed, for a supplier with no memory of
    them yet: a clerk who corrects a document vouches for the rest of it. Such a placement only
    fills a field a later reading finds nothing for (`apply_memory`); a correction replaces it."""
    if document.supplier_id is None:
        return []
    pages, corrected, learnt, places = pages_of(document), set(corrected_fields(document)), [], []
    for field in memory.KINDS:
        value, read = getattr(document, field), (document.fields_meta or {}).get(field) or {}
        if field in corrected or value is None or read.get("source") is not None or _memory(document, field):
            continue  # (a value memory, the supplier's record or its terms gave vouches for no place)
        placement = memory.learn(pages, field, value)
        if placement is None:
            continue
        row = SupplierMemory(supplier_id=document.supplier_id, doc_type=document.doc_type or "", field=field,
                             placement=replace(placement, vouched=True).as_json(), document_id=document.id,
                             updated_at=utcnow())
        db.session.add(row)
        learnt.append(row)
        places.append(_where(placement))
    db.session.flush()
    if learnt:
        audit.record("memory.learned", document, after={row.field: _plain(getattr(document, row.field))
                                                        for row in learnt},
                     note="left as read: " + "; ".join(places), user=user)
    return learnt


def _where_misread(document: Document, pages: list[Page], field: str, value: Any) -> memory.Placement | None:
    """The place the reading took the value a clerk corrected from, where OCR misread it
    (`memory.learn_misread`): only a value the reading itself found, not one memory or the
    supplier's record gave, nor another field's value (the issue date taken for the due date
    is no misreading of the due date)."""
    read = (document.fields_meta or {}).get(field) or {}
    if read.get("source") is not None:
        return None
    value_read = typed_field(field, (document.extracted or {}).get(field))
    kind = memory.KINDS[field]
    if any(getattr(document, other) == value_read for other in memory.KINDS
           if other != field and memory.KINDS[other] == kind):
        return None
    return memory.learn_misread(pages, field, value, value_read, read.get("page"), read.get("box"))


def _where_guessed(document: Document, pages: list[Page], field: str, value: Any) -> memory.Placement | None:
    """The place of a value OCR only guessed at, found by reading the original's guessed words
    again (`recall.learn_guessed`); nothing when the original is not kept."""
    if value is None or value == "" or not storage.exists(document.sha256):
        return None
    rereader = DocumentRereader(storage.read(document.sha256), document.mime_type)
    return recall.learn_guessed(pages, field, value, rereader)


_FROM_CAPTION = {"right": "right of", "below": "below", "above": "above"}


def _where(placement: memory.Placement) -> str:
    """How a placement reads, for the audit trail: its surest caption, else its place."""
    if placement.captions:
        caption = placement.captions[0]
        return f"{placement.field}: {_FROM_CAPTION.get(caption.direction)} “{caption.text or caption.label}”"
    x0, y0, _x1, _y1 = placement.box
    return f"{placement.field}: page {placement.page} at {x0:.0%}, {y0:.0%}"


def corrected_fields(document: Document) -> list[str]:
    """The learnable header fields a person has corrected on the document."""
    events = db.session.scalars(select(AuditEvent.after).where(
        AuditEvent.document_id == document.id, AuditEvent.action == "corrected"))
    found = {key for after in events for key in (after or {}) if key in memory.KINDS}
    return [f for f in memory.KINDS if f in found]


def relearn(document: Document, user: User | None = None) -> None:
    """After the document's supplier or kind changed: forget what it taught under the old ones,
    and learn its corrected fields again under the new."""
    db.session.execute(delete(SupplierMemory).where(
        SupplierMemory.document_id == document.id,
        (SupplierMemory.supplier_id != (document.supplier_id or 0))
        | (SupplierMemory.doc_type != (document.doc_type or ""))))
    for field in corrected_fields(document):
        remember_correction(document, field, user)


def remember_supplier(document: Document, user: User | None = None) -> list[SupplierAlias]:
    """A clerk said whose document this is: the name and T-number the reader read on it
    become that supplier's aliases (unless they already lead to it), and what the document
    taught is learnt again for it."""
    added = []
    if document.supplier_id is not None:
        read = document.extracted or {}
        directory = DatabaseLedger().directory()
        resolved = directory.resolve(read.get("supplier_name"), read.get("registration_number"))
        if resolved is None or resolved.id != document.supplier_id:
            added = [alias for kind in ("registration_number", "name")
                     if (alias := _add_alias(document, kind, read.get(kind if kind != "name" else "supplier_name")))]
    relearn(document, user)
    if added:
        audit.record("supplier.alias_learned", document, after={a.kind: a.value for a in added}, user=user)
    return added


def _add_alias(document: Document, kind: str, value: str | None) -> SupplierAlias | None:
    key = alias_key(kind, value)
    if not key:
        return None
    exists = db.session.scalar(select(SupplierAlias).where(
        SupplierAlias.supplier_id == document.supplier_id, SupplierAlias.kind == kind, SupplierAlias.value == key))
    if exists is not None:
        return None
    alias = SupplierAlias(supplier_id=document.supplier_id, kind=kind, value=key, document_id=document.id)
    db.session.add(alias)
    db.session.flush()
    return alias


# --- recalling -------------------------------------------------------------------------------


@dataclass
class Recollection:
    """What memory did to one document: the fields it set (with the generic values they
    replaced), the fields whose recalled value lost, and the supplier it remembered."""

    supplier: Supplier | None
    applied: dict[str, Any]
    lost: set[str]


def _supplier_of(document: Document) -> Supplier | None:
    """The supplier as matching resolves it from the generic reading (T-number, aliases, name, order)."""
    resolve_supplier(document)
    return db.session.get(Supplier, document.supplier_id) if document.supplier_id is not None else None


def _lines_sum(document: Document) -> Decimal | None:
    amounts = [line.amount for line in document.lines]
    return sum(amounts, Decimal(0)) if amounts and None not in amounts else None


def _typed(field: str, value: Any) -> Any:
    limit = _LIMITS.get(field)
    return str(value)[:limit] if limit else value


def apply_memory(document: Document, pages: list[Page]) -> Recollection:
    """Read the document again where its supplier's memory points, and let each recalled
    value replace the generic one unless the document's arithmetic says otherwise.

    fields_meta says which values memory gave ("source": "memory"); the audit trail says
    what it changed.
    """
    supplier = _supplier_of(document)
    rows = _memories(supplier.id, document.doc_type) if supplier else {}
    terms_row = rows.pop(TERMS, None)
    generic = {field: getattr(document, field) for field in memory.KINDS}
    applied: dict[str, Any] = {}
    lost: set[str] = set()
    if rows:
        placements = recall.in_date_order(pages, [_placement(row, document) for row in rows.values()],
                                          document.currency)
        recalled = _recalled(document, pages, placements, generic)
        read = {n for n in memory.AMOUNTS if n in (document.fields_meta or {})}
        kept, lost = settle(generic, recalled, _lines_sum(document), read, registered=supplier.registration_number,
                            places=_places(document))
        applied = _apply(document, kept, generic, read)
        for field, reading in recalled.items():
            row = rows[field]
            row.times_contradicted += field in lost
            row.times_used += field in kept
            row.times_confirmed += field in kept and _typed(field, reading.value) == generic[field]
    applied |= _due_by_terms(document, terms_row)
    applied |= _registered_number(document, supplier, rows.get("registration_number"), pages)
    if "document_number" not in applied and _kind_of(rows.get("document_number")) != document.doc_type:
        applied |= _numbered_as_before(document, supplier)
    applied |= _supplier_currency(document, supplier)
    db.session.flush()
    if applied or lost:
        audit.record("memory.applied", document, before={f: generic[f] for f in applied},
                     after={f: getattr(document, f) for f in applied},
                     note=supplier.code + (f" (overruled: {', '.join(sorted(lost))})" if lost else ""))
    return Recollection(supplier, applied, lost)


def _places(document: Document) -> dict[str, Place]:
    """Where on its pages the reading found each header field (fields_meta's page and box)."""
    return {field: (meta["page"], meta["box"]) for field, meta in (document.fields_meta or {}).items()
            if isinstance(meta, dict) and meta.get("page") is not None and meta.get("box")}


def _placement(row: SupplierMemory, document: Document) -> memory.Placement:
    """A memory's placement as it applies to the document. A document number learnt on the
    supplier's other kind of document (a quote's, for an invoice) keeps its place but not its
    shape: the two are numbered apart. It then only fills a number the reading found none of."""
    placement = memory.Placement.from_json(row.placement)
    if placement.field == "document_number" and row.doc_type != (document.doc_type or ""):
        return replace(placement, shape=None, example=None, vouched=True)
    return placement


def _recalled(document: Document, pages: list[Page], placements: list[memory.Placement],
              generic: dict[str, Any]) -> dict[str, memory.Recalled]:
    """What memory reads where the placements point: a place a clerk only vouched for where the
    reading found nothing, or found a number unlike the supplier's (`_unlike`); read again from
    the original where the page's reading holds nothing there. Over a number the reading found,
    a vouched or re-read one must have the supplier's shape exactly."""
    open_ = {p.field for p in placements if generic.get(p.field) is None or _unlike(p, generic[p.field])}
    vouched = {p.field for p in placements if p.vouched}
    found = {field: reading for field, reading in recall.recall(pages, placements).items()
             if field in open_ or field not in vouched}
    found |= _read_again(document, pages, [p for p in placements if p.field not in found and p.field in open_])
    places = _places(document)
    return {field: reading for field, reading in found.items()
            if (generic.get(field) is None or field not in vouched and reading.how != "reread"
                or shape_of(str(reading.value)) == reading.shape) and not _over_another_field(places, field, reading)
            and not _beyond_the_books(field, reading)}


def _beyond_the_books(field: str, reading: memory.Recalled) -> bool:
    """A figure memory read that no money column holds (a reference's digits where the supplier
    printed its total before): no figure, as at intake (`types.held`)."""
    return field in memory.AMOUNTS and isinstance(reading.value, Decimal) and held(reading.value) is None


def _over_another_field(places: dict[str, Place], field: str, reading: memory.Recalled) -> bool:
    """Whether memory read a field again where the reading found another field's value: the
    supplier printed its order number there on an earlier document, its T-number on this one,
    which has no order number. That is no value of the field."""
    if reading.how != "reread":
        return False
    page, box = reading.tokens[0].page, reading.meta()["box"]
    return any(where == page and boxes_meet(box, other) for name, (where, other) in places.items() if name != field)


def _unlike(placement: memory.Placement, value: Any) -> bool:
    """Whether a number the reading found lacks the shape the supplier prints there ('FR999905083'
    where its invoice numbers read 'F2611-0404'): another number, taken for it."""
    return placement.shape is not None and shape_of(str(value)) != placement.shape


def _read_again(document: Document, pages: list[Page],
                placements: list[memory.Placement]) -> dict[str, memory.Recalled]:
    """Fields neither the reading nor the supplier's memory found, read again from the original
    where the supplier prints them (`recall.read_again`); nothing when the original is not kept."""
    if not placements or not storage.exists(document.sha256):
        return {}
    rereader = DocumentRereader(storage.read(document.sha256), document.mime_type)
    return {p.field: found for p in placements if (found := recall.read_again(pages, p, rereader)) is not None}


def _due_by_terms(document: Document, row: SupplierMemory | None) -> dict[str, Any]:
    """A due date nobody could read, from the supplier's terms and the issue date; audited by the caller."""
    if row is None or document.due_date is not None or document.issue_date is None or document.doc_type != "invoice":
        return {}
    due = terms.due_by(row.placement["terms"], document.issue_date)
    if due is None:
        return {}
    document.due_date = due
    row.times_used += 1
    document.fields_meta = {**(document.fields_meta or {}),
                            "due_date": {"source": "terms", "confidence": terms.TERMS_CONFIDENCE, "page": None,
                                         "box": None}}
    return {"due_date": None}


REGISTERED_CONFIDENCE = 0.9  # the supplier's registered T-number, found on the page as OCR damaged it


def _registered_number(document: Document, supplier: Supplier | None, remembered: SupplierMemory | None,
                       pages: list[Page]) -> dict[str, Any]:
    """The supplier's T-number where the reading found none and the page shows it
    (`ocr.extract.tnumber.shown`: its T lost, a digit read as a letter or, read unsurely,
    misread): the number a clerk corrected on its earlier documents, else the registered one.
    Printed cleanly with one digit otherwise, its T read as a digit, it is that number as printed
    (`tnumber.printed_otherwise`). Audited by the caller. A number read stays as read, its check
    digit right or wrong: a finding for the matching rules."""
    if supplier is None or document.registration_number:
        return {}
    corrected = remembered.placement.get("example") if remembered else None
    known = [n for n in map(registration.normalise, (corrected, supplier.registration_number)) if n]
    number = next((n for n in known if tnumber.shown(pages, n)), None) or next(
        (printed for n in known if (printed := tnumber.printed_otherwise(pages, n))), None)
    if number is None:
        return {}
    document.registration_number = number
    document.fields_meta = {**(document.fields_meta or {}), "registration_number": {
        "source": "supplier", "confidence": REGISTERED_CONFIDENCE, "page": None, "box": None}}
    return {"registration_number": None}


def _kind_of(row: SupplierMemory | None) -> str | None:
    return row.doc_type if row is not None else None


NUMBERED_AS_BEFORE = 3  # the supplier's latest documents of a kind whose numbers show its numbering
NUMBERED_CONFIDENCE = 0.85  # a document number put back in the shape the supplier numbers in


def _numbered_as_before(document: Document, supplier: Supplier | None) -> dict[str, Any]:
    """A document number read a look-alike away from the shape the supplier's latest documents of
    its kind were numbered in, letters and all ('8000987' where they read 'B000844': its B read
    as an 8), in that shape, when it then lies in the supplier's sequence. Audited by the caller."""
    read = document.document_number
    if supplier is None or not read or document.doc_type is None:
        return {}
    earlier = db.session.scalars(select(Document.document_number).where(
        Document.supplier_id == supplier.id, Document.doc_type == document.doc_type, Document.id != document.id,
        Document.document_number.is_not(None)).order_by(Document.id.desc()).limit(NUMBERED_AS_BEFORE)).all()
    shapes = {shape_of(number) for number in earlier}
    if len(shapes) != 1 or shape_of(read) in shapes or "A" not in (shape := shapes.pop()):
        return {}
    number = repair(read, shape, earlier[0])
    if shape_of(number) != shape or not near(number, earlier[0]):
        return {}
    document.document_number = number
    document.fields_meta = {**(document.fields_meta or {}), "document_number": {
        **((document.fields_meta or {}).get("document_number") or {}), "source": "supplier",
        "confidence": NUMBERED_CONFIDENCE, "generic": read}}
    return {"document_number": read}


SUPPLIER_CURRENCY_CONFIDENCE = 0.8  # the supplier's currency, where the document names none


def _supplier_currency(document: Document, supplier: Supplier | None) -> dict[str, Any]:
    """The supplier's currency where the document names none: it prints no money at all (amounts
    without $ or 円 on a pre-printed form), or only signs, which OCR may have made of others
    (a fax's '¥' read as '$'). A currency read beside its caption, or from its code written out,
    or that memory gave stands. Audited by the caller."""
    read = (document.fields_meta or {}).get("currency")
    if supplier is None or not supplier.currency or document.currency == supplier.currency or read:
        return {}
    generic = document.currency
    document.currency = supplier.currency
    document.fields_meta = {**(document.fields_meta or {}), "currency": {
        "source": "supplier", "confidence": SUPPLIER_CURRENCY_CONFIDENCE, "page": None, "box": None,
        **({"generic": generic} if generic else {})}}
    return {"currency": generic}


def _apply(document: Document, kept: dict[str, memory.Recalled], generic: dict[str, Any],
           read: set[str]) -> dict[str, Any]:
    """Set the kept recalled values (and figures derived from replaced ones); returns field -> generic value."""
    meta = dict(document.fields_meta or {})
    changed = {}
    for field, reading in kept.items():
        value = _typed(field, reading.value)
        meta[field] = reading.meta() | ({"generic": _plain(generic[field])} if value != generic[field] else {})
        if value != generic[field]:
            setattr(document, field, value)
            changed[field] = generic[field]
    if any(n in changed for n in memory.AMOUNTS):
        figures = derived_again({n: getattr(document, n) for n in memory.AMOUNTS}, read | set(kept))
        for name, value in figures.items():
            if value != getattr(document, name):
                setattr(document, name, value)
                changed.setdefault(name, generic[name])
        _follow_tax_line(document, generic)
    document.fields_meta = meta
    return changed


def _follow_tax_line(document: Document, generic: dict[str, Any]) -> None:
    """A single tax line that repeated the generic subtotal and tax repeats the new ones."""
    if len(document.tax_lines) != 1:
        return
    line = document.tax_lines[0]
    if line.taxable == generic["subtotal"]:
        line.taxable = document.subtotal
    if line.tax == generic["tax_total"]:
        line.tax = document.tax_total


def _plain(value: Any) -> Any:
    return value if value is None or isinstance(value, str) else str(value)


# --- what an admin sees and clears -------------------------------------------------------------


def memory_of(supplier: Supplier) -> tuple[list[SupplierMemory], list[SupplierAlias]]:
    """A supplier's remembered placements and aliases, in a stable order."""
    rows = db.session.scalars(select(SupplierMemory).where(SupplierMemory.supplier_id == supplier.id)
                              .order_by(SupplierMemory.doc_type, SupplierMemory.field))
    aliases = db.session.scalars(select(SupplierAlias).where(SupplierAlias.supplier_id == supplier.id)
                                 .order_by(SupplierAlias.kind, SupplierAlias.value))
    return list(rows), list(aliases)


def clear_memory(supplier: Supplier, user: User | None = None) -> int:
    """Forget everything learnt about a supplier; returns how many placements and aliases went."""
    rows, aliases = memory_of(supplier)
    for row in (*rows, *aliases):
        db.session.delete(row)
    db.session.flush()
    audit.record("memory.cleared", supplier, before={"placements": len(rows), "aliases": len(aliases)},
                 after={"placements": 0, "aliases": 0}, note=supplier.code, user=user)
    return len(rows) + len(aliases)


def suppliers_with_memory(ids: Iterable[int]) -> set[int]:
    """Which of these suppliers the portal has learnt something about."""
    ids = list(ids)
    with_rows = db.session.scalars(select(SupplierMemory.supplier_id).where(SupplierMemory.supplier_id.in_(ids)))
    with_aliases = db.session.scalars(select(SupplierAlias.supplier_id).where(SupplierAlias.supplier_id.in_(ids)))
    return set(with_rows) | set(with_aliases)
