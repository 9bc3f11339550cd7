"""Approvals: the approver's inbox and decisions, delegations, and the rules an admin sets."""
from flask import Blueprint

bp = Blueprint("approvals", __name__, url_prefix="/approvals")

from portal.approvals import bulk, rule_views, views  # noqa: E402,F401
