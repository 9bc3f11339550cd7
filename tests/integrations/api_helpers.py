"""Calling the API as a token's user, and checking each answer against the OpenAPI document."""
from __future__ import annotations

import re
from functools import cache

import jsonschema

from portal.accounts.tokens import create_token
from portal.api.meta import openapi_document
from portal.extensions import db


def token_for(user) -> str:
    """A new token of the user's own, committed; its secret."""
    _token, secret = create_token(user, "tests", user)
    db.session.commit()
    return secret


@cache
def _operations() -> list[tuple[re.Pattern, str, dict]]:
    document = openapi_document()
    found = []
    for path, operations in document["paths"].items():
        pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$")
        found += [(pattern, method, operation) for method, operation in operations.items()]
    return found


def check_against_schema(method: str, path: str, response) -> None:
    """The response's status is documented for the operation, and its body fits that status's schema."""
    document = openapi_document()
    path = path.split("?")[0]
    [operation] = [op for pattern, m, op in _operations() if m == method.lower() and pattern.match(path)]
    documented = operation["responses"].get(str(response.status_code))
    assert documented, f"{method} {path}: {response.status_code} is not in the schema"
    [(media_type, media)] = documented["content"].items()
    assert response.mimetype == media_type, f"{method} {path}: {response.mimetype}, documented {media_type}"
    schema = {**media["schema"], "components": document["components"]}
    jsonschema.validate(response.get_json(), schema, cls=jsonschema.Draft202012Validator)


class Api:
    """The test client, sending a token, every answer checked against the schema."""

    def __init__(self, client, secret: str | None = None) -> None:
        self.client, self.secret = client, secret

    def __call__(self, method: str, path: str, **kwargs):
        headers = kwargs.pop("headers", {})
        if self.secret:
            headers.setdefault("Authorization", f"Bearer {self.secret}")
        response = self.client.open(path, method=method, headers=headers, **kwargs)
        check_against_schema(method, path, response)
        return response

    def get(self, path: str, **kwargs):
        return self("GET", path, **kwargs)

    def post(self, path: str, **kwargs):
        return self("POST", path, **kwargs)

    def patch(self, path: str, **kwargs):
        return self("PATCH", path, **kwargs)
