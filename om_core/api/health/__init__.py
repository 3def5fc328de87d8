"""Health of the service and its database."""
