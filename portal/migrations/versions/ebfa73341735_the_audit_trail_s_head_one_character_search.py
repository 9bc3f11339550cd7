"""the audit trail's head; every character of the text begins a token of the search index

Issue 10. The lists leave deleted documents out and still count from one index: deleted_at
joins the index of review status and status. `audit_head` names the last audit event, its hash and how many events there are, so
that `portal audit verify` sees events removed from the end of the trail; it starts from the
trail as it is. The searchable text is indexed again with each word closed by its last
character (portal.search.fulltext), so a one-character search is a prefix served from the
index: on SQLite the FTS5 table is made again with a prefix index of one character.

Revision ID: ebfa73341735
Revises: c3e8f1a2b4d6
Create Date: 2026-12-02 12:00:00
"""
import sqlalchemy as sa
from alembic import op

from portal.models.audit import GENESIS
from portal.search.fulltext import FTS_TABLE, grams

revision = 'ebfa73341735'
down_revision = 'c3e8f1a2b4d6'
branch_labels = None
depends_on = None

TRIGGERS = ("search_texts_ai", "search_texts_ad", "search_texts_au")
BATCH = 2000


def upgrade() -> None:
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    _head_from_the_trail()
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index('ix_documents_review_status_status')
        batch_op.create_index('ix_documents_review_status_status_deleted_at', ['review_status', 'status', 'deleted_at'],
                              unique=False)
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute("DROP INDEX ix_search_texts_grams")
    else:
        _drop_fts()
    _grams_again()
    if postgresql:
        op.execute("CREATE INDEX ix_search_texts_grams ON search_texts USING gin (to_tsvector('simple', grams))")
    else:
        _create_fts(prefix=True)


def _head_from_the_trail() -> None:
    bind = op.get_bind()
    last = bind.execute(sa.text("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1")).first()
    count = bind.execute(sa.text("SELECT count(*) FROM audit_events")).scalar()
    head = sa.table("audit_head", sa.column("id"), sa.column("event_id"), sa.column("count"), sa.column("hash"))
    op.bulk_insert(head, [{"id": 1, "event_id": last[0] if last else None, "count": count,
                           "hash": (last[1] if last else None) or GENESIS}])


def _grams_again() -> None:
    """Every document's tokens, from its normalised text, as the index now reads them."""
    bind = op.get_bind()
    texts = sa.table("search_texts", sa.column("document_id"), sa.column("body"), sa.column("grams"))
    last = 0
    while True:
        rows = bind.execute(sa.select(texts.c.document_id, texts.c.body).where(texts.c.document_id > last)
                            .order_by(texts.c.document_id).limit(BATCH)).all()
        if not rows:
            return
        bind.execute(texts.update().where(texts.c.document_id == sa.bindparam("id"))
                     .values(grams=sa.bindparam("new_grams")),
                     [{"id": document_id, "new_grams": grams(body or "")} for document_id, body in rows])
        last = rows[-1][0]


def _drop_fts() -> None:
    for trigger in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def _create_fts(prefix: bool) -> None:
    """The FTS5 table over search_texts.grams, filled from it, and the triggers keeping it so."""
    option = ", prefix='1'" if prefix else ""
    op.execute(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(grams, content='search_texts', "
               f"content_rowid='document_id', tokenize='unicode61 remove_diacritics 0'{option})")
    op.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    op.execute(f"CREATE TRIGGER search_texts_ai AFTER INSERT ON search_texts BEGIN "
               f"INSERT INTO {FTS_TABLE}(rowid, grams) VALUES (new.document_id, new.grams); END")
    op.execute(f"CREATE TRIGGER search_texts_ad AFTER DELETE ON search_texts BEGIN "
               f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, grams) VALUES ('delete', old.document_id, old.grams); END")
    op.execute(f"CREATE TRIGGER search_texts_au AFTER UPDATE ON search_texts BEGIN "
               f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, grams) VALUES ('delete', old.document_id, old.grams); "
               f"INSERT INTO {FTS_TABLE}(rowid, grams) VALUES (new.document_id, new.grams); END")


def downgrade() -> None:
    # The tokens stay as they are (the closing characters are tokens an older search never asks for).
    if op.get_bind().dialect.name != "postgresql":
        _drop_fts()
        _create_fts(prefix=False)
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index('ix_documents_review_status_status_deleted_at')
        batch_op.create_index('ix_documents_review_status_status', ['review_status', 'status'], unique=False)
    op.drop_table('audit_head')
