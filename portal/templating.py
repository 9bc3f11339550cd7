"""What every template can use: money and date formats, status labels, the badge counts."""
from __future__ import annotations

from decimal import Decimal

from flask import Flask
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "queued": _l("Queued"),
    "processing": _l("Reading"),
    "processed": _l("Processed"),
    "failed": _l("Failed"),
}
DOC_TYPE_LABELS = {"invoice": _l("Invoice"), "quote": _l("Quote")}
EXCEPTION_LABELS = {
    "supplier_mismatch": _l("The order belongs to another supplier"),
    "price_variance": _l("A unit price is above the order's"),
    "quantity_variance": _l("More invoiced than ordered"),
    "not_received": _l("Invoiced but not yet received"),
    "tax_mismatch": _l("The tax does not agree with the rate"),
    "total_mismatch": _l("The totals do not add up"),
    "invalid_registration_number": _l("The registration number is invalid or not the supplier's"),
    "duplicate": _l("Already uploaded"),
    "po_not_found": _l("The order number printed is unknown"),
    "no_po_reference": _l("No order number, and no single order fits"),
}
CURRENCY_SYMBOLS = {"JPY": "¥", "USD": "$", "EUR": "€", "GBP": "£"}


def money(value: Decimal | None, currency: str | None = None) -> str:
    """12340 JPY -> ¥12,340; 279.5 USD -> $279.50."""
    if value is None:
        return "—"
    places = 0 if (currency or "JPY") == "JPY" and value == value.to_integral_value() else 2
    text = f"{value:,.{places}f}"
    return f"{CURRENCY_SYMBOLS.get(currency or '', '')}{text}" if currency in CURRENCY_SYMBOLS \
        else f"{text} {currency or ''}".strip()


def number(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{value.normalize():,f}" if value != value.to_integral_value() else f"{value:,.0f}"


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["number"] = number
    app.jinja_env.globals.update(get_locale=get_locale, STATUS_LABELS=STATUS_LABELS, DOC_TYPE_LABELS=DOC_TYPE_LABELS,
                                 EXCEPTION_LABELS=EXCEPTION_LABELS)
