"""Approval chains: which steps a document needs, who may decide them, and deciding them.

Rules are amount bands an admin sets (see ApprovalRule). Submitting a document copies
the steps it needs into ApprovalStep rows; the first is pending, the rest wait. A
decision is one conditional UPDATE on the pending step, so when two people decide
the same step at once exactly one decision counts and the other gets AlreadyDecided.
Every function flushes and never commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Select, and_, exists, false, func, or_, select, update
from sqlalchemy.orm import aliased

from portal import audit
from portal.approvals import duties
from portal.extensions import db
from portal.masterdata.orders import QuoteNotOrderable, order_from_quote
from portal.matching.overrides import open_exceptions, override_exception, overrides_of  # noqa: F401
from portal.models import (
    ApprovalRule,
    ApprovalStep,
    Delegation,
    Department,
    Document,
    ReviewStatus,
    Role,
    Setting,
    StepStatus,
    Supplier,
    User,
)
from portal.models.changes import DOCUMENT_OPTION
from portal.models.clock import utcnow

DECISIONS = ("approve", "reject", "return")
# Exceptions and their overrides live in portal.matching.overrides; `override_exception` and
# `overrides` stay importable from here only for the callers still to move (issue 13).
overrides = overrides_of


class ApprovalError(ValueError):
    """An approval action refused, with the reason for the user."""


class NotAllowed(ApprovalError):
    """The user may not decide this step (role, segregation of duties, named approver)."""


class NotYetOpen(ApprovalError):
    """The step waits for an earlier step of its chain to be decided first."""

    def __init__(self):
        super().__init__(_("This step is not yet open: an earlier step of the chain waits for a decision."))


class AlreadyDecided(ApprovalError):
    """Someone else decided the step first; the step as it now stands is attached."""

    def __init__(self, step: ApprovalStep):
        super().__init__(_("Someone else has already decided this."))
        self.step = step


# --- rules -------------------------------------------------------------------------------------


def department_for(document: Document) -> int | None:
    """Whose approval rules apply: the department of the order the document is matched to,
    else its supplier's usual department, else none (the general rules). Never a choice made
    at submission, which would let whoever submits pick the rules."""
    order = document.match.order if document.match is not None else None
    if order is not None and order.department_id is not None:
        return order.department_id
    return document.supplier.department_id if document.supplier is not None else None


def rules_for(document: Document) -> list[ApprovalRule]:
    """The rule deciding each position for this document (most specific scope wins), by position."""
    currency = document.currency or "JPY"
    candidates = db.session.scalars(select(ApprovalRule).where(ApprovalRule.currency == currency)
                                    .order_by(ApprovalRule.position, ApprovalRule.id)).all()
    chosen: dict[int, ApprovalRule] = {}
    for rule in candidates:
        if rule.department_id not in (None, document.department_id):
            continue
        if rule.supplier_id not in (None, document.supplier_id):
            continue
        current = chosen.get(rule.position)
        if current is None or rule.specificity > current.specificity:
            chosen[rule.position] = rule
    return [chosen[position] for position in sorted(chosen)]


def steps_needed(document: Document) -> list[ApprovalRule | None]:
    """The rules whose band the total reaches, after the default first step (None) where no
    rule at step 1 applies: a rule for a higher band adds a step, it never takes the first one
    away. The default step is decided by `default_approver_id()`, or by any approver."""
    total = document.total if document.total is not None else Decimal(0)
    needed: list[ApprovalRule | None] = [r for r in rules_for(document) if r.above_amount <= 0
                                         or total > r.above_amount]
    if not any(r.position == 1 for r in needed if r is not None):
        needed.insert(0, None)
    return needed


DEFAULT_APPROVER = "approvals.default_approver_id"


def default_approver_id() -> int | None:
    """Who decides the default first step: a named approver, or None for any approver."""
    setting = db.session.get(Setting, DEFAULT_APPROVER)
    return int(setting.value) if setting is not None and setting.value.isdigit() else None


def set_default_approver(approver: User | None, actor: User | None = None) -> None:
    """Name who decides the default first step (None: any approver); audited. Flushes."""
    if approver is not None and (not approver.has_role(Role.APPROVER) or not approver.active):
        raise ApprovalError(_("The named approver must be a user with the approver role."))
    before = default_approver_id()
    after = approver.id if approver is not None else None
    if before == after:
        return
    setting = db.session.get(Setting, DEFAULT_APPROVER) or Setting(key=DEFAULT_APPROVER, value="")
    setting.value = str(after or "")
    db.session.add(setting)
    db.session.flush()
    audit.record("setting.changed", setting, before={"key": DEFAULT_APPROVER, "value": before},
                 after={"key": DEFAULT_APPROVER, "value": after}, user=actor)


def create_rule(*, position: int, above_amount: Decimal, currency: str = "JPY", department_id: int | None = None,
                supplier_id: int | None = None, approver_id: int | None = None,
                actor: User | None = None) -> ApprovalRule:
    """Add an approval rule (admins); flushes."""
    if position < 1 or position > 9:
        raise ApprovalError(_("The step must be between 1 and 9."))
    if above_amount < 0:
        raise ApprovalError(_("The amount must not be negative."))
    if department_id is not None and db.session.get(Department, department_id) is None:
        raise ApprovalError(_("Unknown department."))
    if supplier_id is not None and db.session.get(Supplier, supplier_id) is None:
        raise ApprovalError(_("Unknown supplier."))
    if approver_id is not None:
        approver = db.session.get(User, approver_id)
        if approver is None or not approver.has_role(Role.APPROVER):
            raise ApprovalError(_("The named approver must be a user with the approver role."))
    rule = ApprovalRule(position=position, above_amount=above_amount, currency=(currency or "JPY").upper()[:3],
                        department_id=department_id, supplier_id=supplier_id, approver_id=approver_id)
    db.session.add(rule)
    db.session.flush()
    audit.record("rule_created", rule, after=_rule_values(rule), user=actor)
    return rule


def delete_rule(rule: ApprovalRule, actor: User | None = None) -> None:
    """Remove a rule; chains already running keep their steps."""
    audit.record("rule_deleted", rule, before=_rule_values(rule), user=actor)
    db.session.delete(rule)
    db.session.flush()


def _rule_values(rule: ApprovalRule) -> dict:
    return {"position": rule.position, "above_amount": rule.above_amount, "currency": rule.currency,
            "department_id": rule.department_id, "supplier_id": rule.supplier_id,
            "approver_id": rule.approver_id}


def create_department(name: str, actor: User | None = None) -> Department:
    name = (name or "").strip()
    if not name:
        raise ApprovalError(_("Give the department a name."))
    if db.session.scalar(select(Department).where(Department.name == name)) is not None:
        raise ApprovalError(_("This department already exists."))
    department = Department(name=name[:200])
    db.session.add(department)
    db.session.flush()
    audit.record("department_created", department, after={"name": department.name}, user=actor)
    return department


def assign_department(user: User, department: Department | None, actor: User | None = None) -> None:
    before = user.department_id
    user.department_id = department.id if department else None
    db.session.flush()
    audit.record("department_assigned", user, before={"department_id": before},
                 after={"department_id": user.department_id}, user=actor)


def assign_supplier_department(supplier: Supplier, department: Department | None, actor: User | None = None) -> None:
    """The department whose rules apply to the supplier's invoices when their order names none."""
    before = supplier.department_id
    supplier.department_id = department.id if department else None
    db.session.flush()
    audit.record("department_assigned", supplier, before={"department_id": before},
                 after={"department_id": supplier.department_id}, user=actor)


