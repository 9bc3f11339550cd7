"""Attachments: what a clerk adds to a document for its approver (a delivery note, an e-mail)."""
from flask import Blueprint

bp = Blueprint("attachments", __name__)

from portal.attachments import views  # noqa: E402,F401
