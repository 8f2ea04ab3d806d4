"""The database as a command sees it: opened at the current schema, one transaction per call."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, TypeAlias, TypeVar

from bot import app as composition
from bot.core.errors import UserFacingError

# Storage is imported inside the functions: every command module loads at start-up.
if TYPE_CHECKING:
    from sqlmodel import Session

    from config.settings import Settings
    from storage.engine import Database as _Database
    from storage.retention import PruneCounts as _PruneCounts

# The storage types the service returns, named here so that commands need not import storage.
Database: TypeAlias = "_Database"
PruneCounts: TypeAlias = "_PruneCounts"

T = TypeVar("T")


class DatabaseBusy(UserFacingError):
    """Another program kept SQLite locked for longer than the busy timeout."""


class _DryRun(Exception):
    """Raised inside the transaction to roll a checked change back, carrying its result."""

    def __init__(self, result: object) -> None:
        super().__init__("dry run")
        self.result = result


@contextmanager
def opened(settings: Settings, create: bool = False) -> Iterator[Database]:
    """The configured database at the current schema, then closed.

    With `create` (`init`, `db upgrade`, `db restore`) it is created or brought to the
    current schema; without, one that is missing or behind raises DatabaseNotReady, so no
    command fills a wrongly named database or migrates before `ombud db upgrade`. A database
    in memory, gone when the command ends, is always created. Raises DatabaseUnavailable
    when it cannot be reached and DatabaseBusy when it stays locked.
    """
    from sqlalchemy.exc import OperationalError

    from storage.engine import DatabaseBusyError, is_sqlite_locked

    create = create or composition.is_in_memory(settings.database_url)
    if not create:
        composition.require_existing(settings)
    db = composition.open_database(settings)
    try:
        if create:
            composition.upgrade_checked(db)
        else:
            composition.require_current(db)
        yield db
    except DatabaseBusyError as exc:
        raise DatabaseBusy(exc.msgid, **exc.params) from exc
    except OperationalError as exc:
        if not is_sqlite_locked(exc):
            raise
        busy = DatabaseBusyError(db.busy_timeout_s)
        raise DatabaseBusy(busy.msgid, **busy.params) from exc
    finally:
        db.dispose()


def run_import(db: Database, work: Callable[[Session], T], dry_run: bool) -> T:
    """Run a change in one transaction; a dry run rolls it back and still returns the result."""
    if not dry_run:
        return db.run_sync(work)

    def checked(session: Session) -> T:
        raise _DryRun(work(session))

    try:
        db.run_sync(checked)
    except _DryRun as rolled_back:
        return rolled_back.result  # type: ignore[return-value]
    raise AssertionError("unreachable")


def upgrade(db: Database) -> None:
    """Bring a fresh database to the current schema."""
    from storage.migrate import upgrade as migrate

    migrate(db)


def prune(
    db: Database, *, today: date, text_months: int, delivery_months: int, dry_run: bool
) -> PruneCounts:
    """Remove what is past its keeping time (or count it, with dry_run), in one transaction."""
    from storage.retention import run_retention

    return run_retention(
        db, today=today, text_months=text_months, delivery_months=delivery_months, dry_run=dry_run
    )
