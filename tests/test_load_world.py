"""The load benchmark's world (benchmarks/load_world.py): inserted in bulk through the models, it
stays a world the portal reads as its own, on SQLite and PostgreSQL alike."""
from __future__ import annotations

from sqlalchemy import func, select

from benchmarks.load_world import seed
from portal.approvals import services as approvals
from portal.extensions import db
from portal.models import ApprovalStep, Document, User
from tests.conftest import PASSWORD


def test_the_benchmarks_world_is_one_the_portal_reads_as_its_own(app, client, auth):
    world = seed(60, PASSWORD)
    approver = db.session.scalar(select(User).where(User.email == world["approver"]))
    allowed = [s.id for s in db.session.scalars(select(ApprovalStep)) if approvals.permission(s, approver).allowed]
    assert approvals.waiting_count(approver) == world["waiting"] == len(allowed) > 0
    assert db.session.scalar(select(func.count()).select_from(Document)) == 60
    auth.login(world["approver"])
    for path in ("/", "/approvals/", f"/documents/{world['sample'][0]}", "/?status=sent_back&sort=due"):
        assert client.get(path).status_code == 200, path
    # A row added after the bulk-inserted ones gets the next id (on PostgreSQL: its sequence moved on).
    document = Document(file_name="after.pdf", sha256="f" * 64, mime_type="application/pdf", size=1)
    db.session.add(document)
    db.session.commit()
    assert document.id == 61
