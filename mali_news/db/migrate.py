"""Bring a corpus database to the newest schema with the Alembic migrations in the package."""

from collections.abc import Callable
from functools import cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from mali_news import UserError


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "mali_news:migrations")
    return config


@cache
def head() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current(engine: Engine) -> str | None:
    """The schema revision of the database, or None for one Alembic never touched."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


# Any fixed number: the key of PostgreSQL's advisory lock around migrations.
_MIGRATION_LOCK = 5_170_113


class SchemaError(UserError, RuntimeError):
    """The database has tables but no schema version this release can upgrade from."""


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade in place (a no-op when already there); a new database gets the whole schema."""
    version = current(engine)
    if revision == "head" and version == head():
        return
    # Read the version again after seeing the tables: a worker starting beside another may have
    # seen neither, then both (PostgreSQL commits the tables and the version together).
    if version is None and is_corpus(engine) and current(engine) is None:
        raise SchemaError(
            f"{engine.url.render_as_string(hide_password=True)} has corpus tables but no schema "
            "version (a development build made it); crawl into a new database instead")
    run(engine, command.upgrade, revision)


def downgrade(engine: Engine, revision: str) -> None:
    run(engine, command.downgrade, revision)


def run(engine: Engine, alembic_command: Callable[[Config, str], None], revision: str) -> None:
    """Run an Alembic command on one connection, in one transaction."""
    config = alembic_config()
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            # SQLite ALTERs rebuild tables (copy, drop, rename): with foreign keys on, dropping
            # the old articles table would cascade to every child row, and the rename would
            # fail on the views that name the table while it is gone.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.exec_driver_sql("PRAGMA legacy_alter_table=ON")
            connection.commit()
        try:
            with connection.begin():
                if engine.dialect.name == "postgresql":
                    # Workers of a shared crawl start together: one migrates, the others wait
                    # and then find nothing left to do.
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
                config.attributes["connection"] = connection
                alembic_command(config, revision)
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA legacy_alter_table=OFF")
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def is_corpus(engine: Engine) -> bool:
    """Whether the database looks like a mali_news corpus (it has the articles table)."""
    return inspect(engine).has_table("articles")
