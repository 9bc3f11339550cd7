"""The approver's inbox a page at a time: the steps a user may decide, filtered (words, exceptions,
totals, due date) and sorted as the query string says, and what each row shows (the chain's
length, the exceptions overridden), each read for the whole page at once."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import joinedload

from portal.approvals.services import may_decide
from portal.extensions import db
from portal.filters import within
from portal.models import ApprovalStep, Document, ExceptionOverride, MatchException, MatchResult, Supplier, User
from portal.paging import Page, paginate, typed_amount, typed_day

SORTS = {
    "due": (_l("Earliest due date first"), (Document.due_date.is_(None), Document.due_date, ApprovalStep.id)),
    "oldest": (_l("Submitted first"), (ApprovalStep.id,)),
    "amount": (_l("Highest amount first"), (Document.total.is_(None), Document.total.desc(), ApprovalStep.id)),
}
_SHOWN = (Document.id, Document.file_name, Document.doc_type, Document.supplier_id, Document.supplier_name,
          Document.document_number, Document.issue_date, Document.due_date, Document.total, Document.currency)


# What the exceptions filter keeps: documents matched without any exception, or those with an
# exception someone overrode (the approver reads the reason).
EXCEPTION_FILTERS = {"clean": _l("No exceptions"), "overridden": _l("Exceptions overridden")}


@dataclass(frozen=True)
class InboxFilters:
    """What the query string asks of the inbox: words of the supplier or number, exceptions, a
    range of totals, a due date to be due by, and the order. Values that do not parse are ignored."""

    q: str = ""
    sort: str = "due"
    exceptions: str = ""
    min_total: Decimal | None = None
    max_total: Decimal | None = None
    due_by: date | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> InboxFilters:
        sort, exceptions = args.get("sort", ""), args.get("exceptions", "")
        return cls(q=(args.get("q") or "").strip()[:100], sort=sort if sort in SORTS else "due",
                   exceptions=exceptions if exceptions in EXCEPTION_FILTERS else "",
                   min_total=typed_amount(args, "min_total"), max_total=typed_amount(args, "max_total"),
                   due_by=typed_day(args, "due_by"))

    @property
    def is_empty(self) -> bool:
        """Nothing is filtered out (the order apart)."""
        return not (self.q or self.exceptions or self.min_total is not None or self.max_total is not None
                    or self.due_by)

    def conditions(self) -> list[ColumnElement[bool]]:
        """The filters as SQL conditions on the Document (and its Supplier, when words are asked)."""
        out = []
        if self.q:
            out.append(or_(*(column.icontains(self.q, autoescape=True) for column in (
                Supplier.name, Document.supplier_name, Document.document_number))))
        if self.exceptions == "clean":
            out.append(~exists().where(MatchResult.document_id == Document.id,
                                       MatchException.match_id == MatchResult.id))
        elif self.exceptions == "overridden":
            out.append(exists().where(ExceptionOverride.document_id == Document.id))
        out += within(Document.total, self.min_total, self.max_total)
        out += within(Document.due_date, most=self.due_by)
        return out


@dataclass(frozen=True)
class InboxRow:
    """One step waiting for the approver, with its document and what the row says of its chain."""

    step: ApprovalStep
    document: Document
    steps_total: int
    exception_codes: list[str]
    overridden: set[str]


@dataclass(frozen=True)
class Inbox:
    """One page of the inbox (its items are InboxRows) and the filters that chose it."""

    page: Page
    filters: InboxFilters

    @property
    def rows(self) -> list[InboxRow]:
        return list(self.page.items)


def inbox_page(user: User, args: Mapping[str, str], number: int, day: date | None = None) -> Inbox:
    """Page `number` of the steps waiting for the user's decision, with what each row shows.

    The page's steps are chosen, counted and sorted in one query that reads no more than it
    must (the conditions are what costs); what the rows show is then read for them alone.
    """
    filters = InboxFilters.from_args(args)
    conditions = [may_decide(user, day), *filters.conditions()]
    chosen = select(ApprovalStep.id).join(Document, Document.id == ApprovalStep.document_id)
    count = select(func.count()).select_from(ApprovalStep).join(Document, Document.id == ApprovalStep.document_id)
    if filters.q:
        chosen, count = chosen.outerjoin(Document.supplier), count.outerjoin(Document.supplier)
    page = paginate(chosen.where(*conditions).order_by(*SORTS[filters.sort][1]), number,
                    count=count.where(*conditions), one_pass=True)
    steps = _steps_shown(list(page.items))
    documents = [s.document_id for s in steps]
    totals, codes, overridden = _chain_lengths(steps), _exception_codes(documents), _overridden_codes(documents)
    rows = [InboxRow(s, s.document, totals.get((s.document_id, s.round), 0), codes[s.document_id],
                     overridden[s.document_id]) for s in steps]
    return Inbox(Page(rows, page.number, page.size, page.total), filters)


def _steps_shown(ids: list[int]) -> list[ApprovalStep]:
    """These steps, in this order, with their document, supplier and named approver."""
    if not ids:
        return []
    steps = db.session.scalars(
        select(ApprovalStep).where(ApprovalStep.id.in_(ids))
        .options(joinedload(ApprovalStep.document).load_only(*_SHOWN)
                 .joinedload(Document.supplier).load_only(Supplier.name),
                 joinedload(ApprovalStep.approver).load_only(User.name)))
    by_id = {step.id: step for step in steps}
    return [by_id[i] for i in ids]


def _chain_lengths(steps: list[ApprovalStep]) -> dict[tuple[int, int], int]:
    """How many steps each of these steps' chains has (one query for the page)."""
    if not steps:
        return {}
    rows = db.session.execute(
        select(ApprovalStep.document_id, ApprovalStep.round, func.count())
        .where(ApprovalStep.document_id.in_({s.document_id for s in steps}))
        .group_by(ApprovalStep.document_id, ApprovalStep.round))
    return {(document_id, round_): count for document_id, round_, count in rows}


def _exception_codes(document_ids: list[int]) -> defaultdict[int, list[str]]:
    """The codes of each document's match exceptions, in order (one query for the page: loading
    the matches and their exceptions as objects cost more than the rest of the rows)."""
    codes: defaultdict[int, list[str]] = defaultdict(list)
    if document_ids:
        for document_id, code in db.session.execute(
                select(MatchResult.document_id, MatchException.code)
                .join(MatchException, MatchException.match_id == MatchResult.id)
                .where(MatchResult.document_id.in_(document_ids)).order_by(MatchException.code)):
            codes[document_id].append(code)
    return codes


def _overridden_codes(document_ids: list[int]) -> defaultdict[int, set[str]]:
    """The exception codes overridden on each of these documents (one query for the page)."""
    codes: defaultdict[int, set[str]] = defaultdict(set)
    if document_ids:
        for document_id, code in db.session.execute(
                select(ExceptionOverride.document_id, ExceptionOverride.code)
                .where(ExceptionOverride.document_id.in_(document_ids))):
            codes[document_id].add(code)
    return codes
