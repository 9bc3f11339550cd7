"""The accountant's search through the API: the same criteria and results as the search page."""
from __future__ import annotations

from dataclasses import fields

from flask import request

from portal.api import bp, responses, spec
from portal.api.auth import token_required
from portal.api.schemas import SearchQuery, SearchResults
from portal.api.views_json import document_json
from portal.models import Role

PAGE_SIZE = 50


@bp.get("/search")
@token_required(Role.ACCOUNTANT)
@spec.validate(query=SearchQuery, resp=responses(200, SearchResults), tags=["search"])
def search():
    """Search documents (accountants), 50 a page, newest transaction first"""
    from portal.search.services import Criteria, search_page

    asked = request.context.query
    criteria = Criteria(**{f.name: getattr(asked, f.name) for f in fields(Criteria) if hasattr(asked, f.name)})
    page = search_page(criteria, asked.page, PAGE_SIZE)
    return {"total": page.total, "page": page.number, "pages": page.pages,
            "documents": [document_json(document) for document in page.items]}
