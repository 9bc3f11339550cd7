"""Attachments: a clerk adds a delivery note to a document in review; it is stored byte for byte
under its SHA-256, bounded and judged by its bytes, recorded in the history, shown to the
approver; whoever attaches a file has prepared the document and may not approve it."""
from __future__ import annotations

import hashlib
import io
import re

import pytest
from sqlalchemy import select

from portal import storage
from portal.approvals import duties
from portal.approvals import services as approvals
from portal.extensions import db
from portal.models import AuditEvent, DocumentAttachment
from portal.review import services as review
from tests.helpers import invoice_png, minimal_pdf
from tests.workflow import import_world, processed_document

NOTE = minimal_pdf("DELIVERY NOTE DN-7")


@pytest.fixture
def in_review(app, make_user):
    import_world()
    clerk = make_user("clerk")
    return clerk, processed_document(user=clerk)


def attach(client, auth, document_id: int, data: bytes, name: str = "delivery note.pdf", note: str = ""):
    token = auth.csrf_token(f"/review/{document_id}")
    return client.post(f"/documents/{document_id}/attachments", content_type="multipart/form-data",
                       data={"csrf_token": token, "note": note, "file": (io.BytesIO(data), name)},
                       follow_redirects=True)


def test_a_clerk_attaches_a_delivery_note_kept_byte_for_byte(in_review, client, auth):
    clerk, document = in_review
    auth.login(clerk.email)
    page = attach(client, auth, document.id, NOTE, note="as asked").get_data(as_text=True)
    assert "delivery note.pdf was attached." in page
    attachment = db.session.scalar(select(DocumentAttachment))
    assert attachment.sha256 == hashlib.sha256(NOTE).hexdigest() and attachment.mime_type == "application/pdf"
    assert storage.read(attachment.sha256) == NOTE
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "attachment_added"))
    assert event.document_id == document.id and event.user_id == clerk.id and event.note == "as asked"
    link = re.search(r'href="(/documents/\d+/attachments/\d+)"', page).group(1)
    assert client.get(link).data == NOTE


def test_the_approver_sees_the_attachment_on_the_step(in_review, make_user, client, auth):
    clerk, document = in_review
    from portal.attachments.services import add_attachment

    add_attachment(document, "dn.png", invoice_png(["DELIVERY NOTE"]), "the delivery note", clerk)
    review.submit(document, clerk)
    db.session.commit()
    approver = make_user("approver")
    auth.login(approver.email)
    [step] = approvals.chain(document)
    page = client.get(f"/approvals/steps/{step.id}").get_data(as_text=True)
    assert "dn.png" in page and "the delivery note" in page


@pytest.mark.parametrize(("data", "name", "reason"), [
    (b"just some text, not a delivery note", "note.txt", "was not accepted"),
    (b"", "empty.pdf", "Choose the file to attach."),
])
def test_a_file_that_is_not_a_document_is_refused_and_nothing_stored(in_review, client, auth, data, name, reason):
    clerk, document = in_review
    auth.login(clerk.email)
    assert reason in attach(client, auth, document.id, data, name).get_data(as_text=True)
    assert db.session.scalar(select(DocumentAttachment)) is None


def test_a_file_over_the_upload_limit_is_refused(app, in_review, client, auth):
    clerk, document = in_review
    app.config["MAX_UPLOAD_MB"] = 1
    auth.login(clerk.email)
    page = attach(client, auth, document.id, NOTE + b"%" * (1024 * 1024)).get_data(as_text=True)
    assert "larger than the 1 MB limit" in page
    assert db.session.scalar(select(DocumentAttachment)) is None


def test_nothing_is_attached_to_a_document_waiting_for_approval(in_review, client, auth):
    clerk, document = in_review
    review.submit(document, clerk)
    db.session.commit()
    auth.login(clerk.email)
    page = attach(client, auth, document.id, NOTE).get_data(as_text=True)
    assert "only while the document is in review" in page


def test_whoever_attaches_a_file_has_prepared_the_document(in_review, make_user):
    _clerk, document = in_review
    from portal.attachments.services import add_attachment

    admin = make_user("admin")
    add_attachment(document, "dn.pdf", NOTE, "", admin)
    assert admin.id in duties.preparers(document)