# --- chains ------------------------------------------------------------------------------------


def current_round(document: Document) -> int:
    found = db.session.scalar(select(db.func.max(ApprovalStep.round)).where(ApprovalStep.document_id == document.id))
    return found or 0


def chain(document: Document) -> list[ApprovalStep]:
    """The steps of the document's latest submission, in order."""
    return list(db.session.scalars(select(ApprovalStep).where(
        ApprovalStep.document_id == document.id, ApprovalStep.round == current_round(document))
        .order_by(ApprovalStep.position)))


def start_chain(document: Document) -> list[ApprovalStep]:
    """Create the steps a submitted document needs; the first one pends."""
    round_ = current_round(document) + 1
    steps = []
    for position, rule in enumerate(steps_needed(document), start=1):
        step = ApprovalStep(document_id=document.id, round=round_, position=position,
                            rule_id=rule.id if rule else None,
                            above_amount=rule.above_amount if rule else Decimal(0),
                            approver_id=rule.approver_id if rule else default_approver_id(),
                            status=StepStatus.PENDING if position == 1 else StepStatus.WAITING)
        db.session.add(step)
        steps.append(step)
    db.session.flush()
    return steps


def _deciders(step: ApprovalStep) -> set[int]:
    """Everyone who has decided a step of this chain, in person or through a substitute."""
    rows = db.session.execute(select(ApprovalStep.decided_by_id, ApprovalStep.on_behalf_of_id).where(
        ApprovalStep.document_id == step.document_id, ApprovalStep.round == step.round,
        ApprovalStep.decided_by_id.is_not(None))).all()
    return {i for row in rows for i in row if i is not None}


