"""The poll resource: polls at /api/polls, with their votes and results beneath."""
