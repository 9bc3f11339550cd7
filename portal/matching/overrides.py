"""Exceptions a clerk accepted: an override keeps one exception code of a document accepted,
with the reason, through every later re-matching. Every function flushes and never commits."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal import audit
from portal.extensions import db
from portal.models import Document, ExceptionOverride, MatchException, ReviewStatus, Role, User


class OverrideRefused(ValueError):
    """An override refused, with the reason for the user."""


class OverrideNotAllowed(OverrideRefused):
    """The user's role may not override exceptions."""


def overrides_of(document: Document) -> dict[str, ExceptionOverride]:
    """The document's overrides by exception code, each with who made it (the match panel names them)."""
    rows = db.session.scalars(select(ExceptionOverride).where(ExceptionOverride.document_id == document.id)
                              .options(joinedload(ExceptionOverride.user)))
    return {row.code: row for row in rows}


def open_exceptions(document: Document) -> list[MatchException]:
    """The document's match exceptions nobody has overridden."""
    if document.match is None:
        return []
    overridden = overrides_of(document)
    return [e for e in document.match.exceptions if e.code not in overridden]


def override_exception(document: Document, code: str, reason: str, user: User) -> ExceptionOverride:
    """Accept one standing exception with a reason (clerks and admins); it holds through re-matching."""
    reason = (reason or "").strip()
    if not user.has_role(Role.CLERK):
        raise OverrideNotAllowed(_("Only clerks and administrators may override an exception."))
    if not reason:
        raise OverrideRefused(_("Give the reason for overriding this exception."))
    if document.review_status != ReviewStatus.TO_REVIEW:
        raise OverrideRefused(_("Only a document in review can be changed."))
    if code not in {e.code for e in open_exceptions(document)}:
        raise OverrideRefused(_("This exception is not open on the document."))
    override = ExceptionOverride(document_id=document.id, code=code, reason=reason[:1000], user_id=user.id)
    db.session.add(override)
    db.session.flush()
    audit.record("overridden", document, after={"exception": code}, note=override.reason, user=user)
    return override
