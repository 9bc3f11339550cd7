"""Documents: the list, each document's page, its page images and original."""
from flask import Blueprint

bp = Blueprint("documents", __name__)

from portal.documents import views  # noqa: E402,F401
