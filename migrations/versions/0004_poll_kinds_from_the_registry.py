"""poll kinds from the registry: the kind CHECK constraint goes

The kinds a poll may have are the voting registry's (om_core/voting/registry.py), written
once there; a CHECK constraint listing them would be a second place to keep in step.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 03:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('polls', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_polls_kind'), type_='check')


def downgrade():
    with op.batch_alter_table('polls', schema=None) as batch_op:
        batch_op.create_check_constraint('kind', "kind IN ('single', 'multiple', 'ranked')")
