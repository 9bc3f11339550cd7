"""What every response carries: a Content-Security-Policy that allows no inline script, no
framing, no sniffing, a same-origin referrer, private caching; over HTTPS, Strict-Transport-Security
and session cookies marked Secure; and, behind trusted proxies, the client's own address and
scheme (X-Forwarded-For, X-Forwarded-Proto).

The policy forbids inline script and inline style: behaviour lives in static/portal.js,
htmx is configured (templates/base.html) to need neither eval nor injected styles.
"""
from __future__ import annotations

from flask import Flask, Response, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}

# Sent only on answers over HTTPS: browsers then refuse plain HTTP to the portal for a year
# (not to other hosts of the domain, which may not all speak HTTPS).
STRICT_TRANSPORT_SECURITY = "max-age=31536000"


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed cookie, marked Secure when configured so or when the request is HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (has_request_context() and request.is_secure)


def init_app(app: Flask) -> None:
    proxies = app.config.get("PROXIES", 0)
    if proxies:
        # Only as many X-Forwarded-* values as there are proxies of ours: a client's own are not believed.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    app.session_interface = SessionCookies()
    app.after_request(secure_response)


def secure_response(response: Response) -> Response:
    """The security headers, and caching kept to the user's own browser."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:  # over HTTPS, or through a trusted proxy that says so (PORTAL_PROXIES)
        response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    if request.endpoint != "static":
        private_caching(response)
    return response


def private_caching(response: Response) -> None:
    """Never `public`: a shared cache must not keep what one signed-in user saw. A file sent
    with validators (a page preview, an original) is kept by the browser but checked with the
    portal, which asks who is signed in, before each use; anything else is not kept at all."""
    cache = response.cache_control
    cache.public = False
    cache.max_age = None
    cache.private = True
    if response.headers.get("ETag") or response.headers.get("Last-Modified"):
        cache.no_cache = True
    else:
        cache.no_store = True
