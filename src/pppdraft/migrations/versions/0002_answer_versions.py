"""Per-answer versions and a row revision, for merging concurrent edits of one draft.

Revision ID: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("drafts") as batch:
        batch.add_column(sa.Column("answer_versions", sa.Text, nullable=False, server_default="{}"))
        batch.add_column(sa.Column("revision", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("revision")
        batch.drop_column("answer_versions")
