"""Review: clerks check what the scanner read, correct it in place, and hand it on."""
from flask import Blueprint

bp = Blueprint("review", __name__, url_prefix="/review")

from portal.review import views  # noqa: E402,F401
