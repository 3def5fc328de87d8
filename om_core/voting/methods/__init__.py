"""Counting methods, one pure module each: how ballots become results (see interfaces.py)."""
