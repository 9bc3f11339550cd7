"""The portal: a Flask application for a purchasing back office."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, has_request_context, request, session
from flask_login import current_user

from portal import database, pagecache
from portal.accounts import known_users
from portal.config import Config
from portal.extensions import babel, csrf, db, htmx, login_manager

ROOT = Path(__file__).resolve().parent.parent
SQLITE_MAP_BYTES = 256 * 1024 * 1024  # address space, shared by every connection; not memory taken


def create_app(config: Config | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, CLI."""
    config = config or Config()
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"),
                instance_path=str(config.INSTANCE))
    app.config.from_object(config)

    db.init_app(app)
    _sqlite_pragmas(app)
    database.init_app(app)
    pagecache.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(ROOT / "portal" / "translations"))
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    known_users.init_app(app)

    from portal import models  # noqa: F401  (registers every table)
    from portal.accounts import bp as accounts_bp
    from portal.approvals import bp as approvals_bp
    from portal.documents import bp as documents_bp
    from portal.intake import bp as intake_bp
    from portal.learning import bp as learning_bp
    from portal.masterdata import bp as masterdata_bp
    from portal.matching import bp as matching_bp
    from portal.receiving import bp as receiving_bp
    from portal.review import bp as review_bp

    for bp in (accounts_bp, intake_bp, documents_bp, masterdata_bp, matching_bp, review_bp, approvals_bp,
               receiving_bp, learning_bp):
        app.register_blueprint(bp)
    from portal.books import bp as books_bp  # the accountant's desk
    from portal.payments import bp as payments_bp
    from portal.records import bp as records_bp
    from portal.search import bp as search_bp

    for bp in (search_bp, payments_bp, books_bp, records_bp):
        app.register_blueprint(bp)
    from portal.attachments import bp as attachments_bp  # a day in the office

    app.register_blueprint(attachments_bp)

    from portal import api, security
    from portal.accounts.access import check_every_view_declares_access, public
    from portal.cli import register_commands
    from portal.errors import register_error_handlers
    from portal.templating import register_template_helpers

    app.add_url_rule("/healthz", view_func=public(healthz))
    register_commands(app)
    register_error_handlers(app)
    api.init_app(app)  # after the error pages: its problems answer for /api/ paths
    from portal import events
    from portal.webhooks import bp as webhooks_bp

    app.register_blueprint(webhooks_bp)
    events.listen()
    register_template_helpers(app)
    security.init_app(app)
    check_every_view_declares_access(app)
    return app


def healthz() -> tuple[str, int, dict[str, str]]:
    """Anyone: "ok" when the web process answers. It touches neither the database nor the
    session, so the load benchmark measures every page against it (benchmarks/load.py)."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


def select_locale() -> str:
    """The user's choice, else the session's, else the browser's language."""
    languages = ["en", "ja"]
    if not has_request_context():  # the CLI and the worker speak English
        return "en"
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return request.accept_languages.best_match(languages) or "en"


def _sqlite_pragmas(app: Flask) -> None:
    """SQLite in WAL mode with a busy timeout, so the web and the worker can share it."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    from sqlalchemy import event

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Pages read through a shared memory map rather than copied into each connection's own
        # small cache: with 10,000 documents the inbox's query took a third less time.
        cursor.execute(f"PRAGMA mmap_size={SQLITE_MAP_BYTES}")
        cursor.close()
