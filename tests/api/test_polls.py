"""POST /api/polls and GET /api/polls/<id>: creating and reading a poll."""

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from tests.api.polls_helpers import (
    assert_problem,
    count_polls,
    create_poll,
    error_fields,
    in_future,
    poll_payload,
)

POLL_FIELDS = {
    "id",
    "question",
    "description",
    "kind",
    "max_selections",
    "choices",
    "closes_at",
    "is_open",
    "results_visibility",
    "visibility",
    "allow_anonymous",
    "owner",
    "total_votes",
    "created_at",
    "updated_at",
}
POLL_ID = re.compile(r"^[A-Za-z0-9_-]{8,}$")
MISSING = object()


def test_create_returns_201_with_exactly_the_fields_of_a_poll(client, auth):
    owner = auth.signup()
    response = client.post("/api/polls", json=poll_payload(), headers=owner.headers)
    assert response.status_code == 201
    assert response.content_type == "application/json"
    assert set(response.json) == POLL_FIELDS


def test_create_applies_the_documented_defaults(client, auth):
    body = create_poll(client, auth.signup())
    assert body["kind"] == "single"
    assert body["results_visibility"] == "always"
    assert body["visibility"] == "public"
    assert body["allow_anonymous"] is True
    assert (body["description"], body["max_selections"], body["closes_at"]) == (None, None, None)
    assert (body["is_open"], body["total_votes"]) == (True, 0)


def test_poll_ids_are_random_url_safe_strings(client, auth):
    owner = auth.signup()
    first, second = create_poll(client, owner)["id"], create_poll(client, owner)["id"]
    assert POLL_ID.match(first) and POLL_ID.match(second)
    assert first != second
    assert not first.isdigit() and not second.isdigit()  # not a counter


def test_choices_get_ids_and_positions_1_to_n_in_the_order_given(client, auth):
    body = create_poll(client, auth.signup(), choices=["  Tea ", "Coffee", "Water"])
    assert [(c["text"], c["position"]) for c in body["choices"]] == [
        ("Tea", 1),
        ("Coffee", 2),
        ("Water", 3),
    ]
    assert all(isinstance(c["id"], int) for c in body["choices"])
    assert len({c["id"] for c in body["choices"]}) == 3


def test_owner_is_shown_with_id_and_name(client, auth):
    owner = auth.signup(name="Ann")
    body = create_poll(client, owner)
    assert body["owner"] == {"id": owner.id, "name": "Ann"}


@pytest.mark.parametrize("kind", ["single", "multiple", "ranked"])
def test_create_each_kind(client, auth, kind):
    body = create_poll(client, auth.signup(), kind=kind)
    assert body["kind"] == kind
    assert body["is_open"] is True


def test_multiple_poll_keeps_its_max_selections(client, auth):
    body = create_poll(client, auth.signup(), kind="multiple", max_selections=2)
    assert (body["kind"], body["max_selections"]) == ("multiple", 2)


def test_create_stores_the_chosen_settings(client, auth):
    settings = {"results_visibility": "after_close", "visibility": "unlisted"}
    body = create_poll(client, auth.signup(), allow_anonymous=False, **settings)
    assert body["results_visibility"] == "after_close"
    assert body["visibility"] == "unlisted"
    assert body["allow_anonymous"] is False


def test_question_and_description_are_trimmed(client, auth):
    body = create_poll(client, auth.signup(), question="  Why?  ", description=" Because. ")
    assert (body["question"], body["description"]) == ("Why?", "Because.")


def test_blank_description_counts_as_missing(client, auth):
    assert create_poll(client, auth.signup(), description="   ")["description"] is None


def test_times_carry_a_utc_offset(client, auth):
    body = create_poll(client, auth.signup())
    for field in ("created_at", "updated_at"):
        assert datetime.fromisoformat(body[field]).utcoffset() is not None


def test_closes_at_in_the_future_is_kept_as_the_same_instant(client, auth):
    moment = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    sent = moment.astimezone(timezone(timedelta(hours=2))).isoformat()
    body = create_poll(client, auth.signup(), closes_at=sent)
    assert datetime.fromisoformat(body["closes_at"]) == moment
    assert datetime.fromisoformat(body["closes_at"]).utcoffset() is not None
    assert body["is_open"] is True


@pytest.mark.parametrize(
    "overrides",
    [
        {"question": "  " + "q" * 500 + "  "},
        {"description": "d" * 2000},
        {"choices": [f"choice {n}" for n in range(50)]},
        {"choices": ["c" * 200, "other"]},
        {"kind": "multiple", "max_selections": 3},
        {"kind": "multiple", "max_selections": 1},
    ],
    ids=["question-500", "description-2000", "50-choices", "choice-200", "max-all", "max-1"],
)
def test_values_at_the_limits_are_accepted(client, auth, overrides):
    owner = auth.signup()
    response = client.post("/api/polls", json=poll_payload(**overrides), headers=owner.headers)
    assert response.status_code == 201, response.json


