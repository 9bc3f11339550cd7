"""Documents whose worker stopped: queued again by the sweep, failed after too many stops, shown
as stopped with a button to try again."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.intake import leases
from portal.intake.processing import take
from portal.intake.recovery import MAX_READ_ATTEMPTS, RESEND_AFTER, STOPPED_TOO_OFTEN, sweep
from portal.intake.services import accept_upload
from portal.models import AuditEvent, Document
from portal.models.clock import utcnow
from portal.tasks import sweep_stuck_documents
from tests.helpers import minimal_pdf


@pytest.fixture
def queued(app) -> Document:
    document = accept_upload("stopped.pdf", minimal_pdf("Invoice No. INV-STOP"))
    db.session.commit()
    return document


def stuck(document_id: int) -> Document:
    """A worker takes the document, then dies: its lease runs out."""
    take(document_id)
    db.session.commit()
    document = db.session.get(Document, document_id)
    document.lease_expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    return document


def statuses(document_id: int) -> list[tuple[str, str | None]]:
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.document_id == document_id)
                                .order_by(AuditEvent.id))
    return [(e.action, e.note) for e in events if e.action in {"queued", "processing", "processed", "failed"}]


def test_a_document_whose_worker_stopped_is_queued_again(queued):
    holder = leases.worker_name()
    stuck(queued.id)
    assert sweep() == [queued]
    db.session.commit()
    document = db.session.get(Document, queued.id)
    assert (document.status, document.lease_holder, document.lease_expires_at) == ("queued", None, None)
    assert statuses(queued.id)[-1] == (
        "queued", f"the worker reading it stopped ({holder}); attempt 1 of {MAX_READ_ATTEMPTS}")


def test_a_document_still_being_read_is_left_alone(queued):
    take(queued.id)
    db.session.commit()
    assert sweep() == []
    assert db.session.get(Document, queued.id).status == "processing"


def test_a_document_left_processing_before_leases_existed_is_queued_again(queued):
    queued.status = "processing"  # as a worker killed before this release left it
    db.session.commit()
    assert queued.is_stuck
    assert sweep() == [queued]


def test_a_document_that_stops_its_worker_every_time_is_failed_with_a_reason(queued):
    for _ in range(MAX_READ_ATTEMPTS - 1):
        stuck(queued.id)
        assert sweep() == [queued]
        db.session.commit()
    stuck(queued.id)
    assert sweep() == []
    db.session.commit()
    document = db.session.get(Document, queued.id)
    assert (document.status, document.error, document.read_attempts) == ("failed", STOPPED_TOO_OFTEN, 3)
    assert [action for action, _ in statuses(queued.id)] == ["processing", "queued"] * 2 + ["processing", "failed"]


def test_a_document_whose_job_the_queue_lost_is_sent_again_once(queued):
    queued.queued_at = utcnow() - RESEND_AFTER - timedelta(seconds=1)
    recent = accept_upload("recent.pdf", minimal_pdf("Invoice No. INV-RECENT"))
    db.session.commit()
    assert sweep() == [queued]
    db.session.commit()
    assert sweep() == []  # sent again now: not again before RESEND_AFTER
    assert recent.status == "queued"


def test_the_workers_sweep_reads_the_documents_it_puts_back(queued):
    stuck(queued.id)
    sweep_stuck_documents()  # the tests' queue runs the jobs it queues at once
    document = db.session.get(Document, queued.id)
    assert document.status == "processed"
    assert [action for action, _ in statuses(queued.id)] == ["processing", "queued", "processing", "processed"]


# --- the document's page ---------------------------------------------------------------------


def retry_button(client, document_id: int, **headers) -> tuple[str, str | None]:
    """The page's HTML and the CSRF token of its try-again form, if it has one."""
    import re

    html = client.get(f"/documents/{document_id}", headers=headers).get_data(as_text=True)
    form = re.search(rf'action="/documents/{document_id}/retry">\s*<input type="hidden" name="csrf_token" '
                     r'value="([^"]+)"', html)
    return html, form.group(1) if form else None


def test_an_admin_sees_a_stopped_document_with_a_button_to_try_again(queued, signed_in, client):
    signed_in("admin")
    stuck(queued.id)
    html, token = retry_button(client, queued.id)
    assert 'class="status status-stuck"' in html and "The worker reading this document stopped" in html
    assert token
    assert 'class="status status-stuck">Stopped<' in client.get("/").get_data(as_text=True)


def test_trying_a_stopped_document_again_queues_and_reads_it(queued, signed_in, client):
    signed_in("admin")
    stuck(queued.id)
    _html, token = retry_button(client, queued.id)
    response = client.post(f"/documents/{queued.id}/retry", data={"csrf_token": token})
    assert response.status_code == 303
    document = db.session.get(Document, queued.id, populate_existing=True)  # the job had a session of its own
    assert (document.status, document.read_attempts) == ("processed", 1)
    assert statuses(queued.id)[1] == ("queued", "retry")


def test_a_document_being_read_cannot_be_tried_again(queued, signed_in, client):
    signed_in("admin")
    take(queued.id)
    db.session.commit()
    html, token = retry_button(client, queued.id)
    assert token is None and "status-processing" in html
    token = retry_button(client, queued.id)[0].split('"X-CSRFToken": "')[1].split('"')[0]
    response = client.post(f"/documents/{queued.id}/retry", data={"csrf_token": token}, follow_redirects=True)
    assert "Only a failed document, or one whose reading stopped, can be tried again." in response.get_data(
        as_text=True)
    assert db.session.get(Document, queued.id).status == "processing"


def test_an_approver_sees_a_stopped_document_but_cannot_try_it_again(queued, signed_in, client, auth):
    signed_in("approver")
    stuck(queued.id)
    html, token = retry_button(client, queued.id)
    assert "status-stuck" in html and token is None
    response = client.post(f"/documents/{queued.id}/retry", data={"csrf_token": auth.csrf_token("/")})
    assert response.status_code == 403


def test_trying_again_without_the_csrf_token_is_refused(queued, signed_in, client):
    signed_in("admin")
    stuck(queued.id)
    assert client.post(f"/documents/{queued.id}/retry").status_code == 400
    assert db.session.get(Document, queued.id).status == "processing"


def test_a_stopped_document_and_the_reason_it_failed_speak_japanese(queued, signed_in, client):
    user = signed_in("admin")
    user.locale = "ja"
    db.session.commit()
    stuck(queued.id)
    html, _token = retry_button(client, queued.id)
    assert "処理ワーカーが途中で停止しました" in html and ">停止<" in html and ">再実行<" in html
    for _ in range(MAX_READ_ATTEMPTS - 1):
        sweep()
        db.session.commit()
        stuck(queued.id)
    sweep()
    db.session.commit()
    html, _token = retry_button(client, queued.id)
    assert "読み取ろうとするたびに処理ワーカーが停止しました" in html
