"""Who is told what, by e-mail. Nothing is sent without PORTAL_SMTP_URL.

An approver learns that steps wait for them at most once a day: the first step of the day that
waits for them sends a digest of everything waiting (a NotificationSent row for the day, written
before the mail goes, keeps it to one even with several workers), and the daily run at
PORTAL_DIGEST_HOUR sends one to those with steps still waiting who had none that day. Whoever
submitted a document is told of each decision on it. Every function flushes and never commits,
but `send_waiting_digest`, a job of the worker's, commits its claim on the day before it sends.
"""
from __future__ import annotations

import logging
from datetime import date

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.approvals.services import chain, permission, waiting_for
from portal.extensions import db
from portal.models import ApprovalStep, AuditEvent, Delegation, Document, NotificationSent, Role, StepStatus, User
from portal.notifications.mail import send

log = logging.getLogger(__name__)
DIGEST = "waiting"


def notify(name: str, document_id: int, actor_id: int | None) -> None:
    """Mail whom this happening concerns (a job of the worker's)."""
    if not current_app.config["SMTP_URL"]:
        return
    document = db.session.get(Document, document_id)
    if document is None:
        return
    if name == "waiting":
        from portal.tasks import waiting_digest_task

        for user_id in waiting_on(document):
            waiting_digest_task(user_id)
    elif name in ("approved", "rejected", "returned"):
        tell_submitter(document, name, actor_id)


def waiting_on(document: Document) -> list[int]:
    """Who may decide the document's pending step today: its named approver and their
    substitutes, or, for a step any approver may decide, every approver allowed to."""
    pending = [s for s in chain(document) if s.status == StepStatus.PENDING.value]
    if not pending:
        return []
    step = pending[0]
    if step.approver_id is not None:
        today = date.today()
        substitutes = [d.substitute_id for d in db.session.scalars(select(Delegation).where(
            Delegation.approver_id == step.approver_id, Delegation.cancelled.is_(False))) if d.covers(today)]
        candidates = [step.approver_id, *substitutes]
    else:
        candidates = list(db.session.scalars(select(User.id).where(User.role == Role.APPROVER.value,
                                                                   User.active.is_(True))))
    return [user.id for user in map(lambda i: db.session.get(User, i), candidates)
            if user is not None and user.active and permission(step, user).allowed]


def send_waiting_digest(user_id: int, day: date | None = None) -> bool:
    """Mail the user what waits for them, unless they have had this day's digest; True if sent."""
    day = day or date.today()
    user = db.session.get(User, user_id)
    if user is None or not user.active or not current_app.config["SMTP_URL"]:
        return False
    steps = waiting_for(user)
    if not steps:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(NotificationSent(user_id=user.id, kind=DIGEST, day=day))
        db.session.commit()  # claimed before sending: one digest a day, whichever worker gets here first
    except IntegrityError:
        db.session.rollback()
        return False
    subject, body = _digest_text(user, steps)
    try:
        send(user.email, subject, body)
    except Exception:  # noqa: BLE001  the daily run tries again
        log.exception("digest to %s could not be sent", user.email)
        db.session.execute(NotificationSent.__table__.delete().where(
            NotificationSent.user_id == user.id, NotificationSent.kind == DIGEST, NotificationSent.day == day))
        return False
    return True


def _digest_text(user: User, steps: list[ApprovalStep]) -> tuple[str, str]:
    base = current_app.config["BASE_URL"]
    with force_locale(user.locale or "en"):
        subject = _("%(n)s invoice(s) wait for your approval", n=len(steps))
        lines = [_("Hello %(name)s,", name=user.name), "",
                 _("These wait for your decision in the portal:"), ""]
        for step in steps:
            document = step.document
            amount = f"{document.total} {document.currency or ''}".strip() if document.total is not None else "—"
            lines.append(f"- {document.supplier_name or document.file_name} · {document.document_number or ''} · "
                         f"{amount} · {base}/approvals/steps/{step.id}")
        lines += ["", _("You get at most one such e-mail a day."), ""]
        return subject, "\n".join(lines)


def submitter(document: Document) -> User | None:
    """Whoever last submitted the document, else whoever uploaded it."""
    user_id = db.session.scalar(select(AuditEvent.user_id).where(
        AuditEvent.document_id == document.id, AuditEvent.action == "submitted").order_by(AuditEvent.id.desc()))
    user = db.session.get(User, user_id or document.uploaded_by_id or 0)
    return user if user is not None and user.active else None


def tell_submitter(document: Document, decision: str, actor_id: int | None) -> bool:
    """Mail the submitter the decision on their document (not when they decided it themselves)."""
    user = submitter(document)
    if user is None or user.id == actor_id:
        return False
    actor = db.session.get(User, actor_id or 0)
    with force_locale(user.locale or "en"):
        words = {"approved": _("approved"), "rejected": _("rejected"), "returned": _("sent back to you")}
        subject = _("%(document)s was %(decision)s", document=document.document_number or document.file_name,
                    decision=words[decision])
        body = "\n".join([
            _("Hello %(name)s,", name=user.name), "",
            _("%(who)s %(decision)s %(document)s.", who=actor.name if actor else _("The portal"),
              decision=words[decision], document=document.document_number or document.file_name),
            *([_("Reason: %(note)s", note=document.review_note)] if document.review_note and decision != "approved"
              else []), "",
            f"{current_app.config['BASE_URL']}/documents/{document.id}", ""])
    send(user.email, subject, body)
    return True


def daily_digests(hour: int | None = None) -> int:
    """At PORTAL_DIGEST_HOUR (local time): queue a digest for every approver; how many were queued."""
    from datetime import datetime

    from portal.tasks import waiting_digest_task

    if not current_app.config["SMTP_URL"]:
        return 0
    if (hour if hour is not None else datetime.now().hour) != current_app.config["DIGEST_HOUR"]:
        return 0
    approvers = list(db.session.scalars(select(User.id).where(User.role.in_([Role.APPROVER.value, Role.ADMIN.value]),
                                                              User.active.is_(True))))
    for user_id in approvers:
        waiting_digest_task(user_id)
    return len(approvers)
