"""A program using poll_app through a client generated from its OpenAPI document by
openapi-python-client, as docs/api.md ("Use from your program") shows it.
test_generated_client.py generates the client, checks this file with `mypy --strict` and runs
it against a live server: `python client_scenario.py BASE_URL`, with `poll_app_client`
importable."""

import sys
import uuid
from typing import TypeVar

from poll_app_client import AuthenticatedClient, Client
from poll_app_client.api.auth import create_token
from poll_app_client.api.poll import cast_vote, create_poll, get_my_ballot, get_results
from poll_app_client.api.user import create_user
from poll_app_client.models import (
    Account,
    Ballot,
    BallotCreate,
    NewPoll,
    PollCreate,
    Problem,
    Results,
    Token,
    TokenCreate,
    UserCreate,
)

T = TypeVar("T")


def expect(answer: object, kind: type[T]) -> T:
    """The answer, if it is what the program asked for; anything else (a Problem) ends it."""
    if not isinstance(answer, kind):
        raise SystemExit(f"expected {kind.__name__}, got {answer!r}")
    return answer


def main(base_url: str) -> None:
    # Register, then log in: the token makes an AuthenticatedClient (Authorization: Bearer).
    public = Client(base_url=base_url)
    email, password = f"ann-{uuid.uuid4().hex[:12]}@example.org", "correct horse"
    account = UserCreate(email=email, password=password, name="Ann", surname="Lee")
    expect(create_user.sync(client=public, body=account), Account)
    login = TokenCreate(email=email, password=password)
    token = expect(create_token.sync(client=public, body=login), Token)
    ann = AuthenticatedClient(base_url=base_url, token=token.access_token)

    # Create a poll, and vote in it with the token.
    lunch = PollCreate(question="Lunch?", choices=["Pizza", "Sushi", "Salad"])
    poll = expect(create_poll.sync(client=ann, body=lunch), NewPoll)
    pizza, sushi = poll.choices[0].id, poll.choices[1].id
    expect(cast_vote.sync(poll.id, client=ann, body=BallotCreate(choices=[pizza])), Ballot)

    # The same vote again is refused: a 409, as problem details whose type says why.
    again = cast_vote.sync(poll.id, client=ann, body=BallotCreate(choices=[pizza]))
    refused = expect(again, Problem)
    print(refused.status, refused.type_)  # `type` is a builtin: the model says `type_`

    # Vote without an account. The answer sets the voter cookie, and one Client keeps its
    # cookies (it is one httpx client), so it is then known as that voter. openapi-python-client
    # types an operation whose token is optional as needing an AuthenticatedClient; a plain
    # Client calls it anonymously, hence `type: ignore[arg-type]`.
    voter = Client(base_url=base_url)
    sushi_vote = BallotCreate(choices=[sushi])
    expect(cast_vote.sync(poll.id, client=voter, body=sushi_vote), Ballot)  # type: ignore[arg-type]
    mine = expect(get_my_ballot.sync(poll.id, client=voter), Ballot)  # type: ignore[arg-type]
    print("my ballot:", mine.choices == [sushi])

    # Read the results (the owner always may).
    results = expect(get_results.sync(poll.id, client=ann), Results)
    for line in results.choices:
        print(f"{line.text}: {line.votes} ({line.percent}%)")
    winners = [line.text for line in results.choices if line.id in results.winners]
    print("winners:", ", ".join(winners))


if __name__ == "__main__":
    main(sys.argv[1])
