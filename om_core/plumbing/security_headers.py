"""Security headers on every response: a strict Content-Security-Policy (no inline script,
no framing), no MIME sniffing, a same-origin referrer, and HSTS where cookies are Secure."""

from flask import Flask, Response, current_app, request

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Swagger UI sets inline style attributes; the docs page alone may use them (never scripts).
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


def _add_security_headers(response: Response) -> Response:
    """After every request, errors included: the headers a view did not set itself."""
    csp = DOCS_CSP if request.path.startswith("/api/docs") else CSP
    response.headers.setdefault("Content-Security-Policy", csp)
    for name, value in COMMON.items():
        response.headers.setdefault(name, value)
    if current_app.config["SESSION_COOKIE_SECURE"]:  # production: HTTPS only
        response.headers.setdefault(*HSTS)
    return response


def register_security_headers(app: Flask) -> None:
    """HSTS only where cookies are Secure (production): it pins the host to HTTPS."""
    app.after_request(_add_security_headers)
