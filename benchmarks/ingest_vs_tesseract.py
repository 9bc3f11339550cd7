"""Reading a corpus with the portal's reader against plain `tesseract -l eng+jpn`, timed.

    python benchmarks/ingest_vs_tesseract.py [CORPUS_DIR]

Both sides use the same two cores. The portal side calls `read_pages` on each document in
manifest order, two documents at a time (as the portal's two job workers would). The plain
side runs `tesseract -l eng+jpn IMAGE stdout` over the same pages, two at a time; PDFs with
a text layer are not OCRed on either side, and scanned PDFs are rendered to PNG before
the clock starts. Prints both times and their ratio (portal / plain; lower is better).
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ocr.pages import PDF, has_text_layer, page_count, render_pdf_page  # noqa: E402
from ocr.reading import read_pages  # noqa: E402

DEFAULT_CORPUS = Path("/work/shared/corpus/dev")
MIME = {".pdf": PDF, ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
        ".tif": "image/tiff", ".tiff": "image/tiff"}
PARALLEL = 2


def documents(corpus: Path) -> list[Path]:
    """The corpus documents in manifest order."""
    names = [line.strip() for line in (corpus / "manifest.txt").read_text().splitlines() if line.strip()]
    return [corpus / "documents" / name for name in names]


def read_document(path: Path) -> int:
    """Read one document with the portal's reader; its number of words."""
    pages = read_pages(path.read_bytes(), MIME[path.suffix.lower()])
    return sum(len(page.words) for page in pages)


def plain_inputs(paths: list[Path], scratch: Path) -> list[tuple[Path, int]]:
    """Image files (and TIFF frame counts) plain Tesseract reads: scanned PDF pages as PNG."""
    inputs = []
    for path in paths:
        data = path.read_bytes()
        if path.suffix.lower() != ".pdf":
            inputs.append((path, page_count(data, MIME[path.suffix.lower()])))
            continue
        for index in range(page_count(data, PDF)):
            if has_text_layer(data, index):
                continue
            png = scratch / f"{path.stem}-{index + 1}.png"
            render_pdf_page(data, index).save(png)
            inputs.append((png, 1))
    return inputs


def plain_tesseract(path: Path) -> int:
    """Plain Tesseract over one image file, one thread; the length of its text."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    result = subprocess.run(["tesseract", "-l", "eng+jpn", str(path), "stdout"], capture_output=True,
                            env=env, check=True)
    return len(result.stdout)


def main(argv: list[str]) -> None:
    """Time both readers over the corpus and print the ratio."""
    corpus = Path(argv[1]) if len(argv) > 1 else DEFAULT_CORPUS
    paths = documents(corpus)
    with tempfile.TemporaryDirectory() as scratch:
        inputs = plain_inputs(paths, Path(scratch))
        started = time.perf_counter()
        with ThreadPoolExecutor(PARALLEL) as pool:
            list(pool.map(plain_tesseract, [path for path, _ in inputs]))
        plain = time.perf_counter() - started

    os.environ["OMP_THREAD_LIMIT"] = "1"
    started = time.perf_counter()
    with ProcessPoolExecutor(PARALLEL) as pool:
        words = sum(pool.map(read_document, paths))
    portal = time.perf_counter() - started

    ocr_pages = sum(frames for _, frames in inputs)
    print(f"corpus            {corpus} ({len(paths)} documents, {ocr_pages} pages to OCR)")
    print(f"plain tesseract   {plain:7.1f} s   (-l eng+jpn, {PARALLEL} at a time)")
    print(f"portal read_pages {portal:7.1f} s   ({words} words, {PARALLEL} documents at a time)")
    print(f"ratio portal/plain {portal / plain:6.2f}")


if __name__ == "__main__":
    main(sys.argv)
