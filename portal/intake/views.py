"""The upload page: several files at once, drag and drop, or the phone's camera."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.access import roles_required
from portal.intake import bp
from portal.intake.services import accept_uploads, queue_processing
from portal.models import Role


@bp.route("/upload", methods=["GET", "POST"])
@roles_required(Role.CLERK)
def upload():
    """Clerks: upload scans and PDFs."""
    if request.method == "POST":
        files = [_read_and_close(f) for f in request.files.getlist("files") if f]
        files = [(name, data) for name, data in files if name or data]
        if not files:
            flash(_("Choose at least one file."), "error")
            return render_template("intake/upload.html"), 400
        outcomes = accept_uploads(files, current_user)
        accepted = [o.document for o in outcomes if o.document is not None]
        queue_processing(accepted)
        for outcome in outcomes:
            if outcome.error:
                flash(outcome.error, "error")
        if accepted:
            flash(_("%(n)s file(s) uploaded and queued for reading.", n=len(accepted)), "success")
            return redirect(url_for("documents.index"), code=303)
        return render_template("intake/upload.html"), 422
    return render_template("intake/upload.html")


def _read_and_close(upload) -> tuple[str, bytes]:
    """The file's name and bytes; its spooled temporary file is closed at once."""
    with upload.stream:
        return upload.filename or "upload", upload.read()
