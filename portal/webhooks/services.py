"""Registering webhooks and delivering events to them.

A delivery's body is JSON; it is signed with the webhook's secret as HMAC-SHA256 over
`"{timestamp}.{body}"`, sent in `X-Portal-Signature: sha256=<hex>` beside `X-Portal-Timestamp`
(seconds since the epoch), so the receiver can refuse a body that was altered or replayed later.
A delivery that fails (no answer, or a status other than 2xx) is tried again through the job
queue, waiting longer each time (BACKOFF), and is marked failed after the last try. Every
function flushes and never commits.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from portal import audit
from portal.events import EVENTS
from portal.extensions import db
from portal.models import Document, User, Webhook, WebhookDelivery
from portal.models.clock import utcnow

BACKOFF = (30, 120, 600, 3600, 6 * 3600)  # seconds before the 2nd, 3rd… try; then it has failed
KEPT_BODY = 2000  # characters of the receiver's answer kept


class WebhookError(ValueError):
    """A webhook refused, with the reason for the admin."""


def create_webhook(url: str, events: list[str], actor: User) -> Webhook:
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 1000:
        raise WebhookError(_("Enter the full address, starting with https:// (or http://)."))
    chosen = [e for e in EVENTS if e in events]
    if not chosen:
        raise WebhookError(_("Choose at least one event."))
    webhook = Webhook(url=url, events=chosen, secret=secrets.token_hex(32), created_by_id=actor.id)
    db.session.add(webhook)
    db.session.flush()
    audit.record("webhook_created", webhook, after={"url": url, "events": chosen}, user=actor)
    return webhook


def delete_webhook(webhook: Webhook, actor: User) -> None:
    audit.record("webhook_deleted", webhook, before={"url": webhook.url, "events": webhook.events}, user=actor)
    db.session.delete(webhook)
    db.session.flush()


def payload(name: str, document: Document) -> dict:
    return {"event": name, "occurred_at": utcnow().isoformat() + "Z", "document": {
        "id": document.id, "file": document.file_name, "status": document.status,
        "review_status": document.review_status, "doc_type": document.doc_type,
        "supplier_code": document.supplier.code if document.supplier else None,
        "document_number": document.document_number, "po_number": document.po_number,
        "currency": document.currency, "total": None if document.total is None else str(document.total),
        "due_date": document.due_date.isoformat() if document.due_date else None}}


def deliveries_for(name: str, document_id: int) -> list[int]:
    """One pending delivery per active webhook that asked for this event; their ids."""
    document = db.session.get(Document, document_id)
    hooks = [w for w in db.session.scalars(select(Webhook).where(Webhook.active.is_(True))) if name in w.events]
    if document is None or not hooks:
        return []
    body = payload(name, document)
    deliveries = [WebhookDelivery(webhook_id=w.id, event=name, document_id=document.id, payload=body) for w in hooks]
    db.session.add_all(deliveries)
    db.session.flush()
    return [d.id for d in deliveries]


def sign(secret: str, timestamp: int, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def attempt(delivery_id: int) -> int | None:
    """Try one delivery; the seconds to wait before the next try, or None when it is done."""
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.status != "pending":
        return None
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = int(time.time())
    request = urllib.request.Request(delivery.webhook.url, data=body, method="POST", headers={
        "Content-Type": "application/json", "User-Agent": "portal-webhooks/1",
        "X-Portal-Event": delivery.event, "X-Portal-Delivery": str(delivery.id),
        "X-Portal-Timestamp": str(timestamp), "X-Portal-Signature": sign(delivery.webhook.secret, timestamp, body)})
    delivery.attempts += 1
    delivery.last_attempt_at = utcnow()
    try:
        with urllib.request.urlopen(request, timeout=current_app.config["WEBHOOK_TIMEOUT"]) as response:  # noqa: S310
            delivery.response_status, answer = response.status, response.read(KEPT_BODY)
    except urllib.error.HTTPError as exc:
        delivery.response_status, answer = exc.code, exc.read(KEPT_BODY)
    except (OSError, ValueError) as exc:
        delivery.response_status, answer, delivery.error = None, b"", str(exc)[:500]
    delivery.response_body = answer.decode("utf-8", "replace")
    if delivery.response_status is not None and 200 <= delivery.response_status < 300:
        delivery.status, delivery.error = "delivered", None
        return None
    if delivery.attempts > len(BACKOFF):
        delivery.status = "failed"
        return None
    return BACKOFF[delivery.attempts - 1]
