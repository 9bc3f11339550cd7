"""A template's `_()` and `ngettext()` answer as Jinja's newstyle gettext does: the values put into
a translation are escaped, every translation is a format string ("%%" is "%"), and `num` is
offered to a plural."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize(("source", "shown"), [
    ('{{ _("Page %(n)s", n="<b>") }}', "Page &lt;b&gt;"),
    ('{{ _("Documents") }}', "Documents"),
    ('{{ _("%(string)s", string="a") }}', "a"),
    ('{{ _("100%%") }}', "100%"),
    ('{{ ngettext("%(num)s page", "%(num)s pages", 2) }}', "2 pages"),
    ('{{ ngettext("%(num)s page", "%(num)s pages", 1, num="<i>") }}', "&lt;i&gt; page"),
])
def test_a_template_translation_is_formatted_and_escaped(app, source, shown):
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert app.jinja_env.from_string(source).render() == shown


def test_a_template_translation_speaks_the_readers_language(app):
    with app.test_request_context("/", headers={"Accept-Language": "ja"}):
        assert app.jinja_env.from_string('{{ _("Documents") }}').render() != "Documents"
