"""People who use the portal and what their role lets them do."""
from __future__ import annotations

import enum
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.clock import utcnow

_hasher = PasswordHasher()  # argon2id with the library's recommended parameters


class Role(str, enum.Enum):
    CLERK = "clerk"
    APPROVER = "approver"
    ACCOUNTANT = "accountant"
    ADMIN = "admin"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default=Role.CLERK.value)
    password_hash: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str | None] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(default=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

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
        wanted = {r.value if isinstance(r, Role) else r for r in roles}
        return self.role == Role.ADMIN.value or self.role in wanted
