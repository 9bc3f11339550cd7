"""Sessions: ended on the server at sign-out, by a new password and by deactivation; idle ones
end; cookies Secure over HTTPS (behind a trusted proxy too); the server listens on loopback."""
from __future__ import annotations

import re
import runpy
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event

from portal import create_app
from portal.extensions import db
from portal.models import User
from tests.conftest import PASSWORD, Auth, make_config

ROOT = Path(__file__).resolve().parent.parent


def captured_cookie(client) -> str:
    return client.get_cookie("session").value


def replayed(app, cookie: str):
    """Another browser, sending a copy of the cookie: signed in?"""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get("/")


def is_signed_out(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_cookie_captured_before_sign_out_no_longer_works_after_it(app, signed_in, client, auth):
    signed_in("clerk")
    cookie = captured_cookie(client)
    assert not is_signed_out(replayed(app, cookie))
    assert client.post("/logout", data={"csrf_token": auth.csrf_token("/")}).status_code == 303
    assert is_signed_out(replayed(app, cookie))


def test_signing_out_keeps_the_language_chosen(app, signed_in, client, auth):
    signed_in("clerk")
    client.post("/language", data={"locale": "ja", "csrf_token": auth.csrf_token("/"), "next": "/"})
    client.post("/logout", data={"csrf_token": auth.csrf_token("/")})
    assert 'lang="ja"' in client.get("/login").get_data(as_text=True)


@pytest.mark.parametrize("action", ["password", "deactivate"])
def test_a_new_password_or_deactivation_ends_every_session_of_the_user(app, make_user, client, action):
    clerk = make_user("clerk")
    theirs = Auth(app.test_client())
    theirs.login(clerk.email)
    cookie = captured_cookie(theirs.client)
    admin = make_user("admin")
    auth = Auth(client)
    auth.login(admin.email)
    token = auth.csrf_token("/admin/users")
    if action == "password":
        response = client.post(f"/admin/users/{clerk.id}/password",
                               data={"csrf_token": token, "password": "a brand new password"})
    else:
        response = client.post(f"/admin/users/{clerk.id}/active", data={"csrf_token": token, "active": "0"})
    assert response.status_code == 303
    assert is_signed_out(replayed(app, cookie))
    assert is_signed_out(theirs.client.get("/"))
    assert not is_signed_out(client.get("/"))  # the admin's own session goes on


def test_an_admin_who_sets_their_own_password_stays_signed_in_here_only(app, make_user, client, auth):
    admin = make_user("admin")
    elsewhere = Auth(app.test_client())
    elsewhere.login(admin.email)
    auth.login(admin.email)
    client.post(f"/admin/users/{admin.id}/password",
                data={"csrf_token": auth.csrf_token("/admin/users"), "password": "a brand new password"})
    assert not is_signed_out(client.get("/"))
    assert is_signed_out(elsewhere.client.get("/"))


def test_an_admin_cannot_deactivate_themselves(app, signed_in, client, auth):
    admin = signed_in("admin")
    response = client.post(f"/admin/users/{admin.id}/active",
                           data={"csrf_token": auth.csrf_token("/admin/users"), "active": "0"}, follow_redirects=True)
    assert "You cannot deactivate yourself." in response.get_data(as_text=True)
    assert db.session.get(User, admin.id).active


def test_a_reactivated_user_signs_in_again(app, make_user, signed_in, client, auth):
    clerk = make_user("clerk")
    db.session.get(User, clerk.id).active = False
    db.session.commit()
    signed_in("admin")
    client.post(f"/admin/users/{clerk.id}/active", data={"csrf_token": auth.csrf_token("/admin/users"), "active": "1"})
    assert Auth(app.test_client()).login(clerk.email).status_code == 303


def test_an_idle_session_ends(app, signed_in, client):
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=1)
    signed_in("clerk")
    assert not is_signed_out(client.get("/"))
    time.sleep(2.1)
    assert is_signed_out(client.get("/"))


def test_a_session_in_use_lasts(app, signed_in, client):
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=2)
    signed_in("clerk")
    for _ in range(3):
        time.sleep(1)
        assert not is_signed_out(client.get("/"))  # every request renews it


