"""Admins: the approval chains as documents will meet them, shown on the rules page, and who
decides the default first step."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.access import roles_required
from portal.approvals import bp, chains, services
from portal.extensions import db
from portal.models import Role, User


@bp.post("/rules/default")
@roles_required(Role.ADMIN)
def default_step():
    """Admins: name the approver of the default first step, or let any approver decide it."""
    approver_id = request.form.get("approver_id", type=int)
    approver = db.session.get(User, approver_id) if approver_id else None
    if approver_id and approver is None:
        abort(400)
    try:
        services.set_default_approver(approver, current_user)
    except services.ApprovalError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        flash(_("The default first step is now decided by %(name)s.", name=approver.name) if approver
              else _("The default first step is now decided by any approver."), "success")
    return redirect(url_for("approvals.rules", _anchor="chains"), code=303)


@bp.app_template_global()
def approval_chains() -> list[chains.Chain]:
    """For the rules page: every scope's chains, as documents will meet them."""
    return chains.overview()


@bp.app_template_global()
def default_step_approver_id() -> int | None:
    return services.default_approver_id()
