"""The admin's webhooks page: register a URL and its events, see each one's last deliveries."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.access import roles_required
from portal.extensions import db
from portal.models import Role, Webhook
from portal.webhooks import bp
from portal.webhooks.services import WebhookError, create_webhook, delete_webhook

EVENT_LABELS = {"processed": _l("Document read"), "approved": _l("Approved"), "rejected": _l("Rejected"),
                "paid": _l("Paid")}


@bp.route("/", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def index():
    """Admins: the webhooks, their secrets and last deliveries; POST registers one."""
    status = 200
    if request.method == "POST":
        try:
            webhook = create_webhook(request.form.get("url", ""), request.form.getlist("events"), current_user)
        except WebhookError as exc:
            flash(str(exc), "error")
            status = 422
        else:
            flash(_("Webhook for %(url)s registered.", url=webhook.url), "success")
            return redirect(url_for("webhooks.index"), code=303)
    hooks = db.session.scalars(select(Webhook).order_by(Webhook.id)).all()
    return render_template("webhooks/index.html", webhooks=hooks, labels=EVENT_LABELS), status


@bp.post("/<int:webhook_id>/delete")
@roles_required(Role.ADMIN)
def delete(webhook_id: int):
    """Admins: remove a webhook and its deliveries."""
    webhook = db.session.get(Webhook, webhook_id) or abort(404)
    delete_webhook(webhook, current_user)
    flash(_("Webhook removed."), "success")
    return redirect(url_for("webhooks.index"), code=303)
