"""Finding any record the way the electronic-bookkeeping law asks: by transaction date, amount
and counterparty, combined with document number, status and free text. One query builder
serves the search page, `portal search`, and the CSV for the tax office.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from flask import current_app
from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.filters import within
from portal.matching.rules.identifiers import normalise_document_number
from portal.matching.suppliers import name_similarity, normalise_name
from portal.models import Document, DocumentVersion, Supplier, SupplierAlias
from portal.paging import PAGE_SIZE, Page
from portal.search import fulltext

# The statuses one can search by: what people decided, and deleted (a flag, kept and found).
STATUSES = ("to_review", "submitted", "approved", "rejected", "duplicate", "deleted")
SUPPLIER_SIMILARITY = 0.75  # a supplier whose name (or alias) is this close counts as named
MAX_TEXT = 200


@dataclass(frozen=True)
class Criteria:
    """What to look for; an unset criterion does not narrow."""

    issued_from: date | None = None
    issued_to: date | None = None
    min_total: Decimal | None = None
    max_total: Decimal | None = None
    supplier: str = ""
    number: str = ""
    text: str = ""
    status: str = ""
    history: bool = False  # also match what earlier versions said (訂正前の記録)

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, "", False) for f in fields(self))


def search_query(criteria: Criteria) -> Select:
    """Documents meeting every criterion, newest transaction first."""
    query = select(Document)
    if criteria.status == "deleted":
        query = query.where(Document.deleted_at.is_not(None))
    else:
        query = query.where(Document.deleted_at.is_(None))
        if criteria.status:
            query = query.where(Document.review_status == criteria.status)
    keys = _key_conditions(Document, criteria)
    if criteria.supplier:
        keys.append(_supplier_condition(criteria.supplier, Document))
    if keys and criteria.history:
        in_versions = _key_conditions(DocumentVersion, criteria)
        if criteria.supplier:
            in_versions.append(_supplier_condition(criteria.supplier, DocumentVersion))
        query = query.where(or_(and_(*keys), Document.id.in_(
            select(DocumentVersion.document_id).where(*in_versions))))
    elif keys:
        query = query.where(*keys)
    if criteria.text and (condition := fulltext.matches(criteria.text)) is not None:
        query = query.where(condition)
    return query.order_by(Document.issue_date.desc().nulls_last(), Document.id.desc())


def _key_conditions(source, criteria: Criteria) -> list[ColumnElement[bool]]:
    """Date, amount and number conditions on the documents, or on their versions."""
    conditions = [*within(source.issue_date, criteria.issued_from, criteria.issued_to),
                  *within(source.total, criteria.min_total, criteria.max_total)]
    if criteria.number:
        # The number as typed or its beginning, compared as duplicates are (width, case,
        # separators, look-alikes): a range on the indexed key. (A part from its middle is found
        # by the free text, which holds every number the document ever had.)
        key = normalise_document_number(criteria.number) or ""
        if source is Document:
            conditions.append(and_(Document.document_number_key >= key,
                                   Document.document_number_key < key + "\uffff"))
        else:
            conditions.append(func.upper(source.document_number).like(
                f"{fulltext.escape_like(criteria.number.upper())}%", escape="\\"))
    return conditions


def _supplier_condition(name: str, source) -> ColumnElement[bool]:
    """The suppliers of the master whose name, code or an alias is close to `name` (either
    language: names are compared after width and legal forms are set aside), or the name as
    printed on the document containing it (when no supplier of the master is named)."""
    ids = matching_suppliers(name)
    if ids:  # the master's suppliers: by the indexed column
        if source is Document:
            return Document.supplier_id.in_(ids)
        return DocumentVersion.document_id.in_(select(Document.id).where(Document.supplier_id.in_(ids)))
    return func.lower(source.supplier_name).like(f"%{fulltext.escape_like(name.strip().lower())}%", escape="\\")


def matching_suppliers(name: str) -> list[int]:
    """Ids of suppliers whose code, name or an alias read on their documents is like `name`."""
    wanted = normalise_name(name)
    if not wanted:
        return []
    candidates = list(db.session.execute(select(Supplier.id, Supplier.name, Supplier.code)))
    candidates += [(sid, value, None) for sid, value in db.session.execute(
        select(SupplierAlias.supplier_id, SupplierAlias.value).where(SupplierAlias.kind == "name"))]
    # The name as typed, inside a supplier's name or alias, or its code; only when none has it,
    # the names close to it (a typo, another spelling): "Supplier 0100" is not "Supplier 0101".
    named = {sid for sid, supplier_name, code in candidates
             if (code and code.lower() == name.strip().lower()) or wanted in normalise_name(supplier_name)}
    if named:
        return sorted(named)
    return sorted({sid for sid, supplier_name, _code in candidates
                   if name_similarity(name, supplier_name) >= SUPPLIER_SIMILARITY})


COUNT_CAP = 1000  # results are counted up to this many ("more than 1,000"): counting all costs more than finding


def search_page(criteria: Criteria, number: int, size: int | None = None) -> Page:
    """One page of results, counted up to COUNT_CAP + 1.

    One query reads the ids of the first COUNT_CAP + 1 results in order: their number is the
    count, and the page is a slice of them, its documents then read by id. So the criteria
    (the full-text match above all) are evaluated once, not once to count and once to show;
    only a page past the first COUNT_CAP results is read with an offset.
    """
    size = size or current_app.config.get("PAGE_SIZE", PAGE_SIZE)
    query = search_query(criteria)
    ids = db.session.scalars(query.with_only_columns(Document.id).limit(COUNT_CAP + 1)).all()
    total = len(ids)
    number = min(max(1, number), max(1, -(-total // size)))
    start = (number - 1) * size
    if start + size > total > COUNT_CAP:  # the page runs past the ids read
        items = db.session.scalars(query.options(selectinload(Document.supplier)).limit(size).offset(start)).all()
        return Page(items=items, number=number, size=size, total=total)
    wanted = ids[start:start + size]
    loaded = {d.id: d for d in db.session.scalars(select(Document).where(Document.id.in_(wanted))
                                                  .options(selectinload(Document.supplier)))}
    return Page(items=[loaded[i] for i in wanted], number=number, size=size, total=total)


def search_all(criteria: Criteria, limit: int | None = None) -> Iterator[Document]:
    """Every result, with what the export shows loaded, a batch at a time."""
    from portal.documents.export import EXPORT_LOADING

    query = search_query(criteria).options(*EXPORT_LOADING)
    if limit:
        query = query.limit(limit)
    yield from db.session.scalars(query.execution_options(yield_per=500))


MAX_CSV_ROWS = 100_000  # the most one download holds: narrow the search for more


def tax_office_rows(criteria: Criteria, original_link) -> Iterator[list]:
    """The CSV rows for the tax office's download request (ダウンロードの求め): the three search
    keys, the document's number and kind, and the link to its original, byte for byte."""
    query = search_query(criteria).options(selectinload(Document.supplier)).limit(MAX_CSV_ROWS)
    for document in db.session.scalars(query.execution_options(yield_per=500)):
        counterparty = document.supplier.name if document.supplier else document.supplier_name
        yield [document.issue_date.isoformat() if document.issue_date else "",
               "" if document.total is None else str(document.total), document.currency or "",
               counterparty or "", document.registration_number or "", document.document_number or "",
               document.doc_type or "", document.review_status, document.id, original_link(document),
               document.sha256]
