"""The JSON API under /api/v1, apart from the HTML blueprints (as CTFd keeps its own).

Callers authenticate with a personal access token (portal.api.auth); the views call the same
services as the screens and the CLI; errors are problem details (portal.api.problems). The
OpenAPI 3.1 document is generated from the views and their pydantic models by spectree, which
also checks each request and each response against them.

Why spectree: it decorates plain Flask views on a plain Flask app and blueprint, so the portal
keeps its app factory, its access decorators and its error pages; APIFlask and flask-openapi3
would each replace the Flask app class (and their blueprints) for the whole portal.
"""
from __future__ import annotations

from flask import Blueprint, Flask, current_app, request
from spectree import Response, SpecTree
from spectree.models import SecurityScheme, SecuritySchemeData

from portal.api.problems import Problem
from portal.api.schemas import ProblemDetails

bp = Blueprint("api", __name__, url_prefix="/api/v1")

PROBLEMS = (400, 401, 403, 404, 413, 415, 422, 429)


def _invalid_request(req, resp, req_validation_error, instance, model_adapter) -> None:
    """A request that does not fit its model: 422, with each field's error, as a problem."""
    if req_validation_error is None:
        return
    errors = [{"field": ".".join(str(p) for p in error.get("loc", ())), "detail": error.get("msg", "")}
              for error in req_validation_error.errors(include_url=False, include_input=False)]
    from flask_babel import gettext as _

    raise Problem(422, "invalid", _("The request does not fit the API's schema."), errors=errors)


spec = SpecTree("flask", mode="strict", naming_strategy=lambda model: model.__name__,
                nested_naming_strategy=lambda _parent, child: child, title="The portal's API", version="1",
                annotations=False,
                path="apidoc-not-served", validation_error_model=ProblemDetails, before=_invalid_request,
                description="Purchasing portal: documents, corrections, approvals, master data. "
                            "Authenticate with a personal access token: `Authorization: Bearer pat_…`.",
                security_schemes=[SecurityScheme(name="token", data=SecuritySchemeData(type="http", scheme="bearer"))],
                security={"token": []})


def responses(ok: int | None = None, model=None, *also: int) -> Response:
    """The responses of a view: its success, and the problems any API view may answer."""
    codes = {f"HTTP_{code}": ProblemDetails for code in (*PROBLEMS, *also)}
    if ok is not None:
        codes[f"HTTP_{ok}"] = model
    return Response(**codes)


def init_app(app: Flask) -> None:
    from portal.api import problems
    from portal.extensions import csrf

    csrf.exempt(bp)  # tokens, never cookies, authenticate the API (portal.api.auth)
    app.register_blueprint(bp)
    problems.register(app)


@bp.before_request
def _bounded_json() -> None:
    """A JSON body larger than PORTAL_API_MAX_JSON_KB is refused before it is read."""
    limit = current_app.config["API_MAX_JSON_KB"] * 1024
    if request.mimetype != "multipart/form-data" and (request.content_length or 0) > limit:
        from flask_babel import gettext as _

        raise Problem(413, "too-large", _("A JSON body may have at most %(kb)s KB.", kb=limit // 1024))


from portal.api.auth import note_use  # noqa: E402

bp.after_request(note_use)

from portal.api import decisions, documents, masterdata, meta, search  # noqa: E402,F401
