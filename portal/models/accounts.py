"""People who use the portal and what their role lets them do."""
from __future__ import annotations

import enum
import secrets
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.clock import utcnow
from portal.models.types import EnumText

_hasher = PasswordHasher()  # argon2id with the library's recommended parameters
_no_password_hash: str | None = None


def check_no_password(password: str) -> None:
    """Take as long as checking a real password does: for an address no account has, so a
    refusal takes as long whether or not the account exists."""
    global _no_password_hash
    if _no_password_hash is None:
        _no_password_hash = _hasher.hash(secrets.token_urlsafe(16))
    try:
        _hasher.verify(_no_password_hash, password)
    except (VerificationError, InvalidHashError):
        pass


class Role(enum.StrEnum):
    CLERK = "clerk"
    APPROVER = "approver"
    ACCOUNTANT = "accountant"
    ADMIN = "admin"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(EnumText(Role), default=Role.CLERK)
    password_hash: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str | None] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(default=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Part of every session cookie's identity: raising it ends every session of the user
    # (signing out, a new password, deactivation), wherever a copy of the cookie is kept.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        """The session's idea of who this is: the id and the session version (see load_user)."""
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """Every session cookie issued before this stops signing anyone in."""
        self.session_version = (self.session_version or 0) + 1

    def set_password(self, password: str) -> None:
        self.password_hash = _hasher.hash(password)

    def check_password(self, password: str) -> bool:
        try:
            ok = _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        if ok and _hasher.check_needs_rehash(self.password_hash):
            self.set_password(password)
        return ok

    def has_role(self, *roles: Role | str) -> bool:
        """Admins may do everything; others what their role names."""
        return self.role == Role.ADMIN or self.role in roles


class SignInFailure(db.Model):
    """One refused sign-in: the address typed (known account or not) and where it came from.

    The sign-in limits count these rows, so every web process sees the same counts, and
    admins see them on the users page.
    """

    __tablename__ = "sign_in_failures"
    __table_args__ = (Index("ix_sign_in_failures_email_address_at", "email", "address", "at"),
                      Index("ix_sign_in_failures_address_at", "address", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    # The browser's device token when it had signed in to this account before, else None.
    device: Mapped[str | None] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user = relationship("User")
