"""Forms of the books desk."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, NumberRange, Optional

from portal.books.journal import FORMATS, products


class JournalForm(FlaskForm):
    class Meta:
        csrf = False  # a download that changes nothing

    format = SelectField(_l("Accounting product"), choices=[SelectChoice(f, products()[f]["label"]) for f in FORMATS])
    issued_from = DateField(_l("Issued from"), validators=[Optional()])
    issued_to = DateField(_l("Issued until"), validators=[Optional()])


class DeductionForm(FlaskForm):
    ends_on = DateField(_l("Last day"), validators=[DataRequired()])
    percent = DecimalField(_l("Deductible (%)"), validators=[DataRequired(), NumberRange(0, 100)])
