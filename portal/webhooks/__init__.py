"""Webhooks for the ERP: an admin registers a URL and the events it wants; deliveries are signed."""
from flask import Blueprint

bp = Blueprint("webhooks", __name__, url_prefix="/admin/webhooks")

from portal.webhooks import views  # noqa: E402,F401
