"""The API's own description: the OpenAPI document, its docs page, and who a token is."""
from __future__ import annotations

import copy
from functools import cache

from flask import current_app, jsonify, redirect, url_for
from flask_login import current_user

from portal.accounts.access import ANY_ROLE, public
from portal.api import bp, responses, spec
from portal.api.auth import token_required
from portal.api.problems import MEDIA_TYPE
from portal.api.schemas import Me


@bp.get("/me")
@token_required(*ANY_ROLE)
@spec.validate(resp=responses(200, Me), tags=["account"])
def me():
    """Who the token acts as, and with which role"""
    return {"id": current_user.id, "email": current_user.email, "name": current_user.name,
            "role": current_user.role, "locale": current_user.locale}


@bp.get("/openapi.json")
@public
def openapi():
    """Anyone: the OpenAPI 3.1 document, generated from the API's views and models."""
    return jsonify(openapi_document())


@bp.get("/docs")
@public
def docs():
    """Anyone: the API's documentation page (a static page that reads openapi.json)."""
    return redirect(url_for("static", filename="api/docs.html"), code=303)


def openapi_document() -> dict:
    """spectree's document, with what it cannot say itself: problems are problem+json, and a
    multipart upload's body."""
    return _document()


@cache
def _document() -> dict:
    """Built once per process: every app the factory builds has the same API."""
    document = copy.deepcopy(spec.spec)
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            view = current_app.view_functions.get(_endpoint(path, method))
            if view is not None and hasattr(view, "openapi_request"):
                operation["requestBody"] = view.openapi_request
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if int(status) >= 400 and "application/json" in content:
                    content[MEDIA_TYPE] = content.pop("application/json")
    return document


def _endpoint(path: str, method: str) -> str | None:
    for rule in current_app.url_map.iter_rules():
        flask_path = rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}")
        if flask_path == path and method.upper() in (rule.methods or ()):
            return rule.endpoint
    return None
