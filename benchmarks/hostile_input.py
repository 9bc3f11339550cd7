"""Hostile input, measured: what each hostile file costs the portal in peak memory and time.

    .venv/bin/python benchmarks/hostile_input.py [CASE...]    # CASE: part of a case's name

Each case runs in a fresh Python process of its own, on its own copy of one migrated
SQLite instance, as the portal meets it: the file is uploaded (`accept_upload`: the
checks and limits of `ocr.files`); accepted, it is read by the worker's `process_document`;
refused, it is also handed to the worker as a document stored before the limits existed
(the reader keeps the same limits). Then the next good invoice is processed in the same
process, to show the worker is still there for its next job.

Peak RSS is the whole process's (`ru_maxrss` from `os.wait4`): start-up, the case and the
next invoice. Seconds are the case's own, start-up and next invoice apart. Two rows put
the figures in proportion: a good invoice, and the largest scan accepted (the image limit,
read with text on it: the most memory one page reader needs). The goal is no case over
1.5 GB; the script exits 1 if one is. Every child also runs under a 6 GB address-space
limit and a time-out, so a regression fails its case rather than the machine.
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOAL_MB = 1536
ADDRESS_SPACE_LIMIT = 6 * 1024**3
TIME_OUT = 600


# --- what a child does, one case each ------------------------------------------------------

def hostile_file(case: str) -> Callable[[], str]:
    """A case of `tests.hostile_files`: uploaded; then read, or if refused handed to the worker anyway."""

    def run() -> str:
        from tests.hostile_files import HOSTILE_FILES

        hostile = next(h for h in HOSTILE_FILES if h.case == case)
        data = hostile.make()
        return upload_then_read(hostile.name, data)

    return run


def upload_then_read(name: str, data: bytes) -> str:
    """Upload the file; read it if accepted, else read it as if stored before the limits."""
    from portal.extensions import db
    from portal.intake.services import UploadRefused, accept_upload

    try:
        document = accept_upload(name, data)
        db.session.commit()
        at_upload = "accepted"
    except UploadRefused as refused:
        db.session.rollback()
        at_upload = f"refused: {str(refused).split(': ', 1)[-1]}"
        document = stored_unchecked(name, data)
    return f"{at_upload} | worker: {processed(document.id)}"


def stored_unchecked(name: str, data: bytes):
    """The file as a queued document stored without the checks, its type as its name claims."""
    from portal import storage
    from portal.extensions import db
    from portal.models import Document, Status

    mime = {".pdf": "application/pdf", ".png": "image/png", ".tif": "image/tiff"}[Path(name).suffix]
    document = Document(file_name=name, sha256=storage.store(data), size=len(data), page_count=1,
                        mime_type=mime, status=Status.QUEUED.value)
    db.session.add(document)
    db.session.commit()
    return document


def processed(document_id: int) -> str:
    """The worker's processing of one document, as the status it leaves and its reason."""
    from portal.extensions import db
    from portal.intake.processing import process_document
    from portal.models import Document

    process_document(document_id)
    document = db.session.get(Document, document_id)
    if document.error:
        return f"{document.status} ({document.error.split(': ', 1)[-1]})"
    pages = ", ".join(f"{p.width}x{p.height}" for p in document.pages)
    return f"{document.status}, page {pages} px"


def one_byte_over() -> str:
    """A readable PDF one byte over the upload limit: a rule of uploads, so the worker is not asked."""
    from flask import current_app

    from portal.intake.services import UploadRefused, accept_upload
    from tests.hostile_files import pdf_of_size

    try:
        accept_upload("big.pdf", pdf_of_size(current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024 + 1))
    except UploadRefused as refused:
        return f"refused: {refused}"
    return "ACCEPTED"


def hostile_name() -> str:
    """A good invoice under a name with path traversal, CR/LF and HTML; downloaded again."""
    from flask import current_app
    from flask_login import login_user

    from portal.accounts.services import create_user
    from portal.documents.views import original
    from portal.extensions import db
    from portal.intake.services import accept_upload
    from tests.helpers import minimal_pdf
    from tests.hostile_files import HOSTILE_NAME

    content = minimal_pdf()
    document = accept_upload(HOSTILE_NAME, content)
    db.session.commit()
    state = processed(document.id)
    user = create_user("clerk@example.com", "Clerk", "clerk", "correct horse battery")
    db.session.commit()
    with current_app.test_request_context():
        login_user(user)
        response = original(document.id)
        response.direct_passthrough = False
        same = response.get_data() == content
    return f"stored as {document.file_name!r}; downloaded {'byte for byte' if same else 'CHANGED'} | worker: {state}"


def master_data(rows: Callable[[Path], None]) -> Callable[[], str]:
    """An import-master of the ERP's files, the suppliers' written by `rows`."""

    def run() -> str:
        from portal.extensions import db
        from portal.masterdata.importer import MasterDataError, import_master, read_folder
        from portal.models import Supplier

        folder = Path(tempfile.mkdtemp())
        (folder / "purchase_orders.csv").write_text(
            "po_number,supplier_code,order_date,currency,line_no,sku,description,quantity,unit_price,tax_rate\n")
        rows(folder / "suppliers.csv")
        try:
            import_master(read_folder(folder))
            db.session.commit()
        except MasterDataError as refused:
            return f"refused: {refused.problems[0]}"
        finally:
            shutil.rmtree(folder)
        names = [s.name for s in db.session.query(Supplier)]
        return f"imported as text: {names[0]}"

    return run


def formula_cell(path: Path) -> None:
    path.write_text('supplier_code,name,registration_number,currency,address\n'
                    'SUP-1,"=HYPERLINK(""http://evil.example/"",""Click"")",,JPY,Tokyo\n')


