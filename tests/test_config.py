"""Configuration from the environment: instance folder, database, queue, secret key."""
from __future__ import annotations

from huey import RedisHuey, SqliteHuey

from portal.config import Config
from portal.queue import make_queue


def test_everything_lives_in_the_instance_folder_by_default(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_INSTANCE", str(tmp_path / "inst"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    config = Config()
    assert config.SQLALCHEMY_DATABASE_URI == f"sqlite:///{tmp_path / 'inst' / 'portal.db'}"
    assert config.STORAGE_DIR == tmp_path / "inst" / "originals"
    key = (tmp_path / "inst" / "secret_key").read_text()
    assert config.SECRET_KEY == key and len(key) >= 32
    assert Config().SECRET_KEY == key  # generated once, then kept


def test_database_url_selects_postgresql_with_psycopg3(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_INSTANCE", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example:5432/portal")
    assert Config().SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u:p@db.example:5432/portal"


def test_secret_key_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_INSTANCE", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "from-env")
    assert Config().SECRET_KEY == "from-env"
    assert not (tmp_path / "secret_key").exists()


def test_queue_is_sqlite_in_the_instance_folder_unless_redis_url_is_set(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_INSTANCE", str(tmp_path))
    monkeypatch.delenv("REDIS_URL", raising=False)
    queue = make_queue()
    assert isinstance(queue, SqliteHuey)
    assert queue.storage.filename == str(tmp_path / "queue.db")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6399/0")
    assert isinstance(make_queue(), RedisHuey)


def test_upload_limit_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_INSTANCE", str(tmp_path))
    monkeypatch.setenv("PORTAL_MAX_UPLOAD_MB", "3")
    assert Config().MAX_UPLOAD_MB == 3
