#!/usr/bin/env python3
"""Scores learning from corrections fast, on pages read once (for development only).

    .venv/bin/python scripts/score-stream.py CORPUS [--cache DIR] [-v]

Does what ../shared/eval/run-stream.sh does, in one process on a throw-away database:
each document of the manifest in turn is kept through intake's own last step (its pages
read once and kept in the cache folder, as scripts/score-extraction.py keeps them), scored
before anyone touches it as ../shared/eval/stream_step.py scores it, and every wrong header
field corrected through the review service, as `portal correct` does. The portal's figures
come from ../shared/eval/run-stream.sh.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVAL = ROOT.parent / "shared" / "eval"


def _module(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    cache = args.cache or Path("/tmp/extract-cache") / args.corpus.resolve().name
    cache.mkdir(parents=True, exist_ok=True)
    os.environ["PORTAL_INSTANCE"] = tempfile.mkdtemp(prefix="score-stream-")
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(EVAL))
    stream_step = _module("stream_step", EVAL / "stream_step.py")
    score_extraction = _module("score_extraction", ROOT / "scripts" / "score-extraction.py")

    from portal import create_app

    app = create_app()  # (before the portal's other modules, which need it made)
    from ocr.document import DocumentReading
    from ocr.extract import extract_fields
    from ocr.reread import DocumentRereader
    from portal.database import upgrade
    from portal.documents.export import export_documents
    from portal.extensions import db
    from portal.intake.processing import finish, take
    from portal.intake.services import accept_upload
    from portal.masterdata.importer import import_master, read_folder
    from portal.models import Document
    from portal.review.services import ReviewError, correct_fields

    stream = Path(os.environ["PORTAL_INSTANCE"]) / "stream.jsonl"
    with app.app_context():
        upgrade()
        import_master(read_folder(args.corpus / "master"))
        db.session.commit()
        for name in (args.corpus / "manifest.txt").read_text().split():
            path = args.corpus / "documents" / name
            data = path.read_bytes()
            mime = score_extraction.MIME[path.suffix]
            document = accept_upload(name, data)
            db.session.commit()
            take(document.id)
            db.session.commit()
            pages = score_extraction.pages_of(path, cache)
            finish(document, DocumentReading(pages, extract_fields(pages, reread=DocumentRereader(data, mime))))
            export = Path(os.environ["PORTAL_INSTANCE"]) / "export.json"
            export.write_text(json.dumps([d for d in export_documents() if d.get("id") == document.id]))
            step = stream_step.step(args.corpus, export, name)
            with stream.open("a") as out:
                out.write(json.dumps(step, ensure_ascii=False) + "\n")
            if step["fixes"]:
                try:
                    correct_fields(db.session.get(Document, document.id), step["fixes"], None)
                    db.session.commit()
                except ReviewError as exc:  # as `portal correct` refuses it
                    db.session.rollback()
                    print(f"{name}: not corrected: {exc}", file=sys.stderr)
            if args.verbose and step["fixes"]:
                print(name, step["supplier"], step["fixes"])
    stream_step.summary(stream)
    print(f"(each document's step: {stream})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
