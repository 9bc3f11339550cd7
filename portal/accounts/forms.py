"""Forms for signing in and managing users."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from portal.models import Role

ROLE_LABELS = {
    Role.CLERK.value: _l("Clerk"),
    Role.APPROVER.value: _l("Approver"),
    Role.ACCOUNTANT.value: _l("Accountant"),
    Role.ADMIN.value: _l("Administrator"),
}


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class UserForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=[SelectChoice(value, label) for value, label in ROLE_LABELS.items()])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=10)])


# WTForms' own messages are not in the portal's catalogue: the forms below say theirs.
_FILL_IN = _l("Fill this in.")


class UserEditForm(FlaskForm):
    """An admin's changes to a user: address, name, role."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(_FILL_IN), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(_FILL_IN), Length(max=200)])
    role = SelectField(_l("Role"), choices=[SelectChoice(value, label) for value, label in ROLE_LABELS.items()])


class PasswordChangeForm(FlaskForm):
    """A user's own new password, given the present one."""

    current = PasswordField(_l("Present password"), validators=[DataRequired(_FILL_IN)])
    new = PasswordField(_l("New password"), validators=[
        DataRequired(_FILL_IN), Length(min=10, message=_l("The password must be at least %(n)s characters.", n=10))])
    repeated = PasswordField(_l("New password again"), validators=[DataRequired(_FILL_IN)])
