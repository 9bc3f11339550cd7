"""The approver's inbox and decisions, delegations, and the admin's approval rules."""
from __future__ import annotations

from datetime import date
from typing import TypeVar

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.access import roles_required
from portal.approvals import bp, services
from portal.approvals.forms import (
    DecisionForm,
    DelegationForm,
    DepartmentForm,
    MemberForm,
    RuleForm,
    SupplierDepartmentForm,
)
from portal.approvals.inbox import EXCEPTION_FILTERS, SORTS, inbox_page
from portal.documents.services import history
from portal.extensions import db, htmx
from portal.forms import first_error
from portal.matching.overrides import open_exceptions
from portal.matching.screens import match_context
from portal.models import ApprovalRule, ApprovalStep, Delegation, Department, Role, Supplier, User
from portal.pagecache import kept_until_changed, shown_on_every_page
from portal.paging import page_number
from portal.templating import STEP_LABELS, page_or_block

T = TypeVar("T")


@bp.get("/")
@roles_required(Role.APPROVER)
@kept_until_changed
def inbox():
    """Approvers: what waits for my decision, a page at a time, filtered and sorted as the query
    string says; the list refreshes itself every 30 seconds."""
    listing = inbox_page(current_user, request.args, page_number(request.args))
    if listing.filters.is_empty:
        g.inbox_count = listing.page.total  # the badge says the same: no second count
    return page_or_block("approvals/inbox.html", "rows", listing=listing, page=listing.page,
                         filters=listing.filters, sorts=SORTS, exception_filters=EXCEPTION_FILTERS)


@bp.get("/badge")
@roles_required(Role.APPROVER)
def badge():
    """Approvers: the inbox count alone (the hook below adds it to every htmx response too)."""
    return ""


@bp.route("/steps/<int:step_id>", methods=["GET", "POST"])
@roles_required(Role.APPROVER)
def step(step_id: int):
    """Approvers: the document to decide, with its page, match and history; POST decides."""
    step = db.get_or_404(ApprovalStep, step_id)
    if request.method == "GET":
        return _step_page(step)
    form = DecisionForm()
    decision, comment = form.decision.data or "", form.comment.data or ""
    try:
        services.decide(step.id, current_user, decision, comment)
    except services.AlreadyDecided as exc:
        db.session.rollback()
        decided = exc.step
        who = decided.decided_by.name if decided and decided.decided_by else _("someone else")
        message = _("%(name)s has already decided this step (%(status)s). Your decision was not recorded.",
                    name=who, status=_step_label(decided))
        return _step_page(db.session.get(ApprovalStep, step_id), status=409, error=message, comment=comment)
    except services.NotYetOpen as exc:
        db.session.rollback()
        return _step_page(step, status=409, error=str(exc), comment=comment)
    except services.NotAllowed as exc:
        db.session.rollback()
        return _step_page(step, status=403, error=str(exc), comment=comment)
    except services.ApprovalError as exc:
        db.session.rollback()
        return _step_page(step, status=422, error=str(exc), comment=comment, decision=decision)
    messages = {"approve": _("Approved."), "reject": _("Rejected."), "return": _("Sent back to the clerk.")}
    flash(messages[decision], "success")
    return redirect(url_for("approvals.inbox"), code=303)


def _step_label(step: ApprovalStep | None) -> str:
    return str(STEP_LABELS.get(step.status, step.status)) if step else ""


def _step_page(step: ApprovalStep, status: int = 200, **extra):
    document = step.document
    context = {"step": step, "document": document, "chain": services.chain(document),
               "permission": services.permission(step, current_user), "history": history(document),
               "standing": open_exceptions(document)} | match_context(document)
    return render_template("approvals/step.html", **context, **extra), status


# --- delegations -------------------------------------------------------------------------------


@bp.route("/delegations", methods=["GET", "POST"])
@roles_required(Role.APPROVER)
def delegations():
    """Approvers: name a substitute for a date range; see who stands in for whom."""
    form = DelegationForm()
    if form.is_submitted():
        if not form.validate():
            flash(first_error(form), "error")
            return redirect(url_for("approvals.delegations"), code=303)
        substitute = db.session.get(User, form.substitute_id.data) if form.substitute_id.data else None
        starts_on, ends_on = form.starts_on.data, form.ends_on.data
        if substitute is None:
            flash(_("Choose the substitute."), "error")
            return redirect(url_for("approvals.delegations"), code=303)
        try:
            services.delegate(current_user, substitute, starts_on, ends_on)
        except services.ApprovalError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(url_for("approvals.delegations"), code=303)
        flash(_("%(name)s stands in for you from %(start)s to %(end)s.", name=substitute.name,
                start=starts_on.isoformat(), end=ends_on.isoformat()), "success")
        return redirect(url_for("approvals.delegations"), code=303)
    approvers = [u for u in db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name))
                 if u.has_role(Role.APPROVER) and u.id != current_user.id]
    return render_template("approvals/delegations.html", delegations=services.delegations_of(current_user),
                           approvers=approvers, today=date.today())


