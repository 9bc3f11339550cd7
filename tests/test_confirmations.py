"""Whatever destroys or cannot be taken back asks first, without inline script (the CSP forbids
it): the form sits in a confirmation panel shown by its own link (`.confirm:target`), or its
control carries `hx-confirm`."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# endpoint -> a template that posts to it (and, where one form of the endpoint is harmless, the
# value that marks the destructive one)
DESTRUCTIVE = {
    "accounts.user_active": ("accounts/user.html", 'value="0"'),
    "accounts.revoke": ("accounts/tokens.html", None),
    "approvals.delete_rule": ("approvals/rules.html", None),
    "approvals.cancel_delegation": ("approvals/delegations.html", None),
    "approvals.bulk_approve": ("approvals/inbox.html", None),
    "learning.clear": ("learning/memory.html", None),
    "review.delete_line": ("review/show.html", None),
    "review.close": ("review/show.html", None),
    "webhooks.delete": ("webhooks/index.html", None),
}


# The confirmation macro's form: a call of `confirm(...)` posts through it.
CONFIRM_MACRO = (TEMPLATES / "_confirm.html").read_text(encoding="utf-8")


def forms_posting_to(html: str, endpoint: str) -> list[str]:
    """Each form (or htmx control) whose action names the endpoint, with what it holds."""
    found = []
    for match in re.finditer(rf"url_for\('{re.escape(endpoint)}'", html):
        if html.rfind("{{ confirm(", 0, match.start()) > html.rfind("}}", 0, match.start()):
            found.append(CONFIRM_MACRO)  # checked once, below
            continue
        if html.rfind("{% set", 0, match.start()) > html.rfind("<", 0, match.start()):
            start = html.find("<form", match.end())  # {% set url = url_for(...) %} for the form below
        else:
            start = max(html.rfind("<form", 0, match.start()), html.rfind("<button", 0, match.start()))
        closing = "</button>" if html.startswith("<button", start) else "</form>"
        found.append(html[start:html.find(closing, start)])
    return found


@pytest.mark.parametrize("endpoint", sorted(DESTRUCTIVE))
def test_a_destructive_action_asks_first(endpoint):
    template, marker = DESTRUCTIVE[endpoint]
    html = (TEMPLATES / template).read_text(encoding="utf-8")
    forms = [f for f in forms_posting_to(html, endpoint) if marker is None or marker in f]
    assert forms, f"no form posts to {endpoint} in {template}"
    for form in forms:
        if form is CONFIRM_MACRO:
            continue
        opening = form.split(">", 1)[0]
        if "hx-confirm=" in opening:
            continue
        assert 'class="confirm' in opening, f"{endpoint}: the form is not in a confirmation panel"
        panel = re.search(r'id="([^"]+)"', opening).group(1)
        link = panel.split("{{")[0]
        assert f'href="#{link}' in html, f"{endpoint}: nothing opens the confirmation panel {panel}"


def test_the_confirmation_macro_is_a_panel_its_own_link_opens():
    opening = CONFIRM_MACRO[CONFIRM_MACRO.find("<form"):].split(">", 1)[0]
    assert 'class="confirm' in opening and 'id="{{ id }}"' in opening
    assert 'href="#{{ id }}"' in CONFIRM_MACRO
