"""Personal access tokens for the JSON API: created by the user or an admin, shown once, kept
only as the SHA-256 of the secret, revoked at will; a token acts as its user, with the user's
role, while the user is active. Every function flushes and never commits."""
from __future__ import annotations

import hashlib
import secrets

from flask_babel import gettext as _
from sqlalchemy import select

from portal import audit
from portal.extensions import db
from portal.models import ApiToken, Role, User
from portal.models.clock import utcnow

PREFIX = "pat_"  # says what the string is, in a log or a secret scanner


class TokenError(ValueError):
    """A token action refused, with the reason for the user."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(user: User, name: str, actor: User) -> tuple[ApiToken, str]:
    """A new token for `user` (by the user, or an admin): the row, and the secret to show once."""
    name = " ".join((name or "").split())[:100]
    if not name:
        raise TokenError(_("Give the token a name, such as the system that will use it."))
    if actor.id != user.id and not actor.has_role(Role.ADMIN):
        raise TokenError(_("Only administrators can create tokens for other people."))
    if not user.active:
        raise TokenError(_("%(name)s cannot sign in, so cannot have a token.", name=user.name))
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, prefix=secret[:12], secret_hash=_digest(secret),
                     created_by_id=actor.id)
    db.session.add(token)
    db.session.flush()
    audit.record("token_created", token, after={"user": user.email, "name": name, "prefix": token.prefix}, user=actor)
    return token, secret


def revoke_token(token: ApiToken, actor: User) -> None:
    """Revoke a token (its user, or an admin): it stops working at once."""
    if token.user_id != actor.id and not actor.has_role(Role.ADMIN):
        raise TokenError(_("Only the token's owner or an administrator can revoke it."))
    if token.revoked_at is not None:
        return
    token.revoked_at = utcnow()
    db.session.flush()
    audit.record("token_revoked", token, before={"prefix": token.prefix}, user=actor)


def user_for_secret(secret: str) -> tuple[ApiToken, User] | None:
    """The live token with this secret and its active user, else None."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.secret_hash == _digest(secret)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    return token, token.user


def tokens_for(viewer: User) -> list[ApiToken]:
    """The tokens the viewer may see: their own; an admin's: everyone's. Newest first."""
    query = select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())
    if not viewer.has_role(Role.ADMIN):
        query = query.where(ApiToken.user_id == viewer.id)
    return list(db.session.scalars(query))