@bp.post("/delegations/<int:delegation_id>/cancel")
@roles_required(Role.APPROVER)
def cancel_delegation(delegation_id: int):
    """The approver who named the substitute (or an admin): end the delegation."""
    delegation = db.get_or_404(Delegation, delegation_id)
    try:
        services.cancel_delegation(delegation, current_user)
    except services.NotAllowed:
        abort(403)
    flash(_("The delegation was ended."), "success")
    return redirect(url_for("approvals.delegations"), code=303)


# --- rules (admins) ----------------------------------------------------------------------------


@bp.route("/rules", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def rules():
    """Admins: the amount bands, per department or supplier if need be, and who approves each."""
    form = RuleForm()
    if form.is_submitted():
        if not form.validate():
            flash(_("Enter the step as a whole number and the amount as a number."), "error")
            return redirect(url_for("approvals.rules"), code=303)
        try:
            services.create_rule(position=form.position.data, above_amount=form.amount,
                                 currency=form.currency.data or "JPY", department_id=form.department_id.data,
                                 supplier_id=form.supplier_id.data, approver_id=form.approver_id.data,
                                 actor=current_user)
        except services.ApprovalError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(url_for("approvals.rules"), code=303)
        flash(_("The rule was added."), "success")
        return redirect(url_for("approvals.rules"), code=303)
    users = db.session.scalars(select(User).order_by(User.name)).all()
    return render_template(
        "approvals/rules.html",
        rules=db.session.scalars(select(ApprovalRule).order_by(ApprovalRule.currency, ApprovalRule.position,
                                                               ApprovalRule.above_amount)).all(),
        departments=db.session.scalars(select(Department).order_by(Department.name)).all(),
        suppliers=db.session.scalars(select(Supplier).order_by(Supplier.name)).all(),
        approvers=[u for u in users if u.has_role(Role.APPROVER)], users=users)


@bp.post("/rules/<int:rule_id>/delete")
@roles_required(Role.ADMIN)
def delete_rule(rule_id: int):
    """Admins: remove a rule (running chains keep their steps)."""
    rule = db.get_or_404(ApprovalRule, rule_id)
    services.delete_rule(rule, current_user)
    flash(_("The rule was removed."), "success")
    return redirect(url_for("approvals.rules"), code=303)


@bp.post("/departments")
@roles_required(Role.ADMIN)
def add_department():
    """Admins: add a department."""
    try:
        services.create_department(DepartmentForm().name.data or "", current_user)
    except services.ApprovalError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        flash(_("The department was added."), "success")
    return redirect(url_for("approvals.rules", _anchor="departments"), code=303)


@bp.post("/departments/members")
@roles_required(Role.ADMIN)
def assign_department():
    """Admins: put a user in a department (or in none)."""
    form = MemberForm()
    user = _picked(User, form.user_id.data)
    services.assign_department(user, _department(form.department_id.data), current_user)
    flash(_("%(name)s's department was changed.", name=user.name), "success")
    return redirect(url_for("approvals.rules", _anchor="departments"), code=303)


@bp.post("/departments/suppliers")
@roles_required(Role.ADMIN)
def supplier_department():
    """Admins: a supplier's usual department, whose rules apply when an invoice's order names none."""
    form = SupplierDepartmentForm()
    supplier = _picked(Supplier, form.supplier_id.data)
    services.assign_supplier_department(supplier, _department(form.department_id.data), current_user)
    flash(_("The usual department of %(name)s was changed.", name=supplier.name), "success")
    return redirect(url_for("approvals.rules", _anchor="supplier-departments"), code=303)


def _department(department_id: int | None) -> Department | None:
    """The department chosen, None for none; a 400 for one that does not exist."""
    return None if department_id is None else _picked(Department, department_id)


def _picked(model: type[T], picked_id: int | None) -> T:
    """The user, supplier or department a form picked by its id; a 400 when it picked none, or
    one that does not exist."""
    found = db.session.get(model, picked_id) if picked_id else None
    if found is None:
        abort(400)
    return found


# --- the inbox badge on every page -------------------------------------------------------------


@bp.app_template_global()
@shown_on_every_page
def inbox_count() -> int:
    """How many steps wait for the signed-in user's decision (0 for those who do not approve)."""
    if not getattr(current_user, "is_authenticated", False) or not current_user.has_role(Role.APPROVER):
        return 0
    if "inbox_count" not in g:
        g.inbox_count = services.waiting_count(current_user)
    return g.inbox_count


@bp.after_app_request
def add_inbox_badge(response):
    """Every htmx response carries the inbox count, swapped out of band into the nav."""
    if (not htmx or htmx.boosted or response.direct_passthrough or response.mimetype != "text/html"
            or not 200 <= response.status_code < 300
            or not getattr(current_user, "is_authenticated", False) or not current_user.has_role(Role.APPROVER)):
        return response
    badge_html = render_template("approvals/_badge.html", count=inbox_count(), oob=True)
    # Both are HTML already: a str joined to a Markup would be escaped whole.
    response.set_data(response.get_data(as_text=True) + badge_html)
    return response
