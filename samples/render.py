"""Drawing invoices and quotes: four house layouts on A4 at 200 dpi, as page images or as a
PDF with a real text layer (English only: the standard Helvetica and Times fonts).

`python -m samples.render OUTDIR [--count N] [--seed S]` writes a held-out corpus
(see samples.corpus).
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image

from samples.layouts import LAYOUTS
from samples.page import A4, Page, to_image, to_pdf
from samples.world import DemoDocument

__all__ = ["A4", "LAYOUTS", "render", "render_pages", "render_pdf", "write_corpus"]


def render_pages(document: DemoDocument) -> list[Page]:
    """The document drawn in its supplier's layout, one Page per sheet."""
    return LAYOUTS[document.supplier.layout](document).pages()


def render(document: DemoDocument) -> list[Image.Image]:
    """The document's pages as clean grayscale A4 images at 200 dpi."""
    return [to_image(page) for page in render_pages(document)]


def render_pdf(document: DemoDocument) -> bytes:
    """The document as a born-digital PDF with a text layer (English layouts only)."""
    if document.supplier.language != "en":
        raise ValueError("a text layer needs Helvetica or Times: English documents only")
    return to_pdf(render_pages(document))



def write_corpus(outdir: Path, count: int = 24, seed: int = 7) -> list[dict]:
    """A held-out corpus in the shape of the dev corpus (see samples.corpus)."""
    from samples.corpus import write_corpus as write

    return write(outdir, count, seed)


if __name__ == "__main__":
    from samples.corpus import main

    main()
