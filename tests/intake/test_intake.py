"""Uploads: judged by their bytes, stored once and unchanged, refused cleanly."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, Document
from tests.helpers import encrypted_pdf, image_bomb_png, invoice_jpeg, invoice_png, minimal_pdf, with_byte_flipped


def upload(client, auth, *files: tuple[str, bytes]):
    import io

    token = auth.csrf_token("/upload")
    data = {"files": [(io.BytesIO(content), name) for name, content in files], "csrf_token": token}
    return client.post("/upload", data=data, content_type="multipart/form-data")


def stored_files(app) -> list[Path]:
    root = Path(app.config["STORAGE_DIR"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def document_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Document))


def test_accepted_scan_is_stored_byte_for_byte_under_its_sha256(signed_in, client, auth, app):
    signed_in("clerk")
    content = invoice_png()
    response = upload(client, auth, ("scan.png", content))
    assert response.status_code == 303
    document = db.session.scalars(select(Document)).one()
    digest = hashlib.sha256(content).hexdigest()
    assert document.sha256 == digest
    assert document.mime_type == "image/png"
    [path] = stored_files(app)
    assert path.name == digest
    assert path.read_bytes() == content
    assert not str(path).startswith(str(Path(app.static_folder)))
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.document_id == document.id)
                                 .order_by(AuditEvent.id)).all()
    assert actions[0] == "uploaded"


def test_several_files_at_once_become_several_documents(signed_in, client, auth):
    signed_in("clerk")
    upload(client, auth, ("a.png", invoice_png(["INVOICE A"])), ("b.pdf", minimal_pdf()),
           ("c.jpg", invoice_jpeg()))
    documents = db.session.scalars(select(Document).order_by(Document.id)).all()
    assert [(d.file_name, d.mime_type) for d in documents] == [
        ("a.png", "image/png"), ("b.pdf", "application/pdf"), ("c.jpg", "image/jpeg")]


REFUSED = [
    ("wrong type behind a right name", "invoice.pdf", b"MZ\x90\x00 this is an executable, not a PDF" * 10,
     "not a PDF, PNG, JPEG or TIFF"),
    ("text named as an image", "scan.png", b"hello, I am plain text\n" * 20, "not a PDF, PNG, JPEG or TIFF"),
    ("image bomb", "bomb.png", image_bomb_png(), "too large to process safely"),
    ("broken PDF", "broken.pdf", minimal_pdf()[:60], "damaged"),
    ("encrypted PDF", "locked.pdf", encrypted_pdf(), "encrypted"),
    ("truncated PNG", "cut.png", invoice_png()[:200], "damaged"),
    ("PNG damaged in its middle", "flipped.png", with_byte_flipped(invoice_png()), "damaged"),
    ("truncated JPEG", "cut.jpg", invoice_jpeg()[:-200], "damaged"),
    ("empty file", "empty.pdf", b"", "empty"),
]


@pytest.mark.parametrize(("case", "name", "content", "reason"), REFUSED, ids=[c[0] for c in REFUSED])
def test_refused_upload_gets_a_clear_message_and_nothing_is_stored(signed_in, client, auth, app,
                                                                   case, name, content, reason):
    signed_in("clerk")
    response = upload(client, auth, (name, content))
    assert response.status_code == 422
    assert reason in response.get_data(as_text=True)
    assert document_count() == 0
    assert stored_files(app) == []


def test_too_large_upload_is_refused_and_nothing_is_stored(signed_in, client, auth, app):
    signed_in("clerk")
    app.config["MAX_UPLOAD_MB"] = 1
    response = upload(client, auth, ("big.png", invoice_png() + b"\0" * (1024 * 1024)))
    assert response.status_code == 422
    assert "larger than the 1 MB limit" in response.get_data(as_text=True)
    assert document_count() == 0
    assert stored_files(app) == []


def test_request_over_the_body_limit_gets_413(signed_in, client, auth, app):
    signed_in("clerk")
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = upload(client, auth, ("big.png", b"\0" * 4096))
    assert response.status_code == 413
    assert document_count() == 0


def test_a_refused_file_does_not_stop_the_good_ones(signed_in, client, auth):
    signed_in("clerk")
    response = upload(client, auth, ("good.pdf", minimal_pdf()), ("bad.pdf", b"not a pdf at all"))
    assert response.status_code == 303
    assert db.session.scalars(select(Document.file_name)).all() == ["good.pdf"]


def test_multi_page_tiff_counts_its_pages(signed_in, client, auth):
    import io

    from PIL import Image

    signed_in("clerk")
    frames = [Image.open(io.BytesIO(invoice_png([f"PAGE {n}"]))).convert("1") for n in (1, 2, 3)]
    out = io.BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:], compression="group4")
    upload(client, auth, ("fax.tif", out.getvalue()))
    document = db.session.scalars(select(Document)).one()
    assert (document.mime_type, document.page_count) == ("image/tiff", 3)


def test_a_document_page_polling_its_reading_is_refreshed_whole_when_it_ends(signed_in, client, app):
    """No inline script in the fragment: the response tells htmx to show the page again."""
    from portal.intake.processing import process_document
    from portal.intake.services import accept_upload

    signed_in("clerk")
    document = accept_upload("later.png", invoice_png(["INVOICE", "Total 1,100"]))
    db.session.commit()
    waiting = client.get(f"/documents/{document.id}", headers={"HX-Request": "true"})
    assert waiting.status_code == 200 and "HX-Refresh" not in waiting.headers
    process_document(document.id)
    done = client.get(f"/documents/{document.id}", headers={"HX-Request": "true"})
    assert done.status_code == 286 and done.headers["HX-Refresh"] == "true"
    assert "<script" not in done.get_data(as_text=True)
