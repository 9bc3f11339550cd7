"""Migrations: the newest schema is what the models say, and an instance migrated from an
older one keeps its documents."""
from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from portal.database import _alembic
from portal.extensions import db
from portal.search.fulltext import modelled

BEFORE_LEASES = "92f4b7033234"


def test_the_migrations_build_the_schema_the_models_describe(app, tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    with engine.begin() as connection:
        command.upgrade(_alembic(connection), "head")
        context = MigrationContext.configure(connection, opts={"include_name": modelled})
        differences = compare_metadata(context, db.metadata)
    engine.dispose()
    assert differences == []


def test_a_document_left_processing_before_leases_is_stuck_after_the_upgrade(app, tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as connection:
        command.upgrade(_alembic(connection), BEFORE_LEASES)
        connection.execute(text(
            "INSERT INTO documents (file_name, sha256, mime_type, size, page_count, status, uploaded_at, "
            "review_status) VALUES ('old.pdf', :sha, 'application/pdf', 1, 1, 'processing', '2026-01-01', "
            "'to_review')"), {"sha": "0" * 64})
        command.upgrade(_alembic(connection), "head")
        row = connection.execute(text("SELECT status, read_attempts, lease_holder, lease_expires_at, queued_at "
                                      "FROM documents")).one()
    engine.dispose()
    assert tuple(row) == ("processing", 0, None, None, None)  # no lease: the first sweep queues it again
