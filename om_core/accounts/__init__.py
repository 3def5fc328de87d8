"""Accounts: registration, passwords and API tokens."""
