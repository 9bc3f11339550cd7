"""The API tokens page: create a token (shown once), see and revoke one's own; admins all."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.accounts import bp
from portal.accounts.access import ANY_ROLE, roles_required
from portal.accounts.tokens import TokenError, create_token, revoke_token, tokens_for
from portal.extensions import db
from portal.models import ApiToken, Role, User


@bp.route("/account/tokens", methods=["GET", "POST"])
@roles_required(*ANY_ROLE)
def tokens():
    """Any signed-in user: their API tokens; a new one is shown once. Admins: everyone's, and
    they may create one for any user."""
    secret = None
    status = 200
    if request.method == "POST":
        owner = current_user
        if current_user.has_role(Role.ADMIN) and request.form.get("user_id", type=int):
            owner = db.session.get(User, request.form.get("user_id", type=int)) or abort(404)
        try:
            token, secret = create_token(owner, request.form.get("name", ""), current_user)
        except TokenError as exc:
            flash(str(exc), "error")
            status = 422
        else:
            flash(_("Token “%(name)s” created for %(user)s. Copy it now: it is not shown again.",
                    name=token.name, user=owner.name), "success")
    people = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name)).all() \
        if current_user.has_role(Role.ADMIN) else []
    return render_template("accounts/tokens.html", tokens=tokens_for(current_user), secret=secret,
                           people=people), status


@bp.post("/account/tokens/<int:token_id>/revoke")
@roles_required(*ANY_ROLE)
def revoke(token_id: int):
    """The token's owner or an admin: revoke it; it stops working at once."""
    token = db.session.get(ApiToken, token_id)
    if token is None or (token.user_id != current_user.id and not current_user.has_role(Role.ADMIN)):
        abort(404)  # someone else's token is not even said to exist
    revoke_token(token, current_user)
    flash(_("Token “%(name)s” revoked.", name=token.name), "success")
    return redirect(url_for("accounts.tokens"), code=303)
