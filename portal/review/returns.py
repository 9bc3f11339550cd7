"""Documents an approver sent back to the clerks: who sent each back, when, and what they asked.

A document is sent back while it is in review with a note (`review_note`, cleared when it is
submitted again, as the document list counts it); the step that sent it back is the returned
step of its latest chain.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import ApprovalStep, Document, ReviewStatus, StepStatus, User


@dataclass(frozen=True)
class SentBack:
    comment: str
    by: str | None
    at: datetime | None


def sent_back(documents: list[Document]) -> dict[int, SentBack]:
    """Of these documents, those sent back, by id (one query for a list)."""
    waiting = {d.id: d for d in documents
               if d.review_note and d.review_status == ReviewStatus.TO_REVIEW.value}
    if not waiting:
        return {}
    latest = select(ApprovalStep.document_id, func.max(ApprovalStep.round).label("round")).where(
        ApprovalStep.document_id.in_(list(waiting))).group_by(ApprovalStep.document_id).subquery()
    rows = db.session.execute(
        select(ApprovalStep.document_id, User.name, ApprovalStep.decided_at)
        .join(latest, (latest.c.document_id == ApprovalStep.document_id) & (latest.c.round == ApprovalStep.round))
        .outerjoin(User, User.id == ApprovalStep.decided_by_id)
        .where(ApprovalStep.status == StepStatus.RETURNED.value)).all()
    by = {document_id: (name, at) for document_id, name, at in rows}
    return {i: SentBack(d.review_note, *by.get(i, (None, None))) for i, d in waiting.items()}
