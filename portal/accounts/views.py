"""Sign-in, sign-out, language choice and the admin's user list."""
from __future__ import annotations

import hashlib
import secrets
from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from portal.accounts import bp, signin
from portal.accounts.access import ANY_ROLE, public, roles_required
from portal.accounts.forms import ROLE_LABELS, LoginForm, UserForm
from portal.accounts.known_users import known_user
from portal.accounts.services import AccountError, create_user, set_active, set_password, sign_out
from portal.extensions import db, login_manager
from portal.models import Role, User

DEVICE_COOKIE = "portal_device"
DEVICE_DAYS = 180


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The session's user, if still active and the session not ended since ("id:version")."""
    user_id, _sep, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None  # a cookie from before session versions, or not one of ours
    user = known_user(int(user_id))  # read again only when anything shared changed
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


@bp.record_once
def _check_rates(state) -> None:
    """A malformed PORTAL_LOGIN_*RATE_LIMIT stops the portal at start-up, not at a sign-in."""
    for name in ("LOGIN_RATE_LIMIT", "LOGIN_ADDRESS_RATE_LIMIT"):
        signin.parse_rate(state.app.config[name])


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Anyone: the sign-in form."""
    if current_user.is_authenticated:
        return redirect(url_for("documents.index"))
    form = LoginForm()
    if form.validate_on_submit():
        config = current_app.config
        attempt = signin.Attempt(form.email.data, request.remote_addr or "", _device_token(form.email.data))
        try:
            user = signin.sign_in(attempt, form.password.data, signin.parse_rate(config["LOGIN_RATE_LIMIT"]),
                                  signin.parse_rate(config["LOGIN_ADDRESS_RATE_LIMIT"]))
        except signin.TooManyAttempts:
            abort(429)
        # The refusal, which every web process counts (or a rehashed password), is committed
        # with the request: the form answers 200 either way.
        if user is not None:
            _start_session(user)
            response = redirect(_safe_next(request.args.get("next")), code=303)
            _remember_device(response, user.email)
            return response
        flash(_("Wrong e-mail address or password."), "error")
    return render_template("accounts/login.html", form=form)


def _start_session(user: User) -> None:
    """A fresh session for the user (nothing of the anonymous one but the language), which
    ends after PERMANENT_SESSION_LIFETIME without a request."""
    _clear_session()
    session.permanent = True
    login_user(user)


def _clear_session() -> None:
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so a link cannot bounce a user elsewhere after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("documents.index")


# A browser that signed in to an account before carries a token for it in a signed cookie sent
# to /login only: its attempts on that account are counted apart (portal.accounts.signin).


def _devices() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="portal.accounts.device")


def _account_key(email: str) -> str:
    """The account as the cookie names it: not the address itself, which the cookie would show."""
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()[:24]


def _device() -> dict | None:
    raw = request.cookies.get(DEVICE_COOKIE)
    try:
        data = _devices().loads(raw, max_age=DEVICE_DAYS * 86400) if raw else None
    except BadSignature:
        return None
    return data if isinstance(data, dict) and isinstance(data.get("a"), list) else None


def _device_token(email: str) -> str | None:
    """The browser's token if it has signed in to this account before."""
    device = _device()
    return str(device["d"]) if device and _account_key(email) in device["a"] else None


def _remember_device(response, email: str) -> None:
    device = _device() or {"d": secrets.token_urlsafe(16), "a": []}
    accounts = [_account_key(email)] + [a for a in device["a"] if a != _account_key(email)][:4]
    response.set_cookie(DEVICE_COOKIE, _devices().dumps({"d": device["d"], "a": accounts}),
                        max_age=DEVICE_DAYS * 86400, path=url_for("accounts.login"), httponly=True, samesite="Lax",
                        secure=current_app.session_interface.get_cookie_secure(current_app))


@bp.post("/logout")
@roles_required(*ANY_ROLE)
def logout():
    """Any signed-in user: ends this session and every copy of its cookie."""
    sign_out(current_user)
    logout_user()
    _clear_session()
    return redirect(url_for("accounts.login"), code=303)


@bp.post("/language")
@public
def set_language():
    """Anyone: choose Japanese or English; remembered for the user and the session."""
    locale = request.form.get("locale", "")
    if locale in current_app.config["LANGUAGES"]:
        session["locale"] = locale
        if current_user.is_authenticated:
            current_user.locale = locale
    return redirect(_safe_next(request.form.get("next")), code=303)


@bp.route("/admin/users", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def users():
    """Admins: list users and create new ones; the latest refused sign-ins."""
    form = UserForm()
    if form.validate_on_submit():
        try:
            user = create_user(form.email.data, form.name.data, form.role.data, form.password.data,
                               actor=current_user)
            flash(_("User %(email)s created.", email=user.email), "success")
            return redirect(url_for("accounts.users"), code=303)
        except AccountError as exc:
            db.session.rollback()
            flash(str(exc), "error")
    people = db.session.scalars(select(User).order_by(User.name)).all()
    return render_template("accounts/users.html", form=form, users=people, role_labels=ROLE_LABELS,
                           failures=signin.recent_failures())


@bp.post("/admin/users/<int:user_id>/active")
@roles_required(Role.ADMIN)
def user_active(user_id: int):
    """Admins: deactivate a user (their sessions end at once) or let them sign in again."""
    user = db.get_or_404(User, user_id)
    active = request.form.get("active") == "1"
    try:
        set_active(user, active, actor=current_user)
    except AccountError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        flash(_("%(name)s can sign in again.", name=user.name) if active
              else _("%(name)s can no longer sign in.", name=user.name), "success")
    return redirect(url_for("accounts.edit_user", user_id=user.id), code=303)


@bp.post("/admin/users/<int:user_id>/password")
@roles_required(Role.ADMIN)
def user_password(user_id: int):
    """Admins: give a user a new password; every session they had ends."""
    user = db.get_or_404(User, user_id)
    try:
        set_password(user, request.form.get("password", ""), actor=current_user)
    except AccountError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        if user.id == current_user.id:  # the admin's own: this session goes on, the others end
            _start_session(user)
        flash(_("%(name)s has a new password.", name=user.name), "success")
    return redirect(url_for("accounts.edit_user", user_id=user.id), code=303)
