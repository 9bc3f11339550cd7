"""Payments: approved invoices by due date, payment runs as 全銀 files, bank statements, totals."""
from flask import Blueprint

bp = Blueprint("payments", __name__, url_prefix="/payments")

from portal.payments import views  # noqa: E402,F401
