"""GET /api/polls/<id>/results and results.csv: counts, percents, winners, CSV."""

import csv
import io

import pytest

from tests.api.polls_helpers import (
    choice_ids,
    create_poll,
    get_results,
    vote_anonymously,
)


def cast(app, poll: dict, votes_per_choice: list[int]) -> None:
    """Each choice gets its number of single-choice ballots, each from its own browser."""
    for choice_id, count in zip(choice_ids(poll), votes_per_choice, strict=True):
        for _ in range(count):
            vote_anonymously(app, poll["id"], [choice_id])


def percents(results: dict) -> list[float]:
    return [choice["percent"] for choice in results["choices"]]


def test_results_have_the_documented_shape(client, app, auth):
    poll = create_poll(client, auth.signup())
    cast(app, poll, [1, 0, 0])
    response = client.get(f"/api/polls/{poll['id']}/results")
    assert (response.status_code, response.content_type) == (200, "application/json")
    assert set(response.json) == {"poll_id", "kind", "total_votes", "choices", "winners"}
    assert (response.json["poll_id"], response.json["kind"]) == (poll["id"], "single")
    assert response.json["choices"][0] == {
        "id": choice_ids(poll)[0],
        "text": "Red",
        "votes": 1,
        "percent": 100.0,
    }


def test_results_list_choices_in_position_order(client, auth):
    poll = create_poll(client, auth.signup(), choices=["Zebra", "Apple", "Mango"])
    results = get_results(client, poll["id"])
    assert [c["text"] for c in results["choices"]] == ["Zebra", "Apple", "Mango"]
    assert [c["id"] for c in results["choices"]] == choice_ids(poll)


@pytest.mark.parametrize(
    ("votes", "expected"),
    [
        ([1, 2, 0], [33.3, 66.7, 0.0]),
        ([1, 7, 0], [12.5, 87.5, 0.0]),
        ([1, 5, 0], [16.7, 83.3, 0.0]),
        ([1, 15, 0], [6.3, 93.8, 0.0]),  # 6.25 and 93.75 round half up, not to even
    ],
)
def test_percent_is_rounded_half_up_to_one_decimal(client, app, auth, votes, expected):
    poll = create_poll(client, auth.signup())
    cast(app, poll, votes)
    results = get_results(client, poll["id"])
    assert percents(results) == expected
    assert results["total_votes"] == sum(votes)


def test_no_ballots_means_zero_percent_and_no_winner(client, auth):
    poll = create_poll(client, auth.signup())
    results = get_results(client, poll["id"])
    assert results["total_votes"] == 0
    assert [(c["votes"], c["percent"]) for c in results["choices"]] == [(0, 0.0)] * 3
    assert results["winners"] == []


def test_winner_is_the_choice_with_the_most_votes(client, app, auth):
    poll = create_poll(client, auth.signup())
    cast(app, poll, [1, 2, 0])
    assert get_results(client, poll["id"])["winners"] == [choice_ids(poll)[1]]


def test_every_choice_tied_for_the_top_is_a_winner(client, app, auth):
    poll = create_poll(client, auth.signup(), choices=["A", "B", "C", "D"])
    cast(app, poll, [2, 1, 2, 0])
    winners = get_results(client, poll["id"])["winners"]
    assert sorted(winners) == sorted([choice_ids(poll)[0], choice_ids(poll)[2]])


def test_multiple_poll_counts_ballots_and_percents_may_pass_100(client, app, auth):
    poll = create_poll(client, auth.signup(), kind="multiple")
    red, green, blue = choice_ids(poll)
    for ballot in ([red, green], [red, blue], [red, green, blue]):
        vote_anonymously(app, poll["id"], ballot)
    results = get_results(client, poll["id"])
    assert results["total_votes"] == 3
    assert percents(results) == [100.0, 66.7, 66.7]
    assert sum(percents(results)) > 100


def test_csv_is_text_csv_with_a_row_per_choice_in_position_order(client, app, auth):
    poll = create_poll(client, auth.signup(), choices=["Zebra", "Apple", "Mango"])
    cast(app, poll, [1, 2, 0])
    response = client.get(f"/api/polls/{poll['id']}/results.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows == [
        ["choice", "votes", "percent"],
        ["Zebra", "1", "33.3"],
        ["Apple", "2", "66.7"],
        ["Mango", "0", "0.0"],
    ]


def test_csv_header_is_exactly_choice_votes_percent(client, auth):
    poll = create_poll(client, auth.signup())
    body = client.get(f"/api/polls/{poll['id']}/results.csv").get_data(as_text=True)
    assert body.splitlines()[0] == "choice,votes,percent"


def test_csv_quotes_a_choice_with_a_comma_and_a_double_quote_as_rfc_4180_says(client, app, auth):
    poll = create_poll(client, auth.signup(), choices=['Red, "dark"', "Green"])
    cast(app, poll, [1, 1])
    body = client.get(f"/api/polls/{poll['id']}/results.csv").get_data(as_text=True)
    assert body.splitlines()[1:] == ['"Red, ""dark""",1,50.0', "Green,1,50.0"]
