"""The JSON API: one folder per resource, each a Blueprint with its controllers and schemas."""
