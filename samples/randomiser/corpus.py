"""Writing a random-layout corpus in the shape of the dev corpus: documents/, truth/,
master/ and manifest.txt, every format the dev corpus has."""
from __future__ import annotations

import io
import random
from collections import Counter
from pathlib import Path

from samples.degrade import FORMATS, MULTI_PAGE, encode, scan
from samples.page import Page, to_image, to_pdf
from samples.randomiser.plan import random_world
from samples.randomiser.sheet import render_pages
from samples.world import DemoDocument, write_corpus_files

SINGLE_PAGE = (*FORMATS, "jpg-scan")
TEXT_LAYER_FACES = {"sans", "serif"}  # page.to_pdf writes these as Helvetica and Times


def born_digital(pages: list[Page]) -> bool:
    """Whether the pages can be a PDF with a true text layer: Latin faces, WinAnsi text only."""
    for page in pages:
        for kind, *args in page.ops:
            if kind != "text":
                continue
            text, face = args[2], args[6]
            if face not in TEXT_LAYER_FACES:
                return False
            try:
                text.encode("cp1252")
            except UnicodeEncodeError:
                return False
    return True


def pick_format(pages: list[Page], used: Counter, rng: random.Random) -> str:
    """The least used format the pages can take (several pages: TIFF or PDF only)."""
    allowed = list(MULTI_PAGE if len(pages) > 1 else SINGLE_PAGE)
    if born_digital(pages):
        allowed.append("pdf-digital")
    least = min(used[f] for f in allowed)
    return rng.choice([f for f in allowed if used[f] == least])


FED_TURNED = 0.06  # of scans, the share whose first page was fed upside down or on its side
SCANNED = ("png-scan", "jpg-scan", "pdf-scan")


def document_file(pages: list[Page], fmt: str, rng: random.Random,
                  feeding: random.Random | None = None) -> tuple[str, bytes]:
    """The file a clerk would receive: (extension, bytes). `feeding` decides whether a scan's
    first page went through the feeder turned (its own draws: the rest of the corpus is drawn
    the same with it or without)."""
    if fmt == "pdf-digital":
        return "pdf", to_pdf(pages)
    images = [to_image(page) for page in pages]
    if feeding is not None and fmt in SCANNED and feeding.random() < FED_TURNED:
        images[0] = images[0].rotate(feeding.choice((180, 90, 270)), expand=True)
    if fmt == "jpg-scan":  # a flatbed scan saved as JPEG
        out = io.BytesIO()
        scan(images[0], rng).save(out, "JPEG", quality=rng.randrange(80, 93), dpi=(200, 200))
        return "jpg", out.getvalue()
    return encode(images, fmt, rng)


def write_corpus(outdir: Path, count: int = 200, seed: int = 1) -> list[dict]:
    """The corpus for `seed` under outdir; returns the truths in upload order."""
    world = random_world(count, seed)
    rng = random.Random(f"files-{seed}")
    return write_corpus_files(outdir, world, rng, _file_for)


def _file_for(document: DemoDocument, sent: dict, used: Counter, rng: random.Random) -> tuple[str, bytes, str]:
    """(extension, bytes, format): the first duplicate is the very same file sent again,
    later ones are the same invoice scanned anew."""
    key = (document.supplier.code, document.number)
    if document.variant == "duplicate" and not used["same_bytes"] and key in sent:
        used["same_bytes"] += 1
        return sent[key]
    pages = render_pages(document)
    fmt = pick_format(pages, used, rng)
    used[fmt] += 1
    ext, data = document_file(pages, fmt, rng, random.Random(f"fed-{key}-{document.variant}"))
    sent.setdefault(key, (ext, data, fmt))
    return ext, data, fmt
