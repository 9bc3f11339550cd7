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


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, else None."""
    user = find_user(email)
    if user is None or not user.active or not user.check_password(password):
        return None
    return user


def has_admin() -> bool:
    return db.session.scalar(select(func.count()).select_from(User).where(User.role == Role.ADMIN.value)) > 0


def generate_password() -> str:
    return secrets.token_urlsafe(12)
