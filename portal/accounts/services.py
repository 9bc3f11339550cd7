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
    if role not in set(Role):
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


def update_user(user: User, *, email: str, name: str, role: str, actor: User | None = None) -> None:
    """Change a user's address, name or role (admins); audited with before and after. Flushes.

    A new address or role ends every session the user had: they sign in again as who they now
    are. An admin cannot take their own admin role away: someone must be left to manage the users.
    """
    email = (email or "").strip().lower()
    if "@" not in email or len(email) > 254:
        raise AccountError(_("Enter a valid e-mail address."))
    if role not in set(Role):
        raise AccountError(_("Unknown role: %(role)s.", role=role))
    if actor is not None and actor.id == user.id and user.role == Role.ADMIN and role != Role.ADMIN:
        raise AccountError(_("You cannot take away your own administrator role."))
    other = find_user(email)
    if other is not None and other.id != user.id:
        raise AccountError(_("A user with this e-mail address already exists."))
    before = {"email": user.email, "name": user.name, "role": user.role}
    after = {"email": email, "name": (name or "").strip()[:200] or email, "role": role}
    if before == after:
        return
    user.email, user.name, user.role = after["email"], after["name"], after["role"]
    if (before["email"], before["role"]) != (after["email"], after["role"]):
        user.end_sessions()
    db.session.flush()
    audit.record("user_changed", user, before=before, after=after, user=actor)


def change_own_password(user: User, current: str, new: str, repeated: str) -> None:
    """The user's own new password, given the present one: every other session ends. Flushes."""
    if not user.check_password(current or ""):
        raise AccountError(_("The present password is not right."))
    if new != repeated:
        raise AccountError(_("The two new passwords differ."))
    set_password(user, new, actor=user)


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
    return db.session.scalar(select(func.count()).select_from(User).where(User.role == Role.ADMIN)) > 0


def generate_password() -> str:
    return secrets.token_urlsafe(12)
