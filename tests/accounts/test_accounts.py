"""Signing in, roles and the protections every form relies on."""
from __future__ import annotations

import pytest

from portal.models import User
from tests.conftest import PASSWORD


def test_anonymous_request_is_redirected_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_user_signs_in_and_sees_the_documents(signed_in, client):
    signed_in("clerk")
    response = client.get("/")
    assert response.status_code == 200
    assert "Documents" in response.get_data(as_text=True)


def test_wrong_password_is_refused(make_user, auth, client):
    user = make_user("clerk")
    response = auth.login(user.email, "not the password")
    assert response.status_code == 200
    assert "Wrong e-mail address or password" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_passwords_are_stored_as_argon2id(make_user):
    user = make_user("clerk")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


@pytest.mark.parametrize("role", ["clerk", "approver", "accountant"])
def test_only_admins_reach_the_user_admin_page(signed_in, client, role):
    signed_in(role)
    assert client.get("/admin/users").status_code == 403


def test_admin_creates_a_user_in_the_portal(signed_in, client, auth, app):
    signed_in("admin")
    token = auth.csrf_token("/admin/users")
    response = client.post("/admin/users", data={"email": "new@example.com", "name": "New Clerk",
                                                 "role": "clerk", "password": "a-long-password",
                                                 "csrf_token": token})
    assert response.status_code == 303
    from portal.accounts.services import find_user

    assert find_user("new@example.com").role == "clerk"


def test_only_clerks_reach_the_upload_page(signed_in, client):
    signed_in("approver")
    assert client.get("/upload").status_code == 403


def test_a_form_post_without_csrf_token_is_refused(signed_in, client):
    signed_in("clerk")
    response = client.post("/logout")
    assert response.status_code == 400
    assert client.get("/").status_code == 200  # still signed in: the unsafe request did nothing


def test_sign_in_without_csrf_token_is_refused(make_user, client):
    user = make_user("clerk")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_htmx_request_carries_csrf_in_header(signed_in, client, auth):
    signed_in("clerk")
    token = auth.csrf_token("/")
    response = client.post("/logout", headers={"X-CSRFToken": token, "HX-Request": "true"})
    assert response.status_code == 303


def test_repeated_failed_sign_ins_are_rate_limited(make_user, auth):
    user = make_user("clerk")
    codes = [auth.login(user.email, "wrong").status_code for _ in range(11)]
    assert codes[:10] == [200] * 10
    assert codes[10] == 429


def test_session_cookie_is_httponly_and_samesite(make_user, auth):
    user = make_user("clerk")
    response = auth.login(user.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_inactive_user_cannot_sign_in(make_user, auth, app):
    from portal.extensions import db

    user = make_user("clerk")
    db.session.get(User, user.id).active = False
    db.session.commit()
    assert auth.login(user.email).status_code == 200


def test_language_choice_switches_the_interface_to_japanese(signed_in, client, auth):
    signed_in("clerk")
    token = auth.csrf_token("/")
    client.post("/language", data={"locale": "ja", "csrf_token": token, "next": "/"})
    html = client.get("/").get_data(as_text=True)
    assert 'lang="ja"' in html
    assert "書類" in html


def test_browser_language_is_used_before_any_choice(client):
    html = client.get("/login", headers={"Accept-Language": "ja,en;q=0.5"}).get_data(as_text=True)
    assert "ログイン" in html
