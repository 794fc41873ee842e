"""The schema of release 0.1.0, which `create_all` made before migrations existed.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drafts",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("workspace", sa.String(64), nullable=False, index=True),
        sa.Column("contract_type", sa.String(64), nullable=False),
        sa.Column("answers", sa.Text, nullable=False),
        sa.Column("choices", sa.Text, nullable=False),
        sa.Column("step", sa.String(64), nullable=False),
        sa.Column("ui_lang", sa.String(8), nullable=False),
        sa.Column("doc_lang", sa.String(8), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("draft_id", sa.String(64), nullable=False, index=True),
        sa.Column("workspace", sa.String(64), nullable=False, index=True),
        sa.Column("contract_type", sa.String(64), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("filename", sa.String(300), nullable=False),
        sa.Column("docx", sa.LargeBinary, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("manifest", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("documents")
    op.drop_table("drafts")
