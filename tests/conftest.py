"""Fixtures: an app on a fresh database, a client, signed-in users, a CLI runner.

The database is SQLite in a temporary folder, or PostgreSQL when TEST_DATABASE_URL
(or DATABASE_URL) is set: the same suite runs on both. Tasks run inline, in the test's own
process; the tests that start worker processes (tests/test_workers.py) run them on the SQLite
queue, and on Redis too when TEST_REDIS_URL or REDIS_URL is set (scripts/with-redis.sh).
"""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

_instance = Path(tempfile.mkdtemp(prefix="portal-test-"))
atexit.register(shutil.rmtree, _instance, ignore_errors=True)
os.environ["PORTAL_INSTANCE"] = str(_instance)  # before portal is imported: the queue reads it
# Redis is for the worker processes the tests start; this process's own queue runs tasks inline.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL")
os.environ.pop("REDIS_URL", None)

import pytest  # noqa: E402
from sqlalchemy import delete  # noqa: E402

from portal import create_app  # noqa: E402
from portal.config import TestConfig  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.queue import huey  # noqa: E402

huey.immediate = True  # tasks run at once, in the request that queues them

PASSWORD = "correct horse battery"
_DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")


def make_config(tmp: Path) -> TestConfig:
    config = TestConfig()
    config.INSTANCE = tmp
    config.STORAGE_DIR = tmp / "originals"
    if _DATABASE_URL:
        config.SQLALCHEMY_DATABASE_URI = _DATABASE_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    else:
        config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{_instance / 'test.db'}"
    return config


@pytest.fixture(scope="session")
def _schema():
    """Migrate the test database once per session, as `portal init-db` does."""
    app = create_app(make_config(_instance))
    with app.app_context():
        if _DATABASE_URL:
            with db.engine.begin() as connection:
                connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        from portal.database import upgrade

        upgrade()
        db.engine.dispose()
    return True


@pytest.fixture
def app(_schema, tmp_path):
    """An app context on an empty database and an empty storage folder."""
    app = create_app(make_config(tmp_path))
    with app.app_context():
        _empty_tables()
        yield app
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


@pytest.fixture(scope="module")
def module_app(_schema, tmp_path_factory):
    """An app context on an empty database for a whole module: for a module whose tests only read
    one large world, built once (it overrides `app` with this, the world added)."""
    app = create_app(make_config(tmp_path_factory.mktemp("module")))
    with app.app_context():
        _empty_tables()
        yield app
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


def _empty_tables() -> None:
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(delete(table))
    db.session.commit()


@pytest.fixture
def client(app):
    """A browser: each request gets fresh request state (`g`), as in production.

    The app fixture keeps one app context open for the test's own database work, and
    Flask reuses it for requests; clearing `g` stops the signed-in user and the
    locale of one request leaking into the next.
    """
    from flask import g

    def _fresh_request_state():
        g.__dict__.clear()

    # First of all: the unit of work's own request state (portal.database) is set up after it.
    app.before_request_funcs.setdefault(None, []).insert(0, _fresh_request_state)
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Create a user through the same service the portal uses."""
    from portal.accounts.services import create_user

    def make(role: str = "clerk", email: str | None = None):
        user = create_user(email or f"{role}@example.com", role.title(), role, PASSWORD)
        db.session.commit()
        return user

    return make


class Auth:
    """Signs in through the real form, CSRF token and all."""

    def __init__(self, client):
        self.client = client

    def csrf_token(self, path: str = "/login") -> str:
        import re

        html = self.client.get(path).get_data(as_text=True)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or \
            re.search(r'"X-CSRFToken": "([^"]+)"', html)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def login(self, email: str, password: str = PASSWORD):
        token = self.csrf_token("/login")
        return self.client.post("/login", data={"email": email, "password": password, "csrf_token": token})


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def signed_in(make_user, auth):
    """Sign in a new user with the given role; returns the user."""

    def sign_in(role: str = "clerk"):
        user = make_user(role)
        response = auth.login(user.email)
        assert response.status_code == 303, response.get_data(as_text=True)
        return user

    return sign_in
