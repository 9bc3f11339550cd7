#!/usr/bin/env python3
"""Scores extraction alone over a corpus, reading each document's pages once.

    .venv/bin/python scripts/score-extraction.py CORPUS [--cache DIR] [--only doc-001,...] [-v]

The pages OCR read (the slow part) are kept in the cache folder, so a change to the
extractor is scored in seconds. Header fields are compared as ../shared/eval/score.py
does; the supplier is compared by name, since no master is involved. For development
only: the portal's figures come from ../shared/eval/run-corpus.sh.
"""
from __future__ import annotations

import argparse
import json
import mimetypes
import sys
import unicodedata
from collections import Counter
from dataclasses import asdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ocr.extract import extract_fields  # noqa: E402
from ocr.extract.result import HEADER_FIELDS  # noqa: E402
from ocr.model import Page, Word  # noqa: E402

FIELDS = [name for name in HEADER_FIELDS if name != "supplier_name"]
MIME = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".tif": "image/tiff"}


def _norm(value, field: str):
    if value in (None, ""):
        return None
    if field in ("subtotal", "tax_total", "total"):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return None
    s = " ".join(unicodedata.normalize("NFKC", str(value)).casefold().split())
    return s.replace(" ", "") if field in ("document_number", "po_number", "registration_number") else s


def pages_of(path: Path, cache: Path) -> list[Page]:
    """The document's pages as the reader read them, kept in the cache folder with the quarter
    turns it found each page fed in: the second look then reads the page turned as the reader
    turned it."""
    from ocr.pages import page_turns, turn_page

    data, mime = path.read_bytes(), MIME.get(path.suffix, mimetypes.guess_type(path.name)[0])
    stored, turns_file = cache / (path.name + ".json"), cache / (path.name + ".turns.json")
    if stored.exists():
        raw = json.loads(stored.read_text())
        pages = [Page(**{**p, "words": [Word(**w) for w in p["words"]]}) for p in raw]
        if not turns_file.exists():
            turns_file.write_text(json.dumps(_turns_of_kept(data, mime, pages)))
        for page, turns in zip(pages, json.loads(turns_file.read_text()), strict=True):
            if turns:
                turn_page(data, mime, page.number, turns)
        return pages
    from ocr.reading import read_pages
    pages = read_pages(data, mime)
    stored.write_text(json.dumps([asdict(p) for p in pages], ensure_ascii=False))
    turns_file.write_text(json.dumps([page_turns(data, mime, p.number) for p in pages]))
    return pages


def _turns_of_kept(data: bytes, mime: str, pages: list[Page]) -> list[int]:
    """The turns of pages kept before their turns were (a page read on its side is kept taller
    or wider than its image; a page read upside down is not told apart)."""
    from ocr.orientation import turns_upright
    from ocr.pages import page_image

    out = []
    for page in pages:
        gray = page_image(data, mime, page.number) if page.source == "ocr" else None
        on_its_side = gray is not None and gray.shape != (page.height, page.width)
        out.append(turns_upright(gray) if on_its_side else 0)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--only", default="")
    parser.add_argument("--reread", action="store_true", help="also read weak fields again from the images")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    cache = args.cache or Path("/tmp/extract-cache") / args.corpus.resolve().name
    cache.mkdir(parents=True, exist_ok=True)
    only = set(filter(None, args.only.split(",")))
    right, total, formats, lines_ok, lines_n = Counter(), Counter(), Counter(), 0, 0
    clean = docs = 0
    for truth_file in sorted((args.corpus / "truth").glob("*.json")):
        truth = json.loads(truth_file.read_text())
        if only and Path(truth["file"]).stem not in only:
            continue
        path = args.corpus / "documents" / truth["file"]
        pages = pages_of(path, cache)
        reread = None
        if args.reread:
            from ocr.reread import DocumentRereader
            reread = DocumentRereader(path.read_bytes(), MIME[path.suffix])
        got = extract_fields(pages, reread=reread).fields
        misses = []
        for field in FIELDS:
            ok = _norm(truth.get(field), field) == _norm(got.get(field), field)
            right[field] += ok
            total[field] += 1
            formats[(truth.get("format"), ok)] += 1
            if not ok:
                misses.append(f"{field}: want {truth.get(field)!r} got {got.get(field)!r}")
        want = Counter(tuple(_norm(line[k], "total") for k in ("quantity", "unit_price", "amount"))
                       for line in truth["lines"])
        have = Counter(tuple(_norm(line[k], "total") for k in ("quantity", "unit_price", "amount"))
                       for line in got["lines"])
        lines_ok += sum((want & have).values())
        lines_n += (sum(want.values()) + sum(have.values())) / 2
        docs += 1
        if want != have:
            right_lines, read = sum((want & have).values()), sum(have.values())
            misses.append(f"lines: {right_lines} of {sum(want.values())} right, {read} read")
        clean += not misses
        if misses and args.verbose:
            print(f"{truth['file']} [{truth.get('format')}, {truth.get('layout')}]: " + "; ".join(misses))
    print(f"documents {docs}, fields {sum(right.values()) / max(sum(total.values()), 1):.3f}, "
          f"line F1 {lines_ok / max(lines_n, 1):.3f}, clean {clean / max(docs, 1):.3f}")
    print("  " + "  ".join(f"{f} {right[f] / max(total[f], 1):.2f}" for f in FIELDS))
    by_format = sorted({f for f, _ in formats})
    print("  " + "  ".join(f"{f} {formats[(f, True)] / max(formats[(f, True)] + formats[(f, False)], 1):.2f}"
                           for f in by_format))
    return 0


if __name__ == "__main__":
    sys.exit(main())
