"""The goods-receipt form: one quantity per order line, as `line-<id>`."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField

from portal.models import PurchaseOrder


class ReceiptForm(FlaskForm):
    """What arrived per line of an order; the quantities are checked against what is still to
    receive by `portal.receiving.services.record_receipt`, which says per line what is wrong."""

    def quantities(self, order: PurchaseOrder) -> dict[int, str]:
        """The quantity typed for each line of the order, as typed."""
        return {line.id: self[f"line-{line.id}"].data or "" for line in order.lines}


def receipt_form(order: PurchaseOrder) -> ReceiptForm:
    """The form with one field per line of the order."""
    fields = {f"line-{line.id}": StringField() for line in order.lines}
    return type("OrderReceiptForm", (ReceiptForm,), fields)()
