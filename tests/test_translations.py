"""The Japanese catalogue: every user-facing string of the source has a translation, each
translation keeps its msgid's format placeholders and formats where the msgid does, and the
compiled catalogue is the one the .po file says.

Templates format every translation, placeholders or not (Jinja's newstyle gettext applies `%`
always): a lone `%` in a translation of a string without placeholders is a 500 in Japanese
only (it was, on the Tolerances page: "（%）").
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "portal" / "translations" / "ja" / "LC_MESSAGES"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None, "N_": None}
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[#0 +-]*\d*(?:\.\d+)?([sdifrx%])")


@cache
def catalogue():
    with (CATALOGUE / "messages.po").open("rb") as file:
        return read_po(file, locale="ja")


def messages() -> list:
    return [m for m in catalogue() if m.id]


def placeholders(text: str) -> tuple[list[str], int]:
    """The named placeholders (sorted) and how many positional ones a format string has."""
    found = [(name, kind) for name, kind in PLACEHOLDER.findall(text) if kind != "%"]
    return sorted(name for name, _kind in found if name), sum(1 for name, _kind in found if not name)


def formats(text: str, names: list[str]) -> bool:
    try:
        text % {name: 1 for name in names}
    except (ValueError, TypeError, KeyError):
        return False
    return True


def pairs() -> list[tuple[str, str]]:
    """(msgid, translation) for every form of every translated message."""
    out = []
    for message in messages():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        # Japanese has one form for every count: it stands for the plural msgid, which names the count.
        out += [(ids[-1] if len(strings) == 1 else ids[min(i, len(ids) - 1)], s) for i, s in enumerate(strings) if s]
    return out


def test_a_translation_keeps_the_placeholders_of_its_msgid():
    assert [(msgid, translation) for msgid, translation in pairs()
            if placeholders(translation) != placeholders(msgid)] == []


def test_a_translation_formats_wherever_its_msgid_does():
    """As a template formats it (always), and as Python code does (with its values)."""
    assert [(msgid, translation) for msgid, translation in pairs()
            if formats(msgid, placeholders(msgid)[0]) and not formats(translation, placeholders(msgid)[0])] == []


def test_the_check_finds_a_lone_percent_sign():
    """The Tolerances page's crash, as this file's checks see it."""
    assert not formats("単価の許容差（%）", placeholders("Price tolerance (percent)")[0])


def test_babels_own_checks_find_nothing():
    problems = [(message.id, str(error)) for message, errors in catalogue().check() for error in errors]
    assert problems == []


def test_no_msgid_is_in_the_catalogue_twice():
    """read_po would keep one of two entries silently: count them in the file itself."""
    text = (CATALOGUE / "messages.po").read_text(encoding="utf-8")
    entries = re.findall(r'^msgid ((?:"(?:[^"\\]|\\.)*"\n?)+)', text, flags=re.MULTILINE)
    ids = ["".join(re.findall(r'"((?:[^"\\]|\\.)*)"', entry)) for entry in entries]
    ids = [i for i in ids if i]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


@cache
def source_strings() -> dict[str, str]:
    """Every string the portal's source marks for translation, with where it is."""
    found = {}
    method_map = [("portal/**.py", "python"), ("ocr/files.py", "python"), ("ocr/pdf_check.py", "python"),
                  ("templates/**.html", "jinja2")]
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map=method_map, keywords=KEYWORDS,
            options_map={"templates/**.html": {"extensions": "jinja2.ext.do"}}):
        for text in message if isinstance(message, tuple) else (message,):
            if text:
                found.setdefault(text, filename)
    return found


def test_every_string_marked_for_translation_has_a_japanese_one():
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in messages() if
                  (m.string if isinstance(m.string, str) else m.string[0])}
    plural_ids = {m.id[1] for m in messages() if isinstance(m.id, tuple)}
    missing = {text: where for text, where in source_strings().items()
               if text not in translated and text not in plural_ids}
    assert missing == {}, "strings without a Japanese translation (append them to messages.po)"


def test_the_compiled_catalogue_is_the_po_file():
    with (CATALOGUE / "messages.mo").open("rb") as file:
        compiled = {_key(m.id): _key(m.string) for m in read_mo(file) if m.id}
    written = {_key(m.id): _key(m.string) for m in messages() if m.string and (
        isinstance(m.string, str) or all(m.string)) and "fuzzy" not in m.flags}
    stale = sorted(str(key) for key in written if compiled.get(key) != written[key])
    assert stale == [], "run `.venv/bin/pybabel compile -d portal/translations`"


def _key(value):
    return tuple(value) if isinstance(value, (list, tuple)) else value
