"""Shapes of polls, ballots and results going in and out of the API."""

import csv
import io

import marshmallow as ma

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

VISIBILITIES = ("public", "unlisted")


def _in_future(moment) -> None:
    if moment <= utcnow():
        raise ma.ValidationError("must be in the future")


def _known_kind(name: str) -> None:
    """One of the registry's kinds, as they are when the request comes (not at import)."""
    if name not in KINDS:
        raise ma.ValidationError(f"Must be one of: {', '.join(KINDS)}.")


class ChoiceSchema(ma.Schema):
    id = ma.fields.Integer()
    text = ma.fields.String()
    position = ma.fields.Integer(metadata={"description": "1-based, in the order given"})


class OwnerSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()


class PollSchema(ma.Schema):
    """A poll as anyone sees it."""

    id = ma.fields.String(metadata={"description": "random, URL-safe, not guessable"})
    question = ma.fields.String()
    description = ma.fields.String(allow_none=True)
    kind = ma.fields.String(metadata={"enum": list(KINDS)})
    max_selections = ma.fields.Integer(allow_none=True)
    choices = ma.fields.List(ma.fields.Nested(ChoiceSchema))
    closes_at = ma.fields.AwareDateTime(allow_none=True)
    is_open = ma.fields.Boolean()
    results_visibility = ma.fields.String(
        metadata={"enum": [rule.value for rule in ResultsVisibility]}
    )
    visibility = ma.fields.String(metadata={"enum": list(VISIBILITIES)})
    allow_anonymous = ma.fields.Boolean()
    owner = ma.fields.Nested(OwnerSchema)
    total_votes = ma.fields.Integer(metadata={"description": "ballots cast"})
    created_at = ma.fields.AwareDateTime()
    updated_at = ma.fields.AwareDateTime()


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
    kind = ma.fields.String(validate=_known_kind, metadata={"enum": list(KINDS)})
    max_selections = StrictInteger(allow_none=True, validate=ma.validate.Range(min=1))
    closes_at = StorableDateTime(allow_none=True, validate=_in_future)
    results_visibility = ma.fields.String(
        validate=ma.validate.OneOf([rule.value for rule in ResultsVisibility])
    )
    visibility = ma.fields.String(validate=ma.validate.OneOf(VISIBILITIES))
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
    q = Text(validate=ma.validate.Length(max=QUESTION_MAX))
    status = ma.fields.String(validate=ma.validate.OneOf(["open", "closed"]))
    owner = ma.fields.Integer(validate=ma.validate.Range(min=1, max=ID_MAX))


class BallotCreateSchema(BodySchema):
    """A ballot: choice ids, in order of preference for ranked polls."""

    choices = ma.fields.List(StrictInteger(), required=True)


class BallotSchema(ma.Schema):
    poll_id = ma.fields.String()
    choices = ma.fields.List(ma.fields.Integer())
    created_at = ma.fields.AwareDateTime()
    updated_at = ma.fields.AwareDateTime()


class ChoiceResultSchema(ma.Schema):
    id = ma.fields.Integer()
    text = ma.fields.String()
    votes = ma.fields.Integer(metadata={"description": "first preferences in a ranked poll"})
    percent = ma.fields.Float(metadata={"description": "votes / ballots * 100, half up, 1 place"})


class RoundSchema(ma.Schema):
    round = ma.fields.Integer()
    counts = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    eliminated = ma.fields.List(ma.fields.Integer())
    exhausted = ma.fields.Integer()


class ResultsSchema(ma.Schema):
    poll_id = ma.fields.String()
    kind = ma.fields.String()
    total_votes = ma.fields.Integer(metadata={"description": "ballots cast"})
    choices = ma.fields.List(ma.fields.Nested(ChoiceResultSchema))
    winners = ma.fields.List(ma.fields.Integer())
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
