"""Search: any record by date, amount, counterparty, number, status and words; its CSV for the tax office."""
from flask import Blueprint

bp = Blueprint("search", __name__)

from portal.search import views  # noqa: E402,F401
