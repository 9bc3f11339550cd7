"""Kept pages in files, one per page, shared by the web processes of a machine.

A page drawn by one process answers the same request in every other: with N processes a page
is drawn once, not N times. Each file holds one answer (a line of JSON: status, type, headers
and until when it holds; then the body), is written whole under another name and renamed into
place (a reader never sees half a page), and is named by a SHA-256 of its key (`portal.pagecache`
builds the key: user, session, address, the counts of changes it stands on). A page past its
time is no answer. The folder is bounded in bytes: once a process has written an eighth of the
limit since it last looked, it deletes the pages unread for longer than any page holds, then
the least recently read until the folder is back under three quarters of the limit. Any process may delete any
page at any moment; a page gone is drawn again.
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class KeptPage:
    body: bytes
    status: int
    headers: tuple[tuple[str, str], ...]
    mimetype: str
    until: float  # the time (time.time()) it holds until


class PageStore:
    """Kept pages under `folder`, none for longer than `seconds`, at most `limit_bytes` of them (above)."""

    def __init__(self, folder: Path, seconds: float, limit_bytes: int):
        self.folder, self.seconds, self.limit_bytes = folder, seconds, limit_bytes
        self._written = 0  # bytes this process wrote since it last pruned
        self._lock = threading.Lock()

    def get(self, key: tuple) -> KeptPage | None:
        path = self._path(key)
        try:
            with path.open("rb") as file:
                head, body = file.read().split(b"\n", 1)
            page, now = json.loads(head), time.time()
            if now > page["until"]:
                return None
            os.utime(path, (now, now))  # read now: the least recently read go first
        except (OSError, ValueError, KeyError):  # not kept, deleted meanwhile, or not a page
            return None
        return KeptPage(body, page["status"], tuple(map(tuple, page["headers"])), page["mimetype"], page["until"])

    def put(self, key: tuple, page: KeptPage) -> None:
        if len(page.body) > self.limit_bytes // 4:
            return
        head = json.dumps({"status": page.status, "headers": page.headers, "mimetype": page.mimetype,
                           "until": page.until}).encode()
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        writing = path.with_name(f"{path.name}.{secrets.token_hex(4)}.writing")
        writing.write_bytes(head + b"\n" + page.body)
        os.replace(writing, path)
        os.utime(path, (time.time(), time.time()))
        with self._lock:
            self._written += len(head) + len(page.body)
            due = self._written > self.limit_bytes // 8
            if due:
                self._written = 0
        if due:
            self.prune()

    def prune(self) -> None:
        """Delete the pages not read for longer than any page holds (and any left half-written
        by a process that stopped), then the least recently read, until under three quarters of
        the limit."""
        now, pages = time.time(), []
        for entry in os.scandir(self.folder):
            try:
                stat = entry.stat()
            except FileNotFoundError:
                continue
            pages.append((stat.st_mtime, stat.st_size, entry.path))
        pages.sort()
        total = sum(size for _, size, _ in pages)
        for read_at, size, path in pages:
            if total > self.limit_bytes * 3 // 4 or now - read_at > self.seconds:
                _delete(path)
                total -= size

    def _path(self, key: tuple) -> Path:
        return self.folder / hashlib.sha256(repr(key).encode()).hexdigest()


def _delete(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:  # another process deleted it first
        pass
