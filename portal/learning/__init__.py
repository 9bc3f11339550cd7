"""What the portal learns from clerks' corrections, per supplier, and the admin's view of it."""
from flask import Blueprint

bp = Blueprint("learning", __name__, url_prefix="/admin/suppliers")

from portal.learning import views  # noqa: E402,F401
