"""The admin's tolerances form."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import InputRequired, NumberRange, Optional

from portal.forms import NumberField
from portal.models import Supplier

ZERO_OR_MORE = _l("enter numbers of zero or more")


def _tolerance(required: bool) -> NumberField:
    presence = InputRequired(ZERO_OR_MORE) if required else Optional()
    return NumberField(message=ZERO_OR_MORE, validators=[presence, NumberRange(min=0, message=ZERO_OR_MORE)])


class ToleranceForm(FlaskForm):
    """The global price tolerance (percent), the amount tolerance for totals, and each
    supplier's own price tolerance (empty: the global one applies) as `supplier-<id>`."""

    price_tolerance = _tolerance(required=True)
    amount_tolerance = _tolerance(required=True)

    def supplier_tolerances(self, suppliers: list[Supplier]) -> list[tuple[Supplier, object]]:
        """Each supplier with the tolerance typed for it (None: the global one)."""
        return [(supplier, self[f"supplier-{supplier.id}"].data) for supplier in suppliers]


def tolerance_form(suppliers: list[Supplier]) -> ToleranceForm:
    """The form with one field per supplier."""
    fields = {f"supplier-{supplier.id}": _tolerance(required=False) for supplier in suppliers}
    return type("SupplierToleranceForm", (ToleranceForm,), fields)()
