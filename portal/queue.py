"""The background job queue: SqliteHuey in the instance folder, RedisHuey with REDIS_URL."""
from __future__ import annotations

import os

from huey import RedisHuey, SqliteHuey

from portal.config import instance_path


def make_queue():
    """The queue named by the environment (read once, at import, by web and worker alike)."""
    if url := os.environ.get("REDIS_URL"):
        return RedisHuey("portal", url=url)
    folder = instance_path()
    folder.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("portal", filename=str(folder / "queue.db"))


huey = make_queue()
