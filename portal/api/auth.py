"""Who calls the API: a personal access token in `Authorization: Bearer …`, never a session
cookie (so the API needs no CSRF token and a page's script cannot call it as the signed-in
user). Each view names the roles it admits, as the HTML views do."""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from flask import current_app, g, request
from flask_babel import gettext as _

from portal.accounts.signin import parse_rate
from portal.accounts.tokens import user_for_secret
from portal.api import limits
from portal.api.problems import Problem
from portal.models import Role
from portal.models.clock import utcnow

LAST_USED_EVERY = timedelta(minutes=1)  # how stale a token's "last used" may be


def token_required(*roles: Role) -> Callable:
    """Callers with a live token whose user has one of these roles (admins always)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            user = authenticate()
            if not user.has_role(*roles):
                raise Problem(403, "forbidden", _("Your role does not allow this."))
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


def authenticate():
    """The token's user, set as the current user for this request; 401 or 429 problems."""
    config = current_app.config
    address = request.remote_addr or ""
    scheme, _sep, secret = request.headers.get("Authorization", "").partition(" ")
    if limits.over(f"bad-token:{address}", parse_rate(config["LOGIN_ADDRESS_RATE_LIMIT"])):
        raise Problem(429, "too-many-requests", _("Too many requests with a wrong token from this address."),
                      headers={"Retry-After": "60"})
    found = user_for_secret(secret.strip()) if scheme.lower() == "bearer" else None
    if found is None:
        limits.hit(f"bad-token:{address}", parse_rate(config["LOGIN_ADDRESS_RATE_LIMIT"]))
        raise Problem(401, "unauthenticated", _("Send a valid API token: Authorization: Bearer <token>."),
                      headers={"WWW-Authenticate": 'Bearer realm="portal"'})
    token, user = found
    allowed, retry_after = limits.hit(f"token:{token.id}", parse_rate(config["API_RATE_LIMIT"]))
    if not allowed:
        raise Problem(429, "too-many-requests", _("This token has made too many requests. Wait and try again."),
                      headers={"Retry-After": str(retry_after)})
    g.api_token = token
    g._login_user = user  # Flask-Login's current user, for this request only: no session is touched
    g.api_token_id = token.id
    return user


def note_use(response):
    """A token's "last used", kept roughly current by the requests it made that succeeded (and
    committed with them: a refused request changes nothing)."""
    token = g.get("api_token")
    if token is not None and response.status_code < 400:
        now = utcnow()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
            token.last_used_at = now
    return response
