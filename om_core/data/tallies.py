"""Kept counts: sharded counters changed in the same transaction as the ballot they count.

A results read sums at most TALLY_SHARDS rows per choice, however many ballots there are
(data.poll_snapshot reads them).
"""

import random
from collections.abc import Mapping

from sqlalchemy.dialects import postgresql, sqlite

from om_core.data.database import db
from om_core.data.poll import ChoiceTally, PollTally

TALLY_SHARDS = 16


def _upsert(model, keys: list[str], counter: str, rows: list[dict]):
    """INSERT rows, or add their `counter` to the existing row (PostgreSQL and SQLite alike)."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(model).values(rows)
    column = getattr(model, counter)
    return statement.on_conflict_do_update(
        index_elements=keys, set_={counter: column + getattr(statement.excluded, counter)}
    )


def change_tallies(*, poll_id: str, ballots: int, choice_votes: Mapping[int, int]) -> None:
    """Add `ballots` to the poll's count and each delta of `choice_votes` to its choice.

    Rows are touched in a fixed order (poll, then choices by id) so that concurrent
    transactions cannot deadlock on them.
    """
    shard = random.randrange(TALLY_SHARDS)  # spreads load, not a secret  # noqa: S311  # nosec B311
    if ballots:
        rows = [{"poll_id": poll_id, "shard": shard, "ballots": ballots}]
        db.session.execute(_upsert(PollTally, ["poll_id", "shard"], "ballots", rows))
    rows = [
        {"choice_id": choice_id, "shard": shard, "votes": delta}
        for choice_id, delta in sorted(choice_votes.items())
        if delta
    ]
    if rows:
        db.session.execute(_upsert(ChoiceTally, ["choice_id", "shard"], "votes", rows))
