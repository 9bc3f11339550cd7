"""a day in the office: documents' attachments

Issue 14: what a clerk adds to a document for its approver (a delivery note, an e-mail as
PDF), stored as originals are, under its SHA-256.

Revision ID: c3e8f1a2b4d6
Revises: a68c04a3966c
Create Date: 2026-12-02 09:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'c3e8f1a2b4d6'
down_revision = 'a68c04a3966c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('document_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('mime_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=1000), nullable=True),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('document_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_attachments_document_id'), ['document_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('document_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_attachments_document_id'))
    op.drop_table('document_attachments')
