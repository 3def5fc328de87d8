"""Shapes of polls, ballots and results going in and out of the API."""

import csv
import io

import marshmallow as ma

from om_core.api.enums import PollStatus, Visibility, enum_field
from om_core.api.fields import BodySchema, StorableDateTime, StrictBoolean, StrictInteger, Text
from om_core.api.pagination import PageQuerySchema
from om_core.data import utcnow
from om_core.limits import (
    CHOICE_TEXT_MAX,
    CHOICES_MAX,
    CHOICES_MIN,
    DESCRIPTION_MAX,
    ID_MAX,
    QUESTION_MAX,
)
from om_core.voting.registry import KINDS
from om_core.voting.results import PollResults
from om_core.voting.visibility import ResultsVisibility


def _in_future(moment) -> None:
    if moment <= utcnow():
        raise ma.ValidationError("must be in the future")


def _known_kind(name: str) -> None:
    """One of the registry's kinds, as they are when the request comes (not at import)."""
    if name not in KINDS:
        raise ma.ValidationError(f"Must be one of: {', '.join(KINDS)}.")


class ChoiceSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    text = ma.fields.String(required=True)
    position = ma.fields.Integer(
        required=True, metadata={"description": "1-based, in the order given"}
    )


class OwnerSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class PollSchema(ma.Schema):
    """A poll as anyone sees it."""

    id = ma.fields.String(
        required=True, metadata={"description": "random, URL-safe, not guessable"}
    )
    question = ma.fields.String(required=True)
    description = ma.fields.String(required=True, allow_none=True)
    kind = enum_field("PollKind", required=True)
    max_selections = ma.fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "`multiple` polls only; null means every choice"},
    )
    choices = ma.fields.List(ma.fields.Nested(ChoiceSchema), required=True)
    closes_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    is_open = ma.fields.Boolean(required=True)
    results_visibility = enum_field("ResultsVisibility", required=True)
    visibility = enum_field("Visibility", required=True)
    allow_anonymous = ma.fields.Boolean(required=True)
    owner = ma.fields.Nested(
        OwnerSchema,
        required=True,
        allow_none=True,
        metadata={"description": "null for a poll made without an account"},
    )
    total_votes = ma.fields.Integer(required=True, metadata={"description": "ballots cast"})
    created_at = ma.fields.AwareDateTime(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)


class NewPollSchema(PollSchema):
    """A poll as its creator sees it once, in the answer that created it."""

    admin_token = ma.fields.String(
        metadata={
            "description": "Only for a poll made without an account, and only in this answer: "
            "sent as `X-Poll-Admin-Token`, it manages the poll. Keep it secret."
        }
    )


class PollCreateSchema(BodySchema):
    """A new poll. Whether max_selections fits the kind and choices is the service's rule."""

    question = Text(required=True, validate=ma.validate.Length(min=1, max=QUESTION_MAX))
    description = Text(
        multiline=True, allow_none=True, validate=ma.validate.Length(max=DESCRIPTION_MAX)
    )
    choices = ma.fields.List(
        Text(validate=ma.validate.Length(min=1, max=CHOICE_TEXT_MAX)),
        required=True,
        validate=ma.validate.Length(min=CHOICES_MIN, max=CHOICES_MAX),
    )
    kind = enum_field("PollKind", validate=_known_kind)
    max_selections = StrictInteger(allow_none=True, validate=ma.validate.Range(min=1))
    closes_at = StorableDateTime(allow_none=True, validate=_in_future)
    results_visibility = enum_field(
        "ResultsVisibility", validate=ma.validate.OneOf(list(ResultsVisibility))
    )
    visibility = enum_field("Visibility", validate=ma.validate.OneOf(list(Visibility)))
    allow_anonymous = StrictBoolean()

    @ma.validates("choices")
    def choices_are_unique(self, choices: list[str], **kwargs) -> None:
        folded = [text.casefold() for text in choices]
        if len(set(folded)) != len(folded):
            raise ma.ValidationError("choices must be unique, ignoring case")


class PollUpdateSchema(PollCreateSchema):
    """A change to a poll: any of the fields of a new one."""

    def __init__(self, **kwargs) -> None:
        super().__init__(partial=True, **kwargs)


class PollQuerySchema(PageQuerySchema):
    q = Text(
        validate=ma.validate.Length(max=QUESTION_MAX),
        metadata={"description": "Text in the question, matched ignoring case."},
    )
    status = enum_field(
        "PollStatus",
        validate=ma.validate.OneOf(list(PollStatus)),
        metadata={"description": "Only open, or only closed, polls."},
    )
    owner = ma.fields.Integer(
        validate=ma.validate.Range(min=1, max=ID_MAX),
        metadata={"description": "Only the polls of the user with this `id`."},
    )


class BallotCreateSchema(BodySchema):
    """A ballot: choice ids, in order of preference for ranked polls."""

    choices = ma.fields.List(StrictInteger(), required=True)


class BallotSchema(ma.Schema):
    poll_id = ma.fields.String(required=True)
    choices = ma.fields.List(
        ma.fields.Integer(),
        required=True,
        metadata={"description": "choice ids, in order of preference for ranked polls"},
    )
    created_at = ma.fields.AwareDateTime(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)


class ChoiceResultSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    text = ma.fields.String(required=True)
    votes = ma.fields.Integer(
        required=True, metadata={"description": "first preferences in a ranked poll"}
    )
    percent = ma.fields.Float(
        required=True, metadata={"description": "votes / ballots * 100, half up, 1 place"}
    )


class RoundSchema(ma.Schema):
    round = ma.fields.Integer(required=True, metadata={"description": "1-based"})
    counts = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Integer(),
        required=True,
        metadata={"description": "votes of each choice still in the count, by choice id"},
    )
    eliminated = ma.fields.List(
        ma.fields.Integer(),
        required=True,
        metadata={"description": "choice ids dropped at the end of this round"},
    )
    exhausted = ma.fields.Integer(
        required=True, metadata={"description": "ballots with no choice left"}
    )


class ResultsSchema(ma.Schema):
    poll_id = ma.fields.String(required=True)
    kind = enum_field("PollKind", required=True)
    total_votes = ma.fields.Integer(required=True, metadata={"description": "ballots cast"})
    choices = ma.fields.List(
        ma.fields.Nested(ChoiceResultSchema),
        required=True,
        metadata={"description": "in position order"},
    )
    winners = ma.fields.List(
        ma.fields.Integer(),
        required=True,
        metadata={"description": "ids of every choice tied for the top; empty with no votes"},
    )
    rounds = ma.fields.List(
        ma.fields.Nested(RoundSchema), metadata={"description": "ranked polls only"}
    )

    @ma.post_dump
    def drop_rounds_unless_ranked(self, data, **kwargs):
        if data.get("rounds") is None:
            data.pop("rounds", None)
        return data


def results_csv(results: PollResults) -> str:
    """The results as CSV (RFC 4180): `choice,votes,percent`, a row per choice in order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["choice", "votes", "percent"])
    writer.writerows([line.text, line.votes, line.percent] for line in results.choices)
    return out.getvalue()
