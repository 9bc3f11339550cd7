"""Receiving: recording goods received against purchase orders (検収), on a phone."""
from flask import Blueprint

bp = Blueprint("receiving", __name__, url_prefix="/receiving")

from portal.receiving import views  # noqa: E402,F401
