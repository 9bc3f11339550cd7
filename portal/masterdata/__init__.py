"""Master data from the ERP: suppliers, purchase orders and goods receipts."""
from flask import Blueprint

bp = Blueprint("masterdata", __name__)

from portal.masterdata import imports, views  # noqa: E402,F401
