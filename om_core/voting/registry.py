"""The one registry of poll kinds and counting methods: a new one is a module and a line here.

Everything that depends on a poll's kind (validating a ballot, the kept counts, counting,
the web form's inputs) asks the registry, never compares the kind's name.
"""

from om_core.voting.interfaces import CountingMethod, PollKind
from om_core.voting.kinds import multiple, ranked, single
from om_core.voting.methods import approval, irv, plurality

KINDS: dict[str, PollKind] = {kind.name: kind for kind in (single.KIND, multiple.KIND, ranked.KIND)}
METHODS: dict[str, CountingMethod] = {
    method.name: method for method in (plurality.METHOD, approval.METHOD, irv.METHOD)
}
DEFAULT_KIND = single.KIND.name


def kind_named(name: str) -> PollKind:
    """The kind called `name`; ValueError for an unknown one (a bug, not a voter's error)."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"{name!r} is not a poll kind") from None


def method_of(kind: PollKind) -> CountingMethod:
    """The counting method a poll of `kind` is counted by."""
    return METHODS[kind.method]


def register_kind(kind: PollKind) -> PollKind:
    """Add a poll kind (its counting method must be registered)."""
    if kind.method not in METHODS:
        raise ValueError(f"{kind.method!r} is not a counting method")
    KINDS[kind.name] = kind
    return kind
