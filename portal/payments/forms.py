"""Forms of the payments desk."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField
from wtforms.validators import DataRequired


class RunForm(FlaskForm):
    """Schedule the chosen invoices (the `document` fields) for a transfer on a date."""

    transfer_date = DateField(_l("Transfer date"), validators=[DataRequired()])


class StatementForm(FlaskForm):
    statement = FileField(_l("Bank statement (CSV)"), validators=[FileRequired()])
