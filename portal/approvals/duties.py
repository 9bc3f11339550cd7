"""Segregation of duties, as one rule: who prepared a document may not approve it.

A preparer is whoever uploaded the document, corrected it, overrode one of its exceptions,
attached a file to it or submitted it, and whoever recorded in the portal goods received on the
order it is matched to (the receipt is what clears "not received"). They may not decide its approval steps, in person
or as a substitute, nor may a substitute decide for them. `preparers` answers for one document;
`prepared_by` is the same rule as SQL, for lists of steps (the inbox): keep the two together.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import aliased

from portal.extensions import db
from portal.models import AuditEvent, Document, GoodsReceipt, MatchResult, PurchaseOrderLine

# The audit actions that make someone a preparer of a document.
PREPARING_ACTIONS = ("uploaded", "corrected", "overridden", "submitted", "attachment_added")


def preparers(document: Document) -> set[int]:
    """The ids of everyone who prepared the document."""
    ids = set(db.session.scalars(select(AuditEvent.user_id).where(
        AuditEvent.document_id == document.id, AuditEvent.action.in_(PREPARING_ACTIONS),
        AuditEvent.user_id.is_not(None))))
    if document.uploaded_by_id:
        ids.add(document.uploaded_by_id)
    order_id = document.match.order_id if document.match is not None else None
    if order_id is not None:
        ids |= set(db.session.scalars(select(GoodsReceipt.received_by_id).join(PurchaseOrderLine).where(
            PurchaseOrderLine.order_id == order_id, GoodsReceipt.received_by_id.is_not(None))))
    return ids


def prepared_by(user_id: Any) -> ColumnElement[bool]:
    """SQL: `user_id` (a value or a column) prepared the Document the enclosing query joins.

    For one user (an id) the documents they prepared are read once, as a set, for the whole
    query: the inbox then costs one pass over the pending steps, not three look-ups per step.
    """
    if isinstance(user_id, int):
        uploaded = aliased(Document)
        return or_(
            Document.id.in_(select(AuditEvent.document_id).where(
                AuditEvent.user_id == user_id, AuditEvent.action.in_(PREPARING_ACTIONS),
                AuditEvent.document_id.is_not(None))),
            Document.id.in_(select(uploaded.id).where(uploaded.uploaded_by_id == user_id)),
            Document.id.in_(select(MatchResult.document_id)
                            .join(PurchaseOrderLine, PurchaseOrderLine.order_id == MatchResult.order_id)
                            .join(GoodsReceipt, GoodsReceipt.order_line_id == PurchaseOrderLine.id)
                            .where(GoodsReceipt.received_by_id == user_id)),
        )
    return or_(
        exists().where(AuditEvent.document_id == Document.id, AuditEvent.action.in_(PREPARING_ACTIONS),
                       AuditEvent.user_id == user_id),
        and_(Document.uploaded_by_id.is_not(None), Document.uploaded_by_id == user_id),
        exists().where(MatchResult.document_id == Document.id, PurchaseOrderLine.order_id == MatchResult.order_id,
                       GoodsReceipt.order_line_id == PurchaseOrderLine.id, GoodsReceipt.received_by_id == user_id),
    )
