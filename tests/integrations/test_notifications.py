"""E-mail notifications, through a real SMTP server on loopback (aiosmtpd): an approver hears when
a step waits for them, in their language, at most once a day; the submitter hears each decision."""
from __future__ import annotations

import socket
from datetime import date, timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from portal.approvals.services import chain, decide
from portal.extensions import db
from portal.models import NotificationSent
from portal.notifications.services import daily_digests, send_waiting_digest
from portal.review.services import submit
from tests.workflow import bands, import_world, processed_document


class Sink:
    """Keeps every message the portal sends."""

    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def sink(app):
    handler = Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{controller.port}"
    yield handler
    controller.stop()


@pytest.fixture
def people(make_user):
    import_world()
    clerk, approver = make_user("clerk"), make_user("approver")
    approver.locale = "ja"
    db.session.commit()
    bands((1, "0", approver))
    return clerk, approver


def submitted(clerk):
    from portal.approvals.services import open_exceptions, override_exception

    document = processed_document(user=clerk)
    for exception in open_exceptions(document):
        override_exception(document, exception.code, "agreed", clerk)
    submit(document, clerk)
    db.session.commit()
    return document


def test_the_approver_is_told_in_their_language_once_a_day(sink, people):
    clerk, approver = people
    first = submitted(clerk)
    [mail] = sink.to("approver@example.com")
    assert "承認" in mail["Subject"]
    assert f"/approvals/steps/{chain(first)[0].id}" in mail.get_content()
    submitted(clerk)
    assert len(sink.to("approver@example.com")) == 1  # a second step the same day: no second mail
    assert send_waiting_digest(approver.id, day=date.today() + timedelta(days=1))
    db.session.commit()
    [_first, digest] = sink.to("approver@example.com")
    assert digest.get_content().count("/approvals/steps/") == 2


def test_the_submitter_is_told_of_the_decision(sink, people):
    clerk, approver = people
    document = submitted(clerk)
    decide(chain(document)[0].id, approver, "reject", "wrong prices")
    db.session.commit()
    [mail] = sink.to("clerk@example.com")
    assert "rejected" in mail["Subject"] and "wrong prices" in mail.get_content()
    assert "Approver" in mail.get_content()


def test_the_daily_run_sends_a_digest_only_to_those_who_had_none_today(app, sink, people, make_user):
    clerk, approver = people
    submitted(clerk)
    assert daily_digests(hour=app.config["DIGEST_HOUR"]) >= 1
    db.session.commit()
    assert len(sink.to("approver@example.com")) == 1
    assert daily_digests(hour=(app.config["DIGEST_HOUR"] + 1) % 24) == 0  # not the hour


def test_without_an_smtp_server_nothing_is_sent_or_claimed(app, people):
    clerk, _approver = people
    app.config["SMTP_URL"] = None
    submitted(clerk)
    assert db.session.scalar(select(func.count()).select_from(NotificationSent)) == 0
