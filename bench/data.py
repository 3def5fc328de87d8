"""What the scenarios need in the database, made directly with the app's models (no HTTP, so
setting up takes seconds): voter accounts with live tokens, fresh polls for every run of a
vote scenario, and the big polls whose results are read.

Accounts share one argon2id hash: they only ever vote with tokens, never log in.
"""

import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Integer, String, bindparam, case, cast, func, insert, literal, select, text

from om_core.accounts.passwords import passwords
from om_core.accounts.service import token_hash
from om_core.data import Ballot, Choice, ChoiceTally, Poll, PollTally, Token, User, db, utcnow
from om_core.data.tallies import TALLY_SHARDS

CHOICES = ("Bike", "Bus", "Train", "Car", "On foot")
# The big polls' ballots: of every 15 voters, 5 pick the first choice, 4 the second, ...
WEIGHTS = (5, 4, 3, 2, 1)


@dataclass(frozen=True)
class PollRef:
    """A poll and the choice its votes pick (the first: a hot poll's votes all pick one)."""

    id: str
    choice_id: int


def add_accounts(count: int, token_file: Path) -> int:
    """`count` accounts, each with one live token; the tokens go to `token_file`, one a line
    (what the vote scenarios' Lua script reads). Returns the id of the first account."""
    now = utcnow()
    password = passwords.hash(secrets.token_urlsafe(12))
    users = [
        {
            "email": f"bench-{n}@example.org",
            "password": password,
            "name": "Bench",
            "surname": f"Voter {n}",
            "active": True,
            "is_admin": False,
            "created_at": now,
            "updated_at": now,
        }
        for n in range(count)
    ]
    ids = db.session.scalars(
        insert(User).returning(User.id, sort_by_parameter_order=True), users
    ).all()
    tokens = [secrets.token_urlsafe(32) for _ in ids]
    expires_at = now + timedelta(days=1)
    rows = [
        {"token_hash": token_hash(t), "user_id": i, "created_at": now, "expires_at": expires_at}
        for t, i in zip(tokens, ids, strict=True)
    ]
    db.session.execute(insert(Token), rows)
    db.session.commit()
    token_file.write_text("".join(f"{t}\n" for t in tokens))
    return ids[0]


def add_polls(owner_id: int, count: int, label: str) -> list[PollRef]:
    """`count` open single-choice polls taking anonymous votes, made in one transaction."""
    polls = [
        Poll(
            owner_id=owner_id,
            question=f"{label} #{n}: how do you get to work?",
            choices=[Choice(text=t, position=p) for p, t in enumerate(CHOICES, start=1)],
        )
        for n in range(count)
    ]
    db.session.add_all(polls)
    db.session.flush()
    refs = [PollRef(poll.id, poll.choices[0].id) for poll in polls]
    db.session.commit()
    return refs


def write_polls(polls: list[PollRef], path: Path) -> Path:
    """The polls as the Lua script reads them: `<poll id> <choice id>`, one a line."""
    path.write_text("".join(f"{p.id} {p.choice_id}\n" for p in polls))
    return path


def add_big_poll(owner_id: int, ballots: int, label: str) -> PollRef:
    """A poll holding `ballots` anonymous ballots, inserted by one INSERT ... SELECT over a
    generated sequence, and its kept counts (spread over every shard) set to match, in the
    same transaction. A million ballots take a few seconds instead of `seed`'s ~20."""
    (poll,) = add_polls(owner_id, 1, label)
    choice_ids = db.session.scalars(
        select(Choice.id).where(Choice.poll_id == poll.id).order_by(Choice.position)
    ).all()
    if _is_postgres_superuser():
        # Skip the per-row foreign-key trigger for this one statement's transaction (it
        # would check the same poll, made just above, a million times: ~20 s of ~30).
        db.session.execute(text("SET LOCAL session_replication_role = replica"))
    db.session.execute(_insert_ballots(poll.id, choice_ids, ballots))
    if _is_postgres_superuser():
        db.session.execute(text("SET LOCAL session_replication_role = DEFAULT"))
    per_choice = Counter()
    for n in range(sum(WEIGHTS)):  # the CASE of _insert_ballots, counted in Python
        per_choice[_pick(choice_ids, n)] += len(range(n, ballots, sum(WEIGHTS)))
    db.session.execute(insert(PollTally), _shards({"poll_id": poll.id}, "ballots", ballots))
    for choice_id, votes in per_choice.items():
        db.session.execute(insert(ChoiceTally), _shards({"choice_id": choice_id}, "votes", votes))
    db.session.commit()
    return poll


