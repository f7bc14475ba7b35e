"""The history's schema as SQLAlchemy Core tables: the shape the migrations build.

A run is the report's meta and summary; its pages and findings are rows of their
own, in the report's order (``position``), so a stored run reads back as the same
report. Every finding names its page by position (``page``), or none for a
site-wide finding; ``url``/``urls`` keep the finding's own fields as JSON has them.
"""

from __future__ import annotations

import sqlalchemy as sa

METADATA = sa.MetaData()

runs = sa.Table(
    "audit_runs",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("target", sa.Text, nullable=False),
    sa.Column("started", sa.DateTime, nullable=False),  # UTC, without a zone
    sa.Column("finished", sa.DateTime, nullable=True),
    sa.Column("nearme_version", sa.String(40), nullable=False),
    sa.Column("schemaorg_release", sa.String(40), nullable=False),
    sa.Column("pages", sa.Integer, nullable=False),
    sa.Column("errors", sa.Integer, nullable=False),
    sa.Column("warnings", sa.Integer, nullable=False),
    sa.Column("notices", sa.Integer, nullable=False),
    sa.Column("meta", sa.JSON, nullable=False),  # the report's whole meta block
    sa.Index("ix_audit_runs_target_id", "target", "id"),
)

pages = sa.Table(
    "audit_pages",
    METADATA,
    sa.Column(
        "run_id", sa.Integer, sa.ForeignKey("audit_runs.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("status", sa.Integer, nullable=True),  # None: no response at all
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("errors", sa.Integer, nullable=False),
    sa.Column("warnings", sa.Integer, nullable=False),
    sa.Column("notices", sa.Integer, nullable=False),
)

findings = sa.Table(
    "audit_findings",
    METADATA,
    sa.Column(
        "run_id", sa.Integer, sa.ForeignKey("audit_runs.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("page", sa.Integer, nullable=True),  # the page's position; None: site-wide
    sa.Column("check_id", sa.String(100), nullable=False),
    sa.Column("severity", sa.String(16), nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("help", sa.Text, nullable=False),
    sa.Column("selector", sa.Text, nullable=False),
    sa.Column("url", sa.Text, nullable=True),  # page findings
    sa.Column("urls", sa.JSON, nullable=True),  # site findings: every page involved
)
