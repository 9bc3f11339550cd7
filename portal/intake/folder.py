"""The scanner's folder: every file dropped into PORTAL_CONSUME_DIR is ingested once.

A file is taken once its size and modification time were the same at two looks in a row (a
scanner still writing it changes them). It is first renamed into `.consuming/` (of two
watchers on one shared folder only one wins the rename), read, accepted through the intake
service as an upload is, committed and queued for reading, then moved to `processed/`. A file
the intake refuses, or with the same bytes as a document the portal already has, goes to
`failed/` with `NAME.reason.txt` beside it. Nothing a restart needs is kept in memory: what
arrived while no watcher ran is found at the next look, and a file left in `.consuming/` by a
watcher that stopped half-way is finished by the next one.
"""
from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from portal.extensions import db
from portal.intake.services import UploadRefused, accept_upload, queue_processing, stored_file_name
from portal.models import Document

log = logging.getLogger(__name__)

PROCESSED, FAILED, CONSUMING = "processed", "failed", ".consuming"
REASON_SUFFIX = ".reason.txt"
# Names a scanner or a copy gives a file while it is still writing it.
UNFINISHED_SUFFIXES = (".tmp", ".part", ".crdownload", ".partial", "~")
# A file in `.consuming/` untouched this long was left by a watcher that stopped.
LEFT_BEHIND_SECONDS = 60.0


@dataclass
class Consumed:
    """What became of one file: the document made, or the reason it went to failed/."""

    name: str
    document_id: int | None = None
    reason: str | None = None


class ScannerFolder:
    """One watched folder and what its last look saw."""

    def __init__(self, root: Path, left_behind_seconds: float = LEFT_BEHIND_SECONDS) -> None:
        self.root = Path(root)
        self.left_behind_seconds = left_behind_seconds
        self.seen: dict[str, tuple[int, int]] = {}  # name -> (size, mtime_ns) at the last look
        for sub in (PROCESSED, FAILED, CONSUMING):
            (self.root / sub).mkdir(parents=True, exist_ok=True)

    def ready(self) -> list[Path]:
        """The files whose size and time have not changed since the last look, oldest first."""
        now: dict[str, tuple[int, int]] = {}
        stable = []
        for path in self.root.iterdir():
            if not _candidate(path):
                continue
            try:
                info = path.stat()
            except FileNotFoundError:
                continue
            now[path.name] = (info.st_size, info.st_mtime_ns)
            if self.seen.get(path.name) == now[path.name]:
                stable.append((info.st_mtime_ns, path))
        self.seen = now
        return [path for _mtime, path in sorted(stable)]

    def left_behind(self) -> list[Path]:
        """Files a stopped watcher left in `.consuming/`."""
        cutoff = time.time() - self.left_behind_seconds
        return sorted(p for p in (self.root / CONSUMING).iterdir()
                      if p.is_file() and p.stat().st_ctime <= cutoff)

    def look(self) -> list[Consumed]:
        """One look: finish what was left behind, then take every file that stopped changing."""
        done = [self.finish(path, recovering=True) for path in self.left_behind()]
        for path in self.ready():
            working = self.root / CONSUMING / path.name
            try:
                path.rename(working)
            except FileNotFoundError:  # another watcher took it
                continue
            done.append(self.finish(working))
        return done

    def finish(self, working: Path, recovering: bool = False) -> Consumed:
        """Ingest one file taken into `.consuming/` and move it where it belongs; commits."""
        name = working.name
        limit = current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024
        if working.stat().st_size > limit:
            return self._failed(working, _("%(name)s is larger than the %(mb)s MB limit.", name=name,
                                           mb=current_app.config["MAX_UPLOAD_MB"]))
        data = working.read_bytes()
        existing = db.session.scalar(select(Document).where(
            Document.sha256 == hashlib.sha256(data).hexdigest()).order_by(Document.id).limit(1))
        if existing is not None:
            if recovering and existing.source == "folder" and existing.file_name == stored_file_name(name):
                # Ingested before the watcher stopped, not yet moved: done, not a duplicate.
                self._move(working, PROCESSED)
                return Consumed(name, document_id=existing.id)
            return self._failed(working, _("The same file as document %(id)s (%(name)s): not ingested again.",
                                           id=existing.id, name=existing.file_name))
        try:
            document = accept_upload(name, data)
        except UploadRefused as exc:
            db.session.rollback()
            return self._failed(working, str(exc))
        document.source = "folder"
        db.session.commit()
        queue_processing([document])
        self._move(working, PROCESSED)
        log.info("scanner folder: %s is document %s", name, document.id)
        return Consumed(name, document_id=document.id)

    def _failed(self, working: Path, reason: str) -> Consumed:
        target = self._move(working, FAILED)
        target.with_name(target.name + REASON_SUFFIX).write_text(reason + "\n", encoding="utf-8")
        log.warning("scanner folder: %s failed: %s", working.name, reason)
        return Consumed(working.name, reason=reason)

    def _move(self, working: Path, sub: str) -> Path:
        """Move into `sub`, never over a file of the same name there (a time is added)."""
        target = self.root / sub / working.name
        if target.exists():
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            target = target.with_name(f"{working.stem}-{stamp}{working.suffix}")
        working.rename(target)
        return target


def _candidate(path: Path) -> bool:
    """A file someone dropped: not a folder, not hidden, not a name given while writing, not a reason."""
    name = path.name
    return (path.is_file() and not name.startswith(".") and not name.endswith(UNFINISHED_SUFFIXES)
            and not name.endswith(REASON_SUFFIX))
