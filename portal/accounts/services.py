"""Creating users and checking passwords."""
from __future__ import annotations

import secrets

from flask_babel import gettext as _
from sqlalchemy import func, select

from portal import audit
from portal.extensions import db
from portal.models import Role, User

MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """A user that cannot be created as asked, with the reason."""


def create_user(email: str, name: str, role: str, password: str, actor: User | None = None) -> User:
    """Add a user with an argon2id password hash; flushes."""
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise AccountError(_("Enter a valid e-mail address."))
    if role not in {r.value for r in Role}:
        raise AccountError(_("Unknown role: %(role)s.", role=role))
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(_("The password must be at least %(n)s characters.", n=MIN_PASSWORD_LENGTH))
    if find_user(email) is not None:
        raise AccountError(_("A user with this e-mail address already exists."))
    user = User(email=email, name=name.strip() or email, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record("user_created", user, after={"email": email, "role": role}, user=actor)
    return user


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def set_password(user: User, password: str, actor: User | None = None) -> None:
    """A new password; every session the user had ends. Flushes."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(_("The password must be at least %(n)s characters.", n=MIN_PASSWORD_LENGTH))
    user.set_password(password)
    user.end_sessions()
    db.session.flush()
    audit.record("password_changed", user, user=actor)


def set_active(user: User, active: bool, actor: User | None = None) -> None:
    """Let the user sign in again, or no longer: deactivating ends every session they had."""
    if not active and actor is not None and actor.id == user.id:
        raise AccountError(_("You cannot deactivate yourself."))
    if user.active == active:
        return
    user.active = active
    if not active:
        user.end_sessions()
    db.session.flush()
    audit.record("user_reactivated" if active else "user_deactivated", user, user=actor)


def sign_out(user: User) -> None:
    """End the user's sessions, this one and any copy of its cookie. Flushes."""
    user.end_sessions()
    db.session.flush()


def has_admin() -> bool:
    return db.session.scalar(select(func.count()).select_from(User).where(User.role == Role.ADMIN.value)) > 0


def generate_password() -> str:
    return secrets.token_urlsafe(12)
