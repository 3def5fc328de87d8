"""The web pages' forms: their fields, labels and CSRF token.

They hold no validation rules of their own: a submitted form is checked by the very schema
the JSON API uses (om_core/api/*/schemas.py), so each rule is written once.
"""

from datetime import UTC

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
from wtforms.validators import Optional

from om_core.voting.registry import DEFAULT_KIND, KINDS

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


class LoginForm(FlaskForm):
    email = EmailField("Email")
    password = PasswordField("Password")
    submit = SubmitField("Log in")


class PollForm(CheckedForm):
    """A new poll. The choices are labelled "Choice 1", "Choice 2", ... in the template."""

    question = StringField("Question")
    description = TextAreaField("Description")
    choices = FieldList(StringField("Choice"), min_entries=2)
    add_choice = SubmitField("Add choice")
    kind = RadioField("Kind", default=DEFAULT_KIND)
    max_selections = IntegerField("Most choices a voter may pick", validators=[Optional()])
    results_visibility = RadioField("Show results", choices=RESULTS_VISIBILITIES, default="always")
    visibility = RadioField("Who can find it", choices=VISIBILITIES, default="public")
    allow_anonymous = BooleanField("Allow votes without an account", default=True)
    closes_at = DateTimeLocalField("Closes at (UTC)", validators=[Optional()])
    submit = SubmitField("Create poll")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice(kind.name, kind.label) for kind in KINDS.values()]

    def data_for_schema(self) -> dict:
        """The poll as the API's schema takes it; blank extra choice fields are left out."""
        data = {
            "question": self.question.data or "",
            "choices": [text for text in self.choices.data if text and text.strip()],
            "kind": self.kind.data,
            "results_visibility": self.results_visibility.data,
            "visibility": self.visibility.data,
            "allow_anonymous": bool(self.allow_anonymous.data),
        }
        if self.description.data and self.description.data.strip():
            data["description"] = self.description.data
        kind = KINDS.get(self.kind.data)
        if kind and kind.takes_max_selections and self.max_selections.data is not None:
            data["max_selections"] = self.max_selections.data
        if self.closes_at.data:
            data["closes_at"] = self.closes_at.data.replace(tzinfo=UTC).isoformat()
        return data


class ActionForm(FlaskForm):
    """A button that only needs a CSRF token: vote, close, delete, log out."""
