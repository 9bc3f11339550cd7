"""The form of the records' pages: deleting a document asks why."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length


class DeleteForm(FlaskForm):
    reason = TextAreaField(_l("Why is it deleted?"), validators=[DataRequired(), Length(max=1000)])
