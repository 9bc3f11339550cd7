"""What every response carries: a policy that allows no inline script (so no template may hold
any), no framing, no sniffing, a same-origin referrer; and caching kept private."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from portal.security import CONTENT_SECURITY_POLICY, HEADERS
from tests.workflow import import_world, processed_document

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))


def directives(policy: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def assert_secure_headers(response) -> None:
    """The headers every response of the portal must carry (tests/test_access.py checks each route)."""
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, f"{name} on {response.request.path}"
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"] and policy["frame-ancestors"] == ["'none'"]
    assert "public" not in response.headers.get("Cache-Control", "")


def test_the_policy_allows_scripts_and_styles_from_the_portal_only():
    policy = directives(CONTENT_SECURITY_POLICY)
    for directive in ("default-src", "script-src", "style-src"):
        assert policy[directive] == ["'self'"], directive
    assert not any("unsafe" in value for values in policy.values() for value in values)
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert HEADERS["X-Frame-Options"] == "DENY" and HEADERS["X-Content-Type-Options"] == "nosniff"
    assert HEADERS["Referrer-Policy"] in ("same-origin", "strict-origin", "no-referrer")


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "templates")))
def test_no_template_holds_inline_script_or_style(template):
    html = template.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline <script>: put it in static/portal.js"
    assert not re.search(r"\shx-on[:-]", html), "an hx-on attribute is inline script"
    assert not re.search(r"\son[a-z]+\s*=", html), "an event handler attribute is inline script"
    assert "javascript:" not in html.lower()
    assert not re.search(r"\sstyle\s*=", html), "a style attribute is inline style"
    assert not re.search(r"<style", html), "a <style> element is inline style"
    assert not re.search(r"hx-trigger=\"[^\"]*\[", html), "an hx-trigger filter needs eval"
    assert not re.search(r"hx-(vals|headers)='?\"?(js|javascript):", html), "js: values need eval"


def test_htmx_is_told_to_need_no_eval_and_no_inline_style():
    base = (ROOT / "templates" / "base.html").read_text()
    config = re.search(r'name="htmx-config" content=\'([^\']+)\'', base).group(1)
    for setting in ('"allowEval": false', '"includeIndicatorStyles": false', '"allowScriptTags": false'):
        assert setting in config
    assert "style" not in re.search(r'"attributesToSettle": \[([^]]*)\]', config).group(1)


@pytest.mark.parametrize("path", ["/login", "/", "/no-such-page", "/static/style.css", "/healthz"])
def test_every_response_carries_the_headers_signed_in_or_not(client, path):
    assert_secure_headers(client.get(path))


def test_pages_behind_sign_in_are_not_stored(signed_in, client):
    signed_in("clerk")
    response = client.get("/")
    assert_secure_headers(response)
    assert {"private", "no-store"} <= set(map(str.strip, response.headers["Cache-Control"].split(",")))


def test_a_page_preview_is_private_and_checked_with_the_portal_before_each_use(app, signed_in, client):
    import_world()
    clerk = signed_in("clerk")
    document = processed_document(user=clerk)
    response = client.get(f"/documents/{document.id}/pages/1.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    cache = set(map(str.strip, response.headers["Cache-Control"].split(",")))
    assert "private" in cache and "public" not in cache and "no-cache" in cache
    assert not any(c.startswith("max-age") for c in cache)
    assert response.headers.get("ETag")
    revalidated = client.get(f"/documents/{document.id}/pages/1.png",
                             headers={"If-None-Match": response.headers["ETag"]})
    assert revalidated.status_code == 304
    client.post("/logout", data={"csrf_token": re.search(r'"X-CSRFToken": "([^"]+)"',
                                                          client.get("/").get_data(as_text=True)).group(1)})
    assert client.get(f"/documents/{document.id}/pages/1.png",
                      headers={"If-None-Match": response.headers["ETag"]}).status_code == 302
