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
HSTS = {"Strict-Transport-Security": "max-age=31536000; includeSubDomains"}


def set_security_headers(response: Response) -> Response:
    """After each request: the headers every answer carries (a view may set its own CSP)."""
    headers = response.headers
    if "Content-Security-Policy" not in headers:
        headers["Content-Security-Policy"] = DOCS_CSP if _is_docs() else CSP
    headers.update(COMMON)
    if current_app.config["SESSION_COOKIE_SECURE"]:
        headers.update(HSTS)
    return response


def _is_docs() -> bool:
    return request.path.startswith("/api/docs")


def register_security_headers(app: Flask) -> None:
    app.after_request(set_security_headers)
