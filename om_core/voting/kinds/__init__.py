"""Poll kinds, one pure module each: which ballots a kind takes (see interfaces.PollKind)."""
