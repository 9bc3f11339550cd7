"""Approving several documents at once, from the inbox: each step is its own decision, decided by
`services.decide` as one decided alone would be (the same checks: assignment, segregation of
duties, no open exception) and audited on its own; a step that may not be approved is left
waiting, with the reason, and the others are approved."""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.access import roles_required
from portal.approvals import bp, services
from portal.extensions import db
from portal.models import ApprovalStep, Role, StepStatus, User

MOST_AT_ONCE = 100


@dataclass
class BulkOutcome:
    approved: list[ApprovalStep] = field(default_factory=list)
    refused: list[tuple[ApprovalStep, str]] = field(default_factory=list)


class DecidedMeanwhile(Exception):
    """Someone decided one of the steps while these were being approved: nothing was recorded."""


def approve_all(step_ids: list[int], user: User, comment: str = "") -> BulkOutcome:
    """Approve each step as `services.decide` would one by one. Flushes; DecidedMeanwhile when a
    concurrent decision rolled the transaction back (then none of them is approved)."""
    outcome = BulkOutcome()
    for step_id in dict.fromkeys(step_ids):
        step = db.session.get(ApprovalStep, step_id)
        if step is None:
            continue
        try:
            services.decide(step.id, user, "approve", comment)
        except services.AlreadyDecided as exc:
            if outcome.approved and _rolled_back(outcome.approved[0]):
                raise DecidedMeanwhile() from exc
            outcome.refused.append((step, str(exc)))
        except services.ApprovalError as exc:
            outcome.refused.append((step, str(exc)))
        else:
            outcome.approved.append(step)
    return outcome


def _rolled_back(step: ApprovalStep) -> bool:
    db.session.refresh(step)
    return step.status != StepStatus.APPROVED.value


@bp.post("/bulk")
@roles_required(Role.APPROVER)
def bulk_approve():
    """Approvers: approve the steps ticked in the inbox, each as its own decision."""
    step_ids = [int(value) for value in request.form.getlist("step") if value.isdigit()][:MOST_AT_ONCE]
    back = _same_site(request.form.get("next")) or url_for("approvals.inbox")
    if not step_ids:
        flash(_("Tick the documents to approve."), "error")
        return redirect(back, code=303)
    try:
        outcome = approve_all(step_ids, current_user, request.form.get("comment", ""))
    except DecidedMeanwhile:
        db.session.rollback()
        abort(409)
    if outcome.approved:
        flash(_("%(n)s approved, each as its own decision.", n=len(outcome.approved)), "success")
    for step, reason in outcome.refused:
        document = step.document
        flash(_("Not approved: %(document)s: %(reason)s", reason=reason,
                document=document.document_number or document.file_name), "error")
    return redirect(back, code=303)


def _same_site(target: str | None) -> str | None:
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return None