def substituting_for(user: User, day: date) -> list[int]:
    """The approvers whose substitute the user is on this day."""
    rows = db.session.scalars(select(Delegation).where(Delegation.substitute_id == user.id,
                                                       Delegation.cancelled.is_(False)))
    return [d.approver_id for d in rows if d.covers(day)]


@dataclass(frozen=True)
class Permission:
    allowed: bool
    reason: str | None = None
    on_behalf_of_id: int | None = None  # the named approver a substitute acts for


def permission(step: ApprovalStep, user: User, day: date | None = None) -> Permission:
    """Whether the user may decide this step now, and for whom."""
    day = day or date.today()
    if not user.has_role(Role.APPROVER):
        return Permission(False, _("Only approvers may decide."))
    document = step.document
    if step.status == StepStatus.WAITING and \
            document.review_status == ReviewStatus.SUBMITTED:
        return Permission(False, str(NotYetOpen()))
    if step.status != StepStatus.PENDING or \
            document.review_status != ReviewStatus.SUBMITTED or document.deleted_at is not None:
        return Permission(False, _("This step is not waiting for a decision."))
    prepared_by = duties.preparers(document)
    decided = _deciders(step)
    if user.id in prepared_by:
        return Permission(False, _("You uploaded or corrected this document, received its goods or overrode one "
                                   "of its exceptions, so you may not approve it."))
    if user.id in decided:
        return Permission(False, _("You have already decided a step of this document."))
    if step.approver_id is None or step.approver_id == user.id:
        return Permission(True)
    if step.approver_id in substituting_for(user, day):
        if step.approver_id in prepared_by | decided:
            return Permission(False, _("The approver you stand in for may not decide this step."))
        return Permission(True, on_behalf_of_id=step.approver_id)
    return Permission(False, _("This step waits for %(name)s.", name=step.approver.name))


def _prepared_by(user_id) -> ColumnElement[bool]:
    """SQL: `user_id` (a value or a column) is among the preparers of the step's document."""
    return duties.prepared_by(user_id)


def _decided_in_chain(user_id) -> ColumnElement[bool]:
    """SQL: `user_id` has decided a step of the step's chain, in person or through a substitute."""
    other = aliased(ApprovalStep)
    return exists().where(other.document_id == ApprovalStep.document_id, other.round == ApprovalStep.round,
                          other.decided_by_id.is_not(None),
                          or_(other.decided_by_id == user_id, other.on_behalf_of_id == user_id))


