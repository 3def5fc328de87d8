"""Demo data for `python manage.py seed`: accounts, polls of every kind, and their votes.

Everything goes through the same use cases the API calls (register, create_poll,
cast_ballot, close_poll), so the kept counts are right by construction. The one exception is
the big benchmark poll: a million cast_ballot calls would take an hour, so its ballots are
bulk-inserted and its kept counts changed in the same transaction as each batch.
"""

import random
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import insert, select

from om_core.accounts.service import register
from om_core.data import Ballot, Poll, User, ballots, db, utcnow
from om_core.voting import service
from om_core.voting.registry import kind_named
from om_core.voting.voter import Voter

DEMO_PASSWORD = "demo password"  # demo data, printed for people to use  # noqa: S105  # nosec B105
DEMO_PEOPLE = (
    ("alice@example.org", "Alice", "Archer"),
    ("bob@example.org", "Bob", "Baker"),
    ("carol@example.org", "Carol", "Cooper"),
)
ANONYMOUS_VOTERS = 12  # anonymous ballots in each demo poll, beside the demo users' own
BATCH_SIZE = 10_000  # ballots per INSERT batch (and per commit) in the big poll


@dataclass(frozen=True, slots=True)
class DemoPoll:
    """A demo poll: its question, choices, create_poll settings, and whether to close it."""

    question: str
    choices: tuple[str, ...]
    settings: dict = field(default_factory=dict)
    close: bool = False


DEMO_POLLS = (
    DemoPoll(
        "Which language should the next workshop cover?",
        ("Python", "Rust", "Go", "TypeScript"),
        {"description": "One vote each; the most votes wins."},
    ),
    DemoPoll(
        "Which evenings suit the book club?",
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"),
        {"kind": "multiple", "max_selections": 2, "description": "Pick up to two."},
    ),
    DemoPoll(
        "Rank the names for the team mascot",
        ("Pixel", "Noodle", "Captain Byte", "Sir Loin"),
        {"kind": "ranked", "description": "Instant runoff: rank as many as you like."},
    ),
    DemoPoll(
        "Pizza toppings for Friday's lunch (link only)",
        ("Margherita", "Mushroom", "Pepperoni", "Four cheeses"),
        {"visibility": "unlisted"},
    ),
    DemoPoll("Where was last year's offsite best?", ("Lisbon", "Kraków", "Ghent"), close=True),
    DemoPoll(
        "Should stand-ups move to 9:30?",
        ("Yes", "No", "No opinion"),
        {"results_visibility": "after_vote", "description": "Results show once you vote."},
    ),
)

BIG_POLL_CHOICES = ("Bike", "Bus", "Train", "Car", "On foot")


def demo_users() -> list[User]:
    """The demo accounts, registered with DEMO_PASSWORD; those that exist already are reused
    as they are (looked up by email), so seeding twice adds polls, not accounts."""
    users = []
    for email, name, surname in DEMO_PEOPLE:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = register(email=email, password=DEMO_PASSWORD, name=name, surname=surname)
        users.append(user)
    return users


def random_ballot(poll: Poll, rng: random.Random) -> list[int]:
    """A valid ballot for the poll's kind: one choice, or some (up to max_selections) in a
    random order, which a ranked poll takes as a ranking."""
    choice_ids = [choice.id for choice in poll.choices]
    if kind_named(poll.kind).ballot_input == "one":
        return [rng.choice(choice_ids)]
    return rng.sample(choice_ids, rng.randint(1, poll.max_selections or len(choice_ids)))


def vote_on(poll: Poll, users: Sequence[User], rng: random.Random) -> None:
    """Every demo user and ANONYMOUS_VOTERS anonymous voters cast a ballot, as the API would."""
    voters = [Voter.for_user(user.id) for user in users]
    voters += [Voter.anonymous(f"seed-{poll.id}-{n}") for n in range(ANONYMOUS_VOTERS)]
    for voter in voters:
        service.cast_ballot(poll_id=poll.id, voter=voter, choice_ids=random_ballot(poll, rng))


def seed_demo_polls(users: Sequence[User], rng: random.Random) -> list[Poll]:
    """One poll of each DEMO_POLLS entry, owned in turn by the demo users, voted on, and
    closed when the entry says so (after the votes: a closed poll takes none)."""
    polls = []
    for n, demo in enumerate(DEMO_POLLS):
        owner = users[n % len(users)]
        poll = service.create_poll(
            owner=owner, question=demo.question, choices=demo.choices, **demo.settings
        )
        vote_on(poll, users, rng)
        if demo.close:
            service.close_poll(poll=poll)
        polls.append(poll)
    return polls


def create_big_poll(owner: User, votes: int) -> Poll:
    """An empty single-choice poll meant to hold `votes` bulk-inserted ballots."""
    question = f"How do you get to work? ({votes:,} seeded ballots)"
    return service.create_poll(owner=owner, question=question, choices=BIG_POLL_CHOICES)


def add_anonymous_ballots(
    poll: Poll, votes: int, rng: random.Random, batch_size: int = BATCH_SIZE
) -> Iterator[int]:
    """Insert `votes` anonymous single-choice ballots into `poll`, yielding each batch's size.

    Voter keys are "anon:seed-<poll id>-<n>"; choices are drawn from `rng` with falling
    weights, so the poll has a clear winner. Each batch commits with its own change to the
    kept counts, so the counts equal the ballots after every commit, even if stopped early.
    """
    poll_id = poll.id  # read once: a commit expires the object
    choice_ids = [choice.id for choice in poll.choices]
    weights = list(range(len(choice_ids), 0, -1))
    voter_prefix = Voter.anonymous(f"seed-{poll_id}-").key
    for start in range(0, votes, batch_size):
        picked = rng.choices(choice_ids, weights=weights, k=min(batch_size, votes - start))
        now = utcnow()
        rows = [
            {
                "poll_id": poll_id,
                "voter": f"{voter_prefix}{n}",
                "choices": [choice_id],
                "created_at": now,
                "updated_at": now,
            }
            for n, choice_id in enumerate(picked, start)
        ]
        db.session.execute(insert(Ballot), rows)
        ballots.change_counts(poll_id=poll_id, ballots=len(rows), choice_votes=Counter(picked))
        db.session.commit()
        yield len(rows)
