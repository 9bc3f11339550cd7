"""What every template can use: money and date formats, status labels, the badge counts; and
the one helper views answer a page or its htmx fragment with."""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from babel.support import Translations
from flask import Flask, Response, g, has_app_context, make_response, render_template
from flask_babel import get_locale, get_translations, gettext
from flask_babel import lazy_gettext as _l
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from jinja2_fragments.flask import render_block
from markupsafe import Markup

from portal.extensions import htmx
from portal.paging import page_url

STATUS_LABELS = {
    "queued": _l("Queued"),
    "processing": _l("Reading"),
    "processed": _l("Processed"),
    "failed": _l("Failed"),
    "stuck": _l("Stopped"),  # being read, but its worker stopped (portal.intake.recovery)
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
REVIEW_LABELS = {
    "to_review": _l("To review"),
    "submitted": _l("Waiting for approval"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "duplicate": _l("Duplicate"),
}
STEP_LABELS = {
    "waiting": _l("Waiting"),
    "pending": _l("Pending"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "returned": _l("Sent back"),
    "cancelled": _l("Not needed"),
}
# The audit trail's actions as the document history shows them.
ACTION_LABELS = {
    "uploaded": _l("Uploaded"),
    "queued": _l("Queued again"),
    "processing": _l("Reading started"),
    "processed": _l("Read"),
    "failed": _l("Reading failed"),
    "match.changed": _l("Matched"),
    "corrected": _l("Corrected"),
    "overridden": _l("Exception overridden"),
    "submitted": _l("Submitted for approval"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "returned": _l("Sent back"),
    "duplicate": _l("Marked as duplicate"),
    "order_created": _l("Purchase order created"),
    "delegated": _l("Substitute named"),
    "goods_received": _l("Goods received"),
    "attachment_added": _l("File attached"),
    "po_number.recognised": _l("Order number read as the order it stands for"),
    "po_number.found": _l("Order number found on the page"),
    "lines.read_from_order": _l("Lines read again with the order's figures"),
    "registration_number.recognised": _l("Registration number read as the supplier's"),
    "memory.learned": _l("Remembered for the supplier"),
    "memory.applied": _l("Read where the supplier prints it"),
    "supplier.alias_learned": _l("Remembered as the supplier's"),
    "payment.scheduled": _l("Scheduled for payment"),
    "payment.settled": _l("Paid (bank statement)"),
    "deleted": _l("Deleted"),
    "original_purged": _l("Original removed after the retention period"),
}
# Where a remembered value lies from its caption, and what a supplier's alias is.
DIRECTION_LABELS = {"right": _l("(the value to its right)"), "below": _l("(the value below it)"),
                    "above": _l("(the value above it)")}
ALIAS_LABELS = {"name": _l("Name as read"), "registration_number": _l("Registration number as read")}
QUALIFIED_LABELS = {
    "issuer": _l("Issuer's name and registration number"),
    "transaction_date": _l("Transaction date"),
    "description": _l("Description, reduced-rate items marked"),
    "taxable_per_rate": _l("Totals per tax rate, with the rate"),
    "tax_per_rate": _l("Tax per rate"),
    "recipient": _l("Recipient's name"),
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
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _request_translations().ugettext(s),
        ngettext=lambda s, p, n: _request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: _request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _request_translations().unpgettext(c, s, p, n),
        newstyle=True)
    # What templates call for every string they show, called directly (Jinja's own newstyle
    # wrappers took two more calls a string: a seventh of the time a list of 25 rows took).
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext, ngettext=template_ngettext)
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["said"] = said
    app.jinja_env.filters["translated"] = translated
    app.jinja_env.filters["choice_labels"] = choice_labels
    app.jinja_env.globals.update(
        get_locale=get_locale, shown=shown, STATUS_LABELS=STATUS_LABELS, DOC_TYPE_LABELS=DOC_TYPE_LABELS,
        EXCEPTION_LABELS=EXCEPTION_LABELS, QUALIFIED_LABELS=QUALIFIED_LABELS, REVIEW_LABELS=REVIEW_LABELS,
        STEP_LABELS=STEP_LABELS, ACTION_LABELS=ACTION_LABELS, DIRECTION_LABELS=DIRECTION_LABELS,
        ALIAS_LABELS=ALIAS_LABELS, page_url=page_url,
    )


def _request_translations() -> Translations:
    """The catalogue of the request's language, found once per request. (Flask-Babel finds it
    anew for every string a template translates: for a list of 25 rows that was most of the
    time spent rendering it.) The language itself is already fixed per request by Flask-Babel."""
    if not has_app_context():
        return get_translations()
    translations = g.get("_portal_translations")
    if translations is None:
        translations = g._portal_translations = get_translations()
    return translations


@pass_eval_context
def template_gettext(context: EvalContext, string: str, /, **variables) -> str:
    """`_()` in a template: Jinja's newstyle gettext, the same answer."""
    return _filled_in(context, _request_translations().ugettext(string), variables)


@pass_eval_context
def template_ngettext(context: EvalContext, singular: str, plural: str, num: int, /, **variables) -> str:
    """`ngettext()` in a template: Jinja's newstyle ngettext, the same answer."""
    variables.setdefault("num", num)
    return _filled_in(context, _request_translations().ungettext(singular, plural, num), variables)


def _filled_in(context: EvalContext, text: str, variables: dict) -> str:
    """As Jinja's newstyle gettext does: marked safe when the template escapes (the values put
    in are escaped then), and always a format string (so "%%" is "%"); one without "%" is as it is."""
    if context.autoescape:
        text = Markup(text)
    return text % variables if variables or "%" in text else text


def translated(labels: dict) -> dict:
    """Lazy labels in the reader's language, each translated once: for a list whose every row
    shows one of them."""
    return {key: str(label) for key, label in labels.items()}


def choice_labels(choices: dict) -> dict:
    """What a filter's select offers for each choice: its label, or the first of its entry where
    the entry also says how the choice sorts or filters (the lists' SORTS and STATES)."""
    return {key: entry[0] if isinstance(entry, tuple) else entry for key, entry in choices.items()}


def said(messages) -> str:
    """The rules' sentences (`rules.Message`, or the [text, values] pairs stored of them) in the
    reader's language, joined."""
    out = []
    for message in messages or ():
        text, values = (message.text, dict(message.values)) if hasattr(message, "text") else message
        out.append(gettext(text, **values))
    return "; ".join(out)


def shown(value) -> str:
    """A stored value as the history prints it: None as a dash, everything else as text."""
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(str(EXCEPTION_LABELS.get(v, v)) for v in value) or "—"
    return str(value)


def page_or_block(template: str, block: str, status: int = 200, *, fragment_status: int | None = None,
                  oob: tuple[str, ...] = (), page_context: Callable[[], dict] | None = None,
                  **context) -> Response:
    """The whole page, or only `block` of it when htmx asks for it (not when htmx restores its
    history, which needs the whole page); either way marked as differing by HX-Request.

    The fragment may answer with a status of its own (286: stop polling) and carry more blocks
    swapped out of band (`oob`, each rendered with `oob=True`). `page_context` gives what only
    the whole page shows, computed only when the whole page is rendered.
    """
    if htmx and not htmx.history_restore_request:
        html = render_block(template, block, **context)
        html += "".join(render_block(template, name, **(context | {"oob": True})) for name in oob)
        response = make_response(html)
        response.status_code = status if fragment_status is None else fragment_status
    else:
        response = make_response(render_template(template, **context, **(page_context() if page_context else {})))
        response.status_code = status
    response.vary.add("HX-Request")
    return response
