"""Books: journal entries of approved invoices for 弥生会計, freee and マネーフォワード クラウド会計."""
from flask import Blueprint

bp = Blueprint("books", __name__, url_prefix="/books")

from portal.books import views  # noqa: E402,F401
