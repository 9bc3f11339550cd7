"""Sign-in, sign-out, language choice and the admin's user list."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from portal.accounts import bp
from portal.accounts.access import roles_required
from portal.accounts.forms import ROLE_LABELS, LoginForm, UserForm
from portal.accounts.services import AccountError, authenticate, create_user
from portal.extensions import db, limiter, login_manager
from portal.models import Role, User


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Anyone: the sign-in form."""
    if current_user.is_authenticated:
        return redirect(url_for("documents.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")), code=303)
        flash(_("Wrong e-mail address or password."), "error")
    return render_template("accounts/login.html", form=form)


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so a link cannot bounce a user elsewhere after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("documents.index")


@bp.post("/logout")
@login_required
def logout():
    """Any signed-in user."""
    logout_user()
    return redirect(url_for("accounts.login"), code=303)


@bp.post("/language")
def set_language():
    """Anyone: choose Japanese or English; remembered for the user and the session."""
    locale = request.form.get("locale", "")
    if locale in current_app.config["LANGUAGES"]:
        session["locale"] = locale
        if current_user.is_authenticated:
            current_user.locale = locale
            db.session.commit()
    return redirect(_safe_next(request.form.get("next")), code=303)


@bp.route("/admin/users", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def users():
    """Admins: list users and create new ones."""
    form = UserForm()
    if form.validate_on_submit():
        try:
            user = create_user(form.email.data, form.name.data, form.role.data, form.password.data,
                               actor=current_user)
            db.session.commit()
            flash(_("User %(email)s created.", email=user.email), "success")
            return redirect(url_for("accounts.users"), code=303)
        except AccountError as exc:
            db.session.rollback()
            flash(str(exc), "error")
    people = db.session.scalars(select(User).order_by(User.name)).all()
    return render_template("accounts/users.html", form=form, users=people, role_labels=ROLE_LABELS)
