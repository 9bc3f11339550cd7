"""Matching invoices to purchase orders and goods receipts (the data contract's rules 1-4).

rules/ holds the rules as pure functions, one module per family; suppliers.py resolves the supplier;
services.py applies them to the database; tolerances.py keeps the audited limits.
"""
from portal.matching.services import match_document, qualified_invoice_check, rematch_all, rematch_orders

__all__ = ["match_document", "qualified_invoice_check", "rematch_all", "rematch_orders"]

from flask import Blueprint  # noqa: E402

bp = Blueprint("matching", __name__)

from portal.matching import views  # noqa: E402,F401
