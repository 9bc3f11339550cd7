"""How dates, money and quantities are written on the sample documents."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

# --- how things are written ------------------------------------------------------------------

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def format_date(day: date, style: str) -> str:
    """A date the way a supplier prints it."""
    if style == "dmy_long":
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    if style == "mdy_long":
        return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
    if style == "dots":
        return day.strftime("%Y.%m.%d")
    if style == "slash":
        return day.strftime("%Y/%m/%d")
    if style == "reiwa":
        return f"令和{day.year - 2018}年{day.month}月{day.day}日"
    return day.isoformat()


def figure(value: Decimal, currency: str) -> str:
    """An amount with thousands separators and the currency's decimals: 1,234 or 1,234.50."""
    return f"{value:,.2f}" if currency == "USD" else f"{value:,.0f}"


def format_money(value: Decimal, currency: str, style: str) -> str:
    """An amount with the supplier's currency sign: JPY 1,234 / ¥1,234 / 1,234円 / ￥1,234 / US$1.00."""
    text = figure(value, currency)
    if style == "suffix":
        return text + "円"
    if style == "yen":
        return "￥" + text
    return style + text


def quantity(value: Decimal) -> str:
    return f"{value.normalize():f}"
