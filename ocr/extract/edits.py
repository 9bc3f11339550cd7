"""How far apart two readings are, in characters changed, lost or added."""

from __future__ import annotations


def edits(a: str, b: str) -> int:
    """Characters changed, lost or added from a to b (the Levenshtein distance)."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def within_edits(a: str, b: str, most: int) -> bool:
    """Whether b is at most `most` characters changed, lost or added from a: the Levenshtein
    distance worked out only near the diagonal, given up once every path costs more."""
    if abs(len(a) - len(b)) > most:
        return False
    far = most + 1
    previous = [j if j <= most else far for j in range(len(b) + 1)]
    for i, x in enumerate(a, start=1):
        current = [i if i <= most else far] + [far] * len(b)
        for j in range(max(1, i - most), min(len(b), i + most) + 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != b[j - 1]), far)
        if min(current) > most:
            return False
        previous = current
    return previous[-1] <= most


def edits_within(number: str, text: str) -> int:
    """Edits from `number` to the closest stretch of `text` (stray characters at either end are free)."""
    previous = [0] * (len(text) + 1)
    for i, a in enumerate(number, start=1):
        current = [i] + [0] * len(text)
        for j, b in enumerate(text, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
        previous = current
    return min(previous)


def within_one_edit(a: str, b: str) -> bool:
    """True when b is a with at most one character changed, dropped or added."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
