"""Webhooks: an admin registers a URL and events; a document's events are delivered there, signed
with HMAC-SHA256 over the timestamp and the body, tried again with backoff through the job queue,
with the last response kept. The receiver is a real HTTP server on loopback."""
from __future__ import annotations

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Webhook, WebhookDelivery
from portal.queue import huey
from portal.webhooks.services import BACKOFF, WebhookError, attempt, create_webhook
from tests.workflow import import_world, processed_document


class Receiver:
    """An HTTP server on 127.0.0.1 that records each POST and answers with `status`."""

    def __init__(self) -> None:
        self.received: list[tuple[dict, bytes]] = []
        self.status = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()
                self.wfile.write(b"thanks" if receiver.status == 200 else b"try later")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/portal-events"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.close()


@pytest.fixture
def admin(make_user):
    return make_user("admin")


def test_a_processed_document_is_delivered_signed_to_the_webhook_that_asked(app, receiver, admin):
    webhook = create_webhook(receiver.url, ["processed", "approved"], admin)
    create_webhook(receiver.url + "/other", ["paid"], admin)
    db.session.commit()
    import_world()
    document = processed_document()
    [(headers, body)] = receiver.received
    assert headers["X-Portal-Event"] == "processed"
    signed = hmac.new(webhook.secret.encode(), headers["X-Portal-Timestamp"].encode() + b"." + body,
                      hashlib.sha256).hexdigest()
    assert headers["X-Portal-Signature"] == f"sha256={signed}"
    payload = json.loads(body)
    assert payload["event"] == "processed" and payload["document"]["id"] == document.id
    assert payload["document"]["total"] == "22000" and payload["document"]["supplier_code"] == "SUP-001"
    [delivery] = db.session.scalars(select(WebhookDelivery))
    assert (delivery.status, delivery.attempts, delivery.response_status, delivery.response_body) == \
        ("delivered", 1, 200, "thanks")


def test_an_approval_and_a_rejection_are_delivered(app, receiver, admin, make_user):
    from portal.approvals.services import chain, decide, open_exceptions, override_exception
    from portal.review.services import submit

    create_webhook(receiver.url, ["approved", "rejected"], admin)
    db.session.commit()
    import_world()
    clerk, approver = make_user("clerk"), make_user("approver")
    for decision in ("approve", "reject"):
        document = processed_document(user=clerk)
        for exception in open_exceptions(document):  # the second invoices PO-1 again
            override_exception(document, exception.code, "agreed", clerk)
        submit(document, clerk)
        db.session.commit()
        decide(chain(document)[0].id, approver, decision, "not ours")
        db.session.commit()
    assert [h["X-Portal-Event"] for h, _body in receiver.received] == ["approved", "rejected"]


def test_a_failed_delivery_is_tried_again_later_and_keeps_the_last_answer(app, receiver, admin):
    receiver.status = 503
    create_webhook(receiver.url, ["processed"], admin)
    db.session.commit()
    import_world()
    processed_document()
    [delivery] = db.session.scalars(select(WebhookDelivery))
    assert (delivery.status, delivery.attempts, delivery.response_status, delivery.response_body) == \
        ("pending", 1, 503, "try later")
    assert len(huey.scheduled()) == 1  # the next try waits in the queue's schedule
    receiver.status = 200
    assert attempt(delivery.id) is None
    db.session.commit()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 2, 200)


def test_a_delivery_that_never_gets_through_fails_after_the_last_backoff(app, admin):
    webhook = create_webhook("http://127.0.0.1:9/nobody-listens", ["processed"], admin)
    db.session.commit()
    delivery = WebhookDelivery(webhook_id=webhook.id, event="processed", payload={"event": "processed"})
    db.session.add(delivery)
    db.session.commit()
    waits = [attempt(delivery.id) for _ in range(len(BACKOFF) + 1)]
    assert waits == [*BACKOFF, None]
    assert delivery.status == "failed" and delivery.error


@pytest.mark.parametrize("url, events", [("ftp://erp/x", ["processed"]), ("not a url", ["paid"]),
                                         ("https://erp.example.com/x", []), ("https://erp.example.com/x", ["nope"])])
def test_a_webhook_needs_an_http_address_and_a_known_event(admin, url, events):
    with pytest.raises(WebhookError):
        create_webhook(url, events, admin)


def test_the_admin_page_registers_a_webhook_and_shows_its_last_response(client, signed_in, auth, receiver):
    signed_in("admin")
    token = auth.csrf_token("/admin/webhooks/")
    response = client.post("/admin/webhooks/", data={"url": receiver.url, "events": ["processed", "paid"],
                                                     "csrf_token": token})
    assert response.status_code == 303
    [webhook] = db.session.scalars(select(Webhook))
    assert webhook.events == ["processed", "paid"]
    import_world()
    processed_document()
    page = client.get("/admin/webhooks/").get_data(as_text=True)
    assert receiver.url in page and "HTTP 200" in page and "thanks" in page and webhook.secret in page
