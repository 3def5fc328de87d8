"""gunicorn's settings for poll_app, read by every gunicorn started in this folder (the README's
deploy command, the tests' servers, make bench): only what differs from gunicorn's defaults."""

# The longest request line taken (method, path and query), at gunicorn's maximum: the longest
# query the API documents (a `q` of 500 characters of 4 bytes each, 12 once percent-encoded,
# with every filter) fits, so the app answers it and refuses a longer `q` with its own 422.
# Longer lines get gunicorn's 414 page, as docs/openapi.json says (om_core/api/blueprint.py).
limit_request_line = 8190

# gunicorn 25.1+ opens a control socket (for gunicornc) in $XDG_RUNTIME_DIR or the home
# folder; the app needs none, and a server should write nothing into a home folder.
control_socket_disable = True
