"""`make bench`: the app under gunicorn driven by wrk, against a bare Flask ceiling."""
