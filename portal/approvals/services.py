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
from portal.models import (
    ApprovalRule,
    ApprovalStep,
    Delegation,
    Department,
    Document,
    ExceptionOverride,
    MatchException,
    PurchaseOrder,
    PurchaseOrderLine,
    ReviewStatus,
    Role,
    StepStatus,
    Supplier,
    User,
)
from portal.models.clock import utcnow

DECISIONS = ("approve", "reject", "return")


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


# --- exceptions and their overrides ------------------------------------------------------------


def overrides(document: Document) -> dict[str, ExceptionOverride]:
    rows = db.session.scalars(select(ExceptionOverride).where(ExceptionOverride.document_id == document.id))
    return {row.code: row for row in rows}


def open_exceptions(document: Document) -> list[MatchException]:
    """The document's match exceptions nobody has overridden."""
    if document.match is None:
        return []
    overridden = overrides(document)
    return [e for e in document.match.exceptions if e.code not in overridden]


def override_exception(document: Document, code: str, reason: str, user: User) -> ExceptionOverride:
    """Accept one standing exception with a reason (clerks and admins); it holds through re-matching."""
    reason = (reason or "").strip()
    if not user.has_role(Role.CLERK):
        raise NotAllowed(_("Only clerks and administrators may override an exception."))
    if not reason:
        raise ApprovalError(_("Give the reason for overriding this exception."))
    if ReviewStatus(document.review_status) is not ReviewStatus.TO_REVIEW:
        raise ApprovalError(_("Only a document in review can be changed."))
    if code not in {e.code for e in open_exceptions(document)}:
        raise ApprovalError(_("This exception is not open on the document."))
    override = ExceptionOverride(document_id=document.id, code=code, reason=reason[:1000], user_id=user.id)
    db.session.add(override)
    db.session.flush()
    audit.record("overridden", document, after={"exception": code}, note=override.reason, user=user)
    return override


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
    """The rules whose band the total reaches; one step for any approver when no rule applies."""
    total = document.total if document.total is not None else Decimal(0)
    rules = rules_for(document)
    needed = [r for r in rules if r.above_amount <= 0 or total > r.above_amount]
    return needed or [None]


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
                            approver_id=rule.approver_id if rule else None,
                            status=(StepStatus.PENDING if position == 1 else StepStatus.WAITING).value)
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
    if StepStatus(step.status) is StepStatus.WAITING and \
            ReviewStatus(document.review_status) is ReviewStatus.SUBMITTED:
        return Permission(False, str(NotYetOpen()))
    if StepStatus(step.status) is not StepStatus.PENDING or \
            ReviewStatus(document.review_status) is not ReviewStatus.SUBMITTED:
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
    return and_(ApprovalStep.status == StepStatus.PENDING.value,
                Document.review_status == ReviewStatus.SUBMITTED.value, or_(*named),
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
    if StepStatus(step.status) is StepStatus.WAITING:
        raise NotYetOpen()
    if StepStatus(step.status) is not StepStatus.PENDING:
        raise AlreadyDecided(step)
    allowed = permission(step, user, day)
    if not allowed.allowed:
        # Someone may have decided while this request was checking: that is "already
        # decided" (409), not "not allowed" (403).
        db.session.refresh(step)
        if StepStatus(step.status) is not StepStatus.PENDING:
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
        .where(ApprovalStep.id == step.id, ApprovalStep.status == StepStatus.PENDING.value)
        .values(status=new_status.value, decided_by_id=user.id, on_behalf_of_id=allowed.on_behalf_of_id,
                decided_at=utcnow(), comment=comment or None)
        .execution_options(synchronize_session=False))
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
    later = [s for s in steps if s.position > step.position and s.status == StepStatus.WAITING.value]
    before = document.review_status
    if decision == "approve" and later:
        later[0].status = StepStatus.PENDING.value
    elif decision == "approve":
        document.review_status = ReviewStatus.APPROVED.value
    else:
        for waiting in later:
            waiting.status = StepStatus.CANCELLED.value
        document.review_status = (ReviewStatus.REJECTED if decision == "reject" else ReviewStatus.TO_REVIEW).value
        document.review_note = comment
    db.session.flush()
    substitute_for = db.session.get(User, on_behalf_of_id) if on_behalf_of_id else None
    after = {"step": step.position, "steps": len(steps), "review_status": document.review_status}
    if substitute_for is not None:
        after["on_behalf_of"] = substitute_for.name
    action = {"approve": "approved", "reject": "rejected", "return": "returned"}[decision]
    audit.record(action, document, before={"review_status": before}, after=after, note=comment or None, user=user)
    if document.review_status == ReviewStatus.APPROVED.value and document.doc_type == "quote":
        order_from_quote(document, user)


# --- quotes become orders ----------------------------------------------------------------------


def quote_order_number(document: Document) -> str:
    return f"PO-Q-{document.id:06d}"


def order_from_quote(document: Document, user: User | None = None) -> PurchaseOrder:
    """The approved quote as a purchase order (source 'quote'), which later invoices match against."""
    from portal.matching.services import rematch_orders

    number = quote_order_number(document)
    existing = db.session.scalar(select(PurchaseOrder).where(PurchaseOrder.number == number))
    if existing is not None:
        return existing
    if document.supplier_id is None or not document.lines:
        raise ApprovalError(_("A quote needs a known supplier and at least one line to become an order."))
    only_rate = document.tax_lines[0].rate if len(document.tax_lines) == 1 else None
    order = PurchaseOrder(number=number, supplier_id=document.supplier_id, order_date=date.today(),
                          currency=document.currency or "JPY", source="quote")
    for line in document.lines:
        quantity = line.quantity if line.quantity is not None else Decimal(1)
        unit_price = line.unit_price if line.unit_price is not None else (line.amount or Decimal(0)) / quantity
        order.lines.append(PurchaseOrderLine(
            line_no=line.position, description=(line.description or "—")[:500], quantity=quantity,
            unit_price=unit_price, tax_rate=line.tax_rate if line.tax_rate is not None else (only_rate or Decimal(0))))
    db.session.add(order)
    db.session.flush()
    audit.record("order_created", document, after={"po_number": number, "lines": len(order.lines)}, user=user)
    rematch_orders([order.id])  # invoices printing this number may have arrived first
    return order


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