def test_a_session_in_use_is_signed_again_once_a_sixtieth_of_its_idle_time_went_by(app, signed_in, client):
    two_seconds, half_a_second = timedelta(seconds=120), timedelta(seconds=30)  # a sixtieth of each
    app.config["PERMANENT_SESSION_LIFETIME"] = two_seconds
    signed_in("clerk")
    client.get("/")

    def renewed() -> bool:
        return any(h.startswith("session=") for h in client.get("/").headers.getlist("Set-Cookie"))

    assert not renewed()  # signed a moment ago (its time is in whole seconds): the same cookie holds
    app.config["PERMANENT_SESSION_LIFETIME"] = half_a_second
    time.sleep(1.6)
    assert renewed()
    app.config["PERMANENT_SESSION_LIFETIME"] = two_seconds
    assert not renewed()


def test_the_user_is_read_again_only_once_anything_shared_changed(app, signed_in, client):
    clerk = signed_in("clerk")
    client.get("/")

    def users_read() -> int:
        read = []
        listen = lambda *args: read.append(args[2]) if "FROM users" in args[2] else None  # noqa: E731
        db.session.expire_all()  # as in a fresh request: nothing loaded
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            page = client.get("/").get_data(as_text=True)
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
        return len(read), page

    assert users_read()[0] == 0
    db.session.get(User, clerk.id).locale = "ja"  # as another process would: the row alone
    db.session.commit()
    read, page = users_read()
    assert read == 1 and 'lang="ja"' in page


def sign_in_cookie(app, make_user, **request) -> str:
    """The Set-Cookie header of a sign-in made with these request options."""
    user = db.session.get(User, make_user("clerk").id)
    browser = app.test_client()
    html = browser.get("/login", **request).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    headers = request.pop("headers", {})
    # Over HTTPS, Flask-WTF also wants a same-origin Referer, which browsers send (Referrer-Policy: same-origin).
    https = request.get("base_url", "").startswith("https") or headers.get("X-Forwarded-Proto") == "https"
    response = browser.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token},
                            headers=headers | {"Referer": f"{'https' if https else 'http'}://localhost/login"},
                            **request)
    assert response.status_code == 303, response.get_data(as_text=True)
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))


def test_the_session_cookie_is_httponly_lax_and_not_secure_over_plain_http(app, make_user):
    cookie = sign_in_cookie(app, make_user)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_the_session_cookie_is_secure_when_the_request_came_over_https(app, make_user):
    assert "Secure" in sign_in_cookie(app, make_user, base_url="https://localhost")


def test_the_session_cookie_is_secure_always_with_portal_https(app, make_user):
    app.config["SESSION_COOKIE_SECURE"] = True
    assert "Secure" in sign_in_cookie(app, make_user)


def behind_proxies(app, tmp_path, proxies: int):
    """Another web process on the same database, configured with PORTAL_PROXIES."""
    config = make_config(tmp_path)
    config.SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
    config.PROXIES = proxies
    return create_app(config)


@pytest.mark.parametrize(("proxies", "secure"), [(1, True), (0, False)])
def test_behind_a_trusted_proxy_https_is_believed_and_otherwise_not(app, make_user, tmp_path, proxies, secure):
    proxied = behind_proxies(app, tmp_path, proxies)
    cookie = sign_in_cookie(proxied, make_user, headers={"X-Forwarded-Proto": "https"})
    assert ("Secure" in cookie) is secure


def test_behind_a_trusted_proxy_the_clients_address_is_the_one_limited(app, make_user, tmp_path):
    proxied = behind_proxies(app, tmp_path, 1)
    proxied.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    user = make_user("clerk")
    for address, expected in (("203.0.113.1", [200, 200, 429]), ("203.0.113.2", [200])):
        browser = proxied.test_client()
        browser.environ_base["HTTP_X_FORWARDED_FOR"] = address
        codes = []
        for _ in expected:
            html = browser.get("/login").get_data(as_text=True)
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
            codes.append(browser.post("/login", data={"email": user.email, "password": "guess",
                                                      "csrf_token": token}).status_code)
        assert codes == expected


@pytest.mark.parametrize(("host", "bind"), [(None, "127.0.0.1:8000"), ("0.0.0.0", "0.0.0.0:8000")])
def test_the_server_listens_on_loopback_unless_told_otherwise(monkeypatch, host, bind):
    monkeypatch.delenv("PORT", raising=False)
    if host is None:
        monkeypatch.delenv("HOST", raising=False)
    else:
        monkeypatch.setenv("HOST", host)
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["bind"] == bind
