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
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVAL = ROOT.parent / "shared" / "eval"


@lru_cache
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
    instance = Path(tempfile.mkdtemp(prefix="score-stream-"))
    os.environ["PORTAL_INSTANCE"] = str(instance)
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(EVAL))
    stream_step = _module("stream_step", EVAL / "stream_step.py")
    from portal import create_app

    app = create_app()  # (before the portal's other modules, which need it made)
    from portal.database import upgrade
    from portal.extensions import db
    from portal.masterdata.importer import import_master, read_folder

    stream = instance / "stream.jsonl"
    with app.app_context():
        upgrade()
        import_master(read_folder(args.corpus / "master"))
        db.session.commit()
        for name in (args.corpus / "manifest.txt").read_text().split():
            step = stream_step.step(args.corpus, _arrive(args.corpus / "documents" / name, cache, instance), name)
            with stream.open("a") as out:
                out.write(json.dumps(step, ensure_ascii=False) + "\n")
            _correct(step, name)
            if args.verbose and step["fixes"]:
                print(name, step["supplier"], step["fixes"])
    stream_step.summary(stream)
    print(f"(each document's step: {stream})")
    return 0


def _arrive(path: Path, cache: Path, instance: Path) -> Path:
    """Keep and read one document as the worker does (its pages from the cache); its export."""
    from ocr.document import DocumentReading
    from ocr.extract import extract_fields
    from ocr.reread import DocumentRereader
    from portal.documents.export import export_documents
    from portal.extensions import db
    from portal.intake.processing import finish, take
    from portal.intake.services import accept_upload

    score_extraction = _module("score_extraction", ROOT / "scripts" / "score-extraction.py")
    data = path.read_bytes()
    document = accept_upload(path.name, data)
    db.session.commit()
    take(document.id)
    db.session.commit()
    pages = score_extraction.pages_of(path, cache)
    reread = DocumentRereader(data, score_extraction.MIME[path.suffix])
    finish(document, DocumentReading(pages, extract_fields(pages, reread=reread)))
    export = instance / "export.json"
    export.write_text(json.dumps([d for d in export_documents() if d.get("id") == document.id]))
    return export


def _correct(step: dict, name: str) -> None:
    """Correct what the step found wrong, as `portal correct` does."""
    from portal.extensions import db
    from portal.models import Document
    from portal.review.services import ReviewError, correct_fields

    if not step["fixes"]:
        return
    try:
        correct_fields(db.session.get(Document, step["id"]), step["fixes"], None)
        db.session.commit()
    except ReviewError as exc:
        db.session.rollback()
        print(f"{name}: not corrected: {exc}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
