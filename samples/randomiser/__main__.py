"""`python -m samples.randomiser OUT_DIR --seed N --count 200`: a random-layout corpus."""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from samples.randomiser.corpus import write_corpus


def main(argv: list[str] | None = None) -> None:
    """Write a corpus of invoices and quotes in random layouts, with their truth."""
    parser = argparse.ArgumentParser(prog="python -m samples.randomiser", description=main.__doc__)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args(argv)
    truths = write_corpus(args.outdir, args.count, args.seed)
    formats = Counter(t["format"] for t in truths)
    layouts = len({t["layout"] for t in truths})
    summary = ", ".join(f"{n} {k}" for k, n in sorted(formats.items()))
    print(f"wrote {len(truths)} documents in {layouts} layouts to {args.outdir}: {summary}")


if __name__ == "__main__":
    main()