def line_of_50_mb(path: Path) -> None:
    with path.open("w") as file:
        file.write("supplier_code,name,registration_number,currency,address\n")
        file.write("SUP-1," + "A" * 50 * 1024 * 1024 + ",,JPY,Tokyo\n")


def good_invoice() -> str:
    from tests.helpers import invoice_png

    return upload_then_read("scan.png", invoice_png())


def largest_scan() -> str:
    """A page of text at the image limit: what one page reader needs at most."""
    import io

    from PIL import Image, ImageDraw

    from ocr.files import limits
    from tests.helpers import font

    height = int((limits().image_pixels * 1.414) ** 0.5)
    width = limits().image_pixels // height
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    type_size = width // 60
    for row, y in enumerate(range(2 * type_size, height - 4 * type_size, 2 * type_size)):
        draw.text((width // 12, y), f"Item {row}  Copy paper A4  qty 10  unit 1,200  amount 12,000",
                  fill=0, font=font(type_size))
    out = io.BytesIO()
    page.save(out, format="PNG")
    del page, draw
    return upload_then_read("scan.png", out.getvalue())


def many_objects() -> str:
    """A 22 MB PDF of 300,000 small streams: every one is looked at before PDFium reads it."""
    from tests.hostile_files import pdf, stream

    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    return upload_then_read("objects.pdf", pdf(objects + [stream(b"x")] * 300_000))


def _hostile_cases() -> dict[str, Callable[[], str]]:
    from tests.hostile_files import HOSTILE_FILES

    return {h.case: hostile_file(h.case) for h in HOSTILE_FILES}


CASES: dict[str, Callable[[], str]] = {
    "good invoice (for comparison)": good_invoice,
    "largest scan accepted (60 MP of text)": largest_scan,
    "one byte over the size limit": one_byte_over,
    **_hostile_cases(),
    "PDF of 300,000 objects": many_objects,
    "name: traversal, CR/LF, HTML": hostile_name,
    "CSV with a formula cell": master_data(formula_cell),
    "CSV with a 50 MB line": master_data(line_of_50_mb),
}


def child(case: str) -> None:
    """Run one case in this process and print its outcome as JSON (the parent measures memory)."""
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))
    from portal import create_app
    from portal.extensions import db

    app = create_app()
    with app.app_context():
        started = time.perf_counter()
        try:
            outcome = CASES[case]()
        except Exception as exc:  # noqa: BLE001  an unhandled failure is the finding
            db.session.rollback()
            outcome = f"UNHANDLED {exc.__class__.__name__}: {str(exc)[:120]}"
        seconds = time.perf_counter() - started
        after = next_document_read()
    print(json.dumps({"outcome": outcome, "seconds": seconds, "next": after}))


def next_document_read() -> str:
    from portal.extensions import db
    from portal.intake.services import accept_upload
    from tests.helpers import minimal_pdf

    document = accept_upload("next.pdf", minimal_pdf("Invoice No. INV-NEXT"))
    db.session.commit()
    return processed(document.id).split(",")[0]


# --- the parent: one child per case, measured ----------------------------------------------

def template_instance(folder: Path) -> Path:
    """A migrated instance folder every case starts from a copy of."""
    template = folder / "template"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    subprocess.run([sys.executable, "-c", "from portal.cli import main; main()", "init-db"], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL, env=dict(env, PORTAL_INSTANCE=str(template)))
    return template


def measure(case: str, instance: Path) -> dict:
    """Run `case` in a child process on `instance`: its outcome, seconds and peak RSS in MB."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["PORTAL_INSTANCE"] = str(instance)
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen([sys.executable, __file__, "--child", case], cwd=ROOT, env=env,
                                   stdout=subprocess.PIPE, stderr=errors, text=True)
        timer = threading.Timer(TIME_OUT, process.kill)
        timer.start()
        stdout = process.stdout.read()
        # Reaped here rather than by Popen, for this child's own resource usage.
        _, status, usage = os.wait4(process.pid, 0)
        timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        process.stdout.close()
        errors.seek(0)
        stderr = errors.read()
    try:
        result = json.loads(stdout.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        result = {"outcome": f"CRASHED ({process.returncode}): {stderr.strip()[-200:]}", "seconds": float("nan"),
                  "next": "-"}
    return {"case": case, "peak_mb": usage.ru_maxrss / 1024, **result}


def main(argv: list[str]) -> int:
    """Measure every case (or those named) and print the table; 1 if any case exceeds the goal."""
    chosen = [c for c in CASES if not argv or any(a.lower() in c.lower() for a in argv)]
    rows = []
    with tempfile.TemporaryDirectory(prefix="hostile-") as scratch:
        template = template_instance(Path(scratch))
        for number, case in enumerate(chosen):
            instance = Path(scratch) / f"case-{number}"
            shutil.copytree(template, instance)
            rows.append(measure(case, instance))
            shutil.rmtree(instance)
            print_row(rows[-1], first=number == 0)
    over = [r["case"] for r in rows if r["peak_mb"] > GOAL_MB]
    print(f"\ngoal: every case under {GOAL_MB} MB peak RSS: " + ("met" if not over else f"MISSED by {over}"))
    return 1 if over else 0


def print_row(row: dict, first: bool) -> None:
    if first:
        print(f"{'case':40} {'peak RSS MB':>11} {'seconds':>8}  {'next doc':9} outcome (at upload | in the worker)")
        print("-" * 150)
    print(f"{row['case']:40} {row['peak_mb']:11.0f} {row['seconds']:8.2f}  {row['next']:9} {row['outcome']}",
          flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2])
    else:
        sys.exit(main(sys.argv[1:]))