INVALID_POLLS = [
    pytest.param("question", {"question": MISSING}, id="question-missing"),
    pytest.param("question", {"question": None}, id="question-null"),
    pytest.param("question", {"question": ""}, id="question-empty"),
    pytest.param("question", {"question": "   "}, id="question-blank"),
    pytest.param("question", {"question": "q" * 501}, id="question-501"),
    pytest.param("question", {"question": 42}, id="question-number"),
    pytest.param("description", {"description": "d" * 2001}, id="description-2001"),
    pytest.param("choices", {"choices": MISSING}, id="choices-missing"),
    pytest.param("choices", {"choices": []}, id="choices-none"),
    pytest.param("choices", {"choices": ["Only one"]}, id="choices-1"),
    pytest.param("choices", {"choices": [f"choice {n}" for n in range(51)]}, id="choices-51"),
    pytest.param("choices", {"choices": ["Fine", ""]}, id="choice-empty"),
    pytest.param("choices", {"choices": ["Fine", "   "]}, id="choice-blank"),
    pytest.param("choices", {"choices": ["Fine", "c" * 201]}, id="choice-201"),
    pytest.param("choices", {"choices": ["Yes", "yes"]}, id="choices-same-ignoring-case"),
    pytest.param("choices", {"choices": ["Yes", " YES "]}, id="choices-same-after-trim"),
    pytest.param("choices", {"choices": "Red, Green"}, id="choices-string"),
    pytest.param("choices", {"choices": [1, 2]}, id="choices-numbers"),
    pytest.param("kind", {"kind": "approval"}, id="kind-unknown"),
    pytest.param("kind", {"kind": "SINGLE"}, id="kind-uppercase"),
    pytest.param("max_selections", {"max_selections": 1}, id="max-on-single"),
    pytest.param("max_selections", {"kind": "ranked", "max_selections": 2}, id="max-on-ranked"),
    pytest.param("max_selections", {"kind": "multiple", "max_selections": 0}, id="max-0"),
    pytest.param(
        "max_selections", {"kind": "multiple", "max_selections": 4}, id="max-over-choices"
    ),
    pytest.param("max_selections", {"kind": "multiple", "max_selections": "2"}, id="max-string"),
    pytest.param("max_selections", {"kind": "multiple", "max_selections": 1.5}, id="max-float"),
    pytest.param("closes_at", {"closes_at": "2001-01-01T00:00:00+00:00"}, id="closes-in-past"),
    pytest.param("closes_at", {"closes_at": "2099-01-01T00:00:00"}, id="closes-without-offset"),
    pytest.param("closes_at", {"closes_at": "next tuesday"}, id="closes-not-a-time"),
    pytest.param(
        "results_visibility", {"results_visibility": "never"}, id="results-visibility-unknown"
    ),
    pytest.param("visibility", {"visibility": "private"}, id="visibility-unknown"),
    pytest.param("allow_anonymous", {"allow_anonymous": "yes"}, id="anonymous-string"),
    pytest.param("allow_anonymous", {"allow_anonymous": 1}, id="anonymous-number"),
]


@pytest.mark.parametrize(("field", "overrides"), INVALID_POLLS)
def test_invalid_poll_is_422_naming_the_field_and_stores_nothing(
    client, app, auth, field, overrides
):
    owner = auth.signup()
    body = {k: v for k, v in (poll_payload() | overrides).items() if v is not MISSING}
    problem = assert_problem(client.post("/api/polls", json=body, headers=owner.headers), 422)
    assert field in error_fields(problem)
    assert count_polls(app) == 0


@pytest.mark.parametrize(
    "extra", [{"color": "red"}, {"owner_id": 1}, {"total_votes": 5}, {"id": "chosen-by-me"}]
)
def test_unknown_field_is_422_and_stores_nothing(client, app, auth, extra):
    owner = auth.signup()
    response = client.post("/api/polls", json=poll_payload(**extra), headers=owner.headers)
    assert set(extra) <= set(assert_problem(response, 422)["errors"])
    assert count_polls(app) == 0


def test_create_with_a_dead_token_is_401_and_stores_nothing(client, app):
    """Not a poll without an account: a token that is sent must be live."""
    headers = {"Authorization": "Bearer not-a-token"}
    assert_problem(client.post("/api/polls", json=poll_payload(), headers=headers), 401)
    assert count_polls(app) == 0


def test_closes_at_soon_is_accepted(client, auth):
    body = create_poll(client, auth.signup(), closes_at=in_future(minutes=5))
    assert body["is_open"] is True


def test_get_poll_is_200_with_the_same_poll(client, auth):
    created = create_poll(client, auth.signup())
    response = client.get(f"/api/polls/{created['id']}")
    assert response.status_code == 200
    assert response.json == created


@pytest.mark.parametrize("poll_id", ["NoSuchPoll1", "a" * 200, "1", "%27%20OR%201=1"])
def test_get_unknown_poll_is_404_problem(client, poll_id):
    assert_problem(client.get(f"/api/polls/{poll_id}"), 404)
