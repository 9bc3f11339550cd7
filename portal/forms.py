"""Fields the workflows' forms share: numbers as people type them, days, a row chosen from a list.

Each workflow package keeps its own forms in its `forms.py`; WTForms' own messages are not in
the portal's catalogue, so every field here says its own.
"""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import Field, StringField

from portal.numbers import NotANumber, parse_number

NOT_A_NUMBER = _l("Enter a number.")
NOT_A_DAY = _l("Enter a date.")


class NumberField(StringField):
    """A number typed as people type it (`portal.numbers.parse_number`); None when left empty."""

    def __init__(self, label=None, validators=None, message=NOT_A_NUMBER, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.message = message

    def process_formdata(self, valuelist: list[str]) -> None:
        self.raw = valuelist[0] if valuelist else ""
        self.data = None
        if valuelist:
            try:
                self.data = parse_number(self.raw)
            except NotANumber:
                raise ValueError(str(self.message)) from None

    def _value(self) -> str:
        return self.raw if getattr(self, "raw", None) is not None else ("" if self.data is None else str(self.data))


class DayField(StringField):
    """A day as a date input sends it (YYYY-MM-DD); None when left empty."""

    def __init__(self, label=None, validators=None, message=NOT_A_DAY, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.message = message

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None
        text = (valuelist[0] if valuelist else "").strip()
        if text:
            try:
                self.data = date.fromisoformat(text)
            except ValueError:
                raise ValueError(str(self.message)) from None


class ChosenIdField(Field):
    """The id of a row chosen from a list; None when none (or nothing that is an id) was chosen."""

    def process_formdata(self, valuelist: list[str]) -> None:
        text = (valuelist[0] if valuelist else "").strip()
        self.data = int(text) if text.isdigit() and int(text) > 0 else None


def first_error(form) -> str | None:
    """The first message of a form that did not validate, for a flash."""
    for messages in form.errors.values():
        for message in messages:
            return str(message)
    return None
