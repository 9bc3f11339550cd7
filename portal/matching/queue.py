"""The exceptions queue a page at a time: the documents whose match found something wrong, by
exception, supplier, issue date and whether someone overrode it.

It opens on what is left to resolve: an exception nobody overrode, on a document still in play
(to review, or waiting for approval; once approved, rejected or closed as a duplicate there is
nothing left to do). "Overridden" shows the exceptions someone accepted, with their documents
wherever those went since; "any" both.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, exists, func, select

from portal.extensions import db
from portal.filters import filtered_documents, supplier_named, within
from portal.models import (
    Document,
    ExceptionOverride,
    MatchException,
    MatchResult,
    ReviewStatus,
    Status,
)
from portal.paging import Page, chosen, paginate, typed_day, typed_words
from portal.templating import EXCEPTION_LABELS

# An exception someone overrode (accepted, with a reason), on the match of a document.
OVERRIDDEN = exists().where(ExceptionOverride.document_id == MatchResult.document_id,
                            ExceptionOverride.code == MatchException.code)
_IN_PLAY = and_(Document.status == Status.PROCESSED,
                Document.review_status.in_((ReviewStatus.TO_REVIEW, ReviewStatus.SUBMITTED)))
STATES = {"open": _l("To resolve"), "overridden": _l("Overridden"), "all": _l("Any")}
# The orders of the list; the first is the default. Each ends on the id.
SORTS: dict[str, tuple[object, tuple]] = {
    "oldest": (_l("Oldest first"), (Document.id,)),
    "newest": (_l("Newest first"), (Document.id.desc(),)),
    "due": (_l("Earliest due date first"), (Document.due_date.is_(None), Document.due_date, Document.id)),
    "amount": (_l("Highest amount first"), (Document.total.is_(None), Document.total.desc(), Document.id)),
}
_SHOWN = (Document.id, Document.file_name, Document.status, Document.review_status, Document.review_note,
          Document.supplier_id, Document.supplier_name, Document.document_number, Document.total,
          Document.currency, Document.issue_date, Document.due_date, Document.lease_expires_at)


def has_open_exception(code: str = "") -> ColumnElement[bool]:
    """A document with an exception (`code`, else any) nobody overrode, and still in play: what the
    queue opens on, and what the document list's "has an open exception" keeps."""
    exception = [MatchResult.document_id == Document.id, MatchException.match_id == MatchResult.id, ~OVERRIDDEN]
    if code:
        exception.append(MatchException.code == code)
    return and_(exists().where(*exception), _IN_PLAY)


@dataclass(frozen=True)
class ExceptionFilters:
    """What the query string asks of the queue; values that do not parse are ignored."""

    code: str = ""
    supplier: str = ""
    state: str = "open"
    issued_from: date | None = None
    issued_to: date | None = None
    sort: str = "oldest"

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> ExceptionFilters:
        return cls(code=chosen(args, "code", EXCEPTION_LABELS), supplier=typed_words(args, "supplier"),
                   state=chosen(args, "state", STATES, "open"), issued_from=typed_day(args, "issued_from"),
                   issued_to=typed_day(args, "issued_to"), sort=chosen(args, "sort", SORTS, "oldest"))

    @property
    def narrowed(self) -> bool:
        return bool(self.code or self.supplier or self.issued_from or self.issued_to or self.state != "open")

    def conditions(self) -> list[ColumnElement[bool]]:
        """The filters as conditions on the Document."""
        exception = [MatchResult.document_id == Document.id, MatchException.match_id == MatchResult.id]
        if self.code:
            exception.append(MatchException.code == self.code)
        if self.state == "open":
            out = [has_open_exception(self.code)]
        elif self.state == "overridden":
            out = [exists().where(*exception, OVERRIDDEN)]
        else:
            out = [exists().where(*exception)]
        out.append(Document.deleted_at.is_(None))  # a deleted document leaves the lists
        out += supplier_named(Document.supplier_id, self.supplier)
        out += within(Document.issue_date, self.issued_from, self.issued_to)
        return out


@dataclass(frozen=True)
class QueueRow:
    """A document of the queue and its exceptions, in order, each with whether it was overridden."""

    document: Document
    exceptions: list[tuple[str, bool]]


def exception_queue(args: Mapping[str, str], number: int) -> tuple[Page, ExceptionFilters]:
    """Page `number` of the queue as the query string filters and sorts it: one query for the page,
    one to count, one for the exceptions of the page's documents."""
    filters = ExceptionFilters.from_args(args)
    conditions = filters.conditions()
    query = filtered_documents(conditions, SORTS[filters.sort][1], _SHOWN)
    page = paginate(query, number, count=select(func.count()).select_from(Document).where(*conditions))
    exceptions = _exceptions_of([d.id for d in page.items])
    rows = [QueueRow(d, exceptions[d.id]) for d in page.items]
    return Page(rows, page.number, page.size, page.total), filters


def _exceptions_of(document_ids: list[int]) -> defaultdict[int, list[tuple[str, bool]]]:
    """Each document's exception codes, in order, and whether someone overrode each (one query)."""
    found: defaultdict[int, list[tuple[str, bool]]] = defaultdict(list)
    if document_ids:
        for document_id, code, overridden in db.session.execute(
                select(MatchResult.document_id, MatchException.code, OVERRIDDEN)
                .join(MatchException, MatchException.match_id == MatchResult.id)
                .where(MatchResult.document_id.in_(document_ids)).order_by(MatchException.code)):
            found[document_id].append((code, bool(overridden)))
    return found
