"""The mailbox: the attachments of new mails in PORTAL_IMAP_URL are ingested as uploads are.

PORTAL_IMAP_URL is imaps://user:password@host[:port][/FOLDER] (IMAP over TLS), or imap://… (plain,
for a server on loopback). Every mail in FOLDER (INBOX) is new: once done it is moved to
`Portal-Done`, or to `Portal-Failed` when nothing in it could be ingested. PDF and image
attachments are taken, also inside forwarded mails (message/rfc822 parts); each document keeps the
mail's sender, subject and Message-ID. A mail larger than PORTAL_MAX_MAIL_MB is not downloaded.
A watcher stopped after ingesting a mail but before moving it finds the same attachments of the
same mail at the next look: they are not ingested twice.
"""
from __future__ import annotations

import email
import email.policy
import hashlib
import imaplib
import logging
import re
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from flask import current_app
from sqlalchemy import select

from portal.extensions import db
from portal.intake.services import UploadRefused, accept_upload, queue_processing
from portal.models import Document

log = logging.getLogger(__name__)

DONE, FAILED = "Portal-Done", "Portal-Failed"  # no hierarchy: servers differ in its separator
TYPES = {"application/pdf", "image/png", "image/jpeg", "image/tiff"}
EXTENSIONS = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


@dataclass
class Fetched:
    """What became of one mail."""

    subject: str
    documents: list[int] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.subject!r}: documents {self.documents or '-'}" + (f"; refused {self.refused}" if self.refused
                                                                          else "")


def attachments(message: EmailMessage) -> list[tuple[str, bytes]]:
    """The PDF and image attachments of a mail and of the mails forwarded inside it."""
    found = []
    for part in message.walk():
        if part.is_multipart() or part.get_content_maintype() == "message":
            continue
        name = part.get_filename() or ""
        kind = part.get_content_type()
        if kind in TYPES or (kind == "application/octet-stream" and name.lower().endswith(EXTENSIONS)):
            data = part.get_payload(decode=True) or b""
            found.append((name or f"attachment{EXTENSIONS[0] if kind == 'application/pdf' else ''}", data))
    return found


class Mailbox:
    """One IMAP folder, looked at every PORTAL_IMAP_SECONDS by the worker."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("imap", "imaps"):
            raise ValueError("PORTAL_IMAP_URL must start with imaps:// (or imap:// on loopback)")
        self.secure = parts.scheme == "imaps"
        self.host, self.port = parts.hostname or "localhost", parts.port or (993 if self.secure else 143)
        self.user, self.password = unquote(parts.username or ""), unquote(parts.password or "")
        self.folder = unquote(parts.path.strip("/")) or "INBOX"

    def connect(self) -> imaplib.IMAP4:
        if self.secure:
            client = imaplib.IMAP4_SSL(self.host, self.port, ssl_context=ssl.create_default_context(), timeout=60)
        else:
            client = imaplib.IMAP4(self.host, self.port, timeout=60)
        client.login(self.user, self.password)
        for folder in (DONE, FAILED):
            client.create(_quote(folder))  # an error when it exists, which is fine
        return client

    def look(self) -> list[Fetched]:
        """Ingest every mail in the folder, then move it out of the way; commits per mail."""
        done = []
        client = self.connect()
        try:
            client.select(_quote(self.folder))
            _status, data = client.uid("SEARCH", "UNDELETED")
            for uid in (data[0] or b"").split():
                done.append(self.take(client, uid.decode()))
        finally:
            try:
                client.logout()
            except (OSError, imaplib.IMAP4.error):
                pass
        return done

    def take(self, client: imaplib.IMAP4, uid: str) -> Fetched:
        limit = current_app.config["MAX_MAIL_MB"] * 1024 * 1024
        _status, data = client.uid("FETCH", uid, "(RFC822.SIZE)")
        size = int(re.search(rb"RFC822\.SIZE (\d+)", data[0]).group(1))
        if size > limit:
            log.warning("mailbox: mail %s of %s bytes is over the limit", uid, size)
            _move(client, uid, FAILED)
            return Fetched(f"mail {uid}", refused=[f"larger than {current_app.config['MAX_MAIL_MB']} MB"])
        _status, data = client.uid("FETCH", uid, "(BODY.PEEK[])")
        raw = next(item[1] for item in data if isinstance(item, tuple))
        message = email.message_from_bytes(raw, policy=email.policy.default)
        fetched = self.ingest(message)
        _move(client, uid, DONE if fetched.documents else FAILED)
        return fetched

    def ingest(self, message: EmailMessage) -> Fetched:
        """Ingest the mail's attachments as documents that keep its sender and subject; commits."""
        sender, subject = str(message.get("From", ""))[:320], str(message.get("Subject", ""))[:500]
        message_id = str(message.get("Message-ID", ""))[:300] or None
        fetched = Fetched(subject)
        accepted = []
        for name, data in attachments(message):
            existing = db.session.scalar(select(Document).where(
                Document.sha256 == hashlib.sha256(data).hexdigest()).order_by(Document.id).limit(1))
            if existing is not None and message_id and existing.mail_message_id == message_id:
                fetched.documents.append(existing.id)  # ingested before a stop, the mail not yet moved
                continue
            if existing is not None:
                fetched.refused.append(f"{name}: the same file as document {existing.id}")
                continue
            try:
                document = accept_upload(name, data)
            except UploadRefused as exc:
                fetched.refused.append(str(exc))
                continue
            document.source, document.mail_from, document.mail_subject = "mail", sender, subject
            document.mail_message_id = message_id
            accepted.append(document)
            fetched.documents.append(document.id)
        db.session.commit()
        queue_processing(accepted)
        return fetched


def _move(client: imaplib.IMAP4, uid: str, folder: str) -> None:
    status, _data = client.uid("MOVE", uid, _quote(folder))
    if status != "OK":  # a server without MOVE
        status, data = client.uid("COPY", uid, _quote(folder))
        if status != "OK":
            raise imaplib.IMAP4.error(f"cannot move mail {uid} to {folder}: {data}")
        client.uid("STORE", uid, "+FLAGS", r"(\Deleted)")
        client.expunge()


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'
