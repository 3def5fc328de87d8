"""Ready-made request bodies, each unique where it must be."""

import itertools

_serial = itertools.count(1)

PASSWORD = "correct horse battery"


def user_payload(**overrides) -> dict:
    """A valid registration body with a fresh email."""
    n = next(_serial)
    return {
        "email": f"user{n}@example.org",
        "password": PASSWORD,
        "name": f"Name{n}",
        "surname": f"Surname{n}",
    } | overrides
