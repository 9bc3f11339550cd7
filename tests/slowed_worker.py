"""`portal worker`, with each document's reading held up, so a test can kill it mid-document.

    python tests/slowed_worker.py worker --workers 1

When a reading starts it creates the file PORTAL_TEST_READING_STARTED, then waits
PORTAL_TEST_READING_DELAY seconds before reading. Huey forks its worker processes from
this one, so they inherit the delay; nothing in the portal itself knows about it.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

from portal.cli import main
from portal.intake import processing

_read_document = processing.read_document


def held_up_reading(data: bytes, mime_type: str):
    """Say that reading started, wait, then read as the portal does."""
    Path(os.environ["PORTAL_TEST_READING_STARTED"]).touch()
    time.sleep(float(os.environ["PORTAL_TEST_READING_DELAY"]))
    return _read_document(data, mime_type)


if __name__ == "__main__":
    processing.read_document = held_up_reading
    main()