def _is_postgres_superuser() -> bool:
    if db.session.get_bind().dialect.name != "postgresql":
        return False
    return db.session.scalar(text("SELECT current_setting('is_superuser')")) == "on"


def _pick(choice_ids: list[int], n: int) -> int:
    bound = 0
    for choice_id, weight in zip(choice_ids, WEIGHTS, strict=False):
        bound += weight
        if n < bound:
            return choice_id
    raise ValueError(n)


def _insert_ballots(poll_id: str, choice_ids: list[int], ballots: int):
    """INSERT ... SELECT of `ballots` rows numbered n = 0, 1, ...: PostgreSQL's generate_series,
    or a recursive CTE on SQLite (which has no generate_series built in)."""
    postgres = db.session.get_bind().dialect.name == "postgresql"
    if postgres:
        seq = func.generate_series(0, ballots - 1).table_valued("n").render_derived(name="seq")
    else:
        seq = select(literal(0).label("n")).cte("seq", recursive=True)
        seq = seq.union_all(select(seq.c.n + 1).where(seq.c.n + 1 < ballots))
    slot = seq.c.n % sum(WEIGHTS)
    bounds = [sum(WEIGHTS[: i + 1]) for i in range(len(WEIGHTS))]
    picked = case(*((slot < b, c) for b, c in zip(bounds, choice_ids, strict=False)))
    as_json = func.json_build_array if postgres else func.json_array
    now = bindparam("now", utcnow(), type_=Ballot.__table__.c.created_at.type)
    rows = select(
        literal(poll_id),
        literal(f"anon:bench-{poll_id}-") + cast(seq.c.n, String),
        as_json(cast(picked, Integer)),
        now,
        now,
    ).select_from(seq)
    columns = ["poll_id", "voter", "choices", "created_at", "updated_at"]
    return insert(Ballot.__table__).from_select(columns, rows)


def _shards(key: dict, column: str, total: int) -> list[dict]:
    """`total` split over every shard, as many votes over time would leave it."""
    share, rest = divmod(total, TALLY_SHARDS)
    return [
        {**key, "shard": s, column: share + (1 if s < rest else 0)} for s in range(TALLY_SHARDS)
    ]


def recount() -> dict:
    """Every poll's kept counts against a recount of its ballot rows: the number of polls and
    choices checked, and those whose counts differ (none, when nothing was lost or doubled)."""
    kept_ballots = dict(
        db.session.execute(
            select(PollTally.poll_id, func.sum(PollTally.ballots)).group_by(PollTally.poll_id)
        ).all()
    )
    ballots = dict(
        db.session.execute(select(Ballot.poll_id, func.count()).group_by(Ballot.poll_id)).all()
    )
    kept_votes = dict(
        db.session.execute(
            select(ChoiceTally.choice_id, func.sum(ChoiceTally.votes)).group_by(
                ChoiceTally.choice_id
            )
        ).all()
    )
    if db.session.get_bind().dialect.name == "postgresql":
        elements = "json_array_elements_text(b.choices) AS e(value)"
    else:
        elements = "json_each(b.choices) AS e"
    votes = dict(
        db.session.execute(
            text(f"SELECT CAST(e.value AS INTEGER), COUNT(*) FROM ballots b, {elements} GROUP BY 1")  # noqa: S608
        ).all()
    )
    polls = set(db.session.scalars(select(Poll.id)))
    choices = set(db.session.scalars(select(Choice.id)))
    poll_diff = {p: (kept_ballots.get(p, 0), ballots.get(p, 0)) for p in polls}
    choice_diff = {c: (kept_votes.get(c, 0), votes.get(c, 0)) for c in choices}
    return {
        "polls": len(polls),
        "choices": len(choices),
        "ballots": sum(ballots.values()),
        "polls_off": {p: kv for p, kv in poll_diff.items() if kv[0] != kv[1]},
        "choices_off": {c: kv for c, kv in choice_diff.items() if kv[0] != kv[1]},
    }


def ballots_in(poll_ids: list[str]) -> int:
    return db.session.scalar(select(func.count()).where(Ballot.poll_id.in_(poll_ids)))


def deadlocks() -> int | None:
    """PostgreSQL's count of deadlocks in this database (None on SQLite)."""
    if db.session.get_bind().dialect.name != "postgresql":
        return None
    query = "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
    return int(db.session.scalar(text(query)))
