"""A document's versions on its page (訂正削除の履歴), deleting it from the browser (admins, with a
confirmation page and a reason) and from the command line, and purging originals past retention."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from portal import storage
from portal.extensions import db
from portal.models import AuditEvent, Document
from portal.records.integrity import verify
from portal.review.services import correct_field
from portal.search.services import Criteria, search_query
from tests.desk import fields, import_suppliers, read_document


@pytest.fixture
def document(app, make_user):
    """A document read, then corrected twice: three versions."""
    import_suppliers()
    clerk = make_user("clerk", "corrector@example.com")
    document = read_document(fields(document_number="INV-OLD", total="11000"), text="請求書 ボルト")
    correct_field(document, "document_number", "INV-NEW", clerk)
    correct_field(document, "total", "12100", clerk)
    db.session.commit()
    return document


def _found(**criteria) -> list[int]:
    return [d.id for d in db.session.scalars(search_query(Criteria(**criteria)))]


def test_every_version_is_shown_newest_first_with_what_it_changed(document, client, signed_in):
    signed_in("approver")  # whoever may see the document
    html = client.get(f"/documents/{document.id}/versions").get_data(as_text=True)
    assert html.index('id="version-3"') < html.index('id="version-2"') < html.index('id="version-1"')
    newest = html[html.index('id="version-3"'):html.index('id="version-2"')]
    assert "¥12,100" in newest and '<del title="before">¥11,000</del>' in newest
    middle = html[html.index('id="version-2"'):html.index('id="version-1"')]
    assert "INV-NEW" in middle and '<del title="before">INV-OLD</del>' in middle
    first = html[html.index('id="version-1"'):]
    assert "INV-OLD" in first and "<del" not in first


def test_the_versions_page_speaks_japanese(document, client, signed_in):
    signed_in("accountant")
    html = client.get(f"/documents/{document.id}/versions", headers={"Accept-Language": "ja"}).get_data(as_text=True)
    assert "訂正削除の履歴" in html and "第3版" in html


@pytest.mark.parametrize(("role", "may_delete"), [("admin", True), ("accountant", False), ("clerk", False)])
def test_the_document_page_links_to_its_versions_and_admins_to_deleting(document, client, signed_in, role,
                                                                         may_delete):
    signed_in(role)
    html = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert f"/documents/{document.id}/versions" in html
    assert (f"/documents/{document.id}/delete" in html) is may_delete


def test_deleting_asks_first_then_wants_a_reason(document, client, signed_in, auth):
    signed_in("admin")
    page = client.get(f"/documents/{document.id}/delete")
    assert page.status_code == 200 and "Yes, delete" in page.get_data(as_text=True)
    token = auth.csrf_token(f"/documents/{document.id}/delete")
    refused = client.post(f"/documents/{document.id}/delete", data={"csrf_token": token, "reason": " "})
    assert refused.status_code == 422 and "field-error" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Document, document.id).deleted_at is None


def test_a_deleted_document_leaves_the_lists_and_is_found_as_deleted(document, client, signed_in, auth):
    signed_in("admin")
    token = auth.csrf_token(f"/documents/{document.id}/delete")
    response = client.post(f"/documents/{document.id}/delete", data={"csrf_token": token, "reason": "sent twice"})
    assert response.status_code == 303
    db.session.expire_all()
    deleted = db.session.get(Document, document.id)
    assert deleted.deleted_at is not None and deleted.deletion_reason == "sent twice"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "deleted"))
    assert (event.document_id, event.note) == (document.id, "sent twice")
    assert "INV-NEW" not in client.get("/").get_data(as_text=True)
    assert _found(text="請求書") == [] and _found(status="deleted", text="請求書") == [document.id]
    shown = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert "sent twice" in shown and f"/documents/{document.id}/delete" not in shown
    versions = client.get(f"/documents/{document.id}/versions").get_data(as_text=True)
    assert 'id="deletion"' in versions and "sent twice" in versions
    again = client.post(f"/documents/{document.id}/delete", data={"csrf_token": token, "reason": "again"})
    assert again.status_code == 409
    assert verify().ok


def test_the_cli_deletes_with_a_reason(document, runner, make_user):
    make_user("admin")
    result = runner.invoke(args=["delete", str(document.id), "--reason", "a test upload"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(Document, document.id).deletion_reason == "a test upload"
    again = runner.invoke(args=["delete", str(document.id), "--reason", "again"])
    assert again.exit_code == 1 and "deleted already" in again.output
    assert runner.invoke(args=["delete", str(document.id)]).exit_code == 2  # --reason is required
    assert runner.invoke(args=["delete", "999999", "--reason", "x"]).exit_code == 1


def test_purge_lists_then_removes_only_originals_past_retention(app, runner, make_user):
    import_suppliers()
    old = read_document(fields(issue_date="2015-04-01", total="1"))
    recent = read_document(fields(issue_date=f"{date.today().year}-01-05", total="2"))
    kept = read_document(fields(issue_date="2015-04-02", total="3"))  # old, but not deleted
    for document in (old, recent):
        runner.invoke(args=["delete", str(document.id), "--reason", "scanned twice"])
    listed = runner.invoke(args=["purge", "--dry-run"])
    assert listed.exit_code == 0, listed.output
    assert f"{old.id}\t{old.file_name}\tkept until 2022-12-31" in listed.output
    assert f"{recent.id}\t" not in listed.output and f"{kept.id}\t" not in listed.output
    assert storage.path_for(old.sha256).exists()  # a dry run removes nothing
    purged = runner.invoke(args=["purge"])
    assert purged.exit_code == 0 and "1 original(s) removed" in purged.output
    assert not storage.path_for(old.sha256).exists()
    assert storage.path_for(recent.sha256).exists() and storage.path_for(kept.sha256).exists()
    assert db.session.scalar(select(AuditEvent.document_id).where(AuditEvent.action == "original_purged")) == old.id
    assert verify().ok


def test_a_purged_original_is_no_longer_offered(app, runner, client, signed_in):
    import_suppliers()
    old = read_document(fields(issue_date="2015-04-01", total="1"))
    runner.invoke(args=["delete", str(old.id), "--reason", "scanned twice"])
    runner.invoke(args=["purge"])
    signed_in("accountant")
    assert client.get(f"/documents/{old.id}/original").status_code == 404
    assert f"/documents/{old.id}/original" not in client.get(f"/documents/{old.id}").get_data(as_text=True)


def test_a_deleted_document_leaves_the_review_queue_the_exceptions_and_the_inbox(app, make_user):
    from portal.approvals.services import waiting_for
    from portal.matching.queue import exception_queue
    from portal.records.retention import delete
    from portal.review.services import review_queue, submit
    from tests.workflow import import_world, invoice_fields, processed_document

    import_world()
    clerk, approver = make_user("clerk"), make_user("approver")
    waiting = processed_document(invoice_fields(), user=clerk)
    submit(waiting, clerk)
    in_review = processed_document(invoice_fields(total="22001"), user=clerk)  # the totals do not add up
    db.session.commit()
    assert review_queue() == [in_review] and [s.document_id for s in waiting_for(approver)] == [waiting.id]
    assert exception_queue({}, 1)[0].total == 1
    for document in (waiting, in_review):
        delete(document, "uploaded by mistake", make_user("admin") if document is waiting else None)
    db.session.commit()
    assert review_queue() == [] and waiting_for(approver) == [] and exception_queue({}, 1)[0].total == 0


def test_a_deleted_document_is_reviewed_no_more_and_leaves_the_export(document, runner, client, signed_in, auth,
                                                                        make_user):
    make_user("admin")
    exported = runner.invoke(args=["export", "--format", "json"])
    assert document.id in [d["id"] for d in json.loads(exported.output)]
    assert runner.invoke(args=["delete", str(document.id), "--reason", "a test upload"]).exit_code == 0
    exported = runner.invoke(args=["export", "--format", "json"])
    assert document.id not in [d["id"] for d in json.loads(exported.output)]
    signed_in("clerk")
    assert client.get(f"/review/{document.id}").status_code == 404
    token = auth.csrf_token("/review/")
    assert client.post(f"/review/{document.id}/submit", data={"csrf_token": token}).status_code == 404
