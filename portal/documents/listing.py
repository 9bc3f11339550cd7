"""The document list: its filters and sorts as the query string names them, and one page of it.

The status a person filters on is the one the list shows: while a document is being read,
its reading status; once read, what people decided about it (to review, sent back, waiting
for approval, approved, rejected, duplicate). Only the columns the list shows are loaded.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, func, or_, select

from portal.extensions import db
from portal.filters import filtered_documents, supplier_named, within
from portal.matching.queue import OVERRIDDEN, has_open_exception
from portal.models import Document, MatchException, MatchResult, ReviewStatus, Status, Supplier
from portal.paging import Page, chosen, paginate, typed_amount, typed_day, typed_words

_processed = Document.status == Status.PROCESSED


def _review(status: ReviewStatus) -> ColumnElement[bool]:
    return and_(_processed, Document.review_status == status)


# The states a person can filter the list on, in the order the filter offers them.
STATES: dict[str, tuple[object, ColumnElement[bool]]] = {
    "reading": (_l("Being read"), Document.status.in_((Status.QUEUED, Status.PROCESSING))),
    "failed": (_l("Failed"), Document.status == Status.FAILED),
    "to_review": (_l("To review"), and_(_review(ReviewStatus.TO_REVIEW), Document.review_note.is_(None))),
    "sent_back": (_l("Sent back"), and_(_review(ReviewStatus.TO_REVIEW), Document.review_note.is_not(None))),
    "submitted": (_l("Waiting for approval"), _review(ReviewStatus.SUBMITTED)),
    "approved": (_l("Approved"), _review(ReviewStatus.APPROVED)),
    "rejected": (_l("Rejected"), _review(ReviewStatus.REJECTED)),
    "duplicate": (_l("Duplicate"), _review(ReviewStatus.DUPLICATE)),
}
# The orders of the list; the first is the default. Each ends on the id, so that a page holds
# the same rows however often it is asked for.
SORTS: dict[str, tuple[object, tuple]] = {
    "newest": (_l("Newest first"), (Document.id.desc(),)),
    "oldest": (_l("Oldest first"), (Document.id.asc(),)),
    "issued": (_l("Latest issue date first"), (Document.issue_date.is_(None), Document.issue_date.desc(),
                                               Document.id.desc())),
    "due": (_l("Earliest due date first"), (Document.due_date.is_(None), Document.due_date, Document.id)),
    "amount": (_l("Highest amount first"), (Document.total.is_(None), Document.total.desc(), Document.id.desc())),
}
_SHOWN = (Document.id, Document.file_name, Document.status, Document.review_status, Document.review_note,
          Document.doc_type, Document.supplier_id, Document.supplier_name, Document.document_number,
          Document.total, Document.currency, Document.issue_date, Document.due_date, Document.uploaded_at,
          Document.lease_expires_at)


@dataclass(frozen=True)
class ListFilters:
    """What the query string asks of the list: a status, words, a supplier (portal.matching.
    supplier_search), a range of issue dates and of totals, only documents with an exception left
    to resolve, and the order. Values that do not parse are ignored: they show everything."""

    state: str = ""
    q: str = ""
    supplier: str = ""
    issued_from: date | None = None
    issued_to: date | None = None
    min_total: Decimal | None = None
    max_total: Decimal | None = None
    open_exception: bool = False
    sort: str = "newest"

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> ListFilters:
        return cls(state=chosen(args, "status", STATES), q=typed_words(args, "q"),
                   supplier=typed_words(args, "supplier"), issued_from=typed_day(args, "issued_from"),
                   issued_to=typed_day(args, "issued_to"), min_total=typed_amount(args, "min_total"),
                   max_total=typed_amount(args, "max_total"), open_exception=args.get("exceptions") == "open",
                   sort=chosen(args, "sort", SORTS, "newest"))

    @property
    def more(self) -> bool:
        """A filter behind "More filters" is set (they are then shown open)."""
        return bool(self.supplier or self.issued_from or self.issued_to or self.min_total is not None
                    or self.max_total is not None or self.open_exception)

    @property
    def narrowed(self) -> bool:
        """Something is filtered out (the empty list then says so, and how to see everything)."""
        return bool(self.state or self.q or self.more)

    def conditions(self) -> list[ColumnElement[bool]]:
        """The filters as conditions on the Document (words of the supplier's name need suppliers
        joined; the supplier filter does not)."""
        # A deleted document leaves the lists (search finds it: portal.search).
        out = [Document.deleted_at.is_(None)] + ([STATES[self.state][1]] if self.state else [])
        if self.q:
            out.append(or_(*(column.icontains(self.q, autoescape=True) for column in (
                Supplier.name, Document.supplier_name, Document.document_number, Document.file_name))))
        out += supplier_named(Document.supplier_id, self.supplier)
        out += within(Document.issue_date, self.issued_from, self.issued_to)
        out += within(Document.total, self.min_total, self.max_total)
        if self.open_exception:
            out.append(has_open_exception())
        return out


@dataclass(frozen=True)
class DocumentList:
    """One page of the list, and what each of its rows needs besides the document."""

    page: Page
    filters: ListFilters
    open_exceptions: dict[int, int]  # document id -> exceptions nobody has overridden

    @property
    def reading(self) -> bool:
        """True while a document on this page waits to be read or is being read (and its worker
        has not stopped): the page then refreshes itself."""
        return any(d.status in (Status.QUEUED, Status.PROCESSING) and not d.is_stuck
                   for d in self.page.items)

    @property
    def stuck_from(self) -> datetime | None:
        """The first moment a document on this page being read counts as stuck, if its worker stops."""
        return min((d.stuck_from for d in self.page.items if d.stuck_from), default=None)


def document_list(args: Mapping[str, str], number: int) -> DocumentList:
    """Page `number` of the documents the query string's filters select, in its order."""
    filters = ListFilters.from_args(args)
    conditions = filters.conditions()
    query = filtered_documents(conditions, SORTS[filters.sort][1], _SHOWN)
    # count(*), not count(id): SQLite counts the rows of an index then, without reading them.
    count = select(func.count()).select_from(Document).where(*conditions)
    if filters.q:
        count = count.outerjoin(Document.supplier)
    page = paginate(query, number, count=count)
    return DocumentList(page, filters, open_exception_counts([d.id for d in page.items]))


def open_exception_counts(document_ids: list[int]) -> dict[int, int]:
    """For each document, how many of its match exceptions nobody has overridden (one query)."""
    if not document_ids:
        return {}
    rows = db.session.execute(
        select(MatchResult.document_id, func.count(MatchException.id))
        .join(MatchException, MatchException.match_id == MatchResult.id)
        .where(MatchResult.document_id.in_(document_ids), ~OVERRIDDEN)
        .group_by(MatchResult.document_id))
    return {document_id: count for document_id, count in rows}


