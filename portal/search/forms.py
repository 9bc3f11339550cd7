"""The search form: read from the query string, so a search can be bookmarked and shared."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, DecimalField, SearchField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional

from portal.models.types import BEYOND
from portal.search.services import MAX_TEXT, STATUSES, Criteria

STATUS_LABELS = {"to_review": _l("To review"), "submitted": _l("Waiting for approval"), "approved": _l("Approved"),
                 "rejected": _l("Rejected"), "duplicate": _l("Duplicate"), "deleted": _l("Deleted")}
LARGEST = BEYOND - 1  # a total no column holds is no total to search from


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    issued_from = DateField(_l("Issued from"), validators=[Optional()])
    issued_to = DateField(_l("Issued until"), validators=[Optional()])
    min_total = DecimalField(_l("Total from"), validators=[Optional(), NumberRange(-LARGEST, LARGEST)])
    max_total = DecimalField(_l("Total up to"), validators=[Optional(), NumberRange(-LARGEST, LARGEST)])
    supplier = SearchField(_l("Supplier"), validators=[Optional(), Length(max=MAX_TEXT)])
    number = SearchField(_l("Document number"), validators=[Optional(), Length(max=100)])
    text = SearchField(_l("Words in the document"), validators=[Optional(), Length(max=MAX_TEXT)])
    status = SelectField(_l("Status"), validators=[Optional()], choices=[SelectChoice("", _l("Any status"))] + [
        SelectChoice(s, STATUS_LABELS[s]) for s in STATUSES])
    history = BooleanField(_l("Also what earlier versions said"))

    def criteria(self) -> Criteria:
        """The criteria of the fields that are valid (an invalid one is shown, not used)."""
        def value(field):
            return None if field.errors else field.data

        return Criteria(
            issued_from=value(self.issued_from), issued_to=value(self.issued_to),
            min_total=value(self.min_total), max_total=value(self.max_total),
            supplier=(value(self.supplier) or "").strip(), number=(value(self.number) or "").strip(),
            text=(value(self.text) or "").strip(), status=value(self.status) or "", history=bool(self.history.data))
