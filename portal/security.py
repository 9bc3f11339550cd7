"""What every response carries: a Content-Security-Policy that allows no inline script, no
framing, no sniffing, a same-origin referrer, private caching; over HTTPS, Strict-Transport-Security
and session cookies marked Secure; and, behind trusted proxies, the client's own address and
scheme (X-Forwarded-For, X-Forwarded-Proto).

The policy forbids inline script and inline style: behaviour lives in static/portal.js,
htmx is configured (templates/base.html) to need neither eval nor injected styles.
"""
from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask, Request, Response, has_request_context, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from itsdangerous import BadSignature
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


# A session in use is renewed (its cookie signed again) once this share of its idle time
# (PERMANENT_SESSION_LIFETIME) has gone by since it last was, not on every request: an idle
# session then ends between 59/60 and all of that time after its last request.
RENEW_AFTER_SHARE = 1 / 60


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed cookie, marked Secure when configured so or when the request is HTTPS,
    renewed as a session is used (above)."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        serializer = self.get_signing_serializer(app)
        cookie = request.cookies.get(self.get_cookie_name(app))
        if serializer is None or not cookie:
            return super().open_session(app, request)
        try:
            data, signed_at = serializer.loads(cookie, max_age=int(app.permanent_session_lifetime.total_seconds()),
                                               return_timestamp=True)
        except BadSignature:
            return self.session_class()
        session = self.session_class(data)
        session.signed_at = signed_at  # type: ignore[attr-defined]
        return session

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        if session.modified or not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return session.modified
        signed_at = getattr(session, "signed_at", None)
        return signed_at is None or datetime.now(UTC) - signed_at >= app.permanent_session_lifetime * RENEW_AFTER_SHARE

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
