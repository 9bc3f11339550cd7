"""Intake: uploading originals and turning them into processed documents."""
from flask import Blueprint

bp = Blueprint("intake", __name__)

from portal.intake import views  # noqa: E402,F401
