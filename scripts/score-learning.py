#!/usr/bin/env python3
"""Scores learning from corrections over a corpus, in process, from cached OCR.

    .venv/bin/python scripts/score-learning.py CORPUS [--cache DIR] [-v]

Documents are read in manifest order, as ../shared/eval/run-stream.sh feeds them: each is
extracted, then read again where its supplier's memory points (`ocr.extract.memory.recall`,
judged by `portal.learning.settle.settle`, as the portal does); the header fields are
scored, and every wrong one is learnt from its true value (`memory.learn`), as a clerk's
correction teaches the portal. Suppliers are told by the truth's supplier code, so no
master is needed. For development only: the portal's figures come from run-stream.sh.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ocr.extract import extract_fields, memory, recall  # noqa: E402
from portal.learning.settle import settle  # noqa: E402

score_extraction = __import__("score-extraction")


def typed(field: str, value):
    if value in (None, ""):
        return None
    if field in memory.AMOUNTS:
        return Decimal(str(value))
    if field in ("issue_date", "due_date"):
        return date.fromisoformat(str(value))
    return value


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    cache = args.cache or Path("/tmp/extract-cache") / args.corpus.resolve().name
    cache.mkdir(parents=True, exist_ok=True)
    fields = [f for f in memory.KINDS]
    placements: dict[tuple[str, str], dict[str, memory.Placement]] = {}
    corrected: set[str] = set()
    right = total = after_right = after_total = clean_after = after_docs = 0
    misses = Counter()
    for name in (args.corpus / "manifest.txt").read_text().split():
        truth = json.loads((args.corpus / "truth" / (Path(name).stem + ".json")).read_text())
        pages = score_extraction.pages_of(args.corpus / "documents" / name, cache)
        got = extract_fields(pages).fields
        generic = {f: typed(f, got.get(f)) for f in fields}
        supplier = truth["supplier_code"]
        known = placements.get((supplier, truth["doc_type"]), {})
        if known:
            lines_sum = sum((Decimal(str(line["amount"])) for line in got["lines"] if line.get("amount")), Decimal(0))
            recalled = recall.recall(pages, list(known.values()))
            kept, _ = settle(generic, recalled, lines_sum or None, set(memory.AMOUNTS))
            generic |= {f: r.value for f, r in kept.items()}
        wrong = [f for f in fields
                 if score_extraction._norm(truth.get(f), f) != score_extraction._norm(generic.get(f), f)]
        right += len(fields) - len(wrong)
        total += len(fields)
        if supplier in corrected:
            after_docs += 1
            after_right += len(fields) - len(wrong)
            after_total += len(fields)
            clean_after += not wrong
            misses.update(wrong)
            if wrong and args.verbose:
                print(name, supplier, "; ".join(f"{f}: want {truth.get(f)!r} got {generic.get(f)!r}" for f in wrong))
        for f in wrong:
            placement = memory.learn(pages, f, typed(f, truth.get(f)))
            if placement is not None:
                placements.setdefault((supplier, truth["doc_type"]), {})[f] = placement
        if wrong:
            corrected.add(supplier)
    print(f"fields {right / max(total, 1):.3f}; after a supplier's first correction: {after_docs} documents, "
          f"fields {after_right / max(after_total, 1):.3f}, "
          f"needing no correction {clean_after / max(after_docs, 1):.3f}")
    print("  misses after correction:", dict(misses.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
