"""The approver's decision and delegation forms, and the admin's approval rules and departments."""
from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import InputRequired

from portal.forms import ChosenIdField, DayField, NumberField

BOTH_DAYS = _l("Enter both days as dates.")


class DecisionForm(FlaskForm):
    """Approve, reject or send back a step (`portal.approvals.services.DECISIONS`), with a comment."""

    decision = StringField()
    comment = StringField()


class DelegationForm(FlaskForm):
    """A substitute for a range of days."""

    substitute_id = ChosenIdField()
    starts_on = DayField(message=BOTH_DAYS, validators=[InputRequired(BOTH_DAYS)])
    ends_on = DayField(message=BOTH_DAYS, validators=[InputRequired(BOTH_DAYS)])


class RuleForm(FlaskForm):
    """An amount band: from which amount (nothing typed: from zero) a step of the chain is needed,
    in which scope, decided by whom."""

    position = IntegerField(default=1)
    above_amount = NumberField()
    currency = StringField()
    department_id = ChosenIdField()
    supplier_id = ChosenIdField()
    approver_id = ChosenIdField()

    @property
    def amount(self) -> Decimal:
        return self.above_amount.data if self.above_amount.data is not None else Decimal(0)


class DepartmentForm(FlaskForm):
    name = StringField()


class MemberForm(FlaskForm):
    """A user put in a department, or in none."""

    user_id = ChosenIdField()
    department_id = ChosenIdField()


class SupplierDepartmentForm(FlaskForm):
    """A supplier's usual department, or none."""

    supplier_id = ChosenIdField()
    department_id = ChosenIdField()
