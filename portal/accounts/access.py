"""Who may use a route: every view names the roles it admits, or says it is public.

A view that names neither does not start: `check_every_view_declares_access` runs when the
app is built, so a new route cannot be left open by forgetting its decorator.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, abort
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


def public(view: Callable) -> Callable:
    """Anyone, signed in or not (signing in, choosing the language)."""
    view.public = True  # type: ignore[attr-defined]
    return view


ANY_ROLE = (Role.CLERK, Role.APPROVER, Role.ACCOUNTANT, Role.ADMIN)


def check_every_view_declares_access(app: Flask) -> None:
    """Refuse to start when a view neither names its roles nor says it is public."""
    undeclared = sorted(endpoint for endpoint, view in app.view_functions.items()
                        if endpoint != "static" and not getattr(view, "allowed_roles", None)
                        and not getattr(view, "public", False))
    if undeclared:
        raise RuntimeError(f"these views say neither who may use them nor that they are public: {undeclared}")