def may_decide(user: User, day: date | None = None) -> ColumnElement[bool]:
    """`permission(step, user, day).allowed` as one SQL condition on ApprovalStep joined to its
    Document, so that a list of the steps a user may decide is one query, whatever its length.
    The same checks; tests/approvals/test_inbox.py holds the two together."""
    if not user.has_role(Role.APPROVER):
        return false()
    return _may_decide(user.id, tuple(substituting_for(user, day or date.today())))


@lru_cache(maxsize=256)
def _may_decide(user_id: int, standing_in_for: tuple[int, ...]) -> ColumnElement[bool]:
    """The condition for one user standing in for these approvers. Kept once built: building
    it costs more than running it, and every page an approver opens counts their inbox. (The
    approvers stood in for are read first, not asked in SQL: a step named for someone else
    is then ruled out at once, without reading its document.)"""
    named = [ApprovalStep.approver_id.is_(None), ApprovalStep.approver_id == user_id]
    if standing_in_for:
        named.append(and_(ApprovalStep.approver_id.in_(standing_in_for), ~_prepared_by(ApprovalStep.approver_id),
                          ~_decided_in_chain(ApprovalStep.approver_id)))
    # The cheap tests first: SQLite asks the subqueries only of the steps left.
    return and_(ApprovalStep.status == StepStatus.PENDING,
                Document.review_status == ReviewStatus.SUBMITTED, Document.deleted_at.is_(None), or_(*named),
                ~_prepared_by(user_id), ~_decided_in_chain(user_id))


def waiting_query(user: User, day: date | None = None) -> Select:
    """The pending steps this user may decide, oldest due date first (undated last), as a query."""
    return (select(ApprovalStep).join(Document, Document.id == ApprovalStep.document_id)
            .where(may_decide(user, day))
            .order_by(Document.due_date.is_(None), Document.due_date, ApprovalStep.id))


def waiting_for(user: User, day: date | None = None) -> list[ApprovalStep]:
    """The pending steps this user may decide, oldest due date first."""
    return list(db.session.scalars(waiting_query(user, day)))


def waiting_count(user: User, day: date | None = None) -> int:
    """How many steps wait for this user's decision: one COUNT query."""
    return db.session.scalar(select(func.count()).select_from(ApprovalStep)
                             .join(Document, Document.id == ApprovalStep.document_id)
                             .where(may_decide(user, day))) or 0


def decide(step_id: int, user: User, decision: str, comment: str = "", day: date | None = None) -> ApprovalStep:
    """Approve, reject or send back the pending step; exactly one concurrent decision counts."""
    if decision not in DECISIONS:
        raise ApprovalError(_("Unknown decision."))
    step = db.session.get(ApprovalStep, step_id)
    if step is None:
        raise LookupError(step_id)
    if step.status == StepStatus.WAITING:
        raise NotYetOpen()
    if step.status != StepStatus.PENDING:
        raise AlreadyDecided(step)
    allowed = permission(step, user, day)
    if not allowed.allowed:
        # Someone may have decided while this request was checking: that is "already
        # decided" (409), not "not allowed" (403).
        db.session.refresh(step)
        if step.status != StepStatus.PENDING:
            raise AlreadyDecided(step)
        raise NotAllowed(allowed.reason)
    comment = (comment or "").strip()[:1000]
    if decision != "approve" and not comment:
        raise ApprovalError(_("Say why, so the clerk knows what to do."))
    document = step.document
    if decision == "approve" and open_exceptions(document):
        raise ApprovalError(_("The document has open exceptions: send it back so they are resolved."))

    new_status = {"approve": StepStatus.APPROVED, "reject": StepStatus.REJECTED,
                  "return": StepStatus.RETURNED}[decision]
    # The first write of the transaction, and only if the step is still pending: of two
    # people deciding at once, the second one's UPDATE finds no row.
    result = db.session.execute(
        update(ApprovalStep)
        .where(ApprovalStep.id == step.id, ApprovalStep.status == StepStatus.PENDING)
        .values(status=new_status, decided_by_id=user.id, on_behalf_of_id=allowed.on_behalf_of_id,
                decided_at=utcnow(), comment=comment or None)
        .execution_options(synchronize_session=False, **{DOCUMENT_OPTION: step.document_id}))
    if result.rowcount != 1:
        db.session.rollback()
        raise AlreadyDecided(db.session.get(ApprovalStep, step_id))
    db.session.refresh(step)
    _after_decision(step, document, user, decision, comment, allowed.on_behalf_of_id)
    return step


