"""How a house writes money and dates: signs, separators, negatives, full-width digits,
era and month-name dates, and due dates written as a month's end."""
from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

DECIMALS = {"JPY": 0, "USD": 2, "EUR": 2}
FULL_WIDTH = str.maketrans("0123456789,.-", "０１２３４５６７８９，．－")

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"],
}

# Date styles a house may use, by its language (and "us" for American houses).
DATE_STYLES = {
    "ja": ["ja", "era", "slash", "dots", "iso", "ja"],
    "en": ["d_mon_y", "mon_d_y", "d_month_y", "iso", "slash", "d-mon-y"],
    "us": ["mdy_slash", "month_d_y", "mon_d_y", "iso"],
    "de": ["dmy_dots", "de_long", "iso"],
    "fr": ["dmy_slash", "fr_long"],
    "nl": ["dmy_dash", "nl_long", "dmy_dots"],
    "es": ["dmy_slash", "es_long"],
}


@dataclass(frozen=True)
class MoneyStyle:
    """How an amount is written: '¥1,234', '1.234,56 €', '△500', '(12.00)'."""

    prefix: str = ""
    suffix: str = ""
    thousands: str = ","
    decimal: str = "."
    negative: str = "-"  # "-", "△", "▲" or "()"
    full_width: bool = False

    def bare(self) -> MoneyStyle:
        """The same figures without the currency sign (as in a table's cells)."""
        return replace(self, prefix="", suffix="")


def figures(value: Decimal, currency: str, style: MoneyStyle) -> str:
    """The magnitude with the house's separators: 1,234 / 1.234,56 / 1 234,56."""
    places = DECIMALS[currency]
    text = f"{abs(value):,.{places}f}"
    return text.replace(",", "\0").replace(".", style.decimal).replace("\0", style.thousands)


def write_money(value: Decimal, currency: str, style: MoneyStyle) -> str:
    """An amount as the house prints it, negatives included."""
    text = style.prefix + figures(value, currency, style) + style.suffix
    if value < 0:
        text = f"({text})" if style.negative == "()" else style.negative + text
    return text.translate(FULL_WIDTH) if style.full_width else text


def month_end(day: date, months_ahead: int = 0) -> date:
    """The last day of the month `months_ahead` after day's month."""
    month = day.month - 1 + months_ahead
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def is_month_end(day: date) -> bool:
    return day + timedelta(days=1) == date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def write_date(day: date, style: str) -> str:
    """A date in one of DATE_STYLES."""
    d, m, y = day.day, day.month, day.year
    en = MONTHS["en"][m - 1]
    table = {
        "ja": f"{y}年{m}月{d}日", "era": f"令和{y - 2018}年{m}月{d}日", "slash": f"{y}/{m:02d}/{d:02d}",
        "dots": f"{y}.{m:02d}.{d:02d}", "iso": day.isoformat(), "d_mon_y": f"{d} {en[:3]} {y}",
        "mon_d_y": f"{en[:3]} {d}, {y}", "d_month_y": f"{d} {en} {y}", "d-mon-y": f"{d:02d}-{en[:3]}-{y}",
        "mdy_slash": f"{m:02d}/{d:02d}/{y}", "month_d_y": f"{en} {d}, {y}", "dmy_dots": f"{d:02d}.{m:02d}.{y}",
        "dmy_slash": f"{d:02d}/{m:02d}/{y}", "dmy_dash": f"{d:02d}-{m:02d}-{y}",
        "de_long": f"{d}. {MONTHS['de'][m - 1]} {y}", "fr_long": f"{d} {MONTHS['fr'][m - 1]} {y}",
        "nl_long": f"{d} {MONTHS['nl'][m - 1]} {y}", "es_long": f"{d} de {MONTHS['es'][m - 1]} de {y}",
    }
    return table[style]


def write_month_end(day: date, style: str) -> str:
    """A month-end due date the Japanese way: 2026年11月末日 (era styles: 令和8年11月末日)."""
    if style == "era":
        return f"令和{day.year - 2018}年{day.month}月末日"
    return f"{day.year}年{day.month}月末日"


def write_quantity(value: Decimal) -> str:
    return f"{value.normalize():f}"


def write_rate(rate: Decimal, decimal: str = ".") -> str:
    """A tax rate without trailing zeros: 10, 8, 5.5 (5,5 with a decimal comma)."""
    return f"{rate.normalize():f}".replace(".", decimal)
