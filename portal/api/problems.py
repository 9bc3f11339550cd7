"""Errors of the API as RFC 9457 problem details: `application/problem+json` with a stable `code`
a client can act on, a title and a detail in the user's language, and per-field `errors`."""
from __future__ import annotations

from typing import Any

from flask import Flask, Response, json, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

MEDIA_TYPE = "application/problem+json"

# Status -> the code an HTTP error of that status has when nothing more specific is known.
HTTP_CODES = {400: "bad-request", 401: "unauthenticated", 403: "forbidden", 404: "not-found",
              405: "method-not-allowed", 409: "conflict", 413: "too-large", 415: "unsupported-media-type",
              422: "invalid", 429: "too-many-requests", 500: "internal-error"}


class Problem(Exception):
    """An API error: raise it anywhere in an API view."""

    def __init__(self, status: int, code: str, detail: str | None = None, *, errors: list[dict] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail or code)
        self.status, self.code, self.detail, self.errors = status, code, detail, errors
        self.headers = headers or {}


def _titles() -> dict[int, str]:
    return {400: _("The request is malformed."), 401: _("A valid API token is needed."),
            403: _("Your role does not allow this."), 404: _("There is nothing here."),
            405: _("This method is not allowed here."), 409: _("This conflicts with the document's state."),
            413: _("The request is too large."), 415: _("This media type is not accepted here."),
            422: _("The request's values are not valid."), 429: _("Too many requests. Wait and try again."),
            500: _("Something went wrong in the portal.")}


def problem_response(problem: Problem) -> Response:
    body: dict[str, Any] = {"type": f"urn:portal:problem:{problem.code}",
                            "title": _titles().get(problem.status, problem.code),
                            "status": problem.status, "code": problem.code}
    if problem.detail:
        body["detail"] = problem.detail
    if problem.errors:
        body["errors"] = problem.errors
    response = Response(json.dumps(body, ensure_ascii=False), status=problem.status, mimetype=MEDIA_TYPE)
    response.headers.update(problem.headers)
    return response


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def register(app: Flask) -> None:
    """API paths answer every error as a problem; other paths keep the app's error pages."""
    app.register_error_handler(Problem, problem_response)
    handlers = app.error_handler_spec[None][None]
    for exc_class, page in list(handlers.items()):
        if issubclass(exc_class, HTTPException):
            handlers[exc_class] = _api_or(page)
    if HTTPException not in handlers:
        handlers[HTTPException] = _api_or(lambda exc: exc)


def _api_or(page):
    def handle(exc: HTTPException):
        if not is_api_request():
            return page(exc)
        from portal.extensions import db

        db.session.rollback()
        status = exc.code or 500
        detail = None if status in (404, 405) else exc.description
        return problem_response(Problem(status, HTTP_CODES.get(status, "error"), detail))

    return handle
