"""Signing in: one answer in one time for every refusal; limits per account and address, shared by
every web process; a browser that signed in before is not locked out by its neighbours."""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from portal.accounts import signin
from portal.extensions import db
from portal.models import SignInFailure, User
from tests.conftest import PASSWORD, Auth

OFFICE = {"REMOTE_ADDR": "203.0.113.7"}  # everyone behind one public address
ELSEWHERE = {"REMOTE_ADDR": "198.51.100.9"}


@pytest.fixture
def limits(app, client):
    """Tight limits, so that a test reaches them in a few attempts (`client` keeps each request's
    state its own, for the browsers below too)."""
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    app.config["LOGIN_ADDRESS_RATE_LIMIT"] = "5 per minute"


def browser(app, environ: dict[str, str]) -> Auth:
    client = app.test_client()
    client.environ_base.update(environ)
    return Auth(client)


@pytest.fixture
def password_checks(monkeypatch):
    """How many argon2 verifications each sign-in costs."""
    calls = []
    verify = PasswordHasher.verify

    def counted(self, hash_, password):
        calls.append(hash_)
        return verify(self, hash_, password)

    monkeypatch.setattr(PasswordHasher, "verify", counted)
    return calls


@pytest.mark.parametrize("case", ["no such account", "wrong password", "deactivated"])
def test_every_refusal_costs_one_password_check_and_says_the_same(app, make_user, auth, password_checks, case):
    user = make_user("clerk")
    if case == "deactivated":
        db.session.get(User, user.id).active = False
        db.session.commit()
    email = "nobody@example.com" if case == "no such account" else user.email
    password = "not the password" if case == "wrong password" else PASSWORD
    password_checks.clear()
    response = auth.login(email, password)
    assert response.status_code == 200
    assert "Wrong e-mail address or password." in response.get_data(as_text=True)
    assert len(password_checks) == 1  # an unknown address is checked against a stand-in hash
    assert db.session.scalar(select(SignInFailure.email)) == email


def test_the_rate_parses_as_the_readme_writes_it():
    assert signin.parse_rate("10 per minute") == signin.Rate(10, signin.timedelta(minutes=1))
    assert signin.parse_rate("100 per 10 minutes").period.total_seconds() == 600
    assert signin.parse_rate("5/hour").count == 5
    with pytest.raises(ValueError):
        signin.parse_rate("often")


def test_one_account_from_one_address_is_limited_even_with_the_right_password(app, make_user, limits):
    user = make_user("clerk")
    attacker = browser(app, OFFICE)
    assert [attacker.login(user.email, "guess").status_code for _ in range(3)] == [200, 200, 200]
    assert attacker.login(user.email, PASSWORD).status_code == 429
    assert browser(app, ELSEWHERE).login(user.email).status_code == 303  # the account is not locked everywhere
    colleague = make_user("approver")
    assert browser(app, OFFICE).login(colleague.email).status_code == 303  # nor is the office


def test_one_address_is_limited_for_all_accounts_together(app, make_user, limits):
    attacker = browser(app, OFFICE)
    codes = [attacker.login(f"guess{n}@example.com", "guess").status_code for n in range(6)]
    assert codes == [200] * 5 + [429]
    user = make_user("clerk")
    assert browser(app, ELSEWHERE).login(user.email).status_code == 303


def test_a_browser_that_signed_in_before_is_not_locked_out_by_a_neighbour(app, make_user, limits):
    user = make_user("clerk")
    mine = browser(app, OFFICE)
    assert mine.login(user.email).status_code == 303
    assert mine.client.post("/logout", data={"csrf_token": mine.csrf_token("/")}).status_code == 303
    attacker = browser(app, OFFICE)
    assert [attacker.login(user.email, "guess").status_code for _ in range(4)][-1] == 429
    for n in range(6):
        attacker.login(f"guess{n}@example.com", "guess")
    assert attacker.login(user.email, PASSWORD).status_code == 429
    assert mine.login(user.email).status_code == 303  # my browser's attempts are counted apart
    assert mine.client.get("/").status_code != 302


def test_a_trusted_browser_is_limited_too(app, make_user, limits):
    user = make_user("clerk")
    mine = browser(app, OFFICE)
    mine.login(user.email)
    mine.client.post("/logout", data={"csrf_token": mine.csrf_token("/")})
    assert [mine.login(user.email, "typo").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_the_limits_hold_across_web_processes(app, make_user):
    """Two web processes, one after the other: the second counts the first one's refusals."""
    from tests.sign_in_process import attempts

    user = make_user("clerk")
    arguments = (app.config["SQLALCHEMY_DATABASE_URI"], str(app.config["INSTANCE"]), user.email, "guess", 3,
                 "4 per minute", "100 per minute")
    db.session.remove()
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as first:
        assert first.submit(attempts, *arguments).result(timeout=120) == [200, 200, 200]
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as second:
        assert second.submit(attempts, *arguments).result(timeout=120) == [200, 429, 429]


def test_an_admin_sees_the_refused_sign_ins_as_typed_and_escaped(app, make_user, limits, signed_in, client):
    make_user("clerk")
    browser(app, OFFICE).login("<script>alert(1)</script>@example.com", "guess")
    browser(app, OFFICE).login("clerk@example.com", "guess")
    signed_in("admin")
    html = client.get("/admin/users").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;@example.com" in html and "<script>alert(1)" not in html
    assert "203.0.113.7" in html and "no such account" in html
