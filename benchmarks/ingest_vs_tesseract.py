"""Ingesting a corpus with the portal against plain `tesseract -l eng+jpn` over its pages, timed.

    python benchmarks/ingest_vs_tesseract.py [CORPUS_DIR] [RUNS]

The portal side is the portal's own ingest, as the end-to-end scorer runs it: a fresh
instance in a temporary folder (`PORTAL_INSTANCE`, no `DATABASE_URL`), `portal init-db`
and `portal import-master` untimed, then `portal ingest --wait` over every manifest file
in order, timed as a whole (start-up, upload, reading, extraction, matching, commits).
The plain side runs `tesseract -l eng+jpn IMAGE stdout` over the same pages, two at a
time with `OMP_THREAD_LIMIT=1`; PDF pages with a text layer are not OCRed, and scanned
PDF pages are rendered to PNG before the clock starts. The two sides alternate, plain
first, RUNS times (default 5: single runs vary by a few percent on a shared machine), so
both see the same load; prints the median times and their ratio (portal / plain; lower
is better).
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ocr.pages import PDF, has_text_layer, page_count, render_pdf_page  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
PORTAL = ROOT / ".venv" / "bin" / "portal"
MIME = {".pdf": PDF, ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
        ".tif": "image/tiff", ".tiff": "image/tiff"}
PARALLEL = 2


def manifest(corpus: Path) -> list[str]:
    """The corpus's document file names, in manifest (upload) order."""
    return [line.strip() for line in (corpus / "manifest.txt").read_text().splitlines() if line.strip()]


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


def time_portal(corpus: Path, names: list[str]) -> float:
    """Seconds for `portal ingest --wait` over every document, in a fresh instance."""
    with tempfile.TemporaryDirectory() as instance:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "OMP_THREAD_LIMIT")}
        env["PORTAL_INSTANCE"] = instance

        def portal(*args: str) -> None:
            subprocess.run([str(PORTAL), *args], cwd=corpus / "documents", env=env, check=True,
                           stdout=subprocess.DEVNULL)

        portal("init-db")
        portal("import-master", str(corpus / "master"))
        started = time.perf_counter()
        portal("ingest", "--wait", *names)
        return time.perf_counter() - started


def main(argv: list[str]) -> None:
    """Time both sides over the corpus, alternating, and print the medians and their ratio."""
    corpus = (Path(argv[1]) if len(argv) > 1 else DEFAULT_CORPUS).resolve()
    runs = int(argv[2]) if len(argv) > 2 else 5
    names = manifest(corpus)
    plain_times, portal_times = [], []
    with tempfile.TemporaryDirectory() as scratch:
        inputs = plain_inputs([corpus / "documents" / name for name in names], Path(scratch))
        for _ in range(runs):
            plain_times.append(time_plain(inputs))
            portal_times.append(time_portal(corpus, names))
    plain, portal = statistics.median(plain_times), statistics.median(portal_times)

    ocr_pages = sum(frames for _, frames in inputs)
    print(f"corpus             {corpus} ({len(names)} documents, {ocr_pages} pages to OCR)")
    print(f"plain tesseract    {plain:7.1f} s   (-l eng+jpn, {PARALLEL} at a time; runs "
          f"{', '.join(f'{t:.1f}' for t in plain_times)})")
    print(f"portal ingest      {portal:7.1f} s   (portal ingest --wait, fresh instance; runs "
          f"{', '.join(f'{t:.1f}' for t in portal_times)})")
    print(f"ratio portal/plain {portal / plain:7.2f}   (median of {runs}; per run "
          f"{', '.join(f'{b / a:.2f}' for a, b in zip(plain_times, portal_times, strict=True))})")


if __name__ == "__main__":
    main(sys.argv)
