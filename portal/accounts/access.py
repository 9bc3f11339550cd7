"""Who may use a route: every view names the roles it admits."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from portal.models import Role


def roles_required(*roles: Role) -> Callable:
    """Signed-in users with one of these roles (admins always); others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


ANY_ROLE = (Role.CLERK, Role.APPROVER, Role.ACCOUNTANT, Role.ADMIN)
