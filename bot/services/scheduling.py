"""Scheduling from the command line: the store that materialise and dispatch work on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.files import make_sqlite_private

if TYPE_CHECKING:
    from bot.core.scheduling import SchedulingStore
    from config.settings import Settings
    from storage.engine import Database


def scheduling_store(db: Database) -> SchedulingStore:
    """The store of check-ins, claims and deliveries over this database."""
    from storage.scheduling import SqlSchedulingStore

    return SqlSchedulingStore(db)


def nothing_due(settings: Settings, at: datetime | None = None) -> bool:
    """True only when a tick at `at` (default: now) is certain to find nothing to do.

    Answered on a SQLite file with the standard library, on PostgreSQL with psycopg, before
    the database layer loads; for any other database, or in any doubt, False: the full tick
    runs and decides.
    """
    return nothing_due_in(
        settings.database_url, settings_key(settings), settings.scheduler.horizon_days, at
    )


def nothing_due_in(
    database_url: str, key: str, horizon_days: int, at: datetime | None = None
) -> bool:
    """`nothing_due` from the settings it reads: the database, `settings_key` and the horizon.

    The tick asks this before the settings are loaded in full (config/quick.py).
    """
    from storage.idle import database_target
    from storage.idle import nothing_due as idle

    target = database_target(database_url)
    if target is None:
        return False
    if isinstance(target, Path):
        if not target.is_file():
            return False
        try:
            make_sqlite_private(target)  # as opening the database for a full tick does
        except OSError:
            return False  # the full path says why, or goes on read-only as before
    return idle(target, at or datetime.now(UTC), key, timedelta(days=horizon_days))


def settings_key(settings: Settings) -> str:
    """The settings materialise's result depends on, as one string for the idle marker."""
    return settings.scheduler.model_dump_json() + settings.reminders.model_dump_json()


def materialise_fingerprint(settings: Settings) -> str | None:
    """What materialise reads, fingerprinted; None when no idle marker can apply (a database
    the idle check does not read, or one it cannot read now)."""
    from storage.idle import database_target, fingerprint

    target = database_target(settings.database_url)
    if target is None or (isinstance(target, Path) and not target.is_file()):
        return None
    return fingerprint(target, settings_key(settings))


def record_idle_marker(
    settings: Settings, fingerprint: str, through: datetime, at: datetime
) -> bool:
    """Remember that materialise at `at` is complete through `through` for this fingerprint."""
    from storage.idle import database_target, record_marker

    target = database_target(settings.database_url)
    if target is None:
        return False
    return record_marker(target, fingerprint, through, at)


def close_stale(db: Database, now: datetime, catch_up_hours: int) -> int:
    """Mark missed the never-sent check-ins more than `catch_up_hours` late that no claim
    takes (their person is reached on no configured platform); returns how many."""
    from storage.scheduling.stale import close_stale as close

    oldest = now - timedelta(hours=catch_up_hours)
    return db.run_sync(lambda s: close(s, now=now, oldest=oldest))


def due_now(db: Database, now: datetime) -> int:
    """Open check-ins due at `now` (to send or to follow up), of active people not away."""
    from storage.status import due_count

    return db.run_sync(lambda s: due_count(s, now), read_only=True)
