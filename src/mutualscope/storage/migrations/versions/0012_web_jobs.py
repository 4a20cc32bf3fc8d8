"""web jobs in the database

- ``web_job``: a long operation of the web app (an import, a report) with its kind,
  settings, owner, state and progress. Queued jobs are claimed by any server process
  (``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL); a running job's heartbeat shows
  that its process is alive.
- ``web_job_file``: the files uploaded for a job and the file it made, so any process
  can run the job and any can hand out its result.

Revision ID: 0012_web_jobs
Revises: 0011_protection_findings
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_web_jobs"
down_revision: str | None = "0011_protection_findings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "web_job",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("message", sa.String(length=2000), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("worker", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("result_name", sa.String(length=300), nullable=True),
        sa.Column("media_type", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["app_user.id"],
            name=op.f("fk_web_job_owner_id_app_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_job")),
    )
    with op.batch_alter_table("web_job", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_job_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_web_job_finished_at"), ["finished_at"], unique=False)
        batch_op.create_index("ix_web_job_state_created_at", ["state", "created_at"], unique=False)

    op.create_table(
        "web_job_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.String(length=32), nullable=False),
        sa.Column("purpose", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["web_job.id"],
            name=op.f("fk_web_job_file_job_id_web_job"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_job_file")),
    )
    with op.batch_alter_table("web_job_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_job_file_job_id"), ["job_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("web_job_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_job_file_job_id"))
    op.drop_table("web_job_file")

    with op.batch_alter_table("web_job", schema=None) as batch_op:
        batch_op.drop_index("ix_web_job_state_created_at")
        batch_op.drop_index(batch_op.f("ix_web_job_finished_at"))
        batch_op.drop_index(batch_op.f("ix_web_job_owner_id"))
    op.drop_table("web_job")
