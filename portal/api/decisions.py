"""Approvals through the API: the steps waiting for the token's user, and deciding one, with the
same rules (segregation of duties, named approvers, delegation) and the same 409 as the phone."""
from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from portal.api import bp, responses, spec
from portal.api.auth import token_required
from portal.api.problems import Problem
from portal.api.schemas import Decision, StepOut, Waiting
from portal.approvals import services
from portal.extensions import db
from portal.models import ApprovalStep, Role


def step_json(step: ApprovalStep) -> dict:
    return {"id": step.id, "document_id": step.document_id, "position": step.position, "status": step.status,
            "approver_id": step.approver_id, "decided_by": step.decided_by.name if step.decided_by else None,
            "comment": step.comment, "document_review_status": step.document.review_status}


@bp.get("/approvals")
@token_required(Role.APPROVER)
@spec.validate(resp=responses(200, Waiting), tags=["approvals"])
def waiting():
    """The steps waiting for my decision (approvers), oldest due date first"""
    return {"steps": [step_json(step) for step in services.waiting_for(current_user)]}


@bp.post("/steps/<int:step_id>/decision")
@token_required(Role.APPROVER)
@spec.validate(json=Decision, resp=responses(200, StepOut, 409), tags=["approvals"])
def decide(step_id: int):
    """Approve, reject or send back a step (approvers)

    As the approver whose token it is. 403: the step is not yours to decide (segregation of
    duties, another approver's); 409: someone decided it first, or an earlier step waits;
    422: a rejection or a return without a comment, or open exceptions.
    """
    body = request.context.json
    if db.session.get(ApprovalStep, step_id) is None:
        raise Problem(404, "step-not-found", _("No approval step has this id."))
    try:
        step = services.decide(step_id, current_user, body.decision, body.comment)
    except services.AlreadyDecided as exc:
        raise Problem(409, "already-decided", str(exc)) from exc
    except services.NotYetOpen as exc:
        raise Problem(409, "not-yet-open", str(exc)) from exc
    except services.NotAllowed as exc:
        raise Problem(403, "not-allowed", str(exc)) from exc
    except services.ApprovalError as exc:
        raise Problem(422, "refused", str(exc)) from exc
    return step_json(step)
