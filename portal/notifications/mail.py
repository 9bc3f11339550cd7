"""Sending one e-mail through PORTAL_SMTP_URL: smtp://[user:password@]host[:port] (plain, as on
loopback), smtp+starttls://… (STARTTLS), or smtps://… (TLS from the start)."""
from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from flask import current_app


def send(to: str, subject: str, body: str) -> None:
    """Send a plain-text message; raises OSError or smtplib.SMTPException when it cannot."""
    url = urlsplit(current_app.config["SMTP_URL"])
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    secure = url.scheme == "smtps"
    port = url.port or (465 if secure else 587 if url.scheme == "smtp+starttls" else 25)
    client = smtplib.SMTP_SSL if secure else smtplib.SMTP
    kwargs = {"context": ssl.create_default_context()} if secure else {}
    with client(url.hostname or "localhost", port, timeout=30, **kwargs) as smtp:
        if url.scheme == "smtp+starttls":
            smtp.starttls(context=ssl.create_default_context())
        if url.username:
            smtp.login(unquote(url.username), unquote(url.password or ""))
        smtp.send_message(message)
