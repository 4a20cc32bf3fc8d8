"""segment attributes: the columns of a turn table kept on each turn

``segment.attributes`` holds, as JSON, the cells of a turn table's row that vary from
turn to turn (a sentiment, a page, a note); NULL when a turn has none, as every turn
imported before this revision. The columns with one value over a whole document are
kept on the document (``document.attributes``, under ``variables``), as before.

Both backends add and drop the column in place (SQLite 3.35 and later drop a column
without rebuilding the table, so its search triggers stay as they are).

Revision ID: 0007_segment_attributes
Revises: 0006_ids_never_reused
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_segment_attributes"
down_revision: str | None = "0006_ids_never_reused"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("segment", sa.Column("attributes", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("segment", "attributes")
