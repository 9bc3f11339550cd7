"""One user's page for admins (address, name, role, a new password, deactivation) and every
user's own password. A new address, role or password, or a deactivation, ends every session of
the user at once (their session version is raised); nobody is ever deleted, so their history
stays theirs."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from portal.accounts import bp
from portal.accounts.access import ANY_ROLE, roles_required
from portal.accounts.forms import ROLE_LABELS, PasswordChangeForm, UserEditForm
from portal.accounts.services import AccountError, change_own_password, update_user
from portal.extensions import db
from portal.models import AuditEvent, Role, User

# What the user page lists of what was done to the user, as it says it.
ACCOUNT_LABELS = {
    "user_created": _l("Account created"),
    "user_changed": _l("Details changed"),
    "password_changed": _l("Password changed"),
    "user_deactivated": _l("Deactivated"),
    "user_reactivated": _l("Reactivated"),
    "department_assigned": _l("Department changed"),
}


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_user(user_id: int):
    """Admins: change a user's address, name or role; give a new password; deactivate them."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    form = UserEditForm(obj=user)
    if form.validate_on_submit():
        try:
            update_user(user, email=form.email.data, name=form.name.data, role=form.role.data, actor=current_user)
        except AccountError as exc:
            db.session.rollback()
            form.email.errors = [*form.email.errors, str(exc)]
        else:
            if user.id == current_user.id:  # the admin's own: this session goes on, the others end
                from portal.accounts.views import _start_session

                _start_session(user)
            flash(_("%(name)s was saved.", name=user.name), "success")
            return redirect(url_for("accounts.edit_user", user_id=user.id), code=303)
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "User", AuditEvent.object_id == user.id,
        AuditEvent.action.in_(ACCOUNT_LABELS)).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(20)).all()
    status = 422 if form.errors else 200
    return render_template("accounts/user.html", user=user, form=form, role_labels=ROLE_LABELS,
                           events=events, account_labels=ACCOUNT_LABELS), status


@bp.route("/account/password", methods=["GET", "POST"])
@roles_required(*ANY_ROLE)
def change_password():
    """Anyone signed in: a new password of their own, given the present one. Every other
    session of theirs ends; this one goes on."""
    from portal.accounts.views import _start_session

    form = PasswordChangeForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        try:
            change_own_password(user, form.current.data, form.new.data, form.repeated.data)
        except AccountError as exc:
            db.session.rollback()
            form.new.errors = [*form.new.errors, str(exc)]
        else:
            _start_session(user)
            flash(_("Your password was changed; you are signed out everywhere else."), "success")
            return redirect(url_for("documents.index"), code=303)
    return render_template("accounts/password.html", form=form), 422 if form.errors else 200
