"""a document's own count of changes, and the count of shared changes

Issue 11 (load): a document's page is kept until that document, or something shared (orders,
receipts, suppliers, users), changes, not until anything anywhere does (portal.pagecache).

Revision ID: a7c2e9d41b38
Revises: f1a2b3c4d5e6
Create Date: 2026-12-01 21:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'a7c2e9d41b38'
down_revision = 'f1a2b3c4d5e6'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('documents') as batch_op:
        batch_op.add_column(sa.Column('changes', sa.BigInteger(), server_default='0', nullable=False))
    counter = sa.table('change_counter', sa.column('id', sa.Integer()), sa.column('changes', sa.BigInteger()))
    op.bulk_insert(counter, [{'id': 2, 'changes': 0}])


def downgrade() -> None:
    op.execute(sa.delete(sa.table('change_counter', sa.column('id', sa.Integer()))).where(sa.column('id') == 2))
    with op.batch_alter_table('documents') as batch_op:
        batch_op.drop_column('changes')
