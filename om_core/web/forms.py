"""The web pages' forms: their fields, labels and CSRF token.

They hold no validation rules of their own: a submitted form is checked by the very schema
the JSON API uses (om_core/api/*/schemas.py), so each rule is written once.
"""

from datetime import datetime

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    FieldList,
    IntegerField,
    PasswordField,
    RadioField,
    SelectChoice,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Optional, ValidationError

from om_core.data import Poll
from om_core.voting.registry import DEFAULT_KIND, KINDS
from om_core.web.zones import DEFAULT_ZONE, submitted_zone, zone_named

RESULTS_VISIBILITIES = [
    SelectChoice("always", "Always"),
    SelectChoice("after_vote", "After voting"),
    SelectChoice("after_close", "After the poll closes"),
]
VISIBILITIES = [
    SelectChoice("public", "Public: listed on the home page"),
    SelectChoice("unlisted", "Unlisted: only people with the link"),
]


class CheckedForm(FlaskForm):
    """A form whose input is checked by a schema: `problems` holds the schema's messages by
    field name, for the template to show beside each field."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.problems: dict[str, list[str]] = {}


def show_errors(form: CheckedForm, messages: dict) -> None:
    """Show a schema's (or the service's) messages beside the fields they name."""
    for name, found in messages.items():
        form.problems.setdefault(str(name), []).extend(_texts(found))


def _texts(found) -> list[str]:
    if isinstance(found, dict):
        return [text for nested in found.values() for text in _texts(nested)]
    if isinstance(found, list | tuple):
        return [text for item in found for text in _texts(item)]
    return [str(found)]


class RegisterForm(CheckedForm):
    email = EmailField("Email")
    password = PasswordField("Password")
    name = StringField("Name")
    surname = StringField("Surname")
    submit = SubmitField("Sign up")

    def data_for_schema(self) -> dict:
        return {
            "email": self.email.data or "",
            "password": self.password.data or "",
            "name": self.name.data or "",
            "surname": self.surname.data or "",
        }


class ProfileForm(CheckedForm):
    name = StringField("Name")
    surname = StringField("Surname")
    save_profile = SubmitField("Save name")

    def data_for_schema(self) -> dict:
        return {"name": self.name.data or "", "surname": self.surname.data or ""}


class PasswordForm(CheckedForm):
    current_password = PasswordField("Current password")
    password = PasswordField("New password")
    change_password = SubmitField("Change password")

    def data_for_schema(self) -> dict:
        return {
            "current_password": self.current_password.data or "",
            "password": self.password.data or "",
        }


class LoginForm(FlaskForm):
    email = EmailField("Email")
    password = PasswordField("Password")
    submit = SubmitField("Log in")


class PollSettingsForm(CheckedForm):
    """What a poll's creator sets and may change later. The choices are labelled "Choice 1",
    "Choice 2", ... in the template."""

    question = StringField("Question")
    description = TextAreaField("Description")
    choices = FieldList(StringField("Choice"), min_entries=2)
    add_choice = SubmitField("Add choice")
    results_visibility = RadioField("Show results", choices=RESULTS_VISIBILITIES, default="always")
    visibility = RadioField("Who can find it", choices=VISIBILITIES, default="public")
    allow_anonymous = BooleanField("Allow votes without an account", default=True)
    # Entered in the zone `timezone` names (the creator's browser's, or UTC): WTForms reads
    # it in that zone and shows a stored time in it.
    closes_at = DateTimeLocalField("Closes at", validators=[Optional()], tz=submitted_zone)
    timezone = StringField("Time zone", default=DEFAULT_ZONE)

    def validate_timezone(self, field: StringField) -> None:
        """An unknown zone name is said next to the closing time it was meant for; it does
        not matter when there is no closing time."""
        closes_at = "".join(self.closes_at.raw_data or []).strip()
        if closes_at and zone_named(field.data or DEFAULT_ZONE) is None:
            raise ValidationError(
                f"“{field.data}” is not a time zone we know: enter one such as Europe/Paris, "
                "or UTC."
            )

    def data_for_schema(self) -> dict:
        """The poll as the API's schema takes it; blank extra choice fields are left out,
        and a blank description or closing time is none."""
        description = self.description.data
        return {
            "question": self.question.data or "",
            "description": description if description and description.strip() else None,
            "choices": [text for text in self.choices.data if text and text.strip()],
            "results_visibility": self.results_visibility.data,
            "visibility": self.visibility.data,
            "allow_anonymous": bool(self.allow_anonymous.data),
            "closes_at": self.closes_at.data.isoformat() if self.closes_at.data else None,
        }

    def fill_from(self, poll: Poll, choices: bool = True) -> None:
        """Show a poll's settings in the form (to edit it, or to start a copy of it)."""
        self.question.data = poll.question
        self.description.data = poll.description
        self.results_visibility.data = poll.results_visibility
        self.visibility.data = poll.visibility
        self.allow_anonymous.data = poll.allow_anonymous
        self.closes_at.data = poll.closes_at  # shown in the form's zone (UTC until sent)
        if choices:
            while len(self.choices) < len(poll.choices):
                self.choices.append_entry()
            for entry, choice in zip(self.choices, poll.choices, strict=False):
                entry.data = choice.text


class PollForm(PollSettingsForm):
    """A new poll."""

    kind = RadioField("Kind", default=DEFAULT_KIND)
    max_selections = IntegerField("Most choices a voter may pick", validators=[Optional()])
    submit = SubmitField("Create poll")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice(kind.name, kind.label) for kind in KINDS.values()]

    def data_for_schema(self) -> dict:
        data = super().data_for_schema() | {"kind": self.kind.data}
        kind = KINDS.get(self.kind.data)
        if kind and kind.takes_max_selections and self.max_selections.data is not None:
            data["max_selections"] = self.max_selections.data
        return data

    def fill_from(self, poll: Poll, choices: bool = True) -> None:
        super().fill_from(poll, choices)
        self.kind.data = poll.kind
        self.max_selections.data = poll.max_selections


class EditPollForm(PollSettingsForm):
    """A change to a poll: only what differs from the poll is sent to the service, so a
    closed poll's past closing time, or choices frozen by votes, are no reason to refuse."""

    submit = SubmitField("Save changes")

    def changes_for_schema(self, poll: Poll, choices_editable: bool) -> dict:
        current = EditPollForm(formdata=None, meta={"csrf": False})
        current.fill_from(poll)
        before = current.data_for_schema()
        changes = {k: v for k, v in self.data_for_schema().items() if v != before[k]}
        if _same_moment(changes.get("closes_at"), before["closes_at"]):
            del changes["closes_at"]  # the same time, entered in another zone
        if not choices_editable:
            changes.pop("choices", None)
        return changes


def _same_moment(changed: str | None, before: str | None) -> bool:
    if changed is None or before is None:
        return False
    return datetime.fromisoformat(changed) == datetime.fromisoformat(before)


class ActionForm(FlaskForm):
    """A button that only needs a CSRF token: vote, close, delete, log out."""
