"""The supplier is picked from the master as one types: the options hold what was typed, in the
name or the code, those starting with it first."""
from __future__ import annotations

import re

from tests.workflow import import_world, processed_document


def options(client, typed: str) -> list[tuple[str, str]]:
    html = client.get(f"/suppliers/options?value={typed}").get_data(as_text=True)
    return re.findall(r'<option value="([^"]+)">([^<]+)</option>', html)


def test_the_options_hold_what_was_typed_in_the_name_or_the_code(app, signed_in, client):
    import_world()
    signed_in("clerk")
    assert options(client, "acme") == [("SUP-001", "Acme Parts Co.")]
    assert options(client, "sup-002") == [("SUP-002", "Beta Supplies K.K.")]
    assert [code for code, _name in options(client, "")] == ["SUP-001", "SUP-002"]
    assert options(client, "%") == []  # typed, not a wildcard


def test_the_supplier_field_asks_for_options_as_one_types(app, signed_in, client):
    import_world()
    clerk = signed_in("clerk")
    document = processed_document(user=clerk)
    html = client.get(f"/review/{document.id}/fields/supplier_code?edit=1",
                      headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'list="supplier-options"' in html and 'hx-get="/suppliers/options"' in html
    assert 'hx-trigger="input changed delay:200ms"' in html
    assert '<option value="SUP-002">Beta Supplies K.K.</option>' in html
