"""Users from the browser: an admin edits one (audited), never deletes; everyone changes their own
password, which ends their other sessions; over HTTPS the portal asks browsers to keep to it."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, User
from tests.conftest import PASSWORD, Auth
from tests.test_sessions import behind_proxies, captured_cookie, is_signed_out, replayed


def edit(client, auth, user_id: int, **fields):
    token = auth.csrf_token(f"/admin/users/{user_id}")
    return client.post(f"/admin/users/{user_id}", data={"csrf_token": token} | fields)


def test_an_admin_changes_a_users_name_and_role_and_it_is_audited(app, make_user, signed_in, client, auth):
    clerk = make_user("clerk")
    admin = signed_in("admin")
    response = edit(client, auth, clerk.id, email="Clerk@Example.com", name="Kazu Clerk", role="accountant")
    assert response.status_code == 303
    user = db.session.get(User, clerk.id)
    assert (user.email, user.name, user.role) == ("clerk@example.com", "Kazu Clerk", "accountant")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user_changed"))
    assert event.user_id == admin.id and event.object_id == clerk.id
    assert event.before["role"] == "clerk" and event.after["role"] == "accountant"
    assert "Kazu Clerk" in client.get(f"/admin/users/{clerk.id}").get_data(as_text=True)


def test_an_address_another_user_has_is_refused_inline(app, make_user, signed_in, client, auth):
    clerk = make_user("clerk")
    make_user("approver")
    signed_in("admin")
    response = edit(client, auth, clerk.id, email="approver@example.com", name="Clerk", role="clerk")
    assert response.status_code == 422
    assert "A user with this e-mail address already exists." in response.get_data(as_text=True)
    assert db.session.get(User, clerk.id).email == "clerk@example.com"


def test_an_admin_cannot_take_away_their_own_admin_role(app, signed_in, client, auth):
    admin = signed_in("admin")
    response = edit(client, auth, admin.id, email=admin.email, name=admin.name, role="clerk")
    assert response.status_code == 422
    assert db.session.get(User, admin.id).role == "admin"


def test_deactivation_asks_first_and_keeps_the_user(app, make_user, signed_in, client, auth):
    clerk = make_user("clerk")
    signed_in("admin")
    page = client.get(f"/admin/users/{clerk.id}").get_data(as_text=True)
    assert 'href="#confirm-deactivate"' in page and 'id="confirm-deactivate"' in page
    client.post(f"/admin/users/{clerk.id}/active", data={"csrf_token": auth.csrf_token("/"), "active": "0"})
    assert db.session.get(User, clerk.id) is not None and not db.session.get(User, clerk.id).active


def change_own(client, auth, current: str, new: str, repeated: str | None = None):
    token = auth.csrf_token("/account/password")
    return client.post("/account/password", data={"csrf_token": token, "current": current, "new": new,
                                                   "repeated": new if repeated is None else repeated})


@pytest.mark.parametrize("role", ["clerk", "approver", "accountant", "admin"])
def test_everyone_changes_their_own_password_and_their_other_sessions_end(app, make_user, client, role):
    user = make_user(role)
    elsewhere = Auth(app.test_client())
    elsewhere.login(user.email)
    stolen = captured_cookie(elsewhere.client)
    auth = Auth(client)
    auth.login(user.email)
    assert change_own(client, auth, PASSWORD, "a brand new password").status_code == 303
    assert not is_signed_out(client.get("/"))          # here it goes on
    assert is_signed_out(elsewhere.client.get("/"))    # elsewhere it ended
    assert is_signed_out(replayed(app, stolen))
    assert db.session.get(User, user.id).check_password("a brand new password")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "password_changed"))
    assert event.user_id == user.id and event.object_id == user.id


@pytest.mark.parametrize(("current", "new", "repeated", "message"), [
    ("wrong password", "a brand new password", None, "The present password is not right."),
    (PASSWORD, "a brand new password", "another new password", "The two new passwords differ."),
    (PASSWORD, "short", None, "The password must be at least 10 characters."),
])
def test_a_refused_password_change_says_why_and_changes_nothing(app, signed_in, client, auth, current, new,
                                                                 repeated, message):
    user = signed_in("clerk")
    response = change_own(client, auth, current, new, repeated)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.get(User, user.id).check_password(PASSWORD)
    assert not is_signed_out(client.get("/"))


@pytest.mark.parametrize(("proxies", "headers", "base_url", "strict"), [
    (0, {}, "https://localhost", True),
    (0, {}, "http://localhost", False),
    (1, {"X-Forwarded-Proto": "https"}, "http://localhost", True),
    (0, {"X-Forwarded-Proto": "https"}, "http://localhost", False),  # nobody's word is taken without a proxy
])
def test_strict_transport_security_over_https_only(app, tmp_path, proxies, headers, base_url, strict):
    portal = behind_proxies(app, tmp_path, proxies)
    response = portal.test_client().get("/login", headers=headers, base_url=base_url)
    assert ("Strict-Transport-Security" in response.headers) is strict


@pytest.mark.parametrize(("changes", "ends"), [({"role": "accountant"}, True), ({"email": "kazu@example.com"}, True),
                                               ({"name": "Kazu"}, False)])
def test_a_new_role_or_address_ends_the_users_sessions_a_new_name_does_not(app, make_user, client, auth, changes,
                                                                            ends):
    clerk = make_user("clerk")
    theirs = Auth(app.test_client())
    theirs.login(clerk.email)
    auth.login(make_user("admin").email)
    fields = {"email": clerk.email, "name": clerk.name, "role": "clerk"} | changes
    assert edit(client, auth, clerk.id, **fields).status_code == 303
    assert is_signed_out(theirs.client.get("/")) is ends
    assert not is_signed_out(client.get("/"))


def test_an_admin_who_changes_their_own_address_stays_signed_in_here(app, signed_in, client, auth):
    admin = signed_in("admin")
    edit(client, auth, admin.id, email="boss@example.com", name=admin.name, role="admin")
    assert not is_signed_out(client.get("/"))
