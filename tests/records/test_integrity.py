"""A record that proves itself: the audit chain and the originals, corrections as versions,
deletion as a flag, and originals kept through the retention period."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, func, select, update

from portal import storage
from portal.extensions import db
from portal.models import AuditEvent, DocumentVersion
from portal.records import retention
from portal.records.integrity import verify
from portal.review.services import correct_field
from tests.workflow import import_world, invoice_fields, processed_document


@pytest.fixture
def documents(app, make_user):
    """Two documents read, one of them corrected twice: a trail of a few dozen events."""
    import_world()
    clerk = make_user("clerk")
    first = processed_document(user=clerk)
    second = processed_document(invoice_fields(document_number="INV-OLD"), user=clerk)
    correct_field(second, "document_number", "INV-NEW", clerk)
    correct_field(second, "total", "22001", clerk)
    db.session.commit()
    return first, second


def _middle_event() -> AuditEvent:
    count = db.session.scalar(select(func.count()).select_from(AuditEvent))
    return db.session.scalars(select(AuditEvent).order_by(AuditEvent.id).offset(count // 2).limit(1)).one()


def test_an_untouched_instance_verifies(runner, documents):
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "ok:" in result.output


def test_an_altered_audit_row_is_named(runner, documents):
    event = _middle_event()
    db.session.execute(update(AuditEvent).where(AuditEvent.id == event.id).values(note="nothing happened"))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"audit event {event.id}:" in result.output and "altered" in result.output


def test_a_deleted_event_breaks_the_chain_at_the_next(runner, documents):
    event = _middle_event()
    following = db.session.scalar(select(func.min(AuditEvent.id)).where(AuditEvent.id > event.id))
    db.session.execute(delete(AuditEvent).where(AuditEvent.id == event.id))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"audit event {following}: does not follow" in result.output


@pytest.mark.parametrize("removed", [1, 3])
def test_events_deleted_from_the_end_are_named(runner, documents, make_user, removed):
    """The chain that is left is whole; the trail's head still names the last event written."""
    from portal import audit

    admin = make_user("admin")
    audit.record_many([audit.Entry("noted", admin, note=str(n)) for n in range(3)], user=admin)
    db.session.commit()
    last_ids = db.session.scalars(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(removed)).all()
    db.session.execute(delete(AuditEvent).where(AuditEvent.id.in_(last_ids)))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"audit event {last_ids[0]}: missing" in result.output and "removed" in result.output


def test_an_altered_head_is_named(documents):
    from portal.models import AuditHead

    head = db.session.get(AuditHead, 1)
    head.count += 1
    db.session.commit()
    assert "head names" in verify().broken


def test_the_head_follows_every_event_written(documents):
    from portal.models import AuditHead

    head = db.session.get(AuditHead, 1)
    last = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
    assert (head.event_id, head.hash, head.count) == (
        last.id, last.hash, db.session.scalar(select(func.count()).select_from(AuditEvent)))


def test_a_batch_of_events_chains_as_one_at_a_time_would(documents):
    from portal import audit

    first, second = documents
    events = audit.record_many([audit.Entry("noted", first, note="one"), audit.Entry("noted", second, note="two"),
                                audit.Entry("noted", first, after={"n": 3})])
    db.session.commit()
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert all(e.hash == e.digest(e.prev_hash) for e in events)
    assert verify().ok


def test_an_event_rewritten_with_a_fresh_hash_still_breaks_the_next(documents):
    """Recomputing the altered event's own hash does not help: the next one names the old hash."""
    event = _middle_event()
    event.note = "rewritten"
    event.hash = event.digest(event.prev_hash)
    db.session.commit()
    assert not verify().ok
    assert "does not follow" in verify().broken


def test_an_altered_stored_original_is_named(runner, documents):
    first, _ = documents
    path = storage.path_for(first.sha256)
    path.chmod(0o644)
    path.write_bytes(path.read_bytes() + b"%")
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"document {first.id} ({first.file_name}): its stored original does not match" in result.output


def test_a_missing_original_is_named(documents):
    first, _ = documents
    storage.path_for(first.sha256).unlink()
    assert verify().broken == f"document {first.id} ({first.file_name}): its stored original is missing"


def test_a_correction_adds_a_version_and_every_version_stays(documents):
    _, second = documents
    versions = list(db.session.scalars(select(DocumentVersion).where(DocumentVersion.document_id == second.id)
                                       .order_by(DocumentVersion.number)))
    assert [v.number for v in versions] == list(range(1, len(versions) + 1))
    assert versions[0].reason == "processed" and versions[0].document_number == "INV-OLD"
    assert versions[-1].document_number == "INV-NEW" and str(versions[-1].total) == "22001"
    assert versions[0].data["total"] == "22000"  # the earlier version is not overwritten


def test_deleting_is_a_flag_and_the_original_stays_through_retention(app, documents):
    first, _ = documents
    retention.delete(first, "uploaded by mistake", None)
    db.session.commit()
    assert first.deleted_at is not None and storage.path_for(first.sha256).exists()
    issued = first.issue_date
    with pytest.raises(retention.RetentionError, match="kept until"):
        retention.purge_original(first, None, today=date(issued.year + 7, 12, 31))
    retention.purge_original(first, None, today=date(issued.year + 8, 1, 1))
    db.session.commit()
    assert not storage.path_for(first.sha256).exists()
    assert verify().ok  # a purged original, recorded as such, is no break


def test_the_retention_period_is_configurable_to_ten_years(app, documents):
    first, _ = documents
    app.config["RETENTION_YEARS"] = 10
    assert retention.retained_until(first) == date(first.issue_date.year + 10, 12, 31)


def test_an_undeleted_document_cannot_be_purged(documents):
    first, _ = documents
    with pytest.raises(retention.RetentionError):
        retention.purge_original(first, None, today=date(2100, 1, 1))
