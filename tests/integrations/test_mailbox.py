"""The mailbox, against a real Dovecot IMAP server the tests start on loopback: attachments of new
mails (also inside forwarded mails) become documents that keep the sender and subject, and each
mail is moved out of the inbox once done."""
from __future__ import annotations

import imaplib
import shutil
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.intake.mailbox import DONE, FAILED, Mailbox
from portal.models import Document
from tests.helpers import invoice_png, minimal_pdf
from tests.integrations.dovecot import PASSWORD, USER, Dovecot, available

pytestmark = pytest.mark.skipif(not available(), reason="dovecot-imapd is not installed "
                                                        "(scripts/install-system-packages.sh dovecot-imapd)")


@pytest.fixture
def dovecot():
    # Not under pytest's own temporary folder, which only root may enter: Dovecot's processes
    # run as its own users and read their files from here.
    root = Path(tempfile.mkdtemp(prefix="portal-dovecot-"))
    root.chmod(0o755)
    server = Dovecot(root)
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


def imap(server: Dovecot) -> imaplib.IMAP4:
    client = imaplib.IMAP4("127.0.0.1", server.port)
    client.login(USER, PASSWORD)
    return client


def deliver(server: Dovecot, message: EmailMessage) -> None:
    """Put a mail in the inbox as the mail server would (IMAP APPEND)."""
    client = imap(server)
    client.append("INBOX", "", imaplib.Time2Internaldate(time.time()), message.as_bytes())
    client.logout()


def count(server: Dovecot, folder: str) -> int:
    client = imap(server)
    _status, data = client.select(f'"{folder}"')
    client.logout()
    return int(data[0])


def invoice_mail(subject: str, *files: tuple[str, bytes, str]) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Acme Billing <billing@acme.example>"
    message["To"] = "invoices@portal.example"
    message["Subject"] = subject
    message["Message-ID"] = f"<{subject.replace(' ', '-')}@acme.example>"
    message.set_content("Please find our invoice attached.")
    for name, data, kind in files:
        maintype, subtype = kind.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message


def documents() -> list[Document]:
    db.session.expire_all()
    return list(db.session.scalars(select(Document).order_by(Document.id)))


def test_a_mails_attachments_become_documents_that_keep_sender_and_subject(app, dovecot):
    deliver(dovecot, invoice_mail("Invoice INV-7 for October", ("INV-7.pdf", minimal_pdf("Invoice No. INV-7"),
                                                                  "application/pdf"),
                                  ("photo.png", invoice_png(), "image/png")))
    [fetched] = Mailbox(dovecot.url).look()
    assert len(fetched.documents) == 2
    pdf, png = documents()
    assert (pdf.file_name, pdf.source, pdf.status) == ("INV-7.pdf", "mail", "processed")
    assert pdf.mail_from == "Acme Billing <billing@acme.example>" and pdf.mail_subject == "Invoice INV-7 for October"
    assert png.mime_type == "image/png"
    assert (count(dovecot, "INBOX"), count(dovecot, DONE)) == (0, 1)
    assert Mailbox(dovecot.url).look() == []  # nothing new


def test_an_invoice_inside_a_forwarded_mail_is_found(app, dovecot):
    inner = invoice_mail("Invoice INV-8", ("INV-8.pdf", minimal_pdf("Invoice No. INV-8"), "application/pdf"))
    forward = EmailMessage()
    forward["From"] = "clerk@buyer.example"
    forward["Subject"] = "Fwd: Invoice INV-8"
    forward.set_content("See the forwarded mail.")
    forward.add_attachment(inner)  # message/rfc822
    deliver(dovecot, forward)
    [fetched] = Mailbox(dovecot.url).look()
    [document] = documents()
    assert fetched.documents == [document.id] and document.file_name == "INV-8.pdf"
    assert document.mail_subject == "Fwd: Invoice INV-8"


def test_a_mail_with_nothing_to_ingest_goes_to_the_failed_folder(app, dovecot):
    deliver(dovecot, invoice_mail("Just saying hello"))
    deliver(dovecot, invoice_mail("Broken", ("broken.pdf", b"%PDF-1.4 not really", "application/pdf")))
    fetched = Mailbox(dovecot.url).look()
    assert [f.documents for f in fetched] == [[], []] and fetched[1].refused
    assert documents() == []
    assert (count(dovecot, "INBOX"), count(dovecot, FAILED)) == (0, 2)


def test_a_mail_over_the_size_limit_is_not_downloaded(app, dovecot):
    app.config["MAX_MAIL_MB"] = 1
    deliver(dovecot, invoice_mail("Huge", ("huge.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10), "application/pdf")))
    [fetched] = Mailbox(dovecot.url).look()
    assert fetched.refused and documents() == []
    assert count(dovecot, FAILED) == 1


def test_a_mail_ingested_but_not_moved_before_a_stop_is_not_ingested_twice(app, dovecot):
    message = invoice_mail("Invoice INV-9", ("INV-9.pdf", minimal_pdf("Invoice No. INV-9"), "application/pdf"))
    Mailbox(dovecot.url).ingest(message)  # as if the watcher stopped right after this
    deliver(dovecot, message)
    [fetched] = Mailbox(dovecot.url).look()
    [document] = documents()
    assert fetched.documents == [document.id] and count(dovecot, DONE) == 1
