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


def _retention_years() -> int:
    years = int(os.environ.get("PORTAL_RETENTION_YEARS", "7"))
    if not 7 <= years <= 10:
        raise ValueError(f"PORTAL_RETENTION_YEARS must be from 7 to 10, not {years}")
    return years


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
        # How many years originals are kept (電子帳簿保存法: 7, up to 10 where losses are carried).
        self.RETENTION_YEARS = _retention_years()
        # The company paying, as its bank registered it, for the 全銀 transfer files
        # (portal.payments.zengin.Payer): 委託者コード, name in kana, bank, branch, type, account.
        self.PAYER = {key: os.environ.get(f"PORTAL_PAYER_{key.upper()}", default) for key, default in (
            ("code", "0"), ("name", "ｶﾅｶﾞﾜｾｲﾐﾂﾌ-ｽﾞ(ｶ"), ("bank_code", "0"), ("branch_code", "0"),
            ("account_type", "1"), ("account_number", "0"))}
        # Issue 15: the scanner's folder, the mailbox, e-mail, the JSON API (portal.intake.folder,
        # portal.intake.mailbox, portal.notifications, portal.api).
        self.CONSUME_DIR = os.environ.get("PORTAL_CONSUME_DIR") or None
        self.CONSUME_SECONDS = float(os.environ.get("PORTAL_CONSUME_SECONDS", "2"))
        self.IMAP_URL = os.environ.get("PORTAL_IMAP_URL") or None
        self.IMAP_SECONDS = float(os.environ.get("PORTAL_IMAP_SECONDS", "60"))
        self.MAX_MAIL_MB = int(os.environ.get("PORTAL_MAX_MAIL_MB", "50"))
        self.SMTP_URL = os.environ.get("PORTAL_SMTP_URL") or None
        self.MAIL_FROM = os.environ.get("PORTAL_MAIL_FROM", "portal@localhost")
        self.BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://localhost:8000").rstrip("/")
        self.DIGEST_HOUR = int(os.environ.get("PORTAL_DIGEST_HOUR", "8"))
        self.API_RATE_LIMIT = os.environ.get("PORTAL_API_RATE_LIMIT", "600 per minute")
        self.API_MAX_JSON_KB = int(os.environ.get("PORTAL_API_MAX_JSON_KB", "1024"))
        self.WEBHOOK_TIMEOUT = float(os.environ.get("PORTAL_WEBHOOK_TIMEOUT", "10"))
        # How long the busiest pages are kept as drawn while nothing changes (a change draws
        # them afresh at once: this bounds only what no transaction of the portal wrote, an edit
        # made in the database by hand), and in how much space on the machine
        # (portal.pagecache); 0 seconds draws every page afresh.
        self.PAGE_CACHE_SECONDS = float(os.environ.get("PORTAL_PAGE_CACHE_SECONDS", "600"))
        self.PAGE_CACHE_MB = int(os.environ.get("PORTAL_PAGE_CACHE_MB", "64"))
        self.TESTING = False


class TestConfig(Config):
    """Settings for the test suite: CSRF stays on, the queue runs tasks at once."""

    def __init__(self) -> None:
        super().__init__()
        self.TESTING = True
        self.SECRET_KEY = "test"
