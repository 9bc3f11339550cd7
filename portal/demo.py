"""Loading the demo into a running portal: its master data, then a handful of rendered
documents uploaded and processed the way a clerk's uploads are.

The demo world and its renderer live apart from the application, in `samples`; this is
the only part of the demo that needs Flask (`portal demo`).
"""
from __future__ import annotations

import random

from sqlalchemy import func, select

from portal.extensions import db
from portal.intake.services import accept_uploads, queue_processing
from portal.masterdata.importer import import_master
from portal.models import Document, Supplier
from samples.degrade import encode
from samples.render import render, render_pdf
from samples.world import DemoDocument, demo_world, master_csv

# How each demo document arrives, in upload order (see samples.world.DEMO_PLAN).
DEMO_FORMATS = ["pdf-digital", "png-scan", "jpg-photo", "pdf-scan", "pdf-scan", "png-scan"]


def is_empty() -> bool:
    """True when the portal has neither documents nor suppliers."""
    documents = db.session.scalar(select(func.count()).select_from(Document))
    suppliers = db.session.scalar(select(func.count()).select_from(Supplier))
    return not documents and not suppliers


def demo_file(document: DemoDocument, fmt: str, index: int) -> tuple[str, bytes]:
    """The document as an uploaded file: (file name, bytes)."""
    if fmt == "pdf-digital":
        ext, data = "pdf", render_pdf(document)
    else:
        ext, data = encode(render(document), fmt, random.Random(index))
    supplier = document.supplier
    slug = supplier.name.split()[0].lower() if supplier.language == "en" else supplier.code
    return f"demo-{index:02d}-{document.kind}-{slug}.{ext}", data


def load_demo(limit: int | None = None) -> int:
    """Import the demo's master data, upload its documents (the first `limit` of them),
    commit, and queue them for processing. Returns how many documents were queued."""
    world = demo_world()
    import_master(master_csv(world))
    try:
        from portal.matching.services import rematch_all
    except ImportError:  # matching not installed: nothing to re-match
        pass
    else:
        rematch_all()
    documents = world.documents[:limit] if limit is not None else world.documents
    arrivals = zip(documents, DEMO_FORMATS, strict=False)
    files = [demo_file(d, fmt, i) for i, (d, fmt) in enumerate(arrivals, start=1)]
    accepted = [o.document for o in accept_uploads(files, user=None) if o.document is not None]
    db.session.commit()
    queue_processing(accepted)
    return len(accepted)
