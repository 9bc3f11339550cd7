"""Error pages speak the reader's language, a crash included; the Tolerances page works in Japanese."""
from __future__ import annotations

import pytest

from tests.conftest import Auth


def in_japanese(client) -> None:
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ja"


@pytest.fixture
def crashing(app):
    """The documents list raises what no view expects; Flask answers it as production does."""
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def crash():
        raise RuntimeError("a bug")

    crash.allowed_roles = ("clerk",)
    app.view_functions["documents.index"] = crash
    return app


def test_a_crash_answers_a_500_page_in_the_readers_language(crashing, make_user, client):
    user = make_user("clerk")
    in_japanese(client)
    Auth(client).login(user.email)
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert 'lang="ja"' in html
    assert "ポータル側で問題が起きたため" in html
    assert "a bug" not in html and "Internal Server Error" not in html


def test_a_crash_answers_in_english_to_an_english_reader(crashing, make_user, client):
    Auth(client).login(make_user("clerk").email)
    html = client.get("/").get_data(as_text=True)
    assert "Something went wrong on our side" in html


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_tolerances_page_works_in_either_language(app, make_user, client, language):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    Auth(client).login(make_user("admin").email)
    response = client.get("/admin/tolerances")
    assert response.status_code == 200
    label = "単価の許容差（％）" if language == "ja" else "Price tolerance (percent)"
    assert label in response.get_data(as_text=True)
