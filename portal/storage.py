"""Originals, stored once, byte for byte, under their SHA-256, and never modified."""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from flask import current_app


def _root() -> Path:
    root = Path(current_app.config["STORAGE_DIR"])
    root.mkdir(parents=True, exist_ok=True)
    return root


def path_for(sha256: str) -> Path:
    """Where the original with this digest lives (two-level fan-out keeps folders small)."""
    return _root() / sha256[:2] / sha256


def store(data: bytes) -> str:
    """Write the bytes under their SHA-256 unless already there; return the digest."""
    digest = hashlib.sha256(data).hexdigest()
    target = path_for(digest)
    if target.exists():
        return digest
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o444)
        os.replace(tmp, target)  # atomic: readers never see half a file
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return digest


def exists(sha256: str) -> bool:
    """Whether the original with this digest is kept."""
    return path_for(sha256).is_file()


def read(sha256: str) -> bytes:
    """The original's bytes, verified against their digest."""
    data = path_for(sha256).read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise OSError(f"stored original {sha256} does not match its digest")
    return data
