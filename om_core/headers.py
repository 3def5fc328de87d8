"""Security headers on every response: a strict Content-Security-Policy (no inline script,
no framing), no MIME sniffing, a same-origin referrer, and HSTS where cookies are Secure."""

from collections.abc import Callable

from flask import Flask

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
HSTS = {"Strict-Transport-Security": "max-age=31536000; includeSubDomains"}


class SecurityHeaders:
    """WSGI middleware adding the headers every answer carries, errors included; a view may
    set its own CSP. They are plain pairs added to the list Flask hands the server: as an
    after-request hook adding them to werkzeug's Headers, they cost 5% of a vote's
    instructions (each one checked, and every later lookup of a header scanning past them;
    measured with callgrind: README, "Benchmarks"), as pairs here almost nothing."""

    def __init__(self, wsgi_app: Callable, *, hsts: bool) -> None:
        self.wsgi_app = wsgi_app
        self.fixed = list((COMMON | (HSTS if hsts else {})).items())

    def __call__(self, environ: dict, start_response: Callable):
        csp = DOCS_CSP if environ.get("PATH_INFO", "").startswith("/api/docs") else CSP

        def start_with_headers(status: str, headers: list[tuple[str, str]], exc_info=None):
            own_csp = any(name.lower() == "content-security-policy" for name, _ in headers)
            added = self.fixed if own_csp else [("Content-Security-Policy", csp), *self.fixed]
            return start_response(status, headers + added, exc_info)

        return self.wsgi_app(environ, start_with_headers)


def register_security_headers(app: Flask) -> None:
    """HSTS only where cookies are Secure (production): it pins the host to HTTPS."""
    app.wsgi_app = SecurityHeaders(app.wsgi_app, hsts=app.config["SESSION_COOKIE_SECURE"])
