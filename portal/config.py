"""Configuration, read once from the environment."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from ocr.files import limits


def instance_path() -> Path:
    """The instance folder: database, stored originals, job queue, secret key."""
    return Path(os.environ.get("PORTAL_INSTANCE", Path.cwd() / "instance")).resolve()


def _secret_key(instance: Path) -> str:
    """SECRET_KEY from the environment, else one generated once into the instance folder."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_url(instance: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{instance / 'portal.db'}"
    # Heroku-style URLs name the old driver; SQLAlchemy 2 wants the psycopg 3 one.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    """Settings for a running portal."""

    def __init__(self) -> None:
        self.INSTANCE = instance_path()
        self.INSTANCE.mkdir(parents=True, exist_ok=True)
        self.SECRET_KEY = _secret_key(self.INSTANCE)
        self.SQLALCHEMY_DATABASE_URI = _database_url(self.INSTANCE)
        self.STORAGE_DIR = self.INSTANCE / "originals"
        # Every limit on what a file may cost is in `ocr.files.Limits`; reading them here also
        # stops the portal at start-up, not at the first upload, on a malformed PORTAL_MAX_* value.
        self.MAX_UPLOAD_MB = limits().upload_mb
        self.MAX_CONTENT_LENGTH = self.MAX_UPLOAD_MB * 1024 * 1024 * 8  # a request may carry several files
        # How long a worker may go without renewing its lease on a document before the
        # document is given to another worker (it renews every third of this while reading).
        self.LEASE_SECONDS = int(os.environ.get("PORTAL_LEASE_SECONDS", "60"))
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        # Secure always when PORTAL_HTTPS=1; otherwise whenever the request came over HTTPS
        # (portal.security), which behind a proxy needs PORTAL_PROXIES.
        self.SESSION_COOKIE_SECURE = os.environ.get("PORTAL_HTTPS", "") == "1"
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        # How many reverse proxies stand in front of the portal: their X-Forwarded-For and
        # X-Forwarded-Proto are believed (the client's address, HTTPS). 0: none are.
        self.PROXIES = int(os.environ.get("PORTAL_PROXIES", "0"))
        # A session left alone this long ends (signed in again); every request renews it.
        self.PERMANENT_SESSION_LIFETIME = timedelta(minutes=int(os.environ.get("PORTAL_IDLE_MINUTES", "60")))
        self.WTF_CSRF_TIME_LIMIT = None
        self.BABEL_DEFAULT_LOCALE = "en"
        self.LANGUAGES = ["en", "ja"]
        # Refused sign-ins allowed for one account from one address, and from one address
        # for all accounts together (portal.accounts.signin).
        self.LOGIN_RATE_LIMIT = os.environ.get("PORTAL_LOGIN_RATE_LIMIT", "10 per minute")
        self.LOGIN_ADDRESS_RATE_LIMIT = os.environ.get("PORTAL_LOGIN_ADDRESS_RATE_LIMIT", "100 per minute")
        self.TESTING = False


class TestConfig(Config):
    """Settings for the test suite: CSRF stays on, the queue runs tasks at once."""

    def __init__(self) -> None:
        super().__init__()
        self.TESTING = True
        self.SECRET_KEY = "test"
