"""Error pages: a clear message, rendered after the session is rolled back, so nothing half-done
is kept or shown (the unit of work in `portal.database` rolls back any error response too)."""
from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from portal.extensions import db, htmx


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return _page(400, _("Your session's security token is missing or has expired. "
                            "Reload the page and try again.")), 400

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(exc: RequestEntityTooLarge):
        return _page(413, _("The upload is larger than the %(mb)s MB limit. Nothing was stored.",
                            mb=app.config["MAX_UPLOAD_MB"])), 413

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        messages = {
            400: _("The request was not understood. Reload the page and try again."),
            403: _("Your role does not allow this page."),
            404: _("There is nothing here."),
            405: _("This action is not allowed here."),
            409: _("Someone else has already decided this."),
            429: _("Too many attempts. Wait a minute and try again."),
            # An exception no view expected (Flask logs it): in the reader's language, nothing of it shown.
            500: _("Something went wrong on our side, and nothing was changed. Try again; if it happens "
                   "again, tell an administrator."),
        }
        return _page(exc.code or 500, messages.get(exc.code, exc.description)), exc.code


def _page(code: int, message: str):
    db.session.rollback()
    if htmx:
        return f'<div class="flash error" role="alert">{message}</div>'
    return render_template("error.html", code=code, message=message)
