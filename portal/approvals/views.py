"""The approver's inbox and decisions, delegations, and the admin's approval rules."""
from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.access import roles_required
from portal.approvals import bp, services
from portal.approvals.inbox import SORTS, inbox_page
from portal.documents.services import history
from portal.extensions import db
from portal.matching.screens import match_context
from portal.models import ApprovalRule, ApprovalStep, Delegation, Department, Role, Supplier, User
from portal.paging import page_number
from portal.templating import page_or_block


def _step_or_404(step_id: int) -> ApprovalStep:
    step = db.session.get(ApprovalStep, step_id)
    if step is None:
        abort(404)
    return step


@bp.get("/")
@roles_required(Role.APPROVER)
def inbox():
    """Approvers: what waits for my decision, a page at a time, filtered and sorted as the query
    string says; the list refreshes itself every 30 seconds."""
    listing = inbox_page(current_user, request.args, page_number(request.args))
    if not listing.filters.q:
        g.inbox_count = listing.page.total  # the badge says the same: no second count
    return page_or_block("approvals/inbox.html", "rows", listing=listing, page=listing.page,
                         filters=listing.filters, sorts=SORTS)


@bp.get("/badge")
@roles_required(Role.APPROVER)
def badge():
    """Approvers: the inbox count alone (the hook below adds it to every htmx response too)."""
    return ""


@bp.route("/steps/<int:step_id>", methods=["GET", "POST"])
@roles_required(Role.APPROVER)
def step(step_id: int):
    """Approvers: the document to decide, with its page, match and history; POST decides."""
    step = _step_or_404(step_id)
    if request.method == "GET":
        return _step_page(step)
    decision, comment = request.form.get("decision", ""), request.form.get("comment", "")
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
    db.session.commit()
    messages = {"approve": _("Approved."), "reject": _("Rejected."), "return": _("Sent back to the clerk.")}
    flash(messages[decision], "success")
    return redirect(url_for("approvals.inbox"), code=303)


def _step_label(step: ApprovalStep | None) -> str:
    from portal.templating import STEP_LABELS

    return str(STEP_LABELS.get(step.status, step.status)) if step else ""


def _step_page(step: ApprovalStep, status: int = 200, **extra):
    document = step.document
    context = {"step": step, "document": document, "chain": services.chain(document),
               "permission": services.permission(step, current_user), "history": history(document),
               "standing": services.open_exceptions(document)} | match_context(document)
    return render_template("approvals/step.html", **context, **extra), status


# --- delegations -------------------------------------------------------------------------------


@bp.route("/delegations", methods=["GET", "POST"])
@roles_required(Role.APPROVER)
def delegations():
    """Approvers: name a substitute for a date range; see who stands in for whom."""
    if request.method == "POST":
        substitute = db.session.get(User, request.form.get("substitute_id", type=int) or 0)
        try:
            starts_on = date.fromisoformat(request.form.get("starts_on", ""))
            ends_on = date.fromisoformat(request.form.get("ends_on", ""))
        except ValueError:
            flash(_("Enter both days as dates."), "error")
            return redirect(url_for("approvals.delegations"), code=303)
        if substitute is None:
            flash(_("Choose the substitute."), "error")
            return redirect(url_for("approvals.delegations"), code=303)
        try:
            services.delegate(current_user, substitute, starts_on, ends_on)
        except services.ApprovalError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(url_for("approvals.delegations"), code=303)
        db.session.commit()
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
    delegation = db.session.get(Delegation, delegation_id)
    if delegation is None:
        abort(404)
    try:
        services.cancel_delegation(delegation, current_user)
    except services.NotAllowed:
        abort(403)
    db.session.commit()
    flash(_("The delegation was ended."), "success")
    return redirect(url_for("approvals.delegations"), code=303)


# --- rules (admins) ----------------------------------------------------------------------------


def _optional_id(name: str) -> int | None:
    return request.form.get(name, type=int) or None


@bp.route("/rules", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def rules():
    """Admins: the amount bands, per department or supplier if need be, and who approves each."""
    if request.method == "POST":
        try:
            amount = Decimal((request.form.get("above_amount") or "0").replace(",", "").strip())
            position = int(request.form.get("position", "1"))
        except (InvalidOperation, ValueError):
            flash(_("Enter the step as a whole number and the amount as a number."), "error")
            return redirect(url_for("approvals.rules"), code=303)
        try:
            services.create_rule(position=position, above_amount=amount,
                                 currency=request.form.get("currency") or "JPY",
                                 department_id=_optional_id("department_id"), supplier_id=_optional_id("supplier_id"),
                                 approver_id=_optional_id("approver_id"), actor=current_user)
        except services.ApprovalError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(url_for("approvals.rules"), code=303)
        db.session.commit()
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
    rule = db.session.get(ApprovalRule, rule_id)
    if rule is None:
        abort(404)
    services.delete_rule(rule, current_user)
    db.session.commit()
    flash(_("The rule was removed."), "success")
    return redirect(url_for("approvals.rules"), code=303)


@bp.post("/departments")
@roles_required(Role.ADMIN)
def add_department():
    """Admins: add a department."""
    try:
        services.create_department(request.form.get("name", ""), current_user)
    except services.ApprovalError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("The department was added."), "success")
    return redirect(url_for("approvals.rules", _anchor="departments"), code=303)


@bp.post("/departments/members")
@roles_required(Role.ADMIN)
def assign_department():
    """Admins: put a user in a department (or in none)."""
    user = db.session.get(User, request.form.get("user_id", type=int) or 0)
    department_id = _optional_id("department_id")
    department = db.session.get(Department, department_id) if department_id else None
    if user is None or (department_id and department is None):
        abort(400)
    services.assign_department(user, department, current_user)
    db.session.commit()
    flash(_("%(name)s's department was changed.", name=user.name), "success")
    return redirect(url_for("approvals.rules", _anchor="departments"), code=303)


@bp.post("/departments/suppliers")
@roles_required(Role.ADMIN)
def supplier_department():
    """Admins: a supplier's usual department, whose rules apply when an invoice's order names none."""
    supplier = db.session.get(Supplier, request.form.get("supplier_id", type=int) or 0)
    department_id = _optional_id("department_id")
    department = db.session.get(Department, department_id) if department_id else None
    if supplier is None or (department_id and department is None):
        abort(400)
    services.assign_supplier_department(supplier, department, current_user)
    db.session.commit()
    flash(_("The usual department of %(name)s was changed.", name=supplier.name), "success")
    return redirect(url_for("approvals.rules", _anchor="supplier-departments"), code=303)


# --- the inbox badge on every page -------------------------------------------------------------


@bp.app_template_global()
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
    if (not request.headers.get("HX-Request") or response.direct_passthrough or response.mimetype != "text/html"
            or request.headers.get("HX-Boosted") or not 200 <= response.status_code < 300
            or not getattr(current_user, "is_authenticated", False) or not current_user.has_role(Role.APPROVER)):
        return response
    badge_html = render_template("approvals/_badge.html", count=inbox_count(), oob=True)
    # Both are HTML already: a str joined to a Markup would be escaped whole.
    response.set_data(response.get_data(as_text=True) + badge_html)
    return response
