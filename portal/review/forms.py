"""The review screen's forms. They carry what the clerk typed as typed: the review services
read each value by its field's kind (`portal.review.services.parse_value`), as `portal correct`
does, and say per field what is wrong."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField

from portal.models import ReviewStatus
from portal.review.services import LINE_FIELDS, TAX_FIELDS


class FieldForm(FlaskForm):
    """One header field's new value."""

    value = StringField()


class RowForm(FlaskForm):
    """The fields of a line or a tax line."""

    def values(self) -> dict[str, str]:
        """Each field as typed ("" for one left out)."""
        return {name: field.data or "" for name, field in self._fields.items() if name != "csrf_token"}


LineForm = type("LineForm", (RowForm,), {field.name: StringField() for field in LINE_FIELDS})
TaxLineForm = type("TaxLineForm", (RowForm,), {field.name: StringField() for field in TAX_FIELDS})


class OverrideForm(FlaskForm):
    """Why an exception is accepted."""

    reason = StringField()


class CloseForm(FlaskForm):
    """A document closed without approval: rejected or a duplicate, and why."""

    outcome = SelectField(choices=[ReviewStatus.REJECTED, ReviewStatus.DUPLICATE])
    reason = StringField()
