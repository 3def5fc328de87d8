"""The API's enumerations. Each one is a single component of the OpenAPI document that every
field taking it refers to, so a generated client has one type for it instead of one per field.
"""

from collections.abc import Callable, Iterable
from enum import StrEnum

import marshmallow as ma
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from om_core.voting.registry import KINDS
from om_core.voting.visibility import ResultsVisibility


class Visibility(StrEnum):
    PUBLIC = "public"  # listed
    UNLISTED = "unlisted"  # reached by its link only


class PollStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class TokenType(StrEnum):
    BEARER = "Bearer"


class HealthState(StrEnum):
    OK = "ok"  # anything else is a 503 problem


# Each enumeration component and its values. Poll kinds are pluggable: the registry is read
# when an app is made, so the document lists the kinds registered by then.
ENUMS: dict[str, Callable[[], Iterable[str]]] = {
    "PollKind": lambda: KINDS,
    "ResultsVisibility": lambda: ResultsVisibility,
    "Visibility": lambda: Visibility,
    "PollStatus": lambda: PollStatus,
    "TokenType": lambda: TokenType,
    "HealthState": lambda: HealthState,
}
_COMPONENT = "enum_component"  # a field's metadata naming its enumeration


def enum_field(component: str, **kwargs) -> ma.fields.String:
    """A string field that the document shows as a reference to the enumeration `component`."""
    if component not in ENUMS:
        raise ValueError(f"{component!r} is not one of the enumerations: {', '.join(ENUMS)}")
    metadata = {**kwargs.pop("metadata", {}), _COMPONENT: component}
    return ma.fields.String(metadata=metadata, **kwargs)


def register_enums(spec: APISpec, plugin: MarshmallowPlugin) -> None:
    """Add every enumeration to the document's components, and have apispec refer to it from
    each field made by `enum_field` (an attribute function: apispec's hook for custom fields)."""
    for name, values in ENUMS.items():
        spec.components.schema(name, {"type": "string", "enum": [str(v) for v in values()]})
    plugin.converter.add_attribute_function(_enum_reference)


def _enum_reference(converter, field: ma.fields.Field, ret: dict, **kwargs) -> dict:
    """apispec attribute function (bound to its converter): a field made by `enum_field`
    becomes a `$ref` to its enumeration, in place of the inline type and values apispec wrote."""
    component = field.metadata.get(_COMPONENT)
    if component is None:
        return {}
    ret.pop("type", None)
    ret.pop("enum", None)
    return {"$ref": f"#/components/schemas/{component}"}
