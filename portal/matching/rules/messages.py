"""The rules' sentences for the clerk: English, translated by the screens, never here."""
from __future__ import annotations

from dataclasses import dataclass


def N_(text: str) -> str:
    """Marks an English sentence for translation: the rules stay free of Flask, the screens translate."""
    return text


@dataclass(frozen=True, slots=True)
class Message:
    """A sentence for the clerk: English text with %(name)s places, and the values that fill them.

    Kept apart so that a screen can show it in the reader's language (`portal.templating`);
    `str()` gives the English, for logs and exports.
    """

    text: str
    values: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, text: str, **values: object) -> Message:
        return cls(text, tuple((name, str(value)) for name, value in values.items()))

    def __str__(self) -> str:
        return self.text % dict(self.values) if self.values else self.text
