"""What reading a document produces: pages of positioned words, then fields."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Word:
    """One word on a page, with its box in page pixels and Tesseract's confidence (0-100)."""

    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float
    line: int  # words sharing this number were read as one line of text

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    def overlap(self, other: Word) -> float:
        """The area the two boxes share, as a share of the smaller."""
        w = min(self.right, other.right) - max(self.left, other.left)
        h = min(self.bottom, other.bottom) - max(self.top, other.top)
        if w <= 0 or h <= 0:
            return 0.0
        return w * h / max(1, min(self.width * self.height, other.width * other.height))


SURELY_READ = 80  # a word read with this confidence counts for its reading


def surely_read(words: list[Word]) -> int:
    """How many characters a reading holds in words read surely."""
    return sum(len(w.text) for w in words if w.confidence >= SURELY_READ)


@dataclass
class Page:
    """One page as read: its words in reading order and how they were obtained."""

    number: int  # 1-based
    width: int
    height: int
    words: list[Word] = field(default_factory=list)
    source: str = "ocr"  # "ocr" or "text-layer"
    language: str = ""  # Tesseract languages used, e.g. "eng" or "eng+jpn"; "" for text layers

    def lines(self) -> list[list[Word]]:
        """The words of each line OCR read, in reading order."""
        lines: dict[int, list[Word]] = {}
        for w in self.words:
            lines.setdefault(w.line, []).append(w)
        return list(lines.values())

    @property
    def text(self) -> str:
        return "\n".join(" ".join(w.text for w in line) for line in self.lines())
