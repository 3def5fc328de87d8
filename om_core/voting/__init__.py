"""The voting domain: valid ballots, counting, and the use cases built on them."""
