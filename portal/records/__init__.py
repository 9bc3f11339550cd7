"""Keeping the record for the tax office: versions, searchable text, deletion as a flag,
retention of originals, and the proof that nothing was altered (`portal audit verify`).
Its pages: a document's versions (訂正削除の履歴) and deleting it."""
from flask import Blueprint

bp = Blueprint("records", __name__)

from portal.records import views  # noqa: E402,F401
