"""Security headers on every response: a strict Content-Security-Policy (no inline script,
no framing), no MIME sniffing, a same-origin referrer, and HSTS where cookies are Secure."""

from collections.abc import Callable

from flask import Flask, Response, request

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


def security_headers(app: Flask) -> Callable[[Response], Response]:
    """The after-request hook that adds the headers every answer carries (a view may set its
    own CSP). Which ones is settled once, from the app's settings: every request adds them,
    and working them out again each time cost as much as adding them."""
    fixed = list((COMMON | (HSTS if app.config["SESSION_COOKIE_SECURE"] else {})).items())

    def set_security_headers(response: Response) -> Response:
        headers = response.headers
        if "Content-Security-Policy" not in headers:
            headers["Content-Security-Policy"] = DOCS_CSP if _is_docs() else CSP
        headers.extend(fixed)  # no view sets these: adding skips looking for them first
        return response

    return set_security_headers


def _is_docs() -> bool:
    return request.path.startswith("/api/docs")


def register_security_headers(app: Flask) -> None:
    app.after_request(security_headers(app))
