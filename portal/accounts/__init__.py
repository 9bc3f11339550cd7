"""Accounts: signing in and out, language choice, one's own password, and the admin's users."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)

from portal.accounts import admin_users, token_views, views  # noqa: E402,F401
