"""The bench's data, made with the app's models in an app context, and the recount after."""

import hashlib
import secrets
from bisect import bisect_right
from collections import Counter
from datetime import timedelta
from itertools import accumulate
from pathlib import Path

import sqlalchemy as sa
from argon2 import PasswordHasher
from sqlalchemy import cast, func, insert, select, text

from om_core.data import Ballot, Choice, ChoiceTally, Poll, PollTally, Token, User, db, utcnow

CHOICES = ("Bike", "Bus", "Train", "Car", "On foot")
WEIGHTS = (5, 4, 3, 2, 1)  # the big polls' ballots: of every 15, 5 pick the first choice, ...
BOUNDS = list(accumulate(WEIGHTS))
SHARDS = 16  # the kept counts' shards, as many as the app's votes spread them over


def _postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def add_accounts(count: int, token_file: Path) -> int:
    """`count` accounts sharing one argon2id hash (they never log in), each with a live token
    (stored as its SHA-256, as the app does), written to `token_file`. Returns the first id."""
    now, password = utcnow(), PasswordHasher().hash(secrets.token_urlsafe(12))
    users = [
        {"email": f"bench-{n}@example.org", "password": password, "name": "Bench",
         "surname": f"Voter {n}", "active": True, "is_admin": False,
         "created_at": now, "updated_at": now}
        for n in range(count)
    ]  # fmt: skip
    ids = db.session.scalars(
        insert(User).returning(User.id, sort_by_parameter_order=True), users
    ).all()
    tokens = [secrets.token_urlsafe(32) for _ in ids]
    rows = [
        {"token_hash": hashlib.sha256(t.encode()).hexdigest(), "user_id": i,
         "created_at": now, "expires_at": now + timedelta(days=1)}
        for t, i in zip(tokens, ids, strict=True)
    ]  # fmt: skip
    db.session.execute(insert(Token), rows)
    db.session.commit()
    token_file.write_text("".join(f"{t}\n" for t in tokens))
    return ids[0]


def add_polls(owner_id: int, count: int, label: str, path: Path | None = None) -> list:
    """`count` open single-choice polls, written to `path` as vote.lua reads them (`<poll id>
    <id of its first choice>` a line). Returns the (poll id, choice ids) of each."""
    polls = [
        Poll(
            owner_id=owner_id,
            kind="single",
            question=f"{label} #{n}: how do you get to work?",
            choices=[Choice(text=t, position=p) for p, t in enumerate(CHOICES, start=1)],
        )
        for n in range(count)
    ]
    db.session.add_all(polls)
    db.session.flush()
    made = [(poll.id, [choice.id for choice in poll.choices]) for poll in polls]
    db.session.commit()
    if path:
        path.write_text("".join(f"{poll} {choices[0]}\n" for poll, choices in made))
    return made


def add_big_poll(owner_id: int, ballots: int, label: str) -> str:
    """A poll holding `ballots` anonymous ballots, inserted by one INSERT ... SELECT over a
    generated sequence, its kept counts spread over every shard to match, in one transaction."""
    ((poll_id, choice_ids),) = add_polls(owner_id, 1, label)
    if _postgres() and db.session.scalar(text("SHOW is_superuser")) == "on":
        # No per-row foreign-key checks of the new poll in this transaction: ~20 s of ~30.
        db.session.execute(text("SET LOCAL session_replication_role = replica"))
    db.session.execute(_insert_ballots(poll_id, choice_ids, ballots))
    votes = Counter()
    for n in range(BOUNDS[-1]):  # the CASE of _insert_ballots, counted in Python
        votes[choice_ids[bisect_right(BOUNDS, n)]] += len(range(n, ballots, BOUNDS[-1]))
    db.session.execute(insert(PollTally), _shards({"poll_id": poll_id}, "ballots", ballots))
    for choice_id, count in votes.items():
        db.session.execute(insert(ChoiceTally), _shards({"choice_id": choice_id}, "votes", count))
    db.session.commit()
    return poll_id


def _insert_ballots(poll_id: str, choice_ids: list[int], ballots: int):
    """INSERT ... SELECT of `ballots` rows n = 0, 1, ... (generate_series, or a recursive CTE)."""
    if _postgres():
        seq = func.generate_series(0, ballots - 1).table_valued("n").render_derived(name="seq")
    else:
        seq = select(sa.literal(0).label("n")).cte("seq", recursive=True)
        seq = seq.union_all(select(seq.c.n + 1).where(seq.c.n + 1 < ballots))
    slot = seq.c.n % BOUNDS[-1]
    picked = sa.case(*((slot < b, c) for b, c in zip(BOUNDS, choice_ids, strict=True)))
    as_json = func.json_build_array if _postgres() else func.json_array
    now = sa.bindparam("now", utcnow(), type_=Ballot.__table__.c.created_at.type)
    voter = sa.literal(f"anon:bench-{poll_id}-") + cast(seq.c.n, sa.String)
    rows = select(sa.literal(poll_id), voter, as_json(cast(picked, sa.Integer)), now, now)
    columns = ["poll_id", "voter", "choices", "created_at", "updated_at"]
    return insert(Ballot.__table__).from_select(columns, rows.select_from(seq))


def _shards(key: dict, column: str, total: int) -> list[dict]:
    share, rest = divmod(total, SHARDS)
    return [{**key, "shard": s, column: share + (s < rest)} for s in range(SHARDS)]


def recount() -> dict:
    """Every poll's and choice's kept counts against a recount of the ballot rows: how many
    there are, and those that differ ({id: [kept, recounted]}; none when nothing was lost)."""
    each = func.json_array_elements_text if _postgres() else func.json_each
    elements = each(Ballot.choices).table_valued("value")
    choice, with_choices = cast(elements.c.value, sa.Integer), sa.join(Ballot, elements, sa.true())
    sides = {
        "polls": (Poll.id, PollTally.poll_id, PollTally.ballots, Ballot.poll_id, Ballot),
        "choices": (Choice.id, ChoiceTally.choice_id, ChoiceTally.votes, choice, with_choices),
    }
    checked = {"ballots": db.session.scalar(select(func.count()).select_from(Ballot))}
    for name, (every, key, tally, counted, source) in sides.items():
        kept = dict(db.session.execute(select(key, func.sum(tally)).group_by(key)).all())
        recounted = select(counted, func.count()).select_from(source).group_by(counted)
        recounted = dict(db.session.execute(recounted).all())
        ids = db.session.scalars(select(every)).all()
        pairs = {i: [kept.get(i, 0), recounted.get(i, 0)] for i in ids}
        checked |= {name: len(ids), f"{name}_off": {i: p for i, p in pairs.items() if p[0] != p[1]}}
    return checked


def ballots_in(poll_ids: list[str]) -> int:
    return db.session.scalar(select(func.count()).where(Ballot.poll_id.in_(poll_ids)))


def deadlocks() -> int | None:
    """PostgreSQL's count of deadlocks in this database (None on SQLite)."""
    query = "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
    return int(db.session.scalar(text(query))) if _postgres() else None
