"""Approval: each ballot approves any number of choices; the most approvals wins, ties kept.

It counts as plurality does (the kept votes per choice), but percents are of ballots, so
they may add up to more than 100."""

from om_core.voting.interfaces import CountingMethod
from om_core.voting.methods import plurality

METHOD = CountingMethod(name="approval", count=plurality.count)
