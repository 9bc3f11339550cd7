"""Print the line counts of the longest modules and the ten longest functions.

Used for the before/after figures of a refactoring note:
    python scripts/code-figures.py [module ...]
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOTS = ("portal", "ocr")


def _sources() -> list[Path]:
    return sorted(p for root in ROOTS for p in Path(root).rglob("*.py") if "migrations" not in p.parts)


def _functions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.end_lineno - node.lineno + 1, f"{path}:{node.lineno} {node.name}"


def main(named: list[str]) -> None:
    sources = _sources()
    counts = {str(p): len(p.read_text(encoding="utf-8").splitlines()) for p in sources}
    print("modules over 400 lines:")
    for name, lines in sorted(counts.items(), key=lambda kv: -kv[1]):
        if lines > 400:
            print(f"  {lines:5d}  {name}")
    for name in named:
        print(f"  {counts.get(name, 'gone'):>5}  {name}")
    print("ten longest functions:")
    longest = sorted((f for p in sources for f in _functions(p)), reverse=True)[:10]
    for lines, where in longest:
        print(f"  {lines:5d}  {where}")


if __name__ == "__main__":
    main(sys.argv[1:])
