"""A held-out corpus: other suppliers, layouts and wording than the dev corpus, with truth."""
from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path

from samples.degrade import FORMATS, MULTI_PAGE, encode
from samples.page import to_image, to_pdf
from samples.render import render_pages
from samples.world import DemoDocument, heldout_world, prepare_corpus, truth

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
    prepare_corpus(outdir, world)
    numbers = rng.sample(range(1, len(world.documents) + 1), len(world.documents))
    used: Counter = Counter()
    sent: dict[tuple[str, str], tuple[str, bytes, str]] = {}
    manifest, truths = [], []
    for number, document in zip(numbers, world.documents, strict=True):
        key = (document.supplier.code, document.number)
        if document.variant == "duplicate" and not any(k == "same_bytes" for k in used):
            used["same_bytes"] += 1  # the first duplicate is the very same file uploaded again
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
        file = f"doc-{number:03d}.{ext}"
        (outdir / "documents" / file).write_bytes(data)
        record = truth(document, file, fmt)
        (outdir / "truth" / f"doc-{number:03d}.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        manifest.append(file)
        truths.append(record)
    (outdir / "manifest.txt").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return truths


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
