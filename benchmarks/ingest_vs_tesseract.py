"""Reading a corpus with the portal's reader against plain `tesseract -l eng+jpn`, timed.

    python benchmarks/ingest_vs_tesseract.py [CORPUS_DIR] [RUNS]

Both sides use the same two cores. The portal side calls `read_pages` on each document in
manifest order, two documents at a time (as the portal's two job workers would). The plain
side runs `tesseract -l eng+jpn IMAGE stdout` over the same pages, two at a time; PDFs with
a text layer are not OCRed on either side, and scanned PDFs are rendered to PNG before
the clock starts. The two sides alternate, plain first, RUNS times (default 2), so both
see the same load on a shared machine; prints the median times and their ratio (portal /
plain; lower is better).
"""
from __future__ import annotations

import os
import statistics
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


def time_plain(inputs: list[tuple[Path, int]]) -> float:
    """Seconds for plain Tesseract over every input, `PARALLEL` at a time."""
    started = time.perf_counter()
    with ThreadPoolExecutor(PARALLEL) as pool:
        list(pool.map(plain_tesseract, [path for path, _ in inputs]))
    return time.perf_counter() - started


def time_portal(paths: list[Path]) -> tuple[float, int]:
    """Seconds for the portal's reader over every document, `PARALLEL` at a time, and its words."""
    started = time.perf_counter()
    with ProcessPoolExecutor(PARALLEL) as pool:
        words = sum(pool.map(read_document, paths))
    return time.perf_counter() - started, words


def main(argv: list[str]) -> None:
    """Time both readers over the corpus, alternating, and print the medians and their ratio."""
    corpus = Path(argv[1]) if len(argv) > 1 else DEFAULT_CORPUS
    runs = int(argv[2]) if len(argv) > 2 else 2
    paths = documents(corpus)
    os.environ["OMP_THREAD_LIMIT"] = "1"
    plain_times, portal_times = [], []
    with tempfile.TemporaryDirectory() as scratch:
        inputs = plain_inputs(paths, Path(scratch))
        for _ in range(runs):
            plain_times.append(time_plain(inputs))
            portal, words = time_portal(paths)
            portal_times.append(portal)
    plain, portal = statistics.median(plain_times), statistics.median(portal_times)

    ocr_pages = sum(frames for _, frames in inputs)
    print(f"corpus            {corpus} ({len(paths)} documents, {ocr_pages} pages to OCR)")
    print(f"plain tesseract   {plain:7.1f} s   (-l eng+jpn, {PARALLEL} at a time; runs "
          f"{', '.join(f'{t:.1f}' for t in plain_times)})")
    print(f"portal read_pages {portal:7.1f} s   ({words} words, {PARALLEL} documents at a time; runs "
          f"{', '.join(f'{t:.1f}' for t in portal_times)})")
    print(f"ratio portal/plain {portal / plain:6.2f}   (median of {runs}; per run "
          f"{', '.join(f'{b / a:.2f}' for a, b in zip(plain_times, portal_times, strict=True))})")


if __name__ == "__main__":
    main(sys.argv)
