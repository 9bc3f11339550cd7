"""Creating and migrating the database with Alembic."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig

from portal.extensions import db

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _alembic(connection) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade() -> None:
    """Create the database or bring it to the newest schema (inside an app context)."""
    with db.engine.begin() as connection:
        command.upgrade(_alembic(connection), "head")


def new_revision(message: str) -> None:
    """Write a migration for the difference between the models and the database (developers)."""
    with db.engine.begin() as connection:
        command.revision(_alembic(connection), message=message, autogenerate=True)