def _after_decision(step: ApprovalStep, document: Document, user: User, decision: str, comment: str,
                    on_behalf_of_id: int | None) -> None:
    """Move the chain on, set the document's state and record the decision."""
    steps = chain(document)
    later = [s for s in steps if s.position > step.position and s.status == StepStatus.WAITING]
    before = document.review_status
    if decision == "approve" and later:
        later[0].status = StepStatus.PENDING
    elif decision == "approve":
        document.review_status = ReviewStatus.APPROVED
    else:
        for waiting in later:
            waiting.status = StepStatus.CANCELLED
        document.review_status = ReviewStatus.REJECTED if decision == "reject" else ReviewStatus.TO_REVIEW
        document.review_note = comment
    db.session.flush()
    substitute_for = db.session.get(User, on_behalf_of_id) if on_behalf_of_id else None
    after = {"step": step.position, "steps": len(steps), "review_status": document.review_status}
    if substitute_for is not None:
        after["on_behalf_of"] = substitute_for.name
    action = {"approve": "approved", "reject": "rejected", "return": "returned"}[decision]
    audit.record(action, document, before={"review_status": before}, after=after, note=comment or None, user=user)
    if document.review_status == ReviewStatus.APPROVED and document.doc_type == "quote":
        try:
            order_from_quote(document, user)
        except QuoteNotOrderable as exc:
            raise ApprovalError(str(exc)) from exc


# --- delegations -------------------------------------------------------------------------------


def delegate(approver: User, substitute: User, starts_on: date, ends_on: date) -> Delegation:
    """Name a substitute for a date range (both days included); audited as 'delegated'."""
    if not approver.has_role(Role.APPROVER):
        raise ApprovalError(_("Only approvers can name a substitute."))
    if substitute.id == approver.id:
        raise ApprovalError(_("Name someone other than yourself."))
    if not substitute.has_role(Role.APPROVER) or not substitute.active:
        raise ApprovalError(_("The substitute must be an active approver."))
    if ends_on < starts_on:
        raise ApprovalError(_("The last day must not be before the first."))
    delegation = Delegation(approver_id=approver.id, substitute_id=substitute.id, starts_on=starts_on,
                            ends_on=ends_on)
    db.session.add(delegation)
    db.session.flush()
    audit.record("delegated", delegation, after={"substitute": substitute.name, "starts_on": starts_on,
                                                 "ends_on": ends_on}, user=approver)
    return delegation


def cancel_delegation(delegation: Delegation, user: User) -> None:
    if delegation.approver_id != user.id and not user.has_role(Role.ADMIN):
        raise NotAllowed(_("Only the approver who named the substitute can end it."))
    delegation.cancelled = True
    db.session.flush()
    audit.record("delegation_cancelled", delegation, user=user)


def delegations_of(user: User) -> list[Delegation]:
    """Delegations the user gave or received, newest first."""
    return list(db.session.scalars(select(Delegation).where(
        (Delegation.approver_id == user.id) | (Delegation.substitute_id == user.id))
        .order_by(Delegation.starts_on.desc(), Delegation.id.desc())))
