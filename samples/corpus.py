"""A held-out corpus: other suppliers, layouts and wording than the dev corpus, with truth."""
from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

from samples.degrade import FORMATS, MULTI_PAGE, encode
from samples.page import to_image, to_pdf
from samples.render import render_pages
from samples.world import DemoDocument, heldout_world, write_corpus_files

# --- a held-out corpus ---------------------------------------------------------------------

def _pick_format(document: DemoDocument, pages: int, used: Counter, rng: random.Random) -> str:
    """The least used format the document can take (several pages: TIFF or PDF only)."""
    allowed = list(MULTI_PAGE if pages > 1 else FORMATS)
    if document.supplier.language == "en":
        allowed.append("pdf-digital")
    least = min(used[f] for f in allowed)
    return rng.choice([f for f in allowed if used[f] == least])


def write_corpus(outdir: Path, count: int = 24, seed: int = 7) -> list[dict]:
    """documents/, truth/, master/ and manifest.txt, in the shape of the dev corpus; returns the truths."""
    world = heldout_world(count, seed)
    rng = random.Random(seed)
    return write_corpus_files(outdir, world, rng, _file_for)


def _file_for(document: DemoDocument, sent: dict, used: Counter, rng: random.Random) -> tuple[str, bytes, str]:
    """(extension, bytes, format): the first duplicate is the very same file uploaded again, later
    ones are the same invoice sent anew."""
    key = (document.supplier.code, document.number)
    if document.variant == "duplicate" and not any(k == "same_bytes" for k in used):
        used["same_bytes"] += 1
        ext, data, fmt = sent[key]
    else:
        pages = render_pages(document)
        fmt = _pick_format(document, len(pages), used, rng)
        if fmt == "pdf-digital":
            ext, data = "pdf", to_pdf(pages)
        else:
            ext, data = encode([to_image(p) for p in pages], fmt, rng)
        used[fmt] += 1
    sent.setdefault(key, (ext, data, fmt))
    return ext, data, fmt


def main(argv: list[str] | None = None) -> None:
    """Write a held-out corpus: other suppliers, layouts and wording than the dev corpus."""
    parser = argparse.ArgumentParser(prog="python -m samples.render", description=main.__doc__)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--count", type=int, default=24)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    truths = write_corpus(args.outdir, args.count, args.seed)
    kinds = Counter(f"{t['format']}" for t in truths)
    summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    print(f"wrote {len(truths)} documents to {args.outdir}: {summary}")
