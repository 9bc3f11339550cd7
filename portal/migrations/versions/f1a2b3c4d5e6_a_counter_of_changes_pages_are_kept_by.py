"""a counter of changes, pages are kept by

Issue 11 (load): every transaction that writes counts the change on one row; a page drawn from
the data is kept, per user and session, until the count moves (portal.pagecache).

Revision ID: f1a2b3c4d5e6
Revises: e03a49df4513
Create Date: 2026-12-01 18:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'f1a2b3c4d5e6'
down_revision = 'e03a49df4513'
branch_labels = None
depends_on = None


def upgrade() -> None:
    counter = op.create_table(
        'change_counter',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('changes', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.bulk_insert(counter, [{'id': 1, 'changes': 0}])


def downgrade() -> None:
    op.drop_table('change_counter')
