"""Runs, their pages and their findings.

Revision ID: 0001
Revises:
Create Date: 2025-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("started", sa.DateTime, nullable=False),
        sa.Column("finished", sa.DateTime, nullable=True),
        sa.Column("nearme_version", sa.String(40), nullable=False),
        sa.Column("schemaorg_release", sa.String(40), nullable=False),
        sa.Column("pages", sa.Integer, nullable=False),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.Column("notices", sa.Integer, nullable=False),
        sa.Column("meta", sa.JSON, nullable=False),
    )
    op.create_index("ix_audit_runs_target_id", "audit_runs", ["target", "id"])
    op.create_table(
        "audit_pages",
        sa.Column(
            "run_id",
            sa.Integer,
            sa.ForeignKey("audit_runs.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("status", sa.Integer, nullable=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.Column("notices", sa.Integer, nullable=False),
    )
    op.create_table(
        "audit_findings",
        sa.Column(
            "run_id",
            sa.Integer,
            sa.ForeignKey("audit_runs.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("page", sa.Integer, nullable=True),
        sa.Column("check_id", sa.String(100), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("help", sa.Text, nullable=False),
        sa.Column("selector", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=True),
        sa.Column("urls", sa.JSON, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("audit_findings")
    op.drop_table("audit_pages")
    op.drop_index("ix_audit_runs_target_id", table_name="audit_runs")
    op.drop_table("audit_runs")
