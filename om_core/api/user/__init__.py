"""The user resource: accounts at /api/users."""
