"""Accounts: signing in and out, language choice, and the admin's user list."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)

from portal.accounts import views  # noqa: E402,F401
