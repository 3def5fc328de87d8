"""Field types and the base schema for request bodies, shared by every resource."""

import re
from datetime import UTC, datetime

import marshmallow as ma

from om_core.limits import EMAIL_MAX

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # C0, DEL and C1: Unicode's Cc
LINE_BREAKS_AND_TABS = re.compile(r"[\t\n\r]")


class Text(ma.fields.String):
    """A string counted after trimming, as API.md says: surrounding whitespace is dropped.

    Control characters (NUL and the like, which PostgreSQL cannot even store) are refused;
    a `multiline` text may hold line breaks and tabs.
    """

    def __init__(self, *, multiline: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.multiline = multiline

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        allowed = LINE_BREAKS_AND_TABS.sub("", text) if self.multiline else text
        if CONTROL_CHARACTERS.search(allowed):
            raise ma.ValidationError("Must not contain control characters.")
        return text


class Email(ma.fields.Email):
    """An email address, trimmed and lower-cased: emails compare case-insensitively."""

    def __init__(self, **kwargs) -> None:
        super().__init__(validate=ma.validate.Length(max=EMAIL_MAX), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        if not isinstance(value, str):
            raise self.make_error("invalid")
        return super()._deserialize(value.strip(), attr, data, **kwargs).lower()


class StrictBoolean(ma.fields.Boolean):
    """JSON true or false only, not "yes" or 1."""

    def _deserialize(self, value, attr, data, **kwargs) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class BodySchema(ma.Schema):
    """Base of request-body schemas. A Text field empty after trimming counts as missing
    where it is required in a whole body (it is reported missing). Where missing means
    "leave it as it is" (an optional field, or any field of a change), a blank text is none
    if the field may be none (a description: cleared), and is checked as it is otherwise (a
    name or a question: too short)."""

    @ma.pre_load
    def drop_blank_text(self, data, **kwargs):
        if not isinstance(data, dict):
            return data
        partial = bool(self.partial or kwargs.get("partial"))
        blank = {
            field.data_key or name: field
            for name, field in self.load_fields.items()
            if isinstance(field, Text | Email)
            and isinstance(data.get(field.data_key or name), str)
            and not data[field.data_key or name].strip()
        }
        missing = {key for key, field in blank.items() if field.required and not partial}
        cleared = {
            key: None for key, field in blank.items() if key not in missing and field.allow_none
        }
        return {key: value for key, value in data.items() if key not in missing} | cleared


class StrictInteger(ma.fields.Integer):
    """A JSON integer only: not "3", not 3.0, not true (which Python counts as 1)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(strict=True, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> int:
        if isinstance(value, bool):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class StorableDateTime(ma.fields.AwareDateTime):
    """A date and time with its UTC offset, read as UTC (how it is stored): one whose UTC
    time falls outside years 1-9999, as `9999-12-31T23:00:00-05:00` does, is invalid."""

    def _deserialize(self, value, attr, data, **kwargs) -> datetime:
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            return moment.astimezone(UTC)
        except OverflowError as error:
            raise ma.ValidationError("Not a date and time that can be stored.") from error
