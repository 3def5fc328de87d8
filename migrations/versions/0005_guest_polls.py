"""guest polls: a poll may have no owner, and then keeps its admin token's hash

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 05:10:00

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("polls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("admin_token_hash", sa.String(length=64), nullable=True))
        batch_op.alter_column("owner_id", existing_type=sa.Integer(), nullable=True)


def downgrade():
    op.execute("DELETE FROM polls WHERE owner_id IS NULL")
    with op.batch_alter_table("polls", schema=None) as batch_op:
        batch_op.alter_column("owner_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("admin_token_hash")
